/**
 * The bulk sales generator (`npm run seed -- --sales N`, the benchmark's data): what it writes
 * must be data the sales subgraph itself could have stored — every database constraint holds,
 * and the amounts follow the one rounding rule to the tiyin.
 */
import { createTestDatabase, type TestDatabase } from '@jowi/server-kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.ts';
import { generateSales } from './generate.ts';

const TENANT = '0190a000-0000-7000-8000-0000000000aa';
const STORE_TASHKENT = '0190a000-0000-7000-8000-0000000000e1';
const STORE_NY = '0190a000-0000-7000-8000-0000000000e2';
const terminals = [
  { id: '0190a000-0000-7000-8000-0000000000c1', storeId: STORE_TASHKENT, timeZone: 'Asia/Tashkent' },
  { id: '0190a000-0000-7000-8000-0000000000c2', storeId: STORE_TASHKENT, timeZone: 'Asia/Tashkent' },
  { id: '0190a000-0000-7000-8000-0000000000c3', storeId: STORE_NY, timeZone: 'America/New_York' },
];
const products = [
  { id: '0190a000-0000-7000-8000-0000000000d1', price: 4_500_000n, vatRate: 12 },
  { id: '0190a000-0000-7000-8000-0000000000d2', price: 500_000n, vatRate: 0 },
  { id: '0190a000-0000-7000-8000-0000000000d3', price: 1_234_567n, vatRate: 12 },
  { id: '0190a000-0000-7000-8000-0000000000d4', price: 99_999n, vatRate: 15 },
];
const COUNT = 3000;

let db: TestDatabase;
let client: pg.Client;
const one = async <T>(sql: string): Promise<T> => (await db.admin<T>(sql, []))[0]!;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'sales', migrations }]);
  client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  const progress: number[] = [];
  const done = await generateSales(client, {
    tenantId: TENANT,
    terminals,
    products,
    count: COUNT,
    cashierIds: ['0190a000-0000-7000-8000-0000000000f1', '0190a000-0000-7000-8000-0000000000f2'],
    customerIds: ['0190a000-0000-7000-8000-0000000000b1'],
    chunkSize: 1000,
    days: 10,
    refundPercent: 5,
    until: new Date('2026-05-01T12:00:00Z'),
    progress: (n) => progress.push(n),
  });
  expect(done).toBe(COUNT);
  expect(progress).toEqual([1000, 2000, 3000]);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('generateSales', () => {
  it('writes the sales with 3–5 lines, payments, shifts and refunds', async () => {
    const c = await one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM sales.sale)::int AS sales,
              (SELECT min(n) FROM (SELECT count(*) n FROM sales.sale_line GROUP BY sale_id) x)::int AS min_lines,
              (SELECT max(n) FROM (SELECT count(*) n FROM sales.sale_line GROUP BY sale_id) x)::int AS max_lines,
              (SELECT count(DISTINCT method) FROM sales.sale_payment)::int AS methods,
              (SELECT count(*) FROM sales.sale s WHERE NOT EXISTS
                 (SELECT 1 FROM sales.sale_payment p WHERE p.sale_id = s.id))::int AS unpaid,
              (SELECT count(*) FROM sales.shift)::int AS shifts,
              (SELECT count(*) FROM sales.refund)::int AS refunds,
              (SELECT count(*) FROM sales.sale WHERE status = 'REFUNDED')::int AS refunded,
              (SELECT count(*) FROM sales.sale WHERE discount > 0)::int AS discounted,
              (SELECT count(*) FROM sales.sale WHERE customer_id IS NOT NULL)::int AS with_customer,
              (SELECT count(*) FROM sales.sale WHERE cashier_id IS NULL OR shift_id IS NULL)::int AS anonymous,
              (SELECT count(*) FROM sales.store_ref)::int AS stores`,
    );
    expect(c).toMatchObject({
      sales: COUNT,
      min_lines: 3,
      max_lines: 5,
      methods: 5,
      unpaid: 0,
      shifts: 30,
      anonymous: 0,
      stores: 2,
    });
    expect(c.refunds).toBe(c.refunded);
    expect(c.refunds).toBeGreaterThan(COUNT * 0.02);
    expect(c.discounted).toBeGreaterThan(COUNT * 0.02);
    expect(c.with_customer).toBeGreaterThan(COUNT * 0.1);
  });

  it('follows the rounding rule to the tiyin and balances every receipt', async () => {
    const bad = await one<Record<string, number>>(
      `WITH l AS (
         SELECT l.*, round(quantity * unit_price, 0)::bigint AS gross,
                sum(round(quantity * unit_price, 0)::bigint - discount) OVER (PARTITION BY sale_id) AS base_sum
           FROM sales.sale_line l)
       SELECT
         (SELECT count(*) FROM l WHERE total <> gross - discount - receipt_discount)::int AS line_total,
         (SELECT count(*) FROM l WHERE vat_amount <> floor(total * vat_rate / (100.0 + vat_rate) + 0.5))::int AS line_vat,
         -- each share is the floored proportional share, or one tiyin more
         (SELECT count(*) FROM l JOIN sales.sale s ON s.id = l.sale_id
           WHERE base_sum > 0 AND receipt_discount - floor(s.discount * (gross - l.discount) / base_sum) NOT IN (0, 1))::int AS share,
         (SELECT count(*) FROM sales.sale s JOIN (
             SELECT sale_id, sum(gross - discount) AS subtotal, sum(receipt_discount) AS discount,
                    sum(total) AS total, sum(vat_amount) AS vat FROM l GROUP BY sale_id) x ON x.sale_id = s.id
           WHERE s.subtotal <> x.subtotal OR s.discount <> x.discount OR s.total <> x.total
              OR s.vat_total <> x.vat)::int AS sale_sums,
         (SELECT count(*) FROM sales.sale s
           WHERE total <> (SELECT sum(amount) FROM sales.sale_payment p WHERE p.sale_id = s.id))::int AS payments,
         (SELECT count(*) FROM sales.sale_payment
           WHERE (method = 'CASH') <> (card_brand IS NULL AND reference IS NULL)
              OR (method = 'CARD') <> (card_brand IS NOT NULL)
              OR (tendered IS NOT NULL AND (method <> 'CASH' OR change <> tendered - amount)))::int AS payment_fields,
         (SELECT count(*) FROM sales.refund r JOIN sales.sale s ON s.id = r.sale_id
           WHERE r.total <> s.total OR r.vat_total <> s.vat_total OR s.refunded_total <> s.total
              OR r.total <> (SELECT sum(amount) FROM sales.refund_payment p WHERE p.refund_id = r.id)
              OR r.total <> (SELECT sum(amount) FROM sales.refund_line p WHERE p.refund_id = r.id))::int AS refunds`,
    );
    expect(bad).toEqual({
      line_total: 0,
      line_vat: 0,
      share: 0,
      sale_sums: 0,
      payments: 0,
      payment_fields: 0,
      refunds: 0,
    });
  });

  it('puts sales in opening hours, in the store’s zone and business day, on that day’s shift', async () => {
    const r = await one<Record<string, number | string>>(
      `SELECT (SELECT count(*) FROM sales.sale s JOIN sales.store_ref z ON z.id = s.store_id
                WHERE business_date <> (device_created_at AT TIME ZONE z.time_zone)::date
                   OR extract(hour FROM device_created_at AT TIME ZONE z.time_zone) NOT BETWEEN 8 AND 22)::int AS outside,
              (SELECT count(*) FROM sales.sale s JOIN sales.shift sh ON sh.id = s.shift_id
                WHERE s.device_created_at NOT BETWEEN sh.opened_at AND sh.closed_at
                   OR sh.terminal_id <> s.terminal_id)::int AS off_shift,
              (SELECT to_char(min(business_date), 'YYYY-MM-DD') FROM sales.sale) AS first_day,
              (SELECT to_char(max(business_date), 'YYYY-MM-DD') FROM sales.sale) AS last_day`,
    );
    expect(r).toEqual({ outside: 0, off_shift: 0, first_day: '2026-04-21', last_day: '2026-04-30' });
  });

  it('numbers receipts in time order per terminal and closes shifts with the expected cash', async () => {
    const r = await one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM (
                 SELECT receipt_number, lag(receipt_number) OVER (PARTITION BY terminal_id ORDER BY device_created_at) AS prev
                   FROM sales.sale) x WHERE receipt_number <> prev + 1)::int AS gaps,
              (SELECT count(*) FROM sales.shift sh
                WHERE counted_cash <> opening_float
                  + coalesce((SELECT sum(p.amount) FROM sales.sale s JOIN sales.sale_payment p ON p.sale_id = s.id
                               WHERE s.shift_id = sh.id AND p.method = 'CASH'), 0)
                  - coalesce((SELECT sum(p.amount) FROM sales.refund r JOIN sales.refund_payment p ON p.refund_id = r.id
                               WHERE r.shift_id = sh.id AND p.method = 'CASH'), 0))::int AS drawers`,
    );
    expect(r).toEqual({ gaps: 0, drawers: 0 });
  });

  it('adds a second run beside the first without clashing ids or shift numbers', async () => {
    await generateSales(client, {
      tenantId: TENANT,
      terminals,
      products,
      count: 10,
      days: 10,
      until: new Date('2026-05-02T12:00:00Z'),
    });
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM sales.sale')).toEqual({ n: COUNT + 10 });
    expect(await one<{ n: number }>('SELECT max(number)::int AS n FROM sales.shift')).toEqual({ n: 20 });
  });
});
