/**
 * The benchmark's database and data: a fresh database (on DATABASE_URL's server, or an embedded
 * PostgreSQL pinned to the "everything else" core), every migration, the demo tenants, then
 * bulk products and sales for the demo tenant with progress output.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateSigningKeys, migrate } from '@jowi/server-kit';
import { ALL_MIGRATIONS, type StackKeys, seedDemo } from '@jowi/system';
import { type EmbeddedServer, startEmbeddedPostgres } from '@jowi/system/infra';
import pg from 'pg';

export interface BenchDatabase {
  adminUrl: string;
  rolePassword: string | undefined;
  keys: StackKeys;
  /** How PostgreSQL runs, for the printed header. */
  description: string;
  close(): Promise<void>;
}

const EMBEDDED_DIR = '.data/bench-pg';

/**
 * A fresh name for a bench database: `BENCH_DB_PREFIX` (lower-case letters, digits and `_`; empty
 * by default), `jowi_bench_`, this process's id and 6 random hex digits. The process id alone
 * collided when benches of several worktrees (or machines, or containers) shared one PostgreSQL
 * server; the random part makes every run's name its own, the prefix tells whose it is.
 */
export function benchDatabaseName(prefix = process.env.BENCH_DB_PREFIX ?? ''): string {
  if (!/^[a-z0-9_]{0,20}$/.test(prefix)) {
    throw new Error(`BENCH_DB_PREFIX must be at most 20 of a-z, 0-9 and _ (got ${JSON.stringify(prefix)})`);
  }
  return `${prefix}jowi_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Creates, migrates and seeds a fresh benchmark database. */
export async function createBenchDatabase(pgCpus: string, say: (m: string) => void): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let rolePassword = process.env.DB_ROLE_PASSWORD || undefined;
  let embedded: EmbeddedServer | null = null;
  let description: string;
  if (serverUrl) {
    description = 'PostgreSQL at DATABASE_URL (not pinned: not ours to pin)';
  } else {
    say('no DATABASE_URL: starting an embedded PostgreSQL under .data/bench-pg');
    embedded = await startEmbeddedPostgres(EMBEDDED_DIR, 5435, false);
    serverUrl = embedded.adminUrl;
    rolePassword = 'jowi-bench-only';
    description = `embedded PostgreSQL, pinned to CPU ${pgCpus}`;
    try {
      const pid = readFileSync(`${EMBEDDED_DIR}/pg/postmaster.pid`, 'utf8').split('\n')[0]!.trim();
      // Backends fork from the postmaster and inherit its affinity.
      execFileSync('taskset', ['-a', '-p', '-c', pgCpus, pid], { stdio: 'ignore' });
    } catch {
      description = 'embedded PostgreSQL (could not pin it)';
    }
  }
  const name = benchDatabaseName();
  const root = new pg.Client({ connectionString: serverUrl });
  await root.connect();
  await root.query(`CREATE DATABASE ${name}`);
  await root.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const adminUrl = url.toString();
  await migrate({ adminUrl, subgraphs: ALL_MIGRATIONS, rolePassword });
  say('migrated');
  await seedDemo(adminUrl, rolePassword, () => undefined);
  say('demo tenants seeded');
  const keys = {
    identity: await generateSigningKeys('identity-bench'),
    gateway: await generateSigningKeys('gateway-bench'),
  };
  return {
    adminUrl,
    rolePassword,
    keys,
    description,
    async close() {
      // BENCH_KEEP_DB=1 keeps the database for probes (bench/admin-probe.ts); drop it by hand.
      if (process.env.BENCH_KEEP_DB) {
        console.log(`[bench] kept the database: ${adminUrl.replace(/\/\/[^@]*@/, '//…@')}`);
        await embedded?.stop();
        return;
      }
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
    },
  };
}

/** Runs `work` with an admin client of the bench database. */
export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
