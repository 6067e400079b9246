/**
 * The daily rollup behind `salesSummary` (migrations 1765500000300-daily-rollup.ts and
 * 1765600000300-rollup-linear-receipts.ts, slots 1765700000300-rollup-slots.ts): its figures
 * equal the row-based summary to the tiyin — on generated sales with refunds in three time zones,
 * on hand-made awkward documents, and on sales and refunds stored through the API — and a sale or
 * refund counts exactly once however often, and however concurrently, it is re-sent. Concurrent
 * writers of one store do not wait for each other's rollup rows.
 */
import { createDataSource, newId, OWNER_ROLE, setTenant } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyRollup1765500000300 } from '../migrations/1765500000300-daily-rollup.ts';
import { RollupLinearReceipts1765600000300 } from '../migrations/1765600000300-rollup-linear-receipts.ts';
import { RollupSlots1765700000300 } from '../migrations/1765700000300-rollup-slots.ts';
import { generateSales } from '../scripts/generate.ts';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { insertRefund, insertSales, seedStore } from './sales-read.fixtures.ts';
import {
  buildSummary,
  readSummaryFigures,
  type SalesSummaryRow,
  type SummarySource,
} from './services/sales-summary.service.ts';
import { gql, REFUND_SALE, type RefundPayloadOut } from './shifts.fixtures.ts';

const NEW_YORK = '0190a000-0000-7000-8000-0000000001e2';
const KOLKATA = '0190a000-0000-7000-8000-0000000001e3';
const GEN_TERMINALS = [
  { id: '0190a000-0000-7000-8000-0000000001c1', storeId: STORE, timeZone: 'Asia/Tashkent' },
  { id: '0190a000-0000-7000-8000-0000000001c2', storeId: NEW_YORK, timeZone: 'America/New_York' },
  { id: '0190a000-0000-7000-8000-0000000001c3', storeId: KOLKATA, timeZone: 'Asia/Kolkata' },
];
const GEN_PRODUCTS = [
  { id: PLOV, price: 4_500_000n, vatRate: 12 },
  { id: NON, price: 500_000n, vatRate: 0 },
  { id: '0190a000-0000-7000-8000-0000000001d3', price: 1_234_567n, vatRate: 12 },
  { id: '0190a000-0000-7000-8000-0000000001d4', price: 99_999n, vatRate: 15 },
  { id: '0190a000-0000-7000-8000-0000000001d5', price: 2_000_000n, vatRate: 12 },
];
const ALL_STORES = [STORE, NEW_YORK, KOLKATA];

let h: SalesHarness;
let ds: DataSource;

/** The summary of a range computed from `source`, as the sales runtime role in tenant A. */
function summaryFrom(
  source: SummarySource,
  range: { from: string; to: string; storeIds?: string[]; limit?: number },
): Promise<SalesSummaryRow> {
  const storeIds = range.storeIds ?? ALL_STORES;
  return ds.transaction(async (m) => {
    await setTenant(m, TENANT_A);
    const figures = await readSummaryFigures(m, source, {
      tenantId: TENANT_A,
      storeIds,
      from: range.from,
      to: range.to,
      limit: range.limit ?? 50,
    });
    return buildSummary({ from: range.from, to: range.to, storeIds }, figures);
  });
}

/** Both summaries of a range, asserting the rollup's equals the rows'; returns it. */
async function expectSame(range: { from: string; to: string; storeIds?: string[]; limit?: number }) {
  const [rollup, rows] = await Promise.all([summaryFrom('rollup', range), summaryFrom('rows', range)]);
  expect(rollup).toEqual(rows);
  return rollup;
}

/** Every rollup row of tenant A as one text (to prove a resend changed nothing). */
async function rollupSnapshot(): Promise<string> {
  // The figures per key, whatever slots concurrent writers spread them over (1765700000300).
  const [row] = await h.db.admin<{ s: string }>(
    `SELECT coalesce((SELECT json_agg(r ORDER BY store_id, business_date, kind, key)::text
                        FROM (SELECT store_id, business_date, kind, key, sum(n) AS n, sum(amount) AS amount,
                                     sum(vat) AS vat, sum(discount) AS discount
                                FROM sales.daily_rollup WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4) r), '')
         || coalesce((SELECT json_agg(p ORDER BY store_id, business_date, product_id)::text
                        FROM (SELECT store_id, business_date, product_id, sum(quantity) AS quantity,
                                     sum(revenue) AS revenue, sum(receipts) AS receipts, max(name) AS name
                                FROM sales.daily_product_rollup WHERE tenant_id = $1 GROUP BY 1, 2, 3) p), '') AS s`,
    [TENANT_A],
  );
  return row!.s;
}

beforeAll(async () => {
  h = await startSalesHarness();
  await seedStore(h.db, TENANT_A, NEW_YORK, 'America/New_York');
  await seedStore(h.db, TENANT_A, KOLKATA, 'Asia/Kolkata');
  ds = await h.db.dataSource('sales');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('the rollup equals the row-based summary', () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: h.db.adminUrl });
    await client.connect();
    try {
      await generateSales(client, {
        tenantId: TENANT_A,
        terminals: GEN_TERMINALS,
        products: GEN_PRODUCTS,
        count: 2400,
        chunkSize: 700,
        days: 12,
        refundPercent: 8,
        until: new Date('2026-05-01T12:00:00Z'),
      });
    } finally {
      await client.end();
    }
    // Awkward documents: a product on two lines and a method paid twice, each row stored by its
    // own statement, and a partial refund paid back in two methods on the next local day.
    const [sale] = await insertSales(h.db, [
      {
        at: '2026-04-25T18:45:00Z',
        storeId: KOLKATA,
        total: 23000n,
        discount: 500n,
        vat: 1500n,
        lines: [
          {
            productId: PLOV,
            quantity: '1.000',
            unitPrice: 10000n,
            total: 10000n,
            vatAmount: 1071n,
            name: 'Osh',
          },
          { productId: NON, quantity: '0.750', unitPrice: 4000n, total: 3000n, name: 'Non' },
          {
            productId: PLOV,
            quantity: '1.000',
            unitPrice: 10000n,
            total: 10000n,
            vatAmount: 429n,
            name: 'Plov',
          },
        ],
        payments: [
          { method: 'CASH', amount: 3000n },
          { method: 'CARD', amount: 10000n, cardBrand: 'UZCARD' },
          { method: 'CASH', amount: 10000n },
        ],
      },
    ]);
    await insertRefund(h.db, {
      saleId: sale!,
      storeId: KOLKATA,
      at: '2026-04-25T19:00:00Z',
      total: 13000n,
      vat: 1071n,
      payments: [
        { method: 'CASH', amount: 3000n },
        { method: 'CASH', amount: 10000n },
      ],
    });
  }, 120_000);

  it('over the whole range, every store, the top 50 products', async () => {
    const s = await expectSame({ from: '2026-04-15', to: '2026-05-02' });
    expect(s.receipts).toBe(2401);
    expect(s.refunds).toBeGreaterThan(0n);
    expect(s.byPaymentMethod.map((m) => m.method)).toEqual(
      expect.arrayContaining(['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM']),
    );
    expect(s.topProducts).toHaveLength(GEN_PRODUCTS.length);
  });

  it('per store, per day, on days at both ends and with the top 2', async () => {
    for (const storeIds of [[STORE], [NEW_YORK], [KOLKATA], [NEW_YORK, KOLKATA]]) {
      await expectSame({ from: '2026-04-19', to: '2026-04-30', storeIds });
    }
    for (const day of ['2026-04-19', '2026-04-25', '2026-04-26', '2026-04-30']) {
      const s = await expectSame({ from: day, to: day, limit: 2 });
      expect(s.receipts).toBeGreaterThan(0);
    }
    await expectSame({ from: '2026-04-20', to: '2026-04-23', storeIds: [KOLKATA], limit: 0 });
  });

  it('counts a product and a method once per receipt, whatever the statements', async () => {
    // 18:45Z is 00:15 the next day in Kolkata (UTC+5:30).
    const s = await expectSame({ from: '2026-04-26', to: '2026-04-26', storeIds: [KOLKATA] });
    const plov = s.topProducts.find((p) => p.productId === PLOV)!;
    expect(plov.quantity).toBeGreaterThanOrEqual(2000n);
    expect(s.byPaymentMethod.find((m) => m.method === 'CASH')!.refunds).toBeGreaterThanOrEqual(13000n);
  });

  it('is what the API serves', async () => {
    const range = { from: '2026-04-25', to: '2026-04-25', storeIds: [NEW_YORK] };
    const receipts = async () => {
      const res = await postGraphQL<{ salesSummary: { receipts: number } }>(
        h.service.url,
        'query($input: SalesSummaryInput!) { salesSummary(input: $input) { receipts } }',
        { input: range },
        await h.headersFor(TENANT_A, ['reports:read']),
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.salesSummary.receipts;
    };
    expect(await receipts()).toBe((await summaryFrom('rows', range)).receipts);
    // A rollup row moved by hand moves the API's answer: it reads the rollup, not the rows.
    const bump = (by: number) =>
      h.db.admin(
        `UPDATE sales.daily_rollup SET n = n + $3 WHERE tenant_id = $1 AND store_id = $2
            AND business_date = '2026-04-25' AND kind = 'SALE_HOUR'
            AND key = (SELECT min(key) FROM sales.daily_rollup WHERE tenant_id = $1 AND store_id = $2
                         AND business_date = '2026-04-25' AND kind = 'SALE_HOUR')`,
        [TENANT_A, NEW_YORK, by],
      );
    const before = await receipts();
    await bump(1000);
    try {
      expect(await receipts()).toBe(before + 1000);
    } finally {
      await bump(-1000);
    }
  });
});

/** Sales on TERMINAL in February, one per hour from `startHour` UTC on 1–2 Feb, some split. */
function batch(count: number, startHour: number): SaleJson[] {
  return Array.from({ length: count }, (_, i) => {
    const hour = startHour + i * 3;
    const createdAt = new Date(Date.UTC(2026, 1, 1, hour, 17 * i, 0)).toISOString();
    return i % 3 === 0
      ? makeSale({
          createdAt,
          payments: [
            { method: 'CARD', amount: '50000.00', cardBrand: 'HUMO' },
            { method: 'CASH', amount: '44500.00' },
          ],
        })
      : makeSale({ createdAt });
  });
}
const FEB = { from: '2026-01-31', to: '2026-02-05', storeIds: [STORE] };

describe('sales and refunds through the API count exactly once', () => {
  it('a re-sent batch changes nothing; a repeated id inside a batch counts once', async () => {
    const sales = batch(8, 2);
    const first = await h.sync([...sales, sales[0]!]);
    expect(first.results.map((r) => r.status)).toEqual([...sales.map(() => 'CREATED'), 'DUPLICATE']);
    const s = await expectSame(FEB);
    expect(s.receipts).toBe(8);
    const before = await rollupSnapshot();
    const again = await h.sync(sales, { terminalId: TERMINAL });
    expect(again.results.every((r) => r.status === 'DUPLICATE')).toBe(true);
    expect(await rollupSnapshot()).toBe(before);
  });

  it('the same batch sent four times at once through two instances counts once', async () => {
    const other = await h.startInstance();
    const sales = batch(10, 4);
    const outcomes = await Promise.all(
      [h.service.url, other.url, h.service.url, other.url].map((url) =>
        h.sync(sales, { url, terminalId: TERMINAL_2 }),
      ),
    );
    for (const [i] of sales.entries()) {
      expect(outcomes.filter((o) => o.results[i]!.status === 'CREATED')).toHaveLength(1);
    }
    const s = await expectSame(FEB);
    expect(s.receipts).toBe(18);
  });

  it('a partial refund counts once on its own day, its resend not at all', async () => {
    const [sale] = batch(1, 20);
    await h.sync([sale!]);
    const refundId = newId();
    const refund = () =>
      gql<{ refundSale: RefundPayloadOut }>(h, REFUND_SALE, {
        input: {
          terminalId: TERMINAL,
          refund: {
            id: refundId,
            saleId: sale!.id,
            lines: [{ saleLineNo: 1, quantity: '1' }],
            createdAt: '2026-02-02T19:30:00.000Z',
            reason: 'Cold',
          },
        },
      });
    expect((await refund()).refundSale.created).toBe(true);
    const s = await expectSame(FEB);
    expect(s.refunds).toBe(4_500_000n);
    const before = await rollupSnapshot();
    const again = await refund();
    expect(again.refundSale).toMatchObject({ created: false, errors: [] });
    expect(await rollupSnapshot()).toBe(before);
    const nextDay = await expectSame({ ...FEB, from: '2026-02-03', to: '2026-02-03' });
    expect(nextDay.refunds).toBe(4_500_000n);
  });
});

describe('a sale with thousands of lines', () => {
  const DAY = { from: '2026-03-10', to: '2026-03-10', storeIds: [STORE] };
  const productRows = () =>
    h.db.admin<{ products: number; min: number; max: number; plov: number }>(
      `SELECT count(*)::int AS products, min(receipts)::int AS min, max(receipts)::int AS max,
              (SELECT receipts::int FROM sales.daily_product_rollup
                WHERE tenant_id = $1 AND store_id = $2 AND business_date = '2026-03-10' AND product_id = $3) AS plov
         FROM sales.daily_product_rollup WHERE tenant_id = $1 AND store_id = $2 AND business_date = '2026-03-10'`,
      [TENANT_A, STORE, PLOV],
    );

  it('counts each product and method once, its lines stored in one statement or several', async () => {
    const [sale] = await insertSales(h.db, [
      {
        at: '2026-03-10T06:00:00Z',
        total: 1000n,
        lines: [{ productId: PLOV, quantity: '1.000', unitPrice: 1000n, total: 1000n, name: 'Osh' }],
      },
    ]);
    // One statement (as syncSales stores a sale): 3 000 lines of 1 500 products, each on two lines,
    // PLOV among them again — it was counted by the first statement already.
    const lines = (from: number, to: number) =>
      h.db.admin(
        `INSERT INTO sales.sale_line (tenant_id, sale_id, line_no, product_id, quantity, unit_price, total,
           vat_rate, vat_amount, name)
         SELECT $1, $2, i, CASE WHEN i % 1500 = 0 THEN $3::uuid ELSE md5('product ' || i % 1500)::uuid END,
                1, 100, 100, 12, 11, 'p' || i % 1500
           FROM generate_series($4::int, $5::int) i`,
        [TENANT_A, sale, PLOV, from, to],
      );
    await lines(2, 3001);
    // A second statement: 1 000 more lines, of products the receipt already has.
    await lines(3002, 4001);
    await h.db.admin(
      `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount)
       SELECT $1, $2, i, (ARRAY['CASH', 'CARD', 'PAYME'])[i % 3 + 1], 1 FROM generate_series(2, 601) i`,
      [TENANT_A, sale],
    );
    const [products] = await productRows();
    expect(products).toEqual({ products: 1500, min: 1, max: 1, plov: 1 });
    const s = await expectSame(DAY);
    expect(s.receipts).toBe(1);
    expect(s.byPaymentMethod.map((m) => [m.method, m.count])).toEqual([
      ['CASH', 1],
      ['CARD', 1],
      ['PAYME', 1],
    ]);
  });
});

describe('concurrent writers of one store', () => {
  const DAY = { from: '2026-08-10', to: '2026-08-10', storeIds: [STORE] };
  /** Stores a one-line cash sale of PLOV in STORE on DAY with `client`'s open transaction. */
  async function storeSale(client: pg.Client): Promise<void> {
    const id = newId();
    await client.query(
      `INSERT INTO sales.sale (tenant_id, id, store_id, terminal_id, status, subtotal, discount, total, vat_total,
         content_hash, device_created_at, business_date)
       VALUES ($1, $2, $3, $4, 'COMPLETED', 10000, 0, 10000, 1071, 'x', '2026-08-10T09:00:00Z', '2026-08-10')`,
      [TENANT_A, id, STORE, TERMINAL],
    );
    await client.query(
      `INSERT INTO sales.sale_line (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount,
         receipt_discount, total, vat_rate, vat_amount, name, modifiers)
       VALUES ($1, $2, 1, $3, 1, 10000, 0, 0, 10000, 12, 1071, 'Plov', '[]')`,
      [TENANT_A, id, PLOV],
    );
    await client.query(
      `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount) VALUES ($1, $2, 1, 'CASH', 10000)`,
      [TENANT_A, id],
    );
  }

  it("do not wait for each other's rollup rows, and the figures are the sum of their slots", async () => {
    const [a, b] = [new pg.Client(h.db.adminUrl), new pg.Client(h.db.adminUrl)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await storeSale(a);
      // Same store, day, hour, VAT rate, method and product as a's uncommitted sale: with one row
      // per key this would wait for a's commit, and give up after the lock timeout.
      await b.query('BEGIN');
      await b.query("SET LOCAL lock_timeout = '10s'");
      await storeSale(b);
      await b.query('COMMIT');
      await a.query('COMMIT');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const slots = await h.db.admin<{ kind: string; slots: number[] }>(
      `SELECT kind, array_agg(slot ORDER BY slot)::int[] AS slots FROM sales.daily_rollup
        WHERE tenant_id = $1 AND store_id = $2 AND business_date = '2026-08-10' GROUP BY kind ORDER BY kind`,
      [TENANT_A, STORE],
    );
    expect(slots).toEqual([
      { kind: 'SALE_HOUR', slots: [0, 1] },
      { kind: 'SALE_PAYMENT', slots: [0, 1] },
      { kind: 'SALE_VAT', slots: [0, 1] },
    ]);
    const s = await expectSame(DAY);
    expect(s.receipts).toBe(2);
    expect(s.revenue).toBe(20000n);
    expect(s.topProducts).toEqual([
      expect.objectContaining({ productId: PLOV, receipts: 2, quantity: 2000n }),
    ]);
    // A later writer, alone, adds to slot 0.
    await insertSales(h.db, [{ at: '2026-08-10T10:00:00Z', total: 5000n }]);
    expect((await expectSame(DAY)).receipts).toBe(3);
    const [hour10] = await h.db.admin<{ slots: number[] }>(
      `SELECT array_agg(slot)::int[] AS slots FROM sales.daily_rollup
        WHERE tenant_id = $1 AND store_id = $2 AND business_date = '2026-08-10' AND kind = 'SALE_HOUR' AND key = '15'`,
      [TENANT_A, STORE],
    );
    expect(hour10!.slots).toEqual([0]);
  });
});

describe('the migration', () => {
  it("backfills from the stored rows exactly what the triggers built, every tenant's", async () => {
    await h.sync([makeSale({ createdAt: '2026-02-01T09:00:00.000Z' })], { tenantId: TENANT_B });
    const tenantB = async () =>
      (
        await h.db.admin<{ n: number }>(
          'SELECT count(*)::int AS n FROM sales.daily_rollup WHERE tenant_id = $1',
          [TENANT_B],
        )
      )[0]!.n;
    expect(await tenantB()).toBeGreaterThan(0);
    const built = await rollupSnapshot();
    // As migrations run: the owner role, no tenant set, row-level security forced.
    const owner = createDataSource({ url: h.db.adminUrl, schema: 'sales', poolSize: 1, setRole: OWNER_ROLE });
    await owner.initialize();
    try {
      const rollup = new DailyRollup1765500000300();
      const linear = new RollupLinearReceipts1765600000300();
      const slots = new RollupSlots1765700000300();
      const runner = owner.createQueryRunner();
      await runner.startTransaction();
      await slots.down(runner);
      await linear.down(runner);
      await rollup.down(runner);
      await rollup.up(runner);
      await linear.up(runner);
      await slots.up(runner);
      await runner.commitTransaction();
      await runner.release();
    } finally {
      await owner.destroy();
    }
    expect(await rollupSnapshot()).toBe(built);
    expect(await tenantB()).toBeGreaterThan(0);
    // The rebuilt triggers still count new sales.
    await h.sync([makeSale({ createdAt: '2026-02-04T09:00:00.000Z' })]);
    expect((await expectSame(FEB)).receipts).toBe(20);
  });
});
