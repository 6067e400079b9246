/**
 * syncSales under real concurrency, across processes: two gateway processes in front of two
 * sales-subgraph processes (each a `node --import tsx …/main.ts` child with its own connection
 * pool), one fresh PostgreSQL database. Nothing in memory is shared between the senders, so
 * exactly-once can only come from the database (the primary key and ON CONFLICT).
 *
 * Also: a batch whose response is cut after the server committed (a TCP proxy that drops the
 * connection when the first response byte arrives) is re-sent and comes back all DUPLICATE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateSigningKeys, importKey, newId, signAccessToken } from '@jowi/server-kit';
import { createTestDatabase, type TestDatabase, testRolePassword } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from './index.ts';
import { makeSale, type SaleJson, seedDirectory, TENANT_A, TERMINAL } from './sales.fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code } } } }`;

interface Payload {
  data?: {
    syncSales: {
      errors: { code: string }[];
      results: { id: string; status: string; error: { code: string } | null }[];
    };
  };
  errors?: unknown[];
}

let db: TestDatabase;
const children: ChildProcess[] = [];
let gateways: string[] = [];
let headers: Record<string, string>;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `entry` as a child process on a free port and waits until it answers HTTP. */
async function startChild(name: string, entry: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${stderr}`);
    const up = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    }).then(
      () => true,
      () => false,
    );
    if (up) return url;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start: ${stderr}`);
}

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'sales', migrations }]);
  await seedDirectory(db);
  const identityKeys = await generateSigningKeys('identity-concurrency');
  const gatewayKeys = await generateSigningKeys('gateway-concurrency');
  const subgraphEnv = {
    DATABASE_URL: db.adminUrl,
    DB_POOL_SIZE: '10',
    GATEWAY_PUBLIC_JWK: JSON.stringify(gatewayKeys.publicJwk),
    ...(testRolePassword() ? { DB_ROLE_PASSWORD: testRolePassword()! } : {}),
  };
  const sales = await Promise.all(
    ['sales-1', 'sales-2'].map((name) => startChild(name, 'subgraphs/sales/src/main.ts', subgraphEnv)),
  );
  gateways = await Promise.all(
    sales.map((salesUrl, i) =>
      startChild(`gateway-${i + 1}`, 'gateway/src/main.ts', {
        GATEWAY_PRIVATE_JWK: JSON.stringify(gatewayKeys.privateJwk),
        IDENTITY_PUBLIC_JWKS: JSON.stringify([identityKeys.publicJwk]),
        SUBGRAPH_SALES_URL: salesUrl,
      }),
    ),
  );
  const { token } = await signAccessToken(await importKey(identityKeys.privateJwk), 'identity-concurrency', {
    sub: newId(),
    tid: TENANT_A,
    kind: 'staff',
    roles: ['owner'],
    perms: ['sales:sync', 'sales:read'],
  });
  headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}, 180_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        }),
    ),
  );
  await db?.drop();
});

async function send(url: string, sales: SaleJson[]): Promise<Payload> {
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: SYNC, variables: { input: { terminalId: TERMINAL, sales } } }),
  });
  return (await res.json()) as Payload;
}

async function stored(ids: string[]) {
  const [row] = await db.admin<{ sales: number; lines: number; payments: number; events: number }>(
    `SELECT (SELECT count(*) FROM sales.sale WHERE id = ANY($1::uuid[]))::int AS sales,
            (SELECT count(*) FROM sales.sale_line WHERE sale_id = ANY($1::uuid[]))::int AS lines,
            (SELECT count(*) FROM sales.sale_payment WHERE sale_id = ANY($1::uuid[]))::int AS payments,
            (SELECT count(*) FROM events.event WHERE type = 'sale.created' AND aggregate_id = ANY($1::text[]))::int
              AS events`,
    [ids],
  );
  return row!;
}

const batchOf = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeSale({ createdAt: new Date(Date.UTC(2026, 1, 1, 5, 0, i)).toISOString() }),
  );

describe('syncSales across processes', () => {
  it('20 clients sending the same 50 sales through two gateways and two sales processes create each once', async () => {
    const batch = batchOf(50);
    const ids = batch.map((s) => s.id);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(gateways[i % 2]!, batch)));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.syncSales.results.map((r) => r.id)).toEqual(ids);
    }
    // Per sale: exactly one CREATED among the 20 answers, the other 19 DUPLICATE.
    for (const [i, id] of ids.entries()) {
      const statuses = answers.map((a) => a.data!.syncSales.results[i]!.status);
      expect({ id, created: statuses.filter((s) => s === 'CREATED').length }).toEqual({ id, created: 1 });
      expect(statuses.filter((s) => s === 'DUPLICATE')).toHaveLength(19);
    }
    expect(await stored(ids)).toEqual({ sales: 50, lines: 100, payments: 50, events: 50 });
  });

  it('a batch whose response is cut after commit is re-sent: all DUPLICATE, nothing doubled', async () => {
    const target = new URL(gateways[0]!);
    let cut = 0;
    // Forwards the request; drops the client connection as soon as the answer starts to come back.
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      client.pipe(upstream);
      upstream.once('data', () => {
        cut++;
        client.destroy();
        upstream.destroy();
      });
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const viaProxy = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/graphql`;
    try {
      const batch = batchOf(50);
      const ids = batch.map((s) => s.id);
      await expect(send(viaProxy, batch)).rejects.toThrow();
      expect(cut).toBe(1);
      // The server answered only after committing, so everything is stored once already.
      expect(await stored(ids)).toEqual({ sales: 50, lines: 100, payments: 50, events: 50 });
      const again = await send(gateways[1]!, batch);
      expect(again.data!.syncSales.results.map((r) => r.status)).toEqual(Array(50).fill('DUPLICATE'));
      expect(await stored(ids)).toEqual({ sales: 50, lines: 100, payments: 50, events: 50 });
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
