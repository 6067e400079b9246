/**
 * The read side past listing: one sale by id and through federation `_entities`, keyset pages,
 * `Customer.sales`, and the demo sale — over HTTP against a fresh PostgreSQL database as the
 * `jowi_sales` runtime role, with sales written by admin SQL (sales-read.fixtures.ts).
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyDemoData, entities } from './index.ts';
import {
  NON,
  PLOV,
  SALE_FIELDS,
  type SaleOut,
  type SalesHarness,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
} from './sales.fixtures.ts';
import { insertSales, salesLister } from './sales-read.fixtures.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

const { list, listAll } = salesLister(() => h);

describe('reading one sale', () => {
  it('reads a sale by id and through _entities, never another tenant’s', async () => {
    const [id] = await insertSales(h.db, [
      {
        at: '2026-02-01T10:00:00Z',
        total: 9450000n,
        lines: [
          { productId: PLOV, quantity: '2.000', unitPrice: 4500000n, total: 9000000n },
          { productId: NON, unitPrice: 500000n, discount: 50000n, total: 450000n, vatRate: 0 },
        ],
      },
    ]);
    const query = `{ sale(id: "${id}") { ${SALE_FIELDS} } }`;
    const own = await postGraphQL<{ sale: SaleOut | null }>(
      h.service.url,
      query,
      {},
      await h.headersFor(TENANT_A),
    );
    expect(own.body.data?.sale).toMatchObject({ id, terminalId: TERMINAL, total: '94500.00' });
    const other = await postGraphQL<{ sale: SaleOut | null }>(
      h.service.url,
      query,
      {},
      await h.headersFor(TENANT_B),
    );
    expect(other.body).toEqual({ data: { sale: null } });
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { id total lines { product { id } } } } }`;
    const ref = { r: [{ __typename: 'Sale', id }] };
    const viaA = await postGraphQL<{ _entities: unknown[] }>(
      h.service.url,
      entities,
      ref,
      await h.headersFor(TENANT_A),
    );
    expect(viaA.body.data?._entities).toEqual([
      { id, total: '94500.00', lines: [{ product: { id: PLOV } }, { product: { id: NON } }] },
    ]);
    const viaB = await postGraphQL<{ _entities: unknown[] }>(
      h.service.url,
      entities,
      ref,
      await h.headersFor(TENANT_B),
    );
    expect(viaB.body.data?._entities).toEqual([null]);
  });
});

describe('paging sales', () => {
  const terminal = newId();
  const expected: string[] = [];

  beforeAll(async () => {
    // 23 sales, several sharing one microsecond and others 1 µs apart, plus one on the day before.
    const times = [
      ...Array.from({ length: 4 }, () => '2026-04-01T12:00:00.000005Z'),
      '2026-04-01T12:00:00.000004Z',
      '2026-04-01T12:00:00.000006Z',
      ...Array.from(
        { length: 16 },
        (_, i) => `2026-04-01T0${(i % 9) + 1}:${String(i * 3).padStart(2, '0')}:00.5Z`,
      ),
    ];
    const made = await insertSales(
      h.db,
      times.map((at) => ({ at, total: 1000n, terminalId: terminal })),
    );
    await insertSales(h.db, [{ at: '2026-03-31T18:00:00Z', total: 1000n, terminalId: terminal }]);
    const withTime = made.map((id, i) => ({
      id,
      at: new Date(times[i]!).getTime(),
      micros: times[i]!.slice(-3),
    }));
    withTime.sort((x, y) => y.at - x.at || y.micros.localeCompare(x.micros) || y.id.localeCompare(x.id));
    expected.push(...withTime.map((s) => s.id));
  });

  it('pages newest first with keyset cursors, without skipping or repeating (µs ties included)', async () => {
    for (const first of [1, 4, 7]) {
      const seen = await listAll({ terminalId: terminal, dateFrom: '2026-04-01' }, first);
      expect(seen).toEqual(expected);
    }
  });

  it('is not disturbed by sales stored between pages', async () => {
    const seen = await listAll({ terminalId: terminal, dateFrom: '2026-04-01' }, 5, async () => {
      // A newer sale and one in the middle of the range arrive while the client pages.
      await insertSales(h.db, [
        { at: '2026-04-02T00:00:00Z', total: 1000n, terminalId: terminal },
        { at: '2026-03-01T00:00:00Z', total: 1000n, terminalId: terminal },
      ]);
    });
    expect(seen).toEqual(expected);
  });

  it('rejects a forged cursor', async () => {
    const forged = Buffer.from(JSON.stringify(['12.5', 'not-a-uuid'])).toString('base64url');
    const res = await list({ terminalId: terminal }, 5, forged);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('Customer.sales through federation', () => {
  const customer = newId();
  const made: string[] = [];
  const ENTITIES = `query($r: [_Any!]!, $after: String) { _entities(representations: $r) {
    ... on Customer { id sales(first: 2, after: $after) { edges { node { id customerId } } pageInfo { hasNextPage endCursor } } } } }`;
  type Out = {
    _entities: {
      id: string;
      sales: {
        edges: { node: { id: string; customerId: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }[];
  };

  beforeAll(async () => {
    made.push(
      ...(await insertSales(h.db, [
        { at: '2026-05-01T10:00:00Z', total: 100n, customerId: customer },
        { at: '2026-05-02T10:00:00Z', total: 200n, customerId: customer },
        { at: '2026-05-03T10:00:00Z', total: 300n, customerId: customer },
        { at: '2026-05-04T10:00:00Z', total: 400n, customerId: newId() },
      ])),
    );
  });

  it('pages the customer’s sales newest first', async () => {
    const r = [{ __typename: 'Customer', id: customer }];
    const first = await postGraphQL<Out>(h.service.url, ENTITIES, { r }, await h.headersFor());
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data!._entities[0]!;
    expect(page1.id).toBe(customer);
    expect(page1.sales.edges.map((e) => e.node.id)).toEqual([made[2], made[1]]);
    expect(page1.sales.pageInfo.hasNextPage).toBe(true);
    const second = await postGraphQL<Out>(
      h.service.url,
      ENTITIES,
      { r, after: page1.sales.pageInfo.endCursor },
      await h.headersFor(),
    );
    const page2 = second.body.data!._entities[0]!;
    expect(page2.sales.edges.map((e) => e.node)).toEqual([{ id: made[0], customerId: customer }]);
    expect(page2.sales.pageInfo.hasNextPage).toBe(false);
    const otherTenant = await postGraphQL<Out>(h.service.url, ENTITIES, { r }, await h.headersFor(TENANT_B));
    expect(otherTenant.body.data!._entities[0]!.sales.edges).toEqual([]);
  });

  it('lists the sales of customers merged into this one (customer.merged, chains flattened)', async () => {
    const keep = newId();
    const top = newId();
    const [own] = await insertSales(h.db, [{ at: '2026-05-05T10:00:00Z', total: 500n, customerId: keep }]);
    const merged = async (keepId: string, mergeId: string) => {
      await h.db.admin(
        `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source)
         VALUES ($1, 'customer.merged', $2, $3, 'customers')`,
        [TENANT_A, keepId, JSON.stringify({ keepId, mergeId, movedEntries: 0, points: '0', spend: '0' })],
      );
    };
    const salesOf = async (id: string) => {
      const res = await postGraphQL<Out>(
        h.service.url,
        ENTITIES,
        { r: [{ __typename: 'Customer', id }] },
        await h.headersFor(),
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!._entities[0]!.sales.edges.map((e) => e.node.id);
    };
    const aliases = async (keptId: string) =>
      (
        await h.db.admin<{ n: number }>(
          'SELECT count(*)::int AS n FROM sales.customer_alias WHERE kept_id = $1',
          [keptId],
        )
      )[0]!.n;
    // `customer` (three sales) is merged into `keep`; then `keep` into `top`.
    await merged(keep, customer);
    await vi.waitFor(async () => expect(await aliases(keep)).toBe(1), { timeout: 60_000, interval: 100 });
    expect(await salesOf(keep)).toEqual([own, made[2]]);
    await merged(top, keep);
    await vi.waitFor(async () => expect(await aliases(top)).toBe(2), { timeout: 60_000, interval: 100 });
    expect(await salesOf(top)).toEqual([own, made[2]]);
    expect(await aliases(keep)).toBe(0);
    // The receipts themselves still name the customer they were sold to.
    expect(await salesOf(customer)).toEqual([made[2], made[1]]);
  });

  it('needs sales:read', async () => {
    const res = await postGraphQL<Out>(
      h.service.url,
      ENTITIES,
      { r: [{ __typename: 'Customer', id: customer }] },
      await h.headersFor(TENANT_A, ['customers:read']),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('demo data', () => {
  it('seeds one valid demo sale per tenant through syncSales, idempotently', async () => {
    const dataSource = await h.db.dataSource('sales', entities);
    await applyDemoData(dataSource, DEMO_TENANTS);
    await applyDemoData(dataSource, DEMO_TENANTS);
    const rows = await h.db.admin<{ tenant_id: string; total: string; lines: number; events: number }>(
      `SELECT s.tenant_id, s.total::text,
              (SELECT count(*) FROM sales.sale_line l WHERE l.tenant_id = s.tenant_id AND l.sale_id = s.id)::int AS lines,
              (SELECT count(*) FROM events.event e
                WHERE e.tenant_id = s.tenant_id AND e.aggregate_id = s.id::text)::int AS events
         FROM sales.sale s WHERE s.tenant_id = ANY($1::uuid[]) ORDER BY s.tenant_id`,
      [DEMO_TENANTS.map((t) => t.id)],
    );
    expect(rows).toHaveLength(DEMO_TENANTS.length);
    for (const row of rows) expect(row).toMatchObject({ lines: 3, events: 1 });
  });
});
