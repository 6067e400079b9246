/**
 * The whole backend through the gateway, on a fresh database seeded with the demo data:
 * cross-subgraph queries (catalog + inventory, sales + catalog + fiscal on mercurius), token
 * handling, identity forwarding, tenant isolation and the database's own guarantees.
 */

import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DEMO_TENANTS } from '@jowi/demo-data';
import { importKey, newId, runtimeRole, SUBGRAPHS, signAccessToken, signIdentity } from '@jowi/server-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, gatewayClient, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
let owner2: Record<string, string>;
const demo = DEMO_TENANTS[0]!;
const demo2 = DEMO_TENANTS[1]!;

const gql = gatewayClient(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await createStackForTests();
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
});
afterAll(async () => stack?.close());

const SALE = `
  query Sale($id: ID!) {
    sale(id: $id) {
      id status total
      lines { product { id name } quantity unitPrice }
      payments { method amount }
      fiscalReceipt { status terminalId receiptSeq fiscalSign qrUrl }
    }
  }`;
const SYNC = `
  mutation Sync($input: SyncSalesInput!) {
    syncSales(input: $input) { results { id status error { code } sale { id total } } errors { code } }
  }`;

function plovSale(id: string, quantity = '2.000') {
  const plov = demo.products[0]!;
  const total = (Number(quantity) * Number(plov.price / 100n)).toString();
  return {
    id,
    createdAt: '2026-11-28T09:30:00Z',
    lines: [{ productId: plov.id, quantity, unitPrice: `${plov.price / 100n}.00` }],
    payments: [{ method: 'CASH', amount: `${total}.00` }],
    total: `${total}.00`,
  };
}

describe('through the gateway', () => {
  it('lists products with stock from inventory (catalog + inventory)', async () => {
    // The seeded demo sale reaches inventory through the event log (asynchronously), so the
    // expected stock is the opening stock in both stores less what the demo sales sold.
    const sold = await stack.db.admin<{ productId: string; milli: string }>(
      `SELECT l.product_id AS "productId", (sum(l.quantity) * 1000)::bigint::text AS milli
         FROM sales.sale_line l WHERE l.tenant_id = $1 GROUP BY l.product_id`,
      [demo.id],
    );
    const soldOf = new Map(sold.map((r) => [r.productId, BigInt(r.milli)]));
    const expected = (id: string, opening: bigint) => {
      const milli = opening * 2n - (soldOf.get(id) ?? 0n);
      return `${milli / 1000n}.${(milli % 1000n).toString().padStart(3, '0')}`;
    };
    const query = '{ products(first: 3) { edges { node { id name price stock } } } }';
    type Page = {
      products: { edges: { node: { id: string; name: string; price: string; stock: string } }[] };
    };
    let nodes: Page['products']['edges'][number]['node'][] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await gql<Page>(query, {}, owner);
      expect(res.errors).toBeUndefined();
      nodes = res.data!.products.edges.map((e) => e.node);
      const settled = nodes.every((node) => {
        const seeded = demo.products.find((p) => p.id === node.id);
        return seeded && node.stock === expected(node.id, seeded.openingStock);
      });
      if (settled || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const seeded = demo.products.find((p) => p.name === node.name)!;
      expect(seeded).toBeDefined();
      expect(node.price).toBe(`${seeded.price / 100n}.00`);
      expect(node.stock).toBe(expected(node.id, seeded.openingStock));
    }
  });

  it('shows a synced sale with catalog product names and its fiscal receipt from the mercurius subgraph', async () => {
    const id = newId();
    const terminalId = demo.stores[0]!.terminals[0]!.id;
    const sync = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: { terminalId, sales: [plovSale(id)] } },
      owner,
    );
    expect(sync.data?.syncSales.results[0]?.status).toBe('CREATED');

    const recorded = await gql<{ recordFiscalReceipt: { errors: unknown[] } }>(
      `mutation($input: RecordFiscalReceiptInput!) { recordFiscalReceipt(input: $input) { errors { code } } }`,
      {
        input: {
          saleId: id,
          terminalId: 'UZ191211501033',
          receiptSeq: 17,
          dateTime: '20261128143000',
          fiscalSign: '123456789012',
        },
      },
      owner,
    );
    expect(recorded.data?.recordFiscalReceipt.errors).toEqual([]);

    const res = await gql<{ sale: Record<string, unknown> }>(SALE, { id }, owner);
    expect(res.errors).toBeUndefined();
    expect(res.data?.sale).toEqual({
      id,
      status: 'COMPLETED',
      total: '90000.00',
      lines: [
        {
          product: { id: demo.products[0]!.id, name: demo.products[0]!.name },
          quantity: '2.000',
          unitPrice: '45000.00',
        },
      ],
      payments: [{ method: 'CASH', amount: '90000.00' }],
      fiscalReceipt: {
        status: 'REGISTERED',
        terminalId: 'UZ191211501033',
        receiptSeq: 17,
        fiscalSign: '123456789012',
        qrUrl: 'https://ofd.soliq.uz/check?t=UZ191211501033&r=17&c=20261128143000&s=123456789012',
      },
    });
  });

  it('stores a re-sent sale once (DUPLICATE) and never overwrites on changed content (CONFLICT)', async () => {
    const id = newId();
    const terminalId = demo.stores[0]!.terminals[0]!.id;
    const first = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: { terminalId, sales: [plovSale(id)] } },
      owner,
    );
    const again = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: { terminalId, sales: [plovSale(id)] } },
      owner,
    );
    const changed = await gql<{
      syncSales: { results: { status: string; error: { code: string } | null }[] };
    }>(SYNC, { input: { terminalId, sales: [plovSale(id, '3.000')] } }, owner);
    expect(first.data?.syncSales.results[0]?.status).toBe('CREATED');
    expect(again.data?.syncSales.results[0]?.status).toBe('DUPLICATE');
    expect(changed.data?.syncSales.results[0]?.status).toBe('CONFLICT');
    const rows = await stack.db.admin<{ n: string; total: string }>(
      'SELECT count(*) AS n, max(total)::text AS total FROM sales.sale WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ n: '1', total: '9000000' });
  });

  it("does not show tenant demo2's product or sale to tenant demo", async () => {
    const foreignProduct = demo2.products[0]!.id;
    const res = await gql<{ product: unknown }>(
      `{ product(id: "${foreignProduct}") { id name } }`,
      {},
      owner,
    );
    expect(res.data?.product).toBeNull();
    const id = newId();
    await gql(
      SYNC,
      {
        input: {
          terminalId: demo2.stores[0]!.terminals[0]!.id,
          sales: [
            {
              ...plovSale(id),
              lines: [{ productId: foreignProduct, quantity: '1.000', unitPrice: '45000.00' }],
              total: '45000.00',
              payments: [{ method: 'CASH', amount: '45000.00' }],
            },
          ],
        },
      },
      owner2,
    );
    const stolen = await gql<{ sale: unknown }>(SALE, { id }, owner);
    expect(stolen.data?.sale).toBeNull();
    const own = await gql<{ sale: { id: string } | null }>(SALE, { id }, owner2);
    expect(own.data?.sale?.id).toBe(id);
  });

  it('ignores identity and tenant headers sent by a client', async () => {
    const forged = await signIdentity(await importKey(stack.keys.gateway.privateJwk), 'gateway-test', {
      kind: 'staff',
      tenantId: demo2.id,
      subject: null,
      roles: ['owner'],
      permissions: ['*'],
    });
    const asDemo = await gql<{ products: { edges: { node: { id: string } }[] } }>(
      '{ products(first: 250) { edges { node { id } } } }',
      {},
      { ...owner, 'x-jowi-identity': forged, 'x-tenant-id': demo2.id },
    );
    const ids = asDemo.data!.products.edges.map((e) => e.node.id);
    expect(ids).toContain(demo.products[0]!.id);
    expect(ids).not.toContain(demo2.products[0]!.id);
    const anonymous = await gql<unknown>(
      '{ products(first: 1) { edges { node { id } } } }',
      {},
      { 'x-jowi-identity': forged },
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 with a stable reason for bad tokens', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({
        sub: 'x',
        tid: demo.id,
        kind: 'staff',
        roles: ['owner'],
        perms: ['*'],
        iss: 'jowi-identity',
        aud: 'jowi',
      }),
    ).toString('base64url')}.`;
    const expired = (
      await signAccessToken(
        await importKey(stack.keys.identity.privateJwk),
        'identity-test',
        { sub: 'x', tid: demo.id, kind: 'staff', roles: [], perms: [] },
        -60,
      )
    ).token;
    const tampered = `${owner.authorization!.slice(7, -4)}AAAA`;
    const cases: [string, string][] = [
      [none, 'TOKEN_BAD_ALGORITHM'],
      [expired, 'TOKEN_EXPIRED'],
      [tampered, 'TOKEN_INVALID'],
      ['garbage', 'TOKEN_INVALID'],
    ];
    for (const [token, reason] of cases) {
      const res = await gql('{ me { id } }', {}, { authorization: `Bearer ${token}` });
      expect(res.status, reason).toBe(401);
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    }
  });

  it('rejects an operation nested deeper than the limit before calling subgraphs', async () => {
    const deep = `{ stores { edges { node { terminals { store { terminals { store { terminals { store { terminals { store { terminals { id } } } } } } } } } } } } }`;
    const res = await gql(deep, {}, owner);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/nested 13 levels deep; the limit is 12/);
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      measure: 'depth',
      limit: 12,
      found: 13,
    });
  });

  it('gzips large responses for clients that accept it, and only for them', async () => {
    const raw = (acceptEncoding: string | null) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        const payload = JSON.stringify({
          query: '{ products(first: 250) { edges { node { id name price sku } } } }',
        });
        const req = http.request(
          stack.gatewayUrl,
          {
            method: 'POST',
            headers: {
              ...owner,
              'content-type': 'application/json',
              ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const zipped = await raw('gzip, deflate');
    const plain = await raw(null);
    expect(zipped.encoding).toBe('gzip');
    expect(plain.encoding).toBeUndefined();
    const unzipped = gunzipSync(zipped.body).toString('utf8');
    // The same answer, byte for byte, but for the rate-limit budget left (it moves between calls).
    const withoutBudget = (text: string) => text.replace(/"remaining":\d+/, '"remaining":0');
    expect(withoutBudget(unzipped)).toBe(withoutBudget(plain.body.toString('utf8')));
    expect(JSON.parse(unzipped).data.products.edges.length).toBe(demo.products.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('reports health of every subgraph and exports metrics', async () => {
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { subgraphs: 'ok' } });
    // Metrics are on the operator port only, never on the public one.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const gateway = stack.services.find((s) => s.name === 'gateway')!;
    const metrics = await (await fetch(gateway.metricsUrl!)).text();
    expect(metrics).toMatch(/jowi_graphql_operations_total\{[^}]*operation="Sale"/);
  });
});

describe('database guarantees', () => {
  /**
   * Tables keyed by tenant that are global by design: the login directory maps an email to its
   * tenant, the pairing directory a one-time pairing code (decisions 2 and 10).
   */
  // …and the API key directory maps a key's public prefix to its tenant (decision on API keys).
  const GLOBAL_BY_DESIGN = [
    'identity.login_directory',
    'identity.pairing_directory',
    'identity.api_key_directory',
  ];
  const asRole = async <T>(service: (typeof SUBGRAPHS)[number], sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: stack.db.roleUrl(service) });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('puts every tenant table under forced row-level security with a policy', async () => {
    const rows = await stack.db.admin<{ table: string; rls: boolean; force: boolean; policies: string }>(
      `
      SELECT n.nspname || '.' || c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
             (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::text AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       WHERE c.relkind = 'r' AND n.nspname = ANY($1)`,
      [[...SUBGRAPHS, 'events', 'audit']],
    );
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows.filter((r) => !GLOBAL_BY_DESIGN.includes(r.table))) {
      expect(row, row.table).toMatchObject({ rls: true, force: true });
      expect(Number(row.policies), row.table).toBeGreaterThan(0);
    }
  });

  it('runs services as roles that are neither superusers, RLS-bypassing, nor table owners', async () => {
    const roles = await stack.db.admin<{
      rolname: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      owns: string;
    }>(
      `
      SELECT r.rolname, r.rolsuper, r.rolbypassrls,
             (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::text AS owns
        FROM pg_roles r WHERE r.rolname = ANY($1)`,
      [[...SUBGRAPHS.map((s) => runtimeRole(s)), runtimeRole('gateway')]],
    );
    expect(roles).toHaveLength(SUBGRAPHS.length + 1);
    for (const role of roles)
      expect(role, role.rolname).toMatchObject({ rolsuper: false, rolbypassrls: false, owns: '0' });
  });

  it("denies each subgraph's role every other subgraph's schema", async () => {
    const tables = await stack.db.admin<{ schema: string; table: string }>(
      `
      SELECT DISTINCT ON (table_schema) table_schema AS schema, table_name AS table
        FROM information_schema.tables WHERE table_schema = ANY($1) AND table_name <> 'migrations' ORDER BY table_schema, table_name`,
      [[...SUBGRAPHS]],
    );
    expect(tables).toHaveLength(SUBGRAPHS.length);
    for (const role of SUBGRAPHS) {
      for (const { schema, table } of tables) {
        if (schema === role) continue;
        await expect(
          asRole(role, `SELECT 1 FROM ${schema}.${table} LIMIT 1`),
          `${role} → ${schema}`,
        ).rejects.toThrow(/permission denied/);
      }
    }
    // The login directory is identity's alone (a login reads it before there is a tenant).
    for (const role of SUBGRAPHS.filter((s) => s !== 'identity')) {
      await expect(asRole(role, 'SELECT 1 FROM identity.login_directory LIMIT 1'), role).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('returns zero rows from tenant tables when no tenant is set', async () => {
    const tables = await stack.db.admin<{ schema: string; table: string }>(
      `
      SELECT table_schema AS schema, table_name AS table FROM information_schema.columns
       WHERE column_name = 'tenant_id' AND table_schema = ANY($1)`,
      [[...SUBGRAPHS]],
    );
    let nonEmpty = 0;
    for (const { schema, table } of tables.filter(
      (t) => !GLOBAL_BY_DESIGN.includes(`${t.schema}.${t.table}`),
    )) {
      const [all] = await stack.db.admin<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}`);
      if (all!.n !== '0') nonEmpty += 1;
      const [seen] = await asRole<{ n: string }>(
        schema as (typeof SUBGRAPHS)[number],
        `SELECT count(*) AS n FROM ${schema}.${table}`,
      );
      expect(seen!.n, `${schema}.${table}`).toBe('0');
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6);
  });
});
