/**
 * The daily product rollup of `syncSales`' sales kept by the product-rollup consumer
 * (services/product-rollup.ts, 1766100000300-product-rollup-consumer.ts): the top products read
 * right after a sync equal the sales' own lines while the consumer has not run (the tail), a
 * replayed event adds nothing, a consumer batch failing half-way neither loses nor doubles, and
 * `syncSales` itself no longer writes the product rollup.
 */
import { setTenant } from '@jowi/server-kit';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  unrolledSales,
} from './sales.fixtures.ts';
import { PRODUCT_ROLLUP_CONSUMER } from './services/product-rollup.ts';
import { buildSummary, readSummaryFigures, type SummarySource } from './services/sales-summary.service.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };

let h: SalesHarness;
let ds: DataSource;

beforeAll(async () => {
  h = await startSalesHarness();
  ds = await h.db.dataSource('sales');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The March summary of STORE from `source`, as the sales runtime role in tenant A. */
function summary(source: SummarySource) {
  return ds.transaction(async (m) => {
    await setTenant(m, TENANT_A);
    const range = { ...MARCH, storeIds: [STORE] };
    const figures = await readSummaryFigures(m, source, { tenantId: TENANT_A, ...range, limit: 50 });
    return buildSummary(range, figures);
  });
}

/** The top products from the rollup (with its tail), asserted equal to the row-based ones. */
async function expectExactTop() {
  const [rollup, rows] = await Promise.all([summary('rollup'), summary('rows')]);
  expect(rollup.topProducts).toEqual(rows.topProducts);
  return rollup.topProducts;
}

/** `n` March sales, day `day`, with 1–3 plov each (the quantities differ, so sums are telling). */
function batch(n: number, day: number): SaleJson[] {
  return Array.from({ length: n }, (_, i) => {
    const plov = (i % 3) + 1;
    const total = plov * 45_000 + 4_500;
    return makeSale({
      createdAt: `2026-03-${String(day).padStart(2, '0')}T0${i % 10}:00:00.000Z`,
      lines: [
        { productId: PLOV, quantity: `${plov}.000`, unitPrice: '45000.00' },
        { productId: NON, quantity: '1', unitPrice: '5000', discount: '500.00', vatRate: 0 },
      ],
      payments: [{ method: 'CASH', amount: `${total}.00` }],
      total: `${total}.00`,
    });
  });
}

/** STORE's March product rollup rows summed per product (what the consumer wrote), as text. */
async function productRollup(): Promise<string> {
  const [row] = await h.db.admin<{ s: string | null }>(
    `SELECT json_agg(p ORDER BY product_id)::text AS s FROM (
       SELECT product_id, sum(quantity) AS quantity, sum(revenue) AS revenue, sum(receipts) AS receipts
         FROM sales.daily_product_rollup
        WHERE tenant_id = $1 AND store_id = $2 AND business_date BETWEEN $3::date AND $4::date
        GROUP BY product_id) p`,
    [TENANT_A, STORE, MARCH.from, MARCH.to],
  );
  return row!.s ?? '';
}

/** Holds the consumer's cursor row locked (its runner then skips every batch) until `release`. */
async function holdConsumer(): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: h.db.adminUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM events.consumer_cursor WHERE consumer = $1 FOR UPDATE', [
    PRODUCT_ROLLUP_CONSUMER,
  ]);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe('the product rollup kept by the consumer of sale.created', () => {
  it('reads exactly right after syncSales, before the consumer ran, and after it did', async () => {
    await h.productRollupCaughtUp();
    const before = await productRollup();
    const held = await holdConsumer();
    try {
      const out = await h.sync(batch(12, 3));
      expect(out.results.every((r) => r.status === 'CREATED')).toBe(true);
      // syncSales wrote no product rollup: the 12 sales are only in the tail.
      expect(await productRollup()).toBe(before);
      expect(await unrolledSales(h.db)).toBe(12);
      const top = await expectExactTop();
      expect(top.find((p) => p.productId === PLOV)?.receipts).toBe(12);
    } finally {
      await held.release();
    }
    await h.productRollupCaughtUp();
    expect(await productRollup()).not.toBe(before);
    expect((await expectExactTop()).find((p) => p.productId === PLOV)?.receipts).toBe(12);
  });

  it('does not double a sale whose event is delivered again (cursor moved back)', async () => {
    await h.sync(batch(7, 4));
    await h.productRollupCaughtUp();
    const rolled = await productRollup();
    const [cursor] = await h.db.admin<{ position: string }>(
      'SELECT position::text FROM events.consumer_cursor WHERE consumer = $1',
      [PRODUCT_ROLLUP_CONSUMER],
    );
    // Every sale.created of the log is delivered again, then the next sync wakes the consumer.
    await h.db.admin(`UPDATE events.consumer_cursor SET position = 0, txid = '0' WHERE consumer = $1`, [
      PRODUCT_ROLLUP_CONSUMER,
    ]);
    await expectExactTop();
    await h.sync(batch(1, 5));
    await untilCursorPast(BigInt(cursor!.position));
    await h.productRollupCaughtUp();
    const [again] = await Promise.all([summary('rollup'), expectExactTop()]);
    expect(again.topProducts.find((p) => p.productId === PLOV)?.receipts).toBe(12 + 7 + 1);
    expect(await productRollup()).not.toBe(rolled);
  });

  it('neither loses nor doubles when a consumer batch fails half-way', async () => {
    await h.productRollupCaughtUp();
    // The second product row the consumer upserts fails once, after the first was written.
    await h.db.admin(`CREATE SEQUENCE sales.rollup_crash_seq;
      GRANT USAGE ON SEQUENCE sales.rollup_crash_seq TO jowi_sales;
      CREATE FUNCTION sales.rollup_crash() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('sales.rollup_crash_seq') = 2 THEN RAISE EXCEPTION 'consumer crashed mid-batch'; END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER rollup_crash BEFORE INSERT ON sales.daily_product_rollup
        FOR EACH ROW EXECUTE FUNCTION sales.rollup_crash()`);
    try {
      await h.sync(batch(9, 6));
      await h.productRollupCaughtUp();
      const [{ calls }] = (await h.db.admin<{ calls: number }>(
        'SELECT last_value::int AS calls FROM sales.rollup_crash_seq',
      )) as [{ calls: number }];
      expect(calls).toBeGreaterThan(2);
      const top = await expectExactTop();
      expect(top.find((p) => p.productId === NON)?.receipts).toBe(12 + 7 + 1 + 9);
      const [marks] = await h.db.admin<{ n: number }>(
        'SELECT count(*)::int AS n FROM sales.product_rolled WHERE tenant_id = $1',
        [TENANT_A],
      );
      const [sales] = await h.db.admin<{ n: number }>(
        'SELECT count(*)::int AS n FROM sales.sale WHERE tenant_id = $1',
        [TENANT_A],
      );
      expect(marks!.n).toBe(sales!.n);
    } finally {
      await h.db.admin(`DROP TRIGGER rollup_crash ON sales.daily_product_rollup;
        DROP FUNCTION sales.rollup_crash(); DROP SEQUENCE sales.rollup_crash_seq`);
    }
  });
});

/** Until the consumer's cursor is past `position` again (up to 60 s). */
async function untilCursorPast(position: bigint): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await h.db.admin<{ position: string }>(
      'SELECT position::text FROM events.consumer_cursor WHERE consumer = $1',
      [PRODUCT_ROLLUP_CONSUMER],
    );
    if (BigInt(row!.position) > position) return;
    if (Date.now() > deadline) throw new Error('the product-rollup consumer did not move past its cursor');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
