/**
 * The daily product rollup off the `syncSales` write path (issue 19,
 * 1766100000300-product-rollup-consumer.ts).
 *
 * `syncSales` marks its batch transaction (`jowi.product_rollup = consumer`, transaction-local),
 * and the `sale_line` rollup trigger then skips its `daily_product_rollup` upsert — the ≈ 15 ms of
 * a 50-sale batch the per-batch upsert of ~200 product rows cost. Every sale `syncSales` stores has
 * its `sale.created` event, so this consumer of `sale.created` rolls those sales up instead: once
 * per (store, day, product) per consumer batch of up to {@link BATCH_SIZE} events, however many
 * terminal batches they came in. Everything else that stores sales (the bulk generator, imports:
 * no events) is still rolled up by the trigger, in its own transaction.
 *
 * Exactly once: `sales.product_rolled` holds one row per sale rolled up by this consumer; the
 * statement inserts a batch's sales there first (`ON CONFLICT DO NOTHING RETURNING`) and adds only
 * the lines of the sales it really inserted, in the same transaction as the runner's cursor move.
 * So a replayed event (a cursor moved back, a retried parked event) adds nothing, and a batch that
 * fails half-way rolls back with its marks. Sales stored before the migration are all marked.
 *
 * Reads stay exact: {@link PENDING_PRODUCT_LINES_SQL} is the not-yet-rolled tail — the lines of
 * the tenant's sales whose `sale.created` is past this consumer's cursor, or parked for it, and
 * that are not marked — which the top-products read adds to the rollup rows in the same statement
 * (one snapshot: a sale is either in the rollup or in the tail, never both, never neither).
 */
import { type ConsumerDefinition, type EntityManager, isUuid, runtimeRole } from '@jowi/server-kit';

/** The consumer's cursor key (`events.consumer_cursor.consumer`). */
export const PRODUCT_ROLLUP_CONSUMER = `${runtimeRole('sales')}:product-rollup`;

/** Events per consumer transaction: the bigger, the fewer upserts per product. */
const BATCH_SIZE = 500;

/** The transaction-local setting by which `syncSales` hands its product rollup to the consumer. */
export const DEFER_PRODUCT_ROLLUP_SQL = "SELECT set_config('jowi.product_rollup', 'consumer', true)";

const PRODUCT_KEY = 'tenant_id, store_id, business_date, product_id';

/**
 * ($1 tenant, $2 sale ids) → marks the stored sales of the ids as rolled up and upserts their lines
 * into the daily product rollup (only those it marked: a sale already marked adds nothing).
 * Receipts count each sale once per product: a sale is always rolled up whole.
 */
export const ROLL_UP_SALES_SQL = `WITH marked AS (
    INSERT INTO sales.product_rolled (tenant_id, sale_id)
    SELECT s.tenant_id, s.id FROM sales.sale s
     WHERE s.tenant_id = $1 AND s.id = ANY($2::uuid[])
     ORDER BY s.id
    ON CONFLICT DO NOTHING
    RETURNING sale_id
  ), g AS (
    SELECT s.store_id, s.business_date, l.product_id, sum(l.quantity) AS quantity, sum(l.total) AS revenue,
           count(DISTINCT l.sale_id) AS receipts, max(l.name) AS name
      FROM marked k
      JOIN sales.sale s ON s.tenant_id = $1 AND s.id = k.sale_id
      JOIN sales.sale_line l ON l.tenant_id = $1 AND l.sale_id = k.sale_id
     GROUP BY 1, 2, 3
  )
  INSERT INTO sales.daily_product_rollup AS r (${PRODUCT_KEY}, quantity, revenue, receipts, name, slot)
  SELECT $1, a.store_id, a.business_date, a.product_id, a.quantity, a.revenue, a.receipts, a.name,
         sales.rollup_slot(a.store_id)
    FROM (SELECT * FROM g ORDER BY store_id, business_date, product_id) a
  ON CONFLICT (${PRODUCT_KEY}, slot) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity,
     revenue = r.revenue + EXCLUDED.revenue, receipts = r.receipts + EXCLUDED.receipts,
     name = greatest(r.name, EXCLUDED.name)`;

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * CTE `pending_line` (to prefix a statement with `WITH`): for ($1 tenant, $2 store ids, $3 first
 * day, $4 last day) the lines of the range's sales this consumer has not rolled up yet — their
 * `sale.created` past its cursor (`(txid, id)` order, as the runner reads) or parked for it, and
 * the sale not marked in `sales.product_rolled`. Without a cursor row (the consumer never ran)
 * every event is past it; the marks still exclude what is rolled up.
 */
export const PENDING_PRODUCT_LINES_SQL = `cur AS (
     SELECT c.position, coalesce(c.txid, (SELECT e.txid FROM events.event e WHERE e.id = c.position), '0'::xid8) AS txid
       FROM events.consumer_cursor c WHERE c.consumer = '${PRODUCT_ROLLUP_CONSUMER}'
     UNION ALL
     SELECT 0, '0'::xid8
      WHERE NOT EXISTS (SELECT 1 FROM events.consumer_cursor WHERE consumer = '${PRODUCT_ROLLUP_CONSUMER}')
   ), pending_event AS (
     SELECT e.aggregate_id FROM cur JOIN events.event e ON (e.txid, e.id) > (cur.txid, cur.position)
      WHERE e.type = 'sale.created' AND e.tenant_id = $1
     UNION
     SELECT e.aggregate_id FROM events.parked_event p JOIN events.event e ON e.id = p.event_id
      WHERE p.consumer = '${PRODUCT_ROLLUP_CONSUMER}' AND p.tenant_id = $1
   ), pending_sale AS (
     SELECT s.id FROM pending_event p
       JOIN sales.sale s ON s.tenant_id = $1
        AND s.id = CASE WHEN p.aggregate_id ~ ${UUID_TEXT} THEN p.aggregate_id::uuid END
      WHERE s.store_id = ANY($2::uuid[]) AND s.business_date BETWEEN $3::date AND $4::date
        AND NOT EXISTS (SELECT 1 FROM sales.product_rolled r WHERE r.tenant_id = $1 AND r.sale_id = s.id)
   ), pending_line AS (
     SELECT l.product_id, l.sale_id, l.quantity, l.total, l.name
       FROM pending_sale s JOIN sales.sale_line l ON l.tenant_id = $1 AND l.sale_id = s.id
   )`;

/** Rolls up one tenant's `sale.created` events of a consumer batch (the tenant is set). */
export async function rollUpSales(
  m: EntityManager,
  events: readonly { tenantId: string; aggregateId: string }[],
): Promise<void> {
  const ids = [...new Set(events.map((e) => e.aggregateId.toLowerCase()).filter(isUuid))];
  if (ids.length === 0) return;
  await m.query(ROLL_UP_SALES_SQL, [events[0]!.tenantId, ids]);
}

/**
 * The consumer as `startSales` registers it. It reads only each event's aggregate id (the sale
 * id), so it takes the raw stored events: no payload is parsed, and an event breaking the
 * contract elsewhere is not this consumer's to park (a sale.created naming no stored sale adds
 * nothing).
 */
export const productRollupConsumer: ConsumerDefinition = {
  name: PRODUCT_ROLLUP_CONSUMER,
  types: ['sale.created'],
  batchSize: BATCH_SIZE,
  handleBatch: rollUpSales,
};
