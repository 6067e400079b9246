/**
 * The cross-tenant matrix through the API (issue 3): tenant demo's token at the gateway, and
 * tenant demo's gateway-signed identity at each subgraph's `_entities`, asking for tenant demo2's
 * rows by their real ids — each answer must be exactly what an id that exists nowhere gets. And
 * the audit log shows an owner only their own tenant's entries and chain.
 */
import { IDENTITY_HEADER, type Identity, importKey, newId, signIdentity } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, createRlsFixture, demo, demo2, type RlsFixture, SYNC, saleInput } from './rls-fixtures.ts';
import { type GqlResult, loginHeaders } from './testing.ts';

let fixture: RlsFixture;
let owner: Record<string, string>;
let owner2: Record<string, string>;
const foreign = { saleId: '', otherSaleId: '', customerId: '' };
beforeAll(async () => {
  fixture = await createRlsFixture({ everyTable: false });
  ({ owner, owner2 } = fixture);
  Object.assign(foreign, fixture.foreign);
}, 240_000);
afterAll(async () => fixture?.close());

const gql = <T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
  fixture.gql<T>(query, variables, headers);

/** A direct call to a subgraph (not through the gateway), as the gateway would make it. */
async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) } as {
    status: number;
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

describe("gateway: tenant demo's token with tenant demo2's ids", () => {
  const cases: [string, string, () => Record<string, unknown>][] = [
    [
      'product',
      'query($id: ID!) { product(id: $id) { id name price } }',
      () => ({ id: demo2.products[0]!.id }),
    ],
    [
      'sale',
      'query($id: ID!) { sale(id: $id) { id total fiscalReceipt { fiscalSign } } }',
      () => ({ id: foreign.saleId }),
    ],
    [
      'customer',
      'query($id: ID!) { customer(id: $id) { id phone name } }',
      () => ({ id: foreign.customerId }),
    ],
    [
      'fiscalReceipt',
      'query($id: ID!) { fiscalReceipt(saleId: $id) { id saleId fiscalSign } }',
      () => ({ id: foreign.saleId }),
    ],
  ];

  for (const [field, query, variables] of cases) {
    it(`${field}: null, exactly like an id that exists nowhere`, async () => {
      // The remaining rate-limit budget moves between the two calls; everything else must match.
      const withoutBudget = ({ extensions, ...rest }: GqlResult<unknown>) => {
        const { rateLimit: _moves, ...stable } = extensions ?? {};
        return { ...rest, extensions: stable };
      };
      const stolen = withoutBudget(await gql(query, variables(), owner));
      const missing = withoutBudget(await gql(query, { id: newId() }, owner));
      expect(stolen).toMatchObject({ status: 200, data: { [field]: null } });
      expect(stolen).not.toHaveProperty('errors');
      expect(stolen).toEqual(missing);
      // The owner of the data does see it (the ids are real).
      const own = await gql<Record<string, unknown>>(query, variables(), owner2);
      expect(own.data?.[field], field).not.toBeNull();
    });
  }

  it("a sale of demo's own that reuses demo2's sale id gets no fiscal receipt from demo2 (Sale.fiscalReceipt via _entities)", async () => {
    const sync = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: saleInput(demo, foreign.saleId) },
      owner,
    );
    // No existence signal either: the id is free in tenant demo, so this is simply a new sale.
    expect(sync.data?.syncSales.results[0]?.status).toBe('CREATED');
    const res = await gql<{ sale: { id: string; fiscalReceipt: unknown } }>(
      'query($id: ID!) { sale(id: $id) { id fiscalReceipt { fiscalSign } } }',
      { id: foreign.saleId },
      owner,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.sale).toEqual({ id: foreign.saleId, fiscalReceipt: null });
    const theirs = await gql<{ sale: { fiscalReceipt: { fiscalSign: string } | null } }>(
      'query($id: ID!) { sale(id: $id) { fiscalReceipt { fiscalSign } } }',
      { id: foreign.saleId },
      owner2,
    );
    expect(theirs.data?.sale.fiscalReceipt?.fiscalSign).toBe('123456789011');
  });
});

describe('gateway: the audit log', () => {
  it("shows an owner only their tenant's entries and chain; a manager gets FORBIDDEN", async () => {
    const [expected] = await fixture.stack.db.admin<{ n: string }>(
      'SELECT count(*) AS n FROM audit.entry WHERE tenant_id = $1',
      [A],
    );
    const res = await gql<{
      auditLog: { edges: { node: { seq: number; hash: string } }[] };
      verifyAuditChain: { ok: boolean; entries: number; headSeq: number; headHash: string };
    }>(
      '{ auditLog(first: 250) { edges { node { seq hash } } } verifyAuditChain { ok entries headSeq headHash } }',
      {},
      owner,
    );
    expect(res.errors).toBeUndefined();
    const edges = res.data!.auditLog.edges;
    expect(Number(expected!.n)).toBeGreaterThan(0);
    expect(edges).toHaveLength(Number(expected!.n));
    expect(res.data!.verifyAuditChain).toEqual({
      ok: true,
      entries: edges.length,
      headSeq: edges[0]!.node.seq,
      headHash: edges[0]!.node.hash,
    });
    const hashes = await fixture.stack.db.admin<{ hash: string }>(
      'SELECT hash FROM audit.entry WHERE tenant_id = $1',
      [B],
    );
    const theirs = new Set(hashes.map((h) => h.hash));
    expect(edges.filter((e) => theirs.has(e.node.hash))).toEqual([]);

    const manager = await loginHeaders(fixture.stack.gatewayUrl, 'manager@demo.uz');
    const denied = await gql('{ auditLog { edges { node { seq } } } }', {}, manager);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe("subgraphs' _entities: tenant demo's identity with tenant demo2's keys", () => {
  let demoIdentity: Record<string, string>;
  beforeAll(async () => {
    const identity: Identity = {
      kind: 'staff',
      tenantId: A,
      subject: demo.staff[0]!.id,
      roles: ['owner'],
      permissions: ['*'],
    };
    const token = await signIdentity(
      await importKey(fixture.stack.keys.gateway.privateJwk),
      'gateway-test',
      identity,
    );
    demoIdentity = { [IDENTITY_HEADER]: token };
  });
  const url = (name: string) => fixture.stack.services.find((s) => s.name === name)!.url;

  it('resolves every foreign representation to null', async () => {
    const fiscalDevice = await fixture.stack.db.admin<{ id: string }>(
      'SELECT id FROM fiscal.device WHERE tenant_id = $1 LIMIT 1',
      [B],
    );
    const receipt = await fixture.stack.db.admin<{ id: string }>(
      'SELECT id FROM fiscal.receipt WHERE tenant_id = $1 LIMIT 1',
      [B],
    );
    const cases: [string, string, string, string][] = [
      ['catalog', 'Product', demo2.products[0]!.id, 'id name'],
      ['catalog', 'Category', demo2.categories[0]!.id, 'id name'],
      ['inventory', 'Product', demo2.products[0]!.id, 'id stock'],
      ['sales', 'Sale', foreign.otherSaleId, 'id total'],
      ['customers', 'Customer', foreign.customerId, 'id phone'],
      ['identity', 'Tenant', B, 'id slug'],
      ['identity', 'Store', demo2.stores[0]!.id, 'id name'],
      ['identity', 'Terminal', demo2.stores[0]!.terminals[0]!.id, 'id name'],
      ['identity', 'Staff', demo2.staff[0]!.id, 'id name'],
      ['fiscal', 'FiscalReceipt', receipt[0]!.id, 'id fiscalSign'],
      ...(fiscalDevice[0]
        ? [
            ['fiscal', 'FiscalDevice', fiscalDevice[0].id, 'id terminalId'] as [
              string,
              string,
              string,
              string,
            ],
          ]
        : []),
    ];
    for (const [service, typename, id, fields] of cases) {
      const res = await post<{ _entities: unknown[] }>(
        url(service),
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${fields} } } }`,
        { r: [{ __typename: typename, id }] },
        demoIdentity,
      );
      expect(res.errors, `${service} ${typename}`).toBeUndefined();
      // Exactly what an id that exists nowhere gets (inventory extends any Product with stock,
      // which for a product it has no rows of is 0; every other subgraph answers null).
      const random = newId();
      const missing = await post<{ _entities: unknown[] }>(
        url(service),
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${fields} } } }`,
        { r: [{ __typename: typename, id: random }] },
        demoIdentity,
      );
      expect(JSON.stringify(res).replaceAll(id, random), `${service} ${typename}`).toBe(
        JSON.stringify(missing),
      );
      if (!(service === 'inventory' && typename === 'Product')) {
        expect(res.data?._entities, `${service} ${typename}`).toEqual([null]);
      }
    }
    // Sale.fiscalReceipt on the fiscal subgraph: demo2's sale (whose receipt exists) as seen by demo.
    const res = await post<{ _entities: { fiscalReceipt: unknown }[] }>(
      url('fiscal'),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { fiscalReceipt { fiscalSign } } } }',
      { r: [{ __typename: 'Sale', id: foreign.saleId }] },
      demoIdentity,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ fiscalReceipt: null }]);
  });
});
