import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type Mode, saleLineProductSql, saleLineVatSql } from './1765700000300-rollup-slots.ts';

/**
 * The daily product rollup off the `syncSales` write path (issue 19; the consumer and the reads
 * are in src/services/product-rollup.ts).
 *
 * - `sales.rollup_sale_line()` upserts `daily_product_rollup` only when its transaction has not
 *   set `jowi.product_rollup = consumer` (`syncSales` sets it; every sale it stores has a
 *   `sale.created` event, which the `jowi_sales:product-rollup` consumer rolls up). The `SALE_VAT`
 *   statement and every other rollup trigger are unchanged.
 * - `sales.product_rolled (tenant_id, sale_id)`: the sales that consumer rolled up, its
 *   exactly-once mark. Every sale stored before this migration is already in the rollup (the
 *   trigger did it), so all are marked here, after `sale_line` is locked against writers (each
 *   writer's sales are then either committed and marked, or stored after this commits).
 * - The consumer's cursor starts at this transaction: the events of every earlier transaction are
 *   of marked sales, so there is no history for it to walk (the marks would skip it anyway).
 *
 * `down` rolls up the marked-for-nothing tail (sales with a `sale.created` and no mark) with the
 * trigger's own statement shape, then restores the trigger and drops the marks and the cursor.
 */
const CONSUMER = 'jowi_sales:product-rollup';

const saleLineFunction = (mode: Mode, deferrable: boolean) => {
  const product = deferrable
    ? `IF current_setting('jowi.product_rollup', true) IS DISTINCT FROM 'consumer' THEN
          ${saleLineProductSql(mode)};
        END IF;`
    : `${saleLineProductSql(mode)};`;
  return `CREATE OR REPLACE FUNCTION sales.rollup_sale_line() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        ${saleLineVatSql(mode)};
        ${product}
        RETURN NULL;
      END $fn$`;
};

/** Runs `work` with row-level security not forced on `tables` (the owner sees every tenant's rows). */
async function asOwner(q: QueryRunner, tables: string[], work: () => Promise<void>): Promise<void> {
  for (const table of tables) await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await work();
  for (const table of tables) await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
}

/** The lines of sales with a `sale.created` and no mark, added to the product rollup (slot 0). */
const ROLL_UP_UNMARKED = `WITH todo AS (
    SELECT DISTINCT s.tenant_id, s.id, s.store_id, s.business_date FROM events.event e
      JOIN sales.sale s ON s.tenant_id = e.tenant_id
       AND s.id = CASE WHEN e.aggregate_id ~ '^[0-9a-fA-F-]{36}$' THEN e.aggregate_id::uuid END
      LEFT JOIN sales.product_rolled r ON r.tenant_id = s.tenant_id AND r.sale_id = s.id
     WHERE e.type = 'sale.created' AND r.sale_id IS NULL
  )
  INSERT INTO sales.daily_product_rollup AS r
    (tenant_id, store_id, business_date, product_id, slot, quantity, revenue, receipts, name)
  SELECT t.tenant_id, t.store_id, t.business_date, l.product_id, 0, sum(l.quantity), sum(l.total),
         count(DISTINCT l.sale_id), max(l.name)
    FROM todo t JOIN sales.sale_line l ON l.tenant_id = t.tenant_id AND l.sale_id = t.id
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, store_id, business_date, product_id, slot) DO UPDATE SET
     quantity = r.quantity + EXCLUDED.quantity, revenue = r.revenue + EXCLUDED.revenue,
     receipts = r.receipts + EXCLUDED.receipts, name = greatest(r.name, EXCLUDED.name)`;

export class ProductRollupConsumer1766100000300 implements MigrationInterface {
  name = 'ProductRollupConsumer1766100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.product_rolled (
      tenant_id uuid NOT NULL,
      sale_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, sale_id)
    )`);
    for (const sql of tenantTableSql('sales.product_rolled')) await q.query(sql);
    await q.query('LOCK TABLE sales.sale_line IN SHARE MODE');
    await q.query(saleLineFunction('slots', true));
    await asOwner(q, ['sales.sale', 'sales.product_rolled'], async () => {
      await q.query(
        'INSERT INTO sales.product_rolled (tenant_id, sale_id) SELECT tenant_id, id FROM sales.sale ORDER BY 1, 2',
      );
    });
    await asOwner(q, ['events.consumer_cursor'], async () => {
      await q.query(
        `INSERT INTO events.consumer_cursor (consumer, position, txid, types)
         VALUES ($1, 0, pg_current_xact_id(), ARRAY['sale.created'])
         ON CONFLICT (consumer) DO UPDATE SET position = 0, txid = EXCLUDED.txid, updated_at = now()`,
        [CONSUMER],
      );
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('LOCK TABLE sales.sale_line IN SHARE MODE');
    await q.query(saleLineFunction('slots', false));
    const tables = ['events.event', 'sales.sale', 'sales.sale_line', 'sales.product_rolled'];
    await asOwner(q, [...tables, 'sales.daily_product_rollup'], async () => {
      await q.query(ROLL_UP_UNMARKED);
    });
    await asOwner(q, ['events.consumer_cursor'], async () => {
      await q.query('DELETE FROM events.consumer_cursor WHERE consumer = $1', [CONSUMER]);
    });
    await q.query('DROP TABLE sales.product_rolled');
  }
}
