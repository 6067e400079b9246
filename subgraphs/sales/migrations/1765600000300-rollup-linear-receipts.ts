import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollup triggers of 1765500000300-daily-rollup.ts decide whether a (document, product) or
 * (document, method) group was counted by an earlier statement with a correlated `NOT EXISTS`:
 * for every group it scanned all the document's stored rows and compared each with the group's
 * `line_no` array — lines × products (plus lines × lines for one product on many lines), i.e.
 * quadratic in the lines per sale. A 2 000-line wholesale receipt paid for that on every store.
 *
 * Now each touched document's stored rows are read once (a LATERAL scan of its primary key,
 * `(tenant_id, <document>_id, line_no)`) and counted per product or method in the same aggregate
 * as the statement's rows; a group is new to the rollup exactly when the stored rows for its key
 * are all rows of this statement (the statement's own rows are visible to its AFTER trigger),
 * i.e. when the two counts are equal. Same answer as
 * before, linear in the rows of the touched documents. The triggers themselves are unchanged; only
 * the three functions that count receipts are replaced (`CREATE OR REPLACE`), and `down` puts the
 * previous bodies back.
 */
const ROLLUP_DAY_KEY = 'tenant_id, store_id, business_date, kind, key';
const PRODUCT_KEY = 'tenant_id, store_id, business_date, product_id';
const upsert = (key: string, sets: string[]) =>
  `ON CONFLICT (${key}) DO UPDATE SET ${sets.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')}`;
const ROLLUP = `INSERT INTO sales.daily_rollup AS r (${ROLLUP_DAY_KEY}, n, amount, vat, discount)`;
const ROLLUP_SET = upsert(ROLLUP_DAY_KEY, ['n', 'amount', 'vat', 'discount']);

/** How a group learns it is the first of its key in its document. */
type FirstCheck = 'count' | 'not-exists';

/**
 * The CTE `g`: this statement's rows of `fresh` grouped by document (`owner`) and `column`, with
 * `measures` over the `carried` columns and `first` (no row of the group's key was stored by an
 * earlier statement), for `table`.
 *
 * `count`: the touched documents' stored rows (read once each, by primary key, through LATERAL)
 * are added to the statement's rows in one UNION ALL and one aggregate — no join between two
 * unindexed sets, which the planner may run as a nested loop over CTE scans.
 */
function groups(
  table: string,
  owner: string,
  column: string,
  carried: [name: string, type: string][],
  measures: string,
  how: FirstCheck,
): string {
  if (how === 'not-exists') {
    return `g0 AS (
    SELECT tenant_id, ${owner}, ${column}, ${measures}, array_agg(line_no) AS nos FROM fresh GROUP BY 1, 2, 3
  ), g AS (
    SELECT g0.*, NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.tenant_id = g0.tenant_id AND o.${owner} = g0.${owner}
             AND o.${column} = g0.${column} AND o.line_no <> ALL (g0.nos)) AS first
      FROM g0
  )`;
  }
  const names = carried.map(([name]) => name).join(', ');
  const nulls = carried.map(([, type]) => `NULL::${type}`).join(', ');
  return `docs AS (
    SELECT DISTINCT tenant_id, ${owner} FROM fresh
  ), u AS (
    SELECT tenant_id, ${owner}, ${column}, ${names}, 1 AS fresh_n, 0 AS stored_n FROM fresh
    UNION ALL
    SELECT o.tenant_id, o.${owner}, o.${column}, ${nulls}, 0, 1
      FROM docs d
      CROSS JOIN LATERAL (
        SELECT s.tenant_id, s.${owner}, s.${column} FROM ${table} s
         WHERE s.tenant_id = d.tenant_id AND s.${owner} = d.${owner}
      ) o
  ), g AS (
    SELECT tenant_id, ${owner}, ${column}, ${measures}, sum(stored_n) = sum(fresh_n) AS first
      FROM u GROUP BY 1, 2, 3 HAVING sum(fresh_n) > 0
  )`;
}

const saleLineVatRollupSql = `${ROLLUP}
  SELECT s.tenant_id, s.store_id, s.business_date, 'SALE_VAT', coalesce(l.vat_rate::text, '-'),
         count(*), sum(l.total), sum(l.vat_amount), sum(l.discount + l.receipt_discount)
    FROM fresh l JOIN sales.sale s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const saleLineProductRollupSql = (how: FirstCheck) => `WITH ${groups(
  'sales.sale_line',
  'sale_id',
  'product_id',
  [
    ['quantity', 'numeric'],
    ['total', 'bigint'],
    ['name', 'text'],
  ],
  'sum(quantity) AS quantity, sum(total) AS revenue, max(name) AS name',
  how,
)}, x AS (
    SELECT s.store_id, s.business_date, g.*
      FROM g JOIN sales.sale s ON s.tenant_id = g.tenant_id AND s.id = g.sale_id
  )
  INSERT INTO sales.daily_product_rollup AS r (${PRODUCT_KEY}, quantity, revenue, receipts, name)
  SELECT tenant_id, store_id, business_date, product_id, sum(quantity), sum(revenue),
         count(*) FILTER (WHERE first), max(name)
    FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ${upsert(PRODUCT_KEY, ['quantity', 'revenue', 'receipts'])}, name = greatest(r.name, EXCLUDED.name)`;

const salePaymentRollupSql = (how: FirstCheck) => `WITH ${groups(
  'sales.sale_payment',
  'sale_id',
  'method',
  [['amount', 'bigint']],
  'sum(amount) AS amount',
  how,
)}, x AS (
    SELECT s.store_id, s.business_date, g.*
      FROM g JOIN sales.sale s ON s.tenant_id = g.tenant_id AND s.id = g.sale_id
  )
  ${ROLLUP}
  SELECT tenant_id, store_id, business_date, 'SALE_PAYMENT', method, count(*) FILTER (WHERE first), sum(amount), 0, 0
    FROM x GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

const refundPaymentRollupSql = (how: FirstCheck) => `WITH ${groups(
  'sales.refund_payment',
  'refund_id',
  'method',
  [['amount', 'bigint']],
  'sum(amount) AS amount',
  how,
)}, x AS (
    SELECT f.store_id, f.business_date, g.*
      FROM g JOIN sales.refund f ON f.tenant_id = g.tenant_id AND f.id = g.refund_id
  )
  ${ROLLUP}
  SELECT tenant_id, store_id, business_date, 'REFUND_PAYMENT', method, count(*) FILTER (WHERE first), sum(amount), 0, 0
    FROM x GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5
  ${ROLLUP_SET}`;

/** Trigger function → its statements, in the order of 1765500000300. */
const functions = (how: FirstCheck): [string, string[]][] => [
  ['sale_line', [saleLineVatRollupSql, saleLineProductRollupSql(how)]],
  ['sale_payment', [salePaymentRollupSql(how)]],
  ['refund_payment', [refundPaymentRollupSql(how)]],
];

async function replaceFunctions(q: QueryRunner, how: FirstCheck): Promise<void> {
  for (const [table, statements] of functions(how)) {
    await q.query(`CREATE OR REPLACE FUNCTION sales.rollup_${table}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        ${statements.map((sql) => `${sql};`).join('\n')}
        RETURN NULL;
      END $fn$`);
  }
}

export class RollupLinearReceipts1765600000300 implements MigrationInterface {
  name = 'RollupLinearReceipts1765600000300';

  async up(q: QueryRunner): Promise<void> {
    await replaceFunctions(q, 'count');
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceFunctions(q, 'not-exists');
  }
}
