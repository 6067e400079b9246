/**
 * Money exactness and the read side (by id, federation `_entities`, keyset pages), over HTTP
 * against a fresh PostgreSQL database as the `jowi_sales` runtime role.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities } from './index.ts';
import {
  makeSale,
  NON,
  PLOV,
  SALE_FIELDS,
  type SaleJson,
  type SaleOut,
  type SalesHarness,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
} from './sales.fixtures.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('syncSales: money is exact', () => {
  it('adds 0.10 + 0.20 to exactly 0.30 and stores integer tiyin', async () => {
    const sale = makeSale({
      lines: [
        { productId: PLOV, quantity: '1', unitPrice: '0.1' },
        { productId: NON, quantity: '1', unitPrice: '0.20' },
      ],
      payments: [
        { method: 'CASH', amount: '0.1' },
        { method: 'CARD', amount: '0.2' },
      ],
      total: '0.3',
    });
    const { results } = await h.sync([sale]);
    expect(results[0]).toMatchObject({ status: 'CREATED', sale: { total: '0.30' } });
    const [row] = await h.db.admin<{ total: string }>('SELECT total::text FROM sales.sale WHERE id = $1', [
      sale.id,
    ]);
    expect(row!.total).toBe('30');
  });

  it('multiplies fractional quantities to the tiyin, rounding half up, VAT included', async () => {
    // 0.333 kg × 12 345.67 = 4 111.10811 → 4 111.11; 0.5 × 0.01 = 0.005 → 0.01;
    // 3 × 0.333 kg × 1 000.00 = 999.00; VAT of 0.14 at 12 % = 0.015 → 0.02.
    const sale = makeSale({
      lines: [
        { productId: PLOV, quantity: '0.333', unitPrice: '12345.67' },
        { productId: NON, quantity: '0.5', unitPrice: '0.01' },
        ...Array.from({ length: 3 }, () => ({ productId: PLOV, quantity: '0.333', unitPrice: '1000.00' })),
        { productId: NON, quantity: '1', unitPrice: '0.14' },
      ],
      payments: [{ method: 'CASH', amount: '5110.26' }],
      total: '5110.26',
    });
    const { results } = await h.sync([sale]);
    expect(results[0]!.status).toBe('CREATED');
    expect(results[0]!.sale!.lines.map((l) => [l.quantity, l.total, l.vatAmount])).toEqual([
      ['0.333', '4111.11', '440.48'],
      ['0.500', '0.01', '0.00'],
      ['0.333', '333.00', '35.68'],
      ['0.333', '333.00', '35.68'],
      ['0.333', '333.00', '35.68'],
      ['1.000', '0.14', '0.02'],
    ]);
    const stored = await h.db.admin<{ quantity: string }>(
      'SELECT quantity::text FROM sales.sale_line WHERE sale_id = $1 ORDER BY line_no',
      [sale.id],
    );
    expect(stored.map((r) => r.quantity)).toEqual(['0.333', '0.500', '0.333', '0.333', '0.333', '1.000']);
    const off = makeSale({
      ...sale,
      id: newId(),
      total: '5110.27',
      payments: [{ method: 'CASH', amount: '5110.27' }],
    });
    expect((await h.sync([off])).results[0]!.error?.code).toBe('TOTAL_MISMATCH');
  });
});

describe('reading sales', () => {
  const terminal = newId();
  const made: SaleJson[] = [];

  beforeAll(async () => {
    for (const minute of [1, 2, 3, 3, 5])
      made.push(makeSale({ createdAt: `2026-03-01T10:0${minute}:00.000Z` }));
    await h.sync(made, { terminalId: terminal });
  });

  it('reads a sale by id, and never shows it to another tenant', async () => {
    const id = made[0]!.id;
    const query = `{ sale(id: "${id}") { ${SALE_FIELDS} } }`;
    const own = await postGraphQL<{ sale: SaleOut | null }>(
      h.service.url,
      query,
      {},
      await h.headersFor(TENANT_A),
    );
    expect(own.body.data?.sale).toMatchObject({ id, terminalId: terminal, total: '94500.00' });
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

  it('pages newest first with keyset cursors, without skipping or repeating', async () => {
    const query = `query($after: String, $filter: SaleFilter) { sales(first: 2, after: $after, filter: $filter) {
      edges { cursor node { id createdAt } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      sales: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res: { body: { data?: Page } } = await postGraphQL<Page>(
        h.service.url,
        query,
        { after, filter: { terminalId: terminal } },
        await h.headersFor(),
      );
      const page = res.body.data!.sales;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    const expected = [...made]
      .sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id))
      .map((s) => s.id);
    expect(seen).toEqual(expected);
    const window = await postGraphQL<Page>(
      h.service.url,
      query.replace('first: 2', 'first: 10'),
      { filter: { terminalId: terminal, from: '2026-03-01T10:02:00Z', to: '2026-03-01T10:05:00Z' } },
      await h.headersFor(),
    );
    expect(window.body.data!.sales.edges.map((e) => e.node.id)).toEqual(expected.slice(1, 4));
    const otherTenant = await postGraphQL<Page>(
      h.service.url,
      query,
      { filter: { terminalId: terminal } },
      await h.headersFor(TENANT_B),
    );
    expect(otherTenant.body.data!.sales.edges).toEqual([]);
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
