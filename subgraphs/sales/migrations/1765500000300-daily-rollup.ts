import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily sales rollup (issue 15): per tenant, store and business day — the day fixed at
 * ingestion in the store's zone — the figures the back-office summary adds up, so a range reads
 * a few rows per day instead of every sale, line and payment.
 *
 * `sales.daily_rollup` holds one row per (day, kind, key):
 * - `SALE_HOUR`, key = hour of day in the store's zone (0–23): receipts, revenue, VAT, discounts;
 * - `SALE_PAYMENT`, key = method: receipts paying with it (each sale once), amount;
 * - `SALE_VAT`, key = VAT rate ('-' when none): lines, line totals, VAT, line + receipt discounts;
 * - `REFUND`, key '': refunds, amount, VAT (on the refund's own day and store);
 * - `REFUND_PAYMENT`, key = method: refunds paying back with it (each refund once), amount;
 * - `REFUND_VAT`, key = the refunded sale line's VAT rate: refund lines, amount, VAT.
 * `sales.daily_product_rollup` holds per product and day: quantity, line revenue, receipts
 * (sales with the product, each once) and the greatest line name (the top products' label).
 *
 * Maintained by AFTER INSERT statement triggers with transition tables on sale, sale_line,
 * sale_payment, refund, refund_line and refund_payment — in the transaction that stores the
 * document, whatever writes it (syncSales' set-based insert, refunds, the bulk generator,
 * imports). Exactly once by construction: a transition table holds only the rows the statement
 * really inserted, so a re-sent sale (ON CONFLICT DO NOTHING) or refund adds nothing; a rolled
 * back batch takes its rollup rows with it. Sales and refunds are immutable, so nothing else
 * changes the figures. Every upsert is sorted by its key and every writer touches the kinds in
 * the same order (sale → lines → payments; refund → lines → payments), so concurrent batches
 * wait on a hot row, never deadlock.
 *
 * Receipt counts per product and per method count a document once even when its lines or
 * payments arrive in several statements: a group counts only if none of the document's other
 * rows for that product/method were stored before this statement.
 *
 * The backfill adds up the existing rows with the same statements, the base tables read with
 * row-level security not forced (the migration runs as their owner, with no tenant set).
 */
const TASHKENT = `'Asia/Tashkent'`;

const upsert = (key: string, sets: string[]) =>
  `ON CONFLICT (${key}) DO UPDATE SET ${sets.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')}`;
const DAY_KEY = 'tenant_id, store_id, business_date, kind, key';
const ROLLUP = `INSERT INTO sales.daily_rollup AS r (${DAY_KEY}, n, amount, vat, discount)`;
const ROLLUP_SET = upsert(DAY_KEY, ['n', 'amount', 'vat', 'discount']);

/** A document's other rows stored before this statement (so it was counted then). */
const earlier = (table: string, owner: string, column: string, check: boolean) =>
  check
    ? `NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.tenant_id = g.tenant_id AND o.${owner} = g.${owner}
         AND o.${column} = g.${column} AND o.line_no <> ALL (g.nos))`
    : 'true';

/** SQL that rolls up the sale rows of `src` (a transition table, or the table itself to backfill). */
const saleRollupSql = (src: string) => `${ROLLUP}
  SELECT s.tenant_id, s.store_id, s.business_date, 'SALE_HOUR',
         extract(hour FROM s.device_created_at AT TIME ZONE coalesce(z.time_zone, ${TASHKENT}))::int::text,
         count(*), sum(s.total), sum(s.vat_total), sum(s.discount)
    FROM ${src} s LEFT JOIN sales.store_ref z ON z.tenant_id = s.tenant_id AND z.id = s.store_id
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const saleLineVatRollupSql = (src: string) => `${ROLLUP}
  SELECT s.tenant_id, s.store_id, s.business_date, 'SALE_VAT', coalesce(l.vat_rate::text, '-'),
         count(*), sum(l.total), sum(l.vat_amount), sum(l.discount + l.receipt_discount)
    FROM ${src} l JOIN sales.sale s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const PRODUCT_KEY = 'tenant_id, store_id, business_date, product_id';
const saleLineProductRollupSql = (src: string, check: boolean) => `WITH g AS (
    SELECT tenant_id, sale_id, product_id, sum(quantity) AS quantity, sum(total) AS revenue, max(name) AS name,
           array_agg(line_no) AS nos
      FROM ${src} GROUP BY 1, 2, 3
  ), x AS (
    SELECT s.store_id, s.business_date, g.*, ${earlier('sales.sale_line', 'sale_id', 'product_id', check)} AS first
      FROM g JOIN sales.sale s ON s.tenant_id = g.tenant_id AND s.id = g.sale_id
  )
  INSERT INTO sales.daily_product_rollup AS r (${PRODUCT_KEY}, quantity, revenue, receipts, name)
  SELECT tenant_id, store_id, business_date, product_id, sum(quantity), sum(revenue),
         count(*) FILTER (WHERE first), max(name)
    FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ${upsert(PRODUCT_KEY, ['quantity', 'revenue', 'receipts'])}, name = greatest(r.name, EXCLUDED.name)`;

const salePaymentRollupSql = (src: string, check: boolean) => `WITH g AS (
    SELECT tenant_id, sale_id, method, sum(amount) AS amount, array_agg(line_no) AS nos FROM ${src} GROUP BY 1, 2, 3
  ), x AS (
    SELECT s.store_id, s.business_date, g.*, ${earlier('sales.sale_payment', 'sale_id', 'method', check)} AS first
      FROM g JOIN sales.sale s ON s.tenant_id = g.tenant_id AND s.id = g.sale_id
  )
  ${ROLLUP}
  SELECT tenant_id, store_id, business_date, 'SALE_PAYMENT', method, count(*) FILTER (WHERE first), sum(amount), 0, 0
    FROM x GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const refundRollupSql = (src: string) => `${ROLLUP}
  SELECT tenant_id, store_id, business_date, 'REFUND', '', count(*), sum(total), sum(vat_total), 0
    FROM ${src} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ${ROLLUP_SET}`;

const refundLineRollupSql = (src: string) => `${ROLLUP}
  SELECT f.tenant_id, f.store_id, f.business_date, 'REFUND_VAT', coalesce(sl.vat_rate::text, '-'),
         count(*), sum(rl.amount), sum(rl.vat_amount), 0
    FROM ${src} rl JOIN sales.refund f ON f.tenant_id = rl.tenant_id AND f.id = rl.refund_id
    LEFT JOIN sales.sale_line sl ON sl.tenant_id = f.tenant_id AND sl.sale_id = f.sale_id AND sl.line_no = rl.sale_line_no
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const refundPaymentRollupSql = (src: string, check: boolean) => `WITH g AS (
    SELECT tenant_id, refund_id, method, sum(amount) AS amount, array_agg(line_no) AS nos FROM ${src} GROUP BY 1, 2, 3
  ), x AS (
    SELECT f.store_id, f.business_date, g.*, ${earlier('sales.refund_payment', 'refund_id', 'method', check)} AS first
      FROM g JOIN sales.refund f ON f.tenant_id = g.tenant_id AND f.id = g.refund_id
  )
  ${ROLLUP}
  SELECT tenant_id, store_id, business_date, 'REFUND_PAYMENT', method, count(*) FILTER (WHERE first), sum(amount), 0, 0
    FROM x GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

/** Base table → the trigger function's statements over its transition table `fresh`. */
const TRIGGERS: [string, string[]][] = [
  ['sale', [saleRollupSql('fresh')]],
  ['sale_line', [saleLineVatRollupSql('fresh'), saleLineProductRollupSql('fresh', true)]],
  ['sale_payment', [salePaymentRollupSql('fresh', true)]],
  ['refund', [refundRollupSql('fresh')]],
  ['refund_line', [refundLineRollupSql('fresh')]],
  ['refund_payment', [refundPaymentRollupSql('fresh', true)]],
];

/** The backfill, in the triggers' order. */
const BACKFILL = [
  saleRollupSql('sales.sale'),
  saleLineVatRollupSql('sales.sale_line'),
  saleLineProductRollupSql('sales.sale_line', false),
  salePaymentRollupSql('sales.sale_payment', false),
  refundRollupSql('sales.refund'),
  refundLineRollupSql('sales.refund_line'),
  refundPaymentRollupSql('sales.refund_payment', false),
];
const READ_FOR_BACKFILL = [
  'sales.sale',
  'sales.sale_line',
  'sales.sale_payment',
  'sales.refund',
  'sales.refund_line',
  'sales.refund_payment',
  'sales.store_ref',
];

export class DailyRollup1765500000300 implements MigrationInterface {
  name = 'DailyRollup1765500000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.daily_rollup (
      tenant_id uuid NOT NULL,
      store_id uuid NOT NULL,
      business_date date NOT NULL,
      kind text NOT NULL
        CHECK (kind IN ('SALE_HOUR', 'SALE_PAYMENT', 'SALE_VAT', 'REFUND', 'REFUND_PAYMENT', 'REFUND_VAT')),
      key text NOT NULL,
      n bigint NOT NULL CHECK (n >= 0),
      amount bigint NOT NULL,
      vat bigint NOT NULL,
      discount bigint NOT NULL,
      PRIMARY KEY (tenant_id, store_id, business_date, kind, key)
    )`);
    await q.query(`CREATE TABLE sales.daily_product_rollup (
      tenant_id uuid NOT NULL,
      store_id uuid NOT NULL,
      business_date date NOT NULL,
      product_id uuid NOT NULL,
      quantity numeric(20,3) NOT NULL,
      revenue bigint NOT NULL,
      receipts bigint NOT NULL CHECK (receipts >= 0),
      name text,
      PRIMARY KEY (tenant_id, store_id, business_date, product_id)
    )`);
    // The owner reads every tenant's rows while RLS is not forced on it (this transaction only).
    for (const table of READ_FOR_BACKFILL) await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    for (const sql of BACKFILL) await q.query(sql);
    for (const table of READ_FOR_BACKFILL) await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    for (const table of ['sales.daily_rollup', 'sales.daily_product_rollup']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
    for (const [table, statements] of TRIGGERS) {
      await q.query(`CREATE FUNCTION sales.rollup_${table}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          ${statements.map((sql) => `${sql};`).join('\n')}
          RETURN NULL;
        END $fn$`);
      await q.query(`CREATE TRIGGER ${table}_rollup AFTER INSERT ON sales.${table}
        REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION sales.rollup_${table}()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of TRIGGERS) {
      await q.query(`DROP TRIGGER ${table}_rollup ON sales.${table}`);
      await q.query(`DROP FUNCTION sales.rollup_${table}()`);
    }
    await q.query('DROP TABLE sales.daily_product_rollup');
    await q.query('DROP TABLE sales.daily_rollup');
  }
}
