/**
 * The audit API of the identity subgraph: `auditLog` (keyset pages, filters, owners only) and
 * `verifyAuditChain` (first broken link after a superuser edit; deleted tail against an anchor).
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import {
  ANONYMOUS,
  appendAudit,
  type Identity,
  inTenant,
  newId,
  type RunningService,
} from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  staffIdentity,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, ROLE_PERMISSIONS, startIdentity } from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const ownerOf = (tenantId: string) => staffIdentity(tenantId, [...ROLE_PERMISSIONS.owner], ['owner']);
const ALICE = '0190a000-0000-7000-8000-00000000a11c';
const BOB = '0190a000-0000-7000-8000-000000000b0b';

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;
let ds: DataSource;
/** createdAt of each DEMO entry, by seq (1-based). */
const demoTimes: string[] = [];

async function append(tenantId: string, action: string, actor: string | null, entityId: string | null) {
  await inTenant(ds, tenantId, (m) =>
    appendAudit(m, {
      tenantId,
      actor,
      action,
      entityType: 'product',
      entityId,
      data: { price: { from: 100n, to: 250n }, note: "'); DROP TABLE audit.entry; --\r\n" },
      source: 'test',
    }),
  );
}

type Gql<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
async function gql<T>(
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
): Promise<Gql<T>> {
  return (await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity))).body;
}

interface Node {
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: string | null;
  source: string;
  data: string;
  createdAt: string;
  prevHash: string;
  hash: string;
}
type Page = {
  auditLog: {
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const LOG = `query($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    edges { cursor node { seq action entityType entityId actor source data createdAt prevHash hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
interface Verdict {
  ok: boolean;
  entries: number;
  brokenAtSeq: number | null;
  headSeq: number;
  headHash: string;
  problem: string | null;
}
const VERIFY = `query($seq: Int, $hash: String) {
  verifyAuditChain(expectedHeadSeq: $seq, expectedHeadHash: $hash) { ok entries brokenAtSeq headSeq headHash problem }
}`;
async function verify(tenantId: string, anchor?: { seq: number; hash: string }): Promise<Verdict> {
  const res = await gql<{ verifyAuditChain: Verdict }>(VERIFY, anchor ?? {}, ownerOf(tenantId));
  expect(res.errors).toBeUndefined();
  return res.data!.verifyAuditChain;
}

/** Runs `sql` as the superuser with ordinary triggers off: the privileged insider the chain must expose. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  ds = await db.dataSource('identity', entities);
  await applyDemoData(ds, DEMO_TENANTS);
  // Seven DEMO entries a few milliseconds apart (so `from`/`to` can split them), one DEMO2 entry.
  const plan: [string, string | null, string | null][] = [
    ['product.create', ALICE, 'p1'],
    ['product.price_changed', ALICE, 'p1'],
    ['product.create', BOB, 'p2'],
    ['product.price_changed', BOB, 'p2'],
    ['session.refresh_token_reused', null, null],
    ['product.price_changed', ALICE, 'p1'],
    ['product.create', ALICE, 'p3'],
  ];
  for (const [action, actor, entityId] of plan) {
    await append(DEMO.id, action, actor, entityId);
    await new Promise((r) => setTimeout(r, 5));
  }
  await append(DEMO2.id, 'product.create', ALICE, 'p1');
  const rows = await db.admin<{ created_at: Date }>(
    'SELECT created_at FROM audit.entry WHERE tenant_id = $1 ORDER BY seq',
    [DEMO.id],
  );
  demoTimes.push(...rows.map((r) => r.created_at.toISOString()));
  service = await startIdentity(
    testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: keys.identity.privateJwk as Record<string, unknown> }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

describe('auditLog', () => {
  it("pages through the tenant's entries newest first with keyset cursors", async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: Gql<Page> = await gql<Page>(LOG, { first: 3, after }, ownerOf(DEMO.id));
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo } = res.data!.auditLog;
      seen.push(...edges.map((e) => e.node.seq));
      pages += 1;
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);

    const first = (await gql<Page>(LOG, { first: 1 }, ownerOf(DEMO.id))).data!.auditLog.edges[0]!.node;
    expect(first).toMatchObject({
      seq: 7,
      action: 'product.create',
      entityType: 'product',
      entityId: 'p3',
      actor: ALICE,
      source: 'test',
      createdAt: demoTimes[6],
    });
    // The payload comes back as the canonical JSON that was hashed, stored literally.
    expect(first.data).toBe(
      '{"note":"\'); DROP TABLE audit.entry; --\\r\\n","price":{"from":"100","to":"250"}}',
    );
    expect(JSON.parse(first.data)).toEqual({
      note: "'); DROP TABLE audit.entry; --\r\n",
      price: { from: '100', to: '250' },
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const second = (await gql<Page>(LOG, { first: 2 }, ownerOf(DEMO.id))).data!.auditLog.edges[1]!.node;
    expect(first.prevHash).toBe(second.hash);
  });

  it('filters by action, entity, actor and time, and never shows another tenant', async () => {
    const seqs = async (filter: Record<string, unknown>, tenantId = DEMO.id) => {
      const res = await gql<Page>(LOG, { first: 50, filter }, ownerOf(tenantId));
      expect(res.errors).toBeUndefined();
      return res.data!.auditLog.edges.map((e) => e.node.seq);
    };
    expect(await seqs({ action: 'product.price_changed' })).toEqual([6, 4, 2]);
    expect(await seqs({ entityType: 'product', entityId: 'p1' })).toEqual([6, 2, 1]);
    expect(await seqs({ actor: BOB })).toEqual([4, 3]);
    expect(await seqs({ actor: ALICE, action: 'product.create' })).toEqual([7, 1]);
    expect(await seqs({ from: demoTimes[4] })).toEqual([7, 6, 5]);
    expect(await seqs({ to: demoTimes[2] })).toEqual([2, 1]);
    expect(await seqs({ from: demoTimes[1], to: demoTimes[3] })).toEqual([3, 2]);
    expect(await seqs({ action: 'no.such.action' })).toEqual([]);
    // Filters combine with paging.
    const page = await gql<Page>(LOG, { first: 1, filter: { actor: ALICE } }, ownerOf(DEMO.id));
    const next = await gql<Page>(
      LOG,
      { first: 2, after: page.data!.auditLog.pageInfo.endCursor, filter: { actor: ALICE } },
      ownerOf(DEMO.id),
    );
    expect(next.data!.auditLog.edges.map((e) => e.node.seq)).toEqual([6, 2]);
    // DEMO2 has one entry of its own; DEMO's entries are not visible to it.
    expect(await seqs({}, DEMO2.id)).toEqual([1]);
    expect(await seqs({ actor: BOB }, DEMO2.id)).toEqual([]);
  });

  it('rejects bad cursors and page sizes as user input', async () => {
    const bad = await gql<Page>(LOG, { first: 2, after: 'not-a-cursor' }, ownerOf(DEMO.id));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['1 OR 1=1'])).toString('base64url');
    const injected = await gql<Page>(LOG, { after: forged }, ownerOf(DEMO.id));
    expect(injected.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await gql<Page>(LOG, { first: 100000 }, ownerOf(DEMO.id));
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is for owners only: other roles get FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
    for (const role of ['manager', 'accountant', 'cashier'] as const) {
      const identity = staffIdentity(DEMO.id, [...ROLE_PERMISSIONS[role]], [role]);
      const log = await gql<Page>(LOG, {}, identity);
      expect(log.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect(log.data ?? null, role).toBeNull();
      const chain = await gql(VERIFY, {}, identity);
      expect(chain.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const anonymous = await gql<Page>(LOG, {}, ANONYMOUS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('verifyAuditChain', () => {
  it('passes an untouched chain and returns its head as an anchor', async () => {
    const top = (await gql<Page>(LOG, { first: 1 }, ownerOf(DEMO.id))).data!.auditLog.edges[0]!.node;
    expect(await verify(DEMO.id)).toEqual({
      ok: true,
      entries: 7,
      brokenAtSeq: null,
      headSeq: 7,
      headHash: top.hash,
      problem: null,
    });
    expect(await verify(DEMO.id, { seq: 7, hash: top.hash })).toMatchObject({ ok: true, problem: null });
  });

  it("names the altered entry's seq after a superuser edit under session_replication_role = replica", async () => {
    const tenant = newId();
    for (let i = 0; i < 5; i += 1) await append(tenant, 'product.price_changed', ALICE, 'p1');
    expect(await verify(tenant)).toMatchObject({ ok: true, entries: 5 });
    // The trigger stops an ordinary superuser edit …
    await expect(
      db.admin("UPDATE audit.entry SET data = '{}' WHERE tenant_id = $1 AND seq = 3", [tenant]),
    ).rejects.toThrow(/append-only/);
    // … but not one with replication-role triggers off; the chain still gives it away.
    await tamper(
      `UPDATE audit.entry SET data = jsonb_set(data, '{price,to}', '"1"') WHERE tenant_id = $1 AND seq = 3`,
      [tenant],
    );
    const verdict = await verify(tenant);
    expect(verdict).toMatchObject({
      ok: false,
      entries: 5,
      brokenAtSeq: 3,
      headSeq: 2,
      problem: 'BROKEN_LINK',
    });
    // Other tenants' chains are unaffected.
    expect(await verify(DEMO.id)).toMatchObject({ ok: true, entries: 7 });
  });

  it('detects a deleted or rewritten tail against an anchor kept outside the database', async () => {
    const tenant = newId();
    for (let i = 0; i < 5; i += 1) await append(tenant, 'sale.refund', BOB, `s${i}`);
    const head = await verify(tenant);
    expect(head).toMatchObject({ ok: true, headSeq: 5 });
    const anchor = { seq: head.headSeq, hash: head.headHash };

    await tamper('DELETE FROM audit.entry WHERE tenant_id = $1 AND seq > 3', [tenant]);
    // The remaining chain is internally consistent: without the anchor nothing looks wrong.
    expect(await verify(tenant)).toMatchObject({ ok: true, entries: 3, headSeq: 3 });
    expect(await verify(tenant, anchor)).toEqual({
      ok: false,
      entries: 3,
      brokenAtSeq: 4,
      headSeq: 3,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      problem: 'TAIL_MISSING',
    });

    // Refilling the tail with new entries does not fool the anchor either.
    for (let i = 0; i < 3; i += 1) await append(tenant, 'sale.refund', BOB, `forged${i}`);
    expect(await verify(tenant)).toMatchObject({ ok: true, entries: 6 });
    expect(await verify(tenant, anchor)).toMatchObject({
      ok: false,
      brokenAtSeq: 5,
      problem: 'TAIL_MISSING',
    });

    // An anchor on a part that is still intact passes (the chain may grow past it).
    const log = (await gql<Page>(LOG, { first: 50 }, ownerOf(tenant))).data!.auditLog.edges;
    const third = log.find((e) => e.node.seq === 3)!.node;
    expect(await verify(tenant, { seq: 3, hash: third.hash })).toMatchObject({ ok: true, problem: null });
  });

  it('needs both halves of an anchor, well formed', async () => {
    const cases: Record<string, unknown>[] = [
      { seq: 3 },
      { hash: '0'.repeat(64) },
      { seq: -1, hash: '0'.repeat(64) },
      { seq: 1, hash: 'xyz' },
    ];
    for (const variables of cases) {
      const res = await gql(VERIFY, variables, ownerOf(DEMO.id));
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});
