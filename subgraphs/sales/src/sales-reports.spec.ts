/**
 * The sales reports (`Query.salesReport`) against a fresh database as the sales runtime role.
 * Sales go through `syncSales` and refunds through `refundSale`, so the category a line is stored
 * under and the refund lines are what ingestion really writes. Every report must add up to
 * `salesSummary` and `dailySalesSummary` over the same data.
 */
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
} from './sales.fixtures.ts';

let h: SalesHarness;
const CAT_HOT = '0190a000-0000-7000-8000-0000000000f1';
const CAT_BREAD = '0190a000-0000-7000-8000-0000000000f2';
const CAT_NEW = '0190a000-0000-7000-8000-0000000000f3';
const STAFF = '00000000-0000-7000-8000-000000000001';
const RANGE = { from: '2026-02-01', to: '2026-02-03' };

const REPORT = `query($input: SalesReportInput!) { salesReport(input: $input) {
  from to storeIds
  byDay { date receipts revenue discounts refunds net vat }
  byProduct(first: 10) { product { id } productId name quantity refundedQuantity receipts revenue discounts refunds net vat }
  byCategory { category { id } categoryId quantity receipts revenue discounts refunds net vat }
  byCashier { cashier { id } cashierId receipts revenue discounts refundCount refunds net averageCheck }
  byPaymentMethod { method sales refunds net count }
  vatByRate { vatRate sales salesVat refunds refundsVat net netVat netWithoutVat } } }`;

type Money = string;
interface Report {
  from: string;
  to: string;
  storeIds: string[];
  byDay: {
    date: string;
    receipts: number;
    revenue: Money;
    discounts: Money;
    refunds: Money;
    net: Money;
    vat: Money;
  }[];
  byProduct: {
    product: { id: string };
    productId: string;
    name: string;
    quantity: string;
    refundedQuantity: string;
    receipts: number;
    revenue: Money;
    refunds: Money;
    net: Money;
    vat: Money;
  }[];
  byCategory: {
    category: { id: string } | null;
    categoryId: string | null;
    quantity: string;
    receipts: number;
    revenue: Money;
    refunds: Money;
    net: Money;
    vat: Money;
  }[];
  byCashier: {
    cashier: { id: string } | null;
    cashierId: string | null;
    receipts: number;
    revenue: Money;
    refundCount: number;
    refunds: Money;
    net: Money;
    averageCheck: Money;
  }[];
  byPaymentMethod: { method: string; sales: Money; refunds: Money; net: Money; count: number }[];
  vatByRate: {
    vatRate: number | null;
    sales: Money;
    salesVat: Money;
    refunds: Money;
    refundsVat: Money;
    net: Money;
    netVat: Money;
    netWithoutVat: Money;
  }[];
}

const tiyin = (m: Money) => BigInt(m.replace('.', ''));
const sum = <T>(rows: T[], pick: (row: T) => Money) => rows.reduce((s, r) => s + tiyin(pick(r)), 0n);

async function report(input: Record<string, unknown>, permissions = ['reports:read'], tenant = TENANT_A) {
  return postGraphQL<{ salesReport: Report }>(
    h.service.url,
    REPORT,
    { input },
    await h.headersFor(tenant, permissions),
  );
}
async function figures(input: Record<string, unknown> = RANGE): Promise<Report> {
  const res = await report(input);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.salesReport;
}

async function summary() {
  const res = await postGraphQL<{
    salesSummary: {
      receipts: number;
      revenue: Money;
      discounts: Money;
      refunds: Money;
      net: Money;
      vat: Money;
      byPaymentMethod: { method: string; sales: Money; refunds: Money; net: Money; count: number }[];
    };
  }>(
    h.service.url,
    `query($input: SalesSummaryInput!) { salesSummary(input: $input) { receipts revenue discounts refunds net vat
       byPaymentMethod { method sales refunds net count } } }`,
    { input: RANGE },
    await h.headersFor(TENANT_A, ['reports:read']),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.salesSummary;
}

async function daily(date: string) {
  const res = await postGraphQL<{
    dailySalesSummary: { receipts: number; revenue: Money; refunds: Money; net: Money; vat: Money };
  }>(
    h.service.url,
    'query($s: ID!, $d: Date!) { dailySalesSummary(storeId: $s, date: $d) { receipts revenue refunds net vat } }',
    { s: STORE, d: date },
    await h.headersFor(TENANT_A, ['reports:read']),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.dailySalesSummary;
}

const setCategory = (product: string, category: string) =>
  h.db.admin('UPDATE sales.product_ref SET category_id = $2 WHERE tenant_id = $1 AND id = $3', [
    TENANT_A,
    category,
    product,
  ]);

beforeAll(async () => {
  h = await startSalesHarness();
  await setCategory(PLOV, CAT_HOT);
  await setCategory(NON, CAT_BREAD);
  // Each sale: 2 × plov 45 000 (12 %) + non 5 000 − 500 (0 %) = 94 500.
  const first = makeSale({ createdAt: '2026-02-01T10:00:00.000Z' });
  const second = makeSale({
    createdAt: '2026-02-02T08:00:00.000Z',
    payments: [{ method: 'CARD', amount: '94500.00', cardBrand: 'HUMO' }],
  });
  for (const out of [await h.sync([first]), await h.sync([second])]) {
    expect(out.results[0]!.status).toBe('CREATED');
  }
  // Plov moves to another category: sales made from now on count there, earlier ones stay.
  await setCategory(PLOV, CAT_NEW);
  const third = makeSale({ createdAt: '2026-02-02T09:00:00.000Z' });
  expect((await h.sync([third])).results[0]!.status).toBe('CREATED');
  // 12:00Z on 2 Feb: one plov of the first sale comes back (45 000, VAT 4 821.43), in cash.
  const refunded = await postGraphQL<{ refundSale: { errors: { code: string }[] } }>(
    h.service.url,
    `mutation($input: RefundSaleInput!) { refundSale(input: $input) { errors { code } } }`,
    {
      input: {
        terminalId: TERMINAL,
        refund: {
          id: newId(),
          saleId: first.id,
          lines: [{ saleLineNo: 1, quantity: '1' }],
          createdAt: '2026-02-02T12:00:00.000Z',
        },
      },
    },
    await h.headersFor(TENANT_A, ['sales:refund', 'sales:read']),
  );
  expect(refunded.body.errors).toBeUndefined();
  expect(refunded.body.data!.refundSale.errors).toEqual([]);
});
afterAll(async () => {
  await h?.close();
});

describe('salesReport', () => {
  it('by day: every day of the range, adding up to salesSummary and equal to each dailySalesSummary', async () => {
    const r = await figures();
    expect(r.byDay.map((d) => d.date)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(r.byDay[0]).toMatchObject({
      receipts: 1,
      revenue: '94500.00',
      discounts: '500.00',
      refunds: '0.00',
    });
    expect(r.byDay[1]).toMatchObject({
      receipts: 2,
      revenue: '189000.00',
      refunds: '45000.00',
      net: '144000.00',
    });
    expect(r.byDay[2]).toMatchObject({ receipts: 0, revenue: '0.00', net: '0.00' });
    const s = await summary();
    expect(r.byDay.reduce((n, d) => n + d.receipts, 0)).toBe(s.receipts);
    expect(sum(r.byDay, (d) => d.revenue)).toBe(tiyin(s.revenue));
    // Line and receipt discounts, in the report as in the summary (line discounts: 500 each).
    expect(sum(r.byDay, (d) => d.discounts)).toBe(tiyin(s.discounts));
    expect(sum(r.byDay, (d) => d.refunds)).toBe(tiyin(s.refunds));
    expect(sum(r.byDay, (d) => d.net)).toBe(tiyin(s.net));
    expect(sum(r.byDay, (d) => d.vat)).toBe(tiyin(s.vat));
    for (const day of r.byDay) {
      const d = await daily(day.date);
      expect({
        receipts: day.receipts,
        revenue: day.revenue,
        refunds: day.refunds,
        net: day.net,
        vat: day.vat,
      }).toEqual(d);
    }
  });

  it('by category: a line counts under the category it had when sold, refunds under their line’s', async () => {
    const r = await figures();
    const byId = new Map(r.byCategory.map((c) => [c.categoryId, c]));
    // Two sales' plov (4 × 45 000) before the move, one plov returned from them.
    expect(byId.get(CAT_HOT)).toMatchObject({
      quantity: '4.000',
      receipts: 2,
      revenue: '180000.00',
      refunds: '45000.00',
      net: '135000.00',
    });
    expect(byId.get(CAT_NEW)).toMatchObject({
      quantity: '2.000',
      receipts: 1,
      revenue: '90000.00',
      refunds: '0.00',
    });
    expect(byId.get(CAT_BREAD)).toMatchObject({
      quantity: '3.000',
      receipts: 3,
      revenue: '13500.00',
      vat: '0.00',
    });
    expect(byId.get(CAT_HOT)!.category).toEqual({ id: CAT_HOT });
    expect(r.byCategory[0]!.categoryId).toBe(CAT_HOT);
    const s = await summary();
    expect(sum(r.byCategory, (c) => c.revenue)).toBe(tiyin(s.revenue));
    expect(sum(r.byCategory, (c) => c.net)).toBe(tiyin(s.net));
    expect(sum(r.byCategory, (c) => c.vat)).toBe(tiyin(s.vat));
  });

  it('by product: quantities sold and refunded, net of refunds, adding up to the summary', async () => {
    const r = await figures();
    expect(r.byProduct.map((p) => p.productId)).toEqual([PLOV, NON]);
    expect(r.byProduct[0]).toMatchObject({
      product: { id: PLOV },
      quantity: '6.000',
      refundedQuantity: '1.000',
      receipts: 3,
      revenue: '270000.00',
      refunds: '45000.00',
      net: '225000.00',
    });
    const s = await summary();
    expect(sum(r.byProduct, (p) => p.net)).toBe(tiyin(s.net));
    expect(sum(r.byProduct, (p) => p.vat)).toBe(tiyin(s.vat));
  });

  it('by cashier and by payment method agree with the summary', async () => {
    const r = await figures();
    expect(r.byCashier).toEqual([
      {
        cashier: { id: STAFF },
        cashierId: STAFF,
        receipts: 3,
        revenue: '283500.00',
        discounts: '1500.00',
        refundCount: 1,
        refunds: '45000.00',
        net: '238500.00',
        averageCheck: '94500.00',
      },
    ]);
    const s = await summary();
    expect(r.byPaymentMethod).toEqual(s.byPaymentMethod);
    expect(r.byPaymentMethod.find((m) => m.method === 'CASH')).toMatchObject({
      sales: '189000.00',
      refunds: '45000.00',
    });
  });

  it('VAT by rate: the refund at its line’s rate; net VAT equals the summary’s', async () => {
    const r = await figures();
    expect(r.vatByRate.map((v) => v.vatRate)).toEqual([12, 0]);
    const twelve = r.vatByRate[0]!;
    expect(twelve).toMatchObject({
      sales: '270000.00',
      refunds: '45000.00',
      refundsVat: '4821.43',
      net: '225000.00',
    });
    expect(tiyin(twelve.netWithoutVat)).toBe(tiyin(twelve.net) - tiyin(twelve.netVat));
    expect(r.vatByRate[1]).toMatchObject({ vatRate: 0, sales: '13500.00', salesVat: '0.00', netVat: '0.00' });
    const s = await summary();
    expect(sum(r.vatByRate, (v) => v.netVat)).toBe(tiyin(s.vat));
    expect(sum(r.vatByRate, (v) => v.net)).toBe(tiyin(s.net));
  });

  it('needs reports:read, checks the range and stores, and never shows another tenant’s sales', async () => {
    const denied = await report(RANGE, ['sales:read']);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const backwards = await report({ from: '2026-02-03', to: '2026-02-01' });
    expect(backwards.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const tooLong = await report({ from: '2025-01-01', to: '2026-02-01' });
    expect(tooLong.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await report({ ...RANGE, storeIds: [newId()] });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const other = await report(RANGE, ['reports:read'], TENANT_B);
    expect(other.body.errors).toBeUndefined();
    const b = other.body.data!.salesReport;
    expect(b.byDay.every((d) => d.receipts === 0)).toBe(true);
    expect([b.byProduct, b.byCategory, b.byCashier, b.byPaymentMethod, b.vatByRate]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });
});
