import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollup slots (issue 19): concurrent batches of one store no longer wait for each other's
 * rollup rows.
 *
 * The triggers of 1765500000300-daily-rollup.ts upsert the store-day rows (`SALE_HOUR` of the
 * hour, `SALE_VAT`, `SALE_PAYMENT`) and one `daily_product_rollup` row per product sold, and a
 * batch holds those row locks from its first insert to its commit: two terminals of one store
 * uploading at once queued on them (`Lock:transactionid`), so a store ingested one batch at a
 * time whatever the number of terminals.
 *
 * Now both rollup tables have a `slot` (0–15) in their primary key. A transaction writing a
 * store's rollup takes the lowest slot of that store no other running transaction holds — a
 * transaction-level advisory lock per (store, slot), tried without waiting
 * (`sales.rollup_slot`) — and upserts its rows into that slot only, so concurrent writers of one
 * store touch disjoint rows. When all 16 are taken it shares one (by backend pid): its upserts
 * then wait as before, nothing is lost. The slot only spreads rows; every figure is the sum over
 * slots (the readers in sales-summary.service.ts already sum the rows of a range, and `name` is
 * their `max`), so the figures and exactly-once are what they were: a transition table holds only
 * the rows a statement really inserted, whichever slot they are added to. A store with one writer
 * at a time always gets slot 0: extra rows exist only for the store-days that had concurrent
 * writers, at most one per writer that ran at once.
 *
 * The claim is remembered for the transaction (`jowi.rollup_slot`, transaction-local) so the
 * lines' and payments' statements reuse it without trying locks again; each statement computes
 * the slot after sorting its rows, so a statement of many stores (bulk loads) claims once per
 * store. Lock order stays deadlock-free: every upsert is still sorted by its key, the slot is
 * constant per store within a statement, and writers sharing a slot take rows in the same order.
 *
 * `down` folds every slot into slot 0 and puts back the previous primary keys and trigger bodies.
 */
const SLOTS = 16;
const TASHKENT = `'Asia/Tashkent'`;

/** The statements with a slot (`up`) or as before (`down`). */
type Mode = 'slots' | 'plain';

const DAY_KEY = 'tenant_id, store_id, business_date, kind, key';
const PRODUCT_KEY = 'tenant_id, store_id, business_date, product_id';
const DAY_MEASURES = ['n', 'amount', 'vat', 'discount'];

/** `ON CONFLICT` adding the measures; the key gets `slot` when slotted. */
const onConflict = (mode: Mode, key: string, sets: string[]) =>
  `ON CONFLICT (${key}${mode === 'slots' ? ', slot' : ''}) DO UPDATE SET ${sets
    .map((c) => `${c} = r.${c} + EXCLUDED.${c}`)
    .join(', ')}`;

/**
 * INSERT of `select`'s rows (sorted by key, columns in the table's order up to the measures),
 * with the store's slot appended after the sort when slotted.
 */
function upsertInto(mode: Mode, table: 'day' | 'product', select: string): string {
  const [name, key, measures] =
    table === 'day'
      ? ['sales.daily_rollup', DAY_KEY, DAY_MEASURES.join(', ')]
      : ['sales.daily_product_rollup', PRODUCT_KEY, 'quantity, revenue, receipts, name'];
  if (mode === 'plain') return `INSERT INTO ${name} AS r (${key}, ${measures})\n  ${select}`;
  return `INSERT INTO ${name} AS r (${key}, ${measures}, slot)
  SELECT a.*, sales.rollup_slot(a.store_id) FROM (${select}) a`;
}

const daySet = (mode: Mode) => onConflict(mode, DAY_KEY, DAY_MEASURES);
const productSet = (mode: Mode) =>
  `${onConflict(mode, PRODUCT_KEY, ['quantity', 'revenue', 'receipts'])}, name = greatest(r.name, EXCLUDED.name)`;

/**
 * The CTE `g` of 1765600000300-rollup-linear-receipts.ts: this statement's rows of `fresh`
 * grouped by document and `column`, `first` when no row of the group's key was stored by an
 * earlier statement (the document's stored rows read once, by primary key).
 */
function groups(
  table: string,
  owner: string,
  column: string,
  carried: [name: string, type: string][],
  measures: string,
): string {
  const names = carried.map(([n]) => n).join(', ');
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

const saleSql = (mode: Mode) => `${upsertInto(
  mode,
  'day',
  `SELECT s.tenant_id, s.store_id, s.business_date, 'SALE_HOUR',
         extract(hour FROM s.device_created_at AT TIME ZONE coalesce(z.time_zone, ${TASHKENT}))::int::text,
         count(*), sum(s.total), sum(s.vat_total), sum(s.discount)
    FROM fresh s LEFT JOIN sales.store_ref z ON z.tenant_id = s.tenant_id AND z.id = s.store_id
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5`,
)}
  ${daySet(mode)}`;

const saleLineVatSql = (mode: Mode) => `${upsertInto(
  mode,
  'day',
  `SELECT s.tenant_id, s.store_id, s.business_date, 'SALE_VAT', coalesce(l.vat_rate::text, '-'),
         count(*), sum(l.total), sum(l.vat_amount), sum(l.discount + l.receipt_discount)
    FROM fresh l JOIN sales.sale s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5`,
)}
  ${daySet(mode)}`;

const saleLineProductSql = (mode: Mode) => `WITH ${groups(
  'sales.sale_line',
  'sale_id',
  'product_id',
  [
    ['quantity', 'numeric'],
    ['total', 'bigint'],
    ['name', 'text'],
  ],
  'sum(quantity) AS quantity, sum(total) AS revenue, max(name) AS name',
)}, x AS (
    SELECT s.store_id, s.business_date, g.*
      FROM g JOIN sales.sale s ON s.tenant_id = g.tenant_id AND s.id = g.sale_id
  )
  ${upsertInto(
    mode,
    'product',
    `SELECT tenant_id, store_id, business_date, product_id, sum(quantity), sum(revenue),
         count(*) FILTER (WHERE first), max(name)
    FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  )}
  ${productSet(mode)}`;

const paymentSql = (mode: Mode, doc: 'sale' | 'refund') => {
  const [table, owner, header, kind] =
    doc === 'sale'
      ? ['sales.sale_payment', 'sale_id', 'sales.sale', 'SALE_PAYMENT']
      : ['sales.refund_payment', 'refund_id', 'sales.refund', 'REFUND_PAYMENT'];
  return `WITH ${groups(table, owner, 'method', [['amount', 'bigint']], 'sum(amount) AS amount')}, x AS (
    SELECT f.store_id, f.business_date, g.*
      FROM g JOIN ${header} f ON f.tenant_id = g.tenant_id AND f.id = g.${owner}
  )
  ${upsertInto(
    mode,
    'day',
    `SELECT tenant_id, store_id, business_date, '${kind}', method, count(*) FILTER (WHERE first), sum(amount), 0, 0
    FROM x GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5`,
  )}
  ${daySet(mode)}`;
};

const refundSql = (mode: Mode) => `${upsertInto(
  mode,
  'day',
  `SELECT tenant_id, store_id, business_date, 'REFUND', '', count(*), sum(total), sum(vat_total), 0
    FROM fresh GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
)}
  ${daySet(mode)}`;

const refundLineSql = (mode: Mode) => `${upsertInto(
  mode,
  'day',
  `SELECT f.tenant_id, f.store_id, f.business_date, 'REFUND_VAT', coalesce(sl.vat_rate::text, '-'),
         count(*), sum(rl.amount), sum(rl.vat_amount), 0
    FROM fresh rl JOIN sales.refund f ON f.tenant_id = rl.tenant_id AND f.id = rl.refund_id
    LEFT JOIN sales.sale_line sl ON sl.tenant_id = f.tenant_id AND sl.sale_id = f.sale_id AND sl.line_no = rl.sale_line_no
   GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5`,
)}
  ${daySet(mode)}`;

/** Trigger function (`sales.rollup_<table>`) → its statements, in the order of 1765500000300. */
const functions = (mode: Mode): [string, string[]][] => [
  ['sale', [saleSql(mode)]],
  ['sale_line', [saleLineVatSql(mode), saleLineProductSql(mode)]],
  ['sale_payment', [paymentSql(mode, 'sale')]],
  ['refund', [refundSql(mode)]],
  ['refund_line', [refundLineSql(mode)]],
  ['refund_payment', [paymentSql(mode, 'refund')]],
];

async function replaceFunctions(q: QueryRunner, mode: Mode): Promise<void> {
  for (const [table, statements] of functions(mode)) {
    await q.query(`CREATE OR REPLACE FUNCTION sales.rollup_${table}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        ${statements.map((sql) => `${sql};`).join('\n')}
        RETURN NULL;
      END $fn$`);
  }
}

/**
 * The transaction's slot for `store`: the one it already took (remembered for the transaction),
 * else the lowest whose advisory lock is free, else one shared by backend pid.
 */
const SLOT_FUNCTION = `CREATE FUNCTION sales.rollup_slot(store uuid) RETURNS smallint
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    taken text := current_setting('jowi.rollup_slot', true);
    s int;
  BEGIN
    IF taken LIKE store::text || ':%' THEN
      RETURN split_part(taken, ':', 2)::smallint;
    END IF;
    FOR s IN 0..${SLOTS - 1} LOOP
      IF pg_try_advisory_xact_lock(hashtextextended('sales-rollup:' || store::text || ':' || s, 0)) THEN
        PERFORM set_config('jowi.rollup_slot', store::text || ':' || s, true);
        RETURN s;
      END IF;
    END LOOP;
    s := pg_backend_pid() % ${SLOTS};
    PERFORM set_config('jowi.rollup_slot', store::text || ':' || s, true);
    RETURN s;
  END $fn$`;

export class RollupSlots1765700000300 implements MigrationInterface {
  name = 'RollupSlots1765700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales.daily_rollup
      ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot BETWEEN 0 AND ${SLOTS - 1}),
      DROP CONSTRAINT daily_rollup_pkey,
      ADD PRIMARY KEY (${DAY_KEY}, slot)`);
    await q.query(`ALTER TABLE sales.daily_product_rollup
      ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot BETWEEN 0 AND ${SLOTS - 1}),
      DROP CONSTRAINT daily_product_rollup_pkey,
      ADD PRIMARY KEY (${PRODUCT_KEY}, slot)`);
    await q.query(SLOT_FUNCTION);
    await replaceFunctions(q, 'slots');
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceFunctions(q, 'plain');
    await q.query('DROP FUNCTION sales.rollup_slot(uuid)');
    // The owner folds every tenant's rows while RLS is not forced on it (this transaction only).
    for (const table of ['sales.daily_rollup', 'sales.daily_product_rollup']) {
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    }
    await q.query(`WITH moved AS (DELETE FROM sales.daily_rollup WHERE slot <> 0 RETURNING *)
      INSERT INTO sales.daily_rollup AS r (${DAY_KEY}, slot, n, amount, vat, discount)
      SELECT ${DAY_KEY}, 0, sum(n), sum(amount), sum(vat), sum(discount) FROM moved
       GROUP BY ${DAY_KEY} ORDER BY ${DAY_KEY}
      ${daySet('slots')}`);
    await q.query(`WITH moved AS (DELETE FROM sales.daily_product_rollup WHERE slot <> 0 RETURNING *)
      INSERT INTO sales.daily_product_rollup AS r (${PRODUCT_KEY}, slot, quantity, revenue, receipts, name)
      SELECT ${PRODUCT_KEY}, 0, sum(quantity), sum(revenue), sum(receipts), max(name) FROM moved
       GROUP BY ${PRODUCT_KEY} ORDER BY ${PRODUCT_KEY}
      ${productSet('slots')}`);
    for (const table of ['sales.daily_rollup', 'sales.daily_product_rollup']) {
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    }
    await q.query('ALTER TABLE sales.daily_rollup DROP CONSTRAINT daily_rollup_pkey, DROP COLUMN slot');
    await q.query(`ALTER TABLE sales.daily_rollup ADD PRIMARY KEY (${DAY_KEY})`);
    await q.query(
      'ALTER TABLE sales.daily_product_rollup DROP CONSTRAINT daily_product_rollup_pkey, DROP COLUMN slot',
    );
    await q.query(`ALTER TABLE sales.daily_product_rollup ADD PRIMARY KEY (${PRODUCT_KEY})`);
  }
}
