/**
 * Test support: build the admin once (reused while no source is newer than the build), run it
 * with `next start` on a free port, and stop it for real. Next renames its server process to
 * `next-server`, and killing only the launcher can leave that process holding the port, so
 * `stop()` kills every process of the server's tree by PID and waits until they are gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { withBuildLock } from '@jowi/server-kit/testing';

/** The web-admin folder. */
export const ADMIN_DIR = path.resolve(import.meta.dirname, '..');
const WORKSPACE_DIR = path.resolve(ADMIN_DIR, '..');
const NEXT_BIN = createRequire(path.join(ADMIN_DIR, 'package.json')).resolve('next/dist/bin/next');

/** Inputs of the build: if any is newer than `.next/BUILD_ID`, the admin is rebuilt. */
const BUILD_INPUTS = [
  path.join(ADMIN_DIR, 'src'),
  path.join(WORKSPACE_DIR, 'packages/ui/src'),
  // Money, dates and VAT for people (`@jowi/receipt`): a change there must not be served stale.
  path.join(WORKSPACE_DIR, 'packages/receipt/src'),
  // The one server-kit file the admin bundles (`@jowi/server-kit/permissions`).
  path.join(WORKSPACE_DIR, 'packages/server-kit/src/permissions.ts'),
  path.join(ADMIN_DIR, 'next.config.ts'),
  path.join(ADMIN_DIR, 'postcss.config.mjs'),
  path.join(ADMIN_DIR, 'tsconfig.json'),
  path.join(ADMIN_DIR, 'tsconfig.build.json'),
  path.join(ADMIN_DIR, 'package.json'),
];

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ADMIN_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The admin's production build: `.next/BUILD_ID` is its stamp (next writes it last). */
const ADMIN_BUILD = {
  lock: path.join(ADMIN_DIR, '.next-build.lock'),
  stamp: path.join(ADMIN_DIR, '.next/BUILD_ID'),
  inputs: BUILD_INPUTS,
};

/** Runs `next build` unless an up-to-date build exists. Returns the build time in ms (0 when reused). */
export function ensureBuilt(): Promise<number> {
  return withBuildLock(ADMIN_BUILD, async () => {
    const env = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' };
    const { code, output } = await run(process.execPath, [NEXT_BIN, 'build'], env);
    if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output}`);
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** PIDs of `pid`'s descendants, read from /proc (children before the parent is killed). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent PID; the command name (field 2) may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A running `next start`. */
export interface NextServer {
  url: string;
  /** PIDs of the launcher and every process it started (the real `next-server` among them). */
  pids(): number[];
  /** Recent output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built admin on a free port with the given extra environment, and waits until it answers. */
/** The admin's environment for a running backend: its gateway, and identity's keys to verify tokens with. */
export function adminEnvOf(stack: { gatewayUrl: string; services: { name: string; url: string }[] }) {
  const identity = stack.services.find((service) => service.name === 'identity');
  if (!identity) throw new Error('the stack runs no identity service');
  return {
    GATEWAY_URL: stack.gatewayUrl,
    IDENTITY_JWKS_URL: new URL('/.well-known/jwks.json', identity.url).href,
  };
}

export async function startNext(env: Record<string, string>): Promise<NextServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ADMIN_DIR,
      env: { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const launcher = child.pid;
  if (!launcher) throw new Error('next start did not start');

  const server: NextServer = {
    url,
    pids: () => [launcher, ...descendants(launcher)],
    output: () => output,
    async stop() {
      const pids = server.pids().filter(alive);
      for (const pid of pids.reverse()) process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
      while (pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
    },
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/login`, { redirect: 'manual' })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
