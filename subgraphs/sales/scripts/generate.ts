/**
 * Bulk sales for benchmarks and demos (`npm run seed -- --sales 1000000`): set-based SQL only.
 * Each chunk of sales is a handful of `INSERT … SELECT` statements over `generate_series` and
 * temporary tables (sales, lines, payments, refunds), so a million sales take a few dozen
 * statements, never a row-by-row loop.
 *
 * What a generated day looks like: each terminal works one shift per local day (07:50–23:10 in
 * its store's zone, opened with a 500 000.00 float, closed with the counted cash equal to the
 * expected cash); sales run from 08:00 to 23:00 local with a lunch and an evening peak, one
 * terminal after another, with receipt numbers sequential per terminal; 3–5 lines, one in eight
 * weighed (0.250–1.499 kg), one in ten with a 5 % line discount, one sale in twenty with a 10 %
 * receipt discount; a fifth of the sales carry a customer when customer ids are given; payments
 * 45 % cash (tendered rounded up to 1 000 UZS, change given), 33 % card (Uzcard, Humo, Visa,
 * Mastercard), Payme, Click, Uzum, and 3 % split cash + card; about 1 % of the sales are refunded
 * in full ten minutes later, through the same methods.
 *
 * Amounts follow the one rounding rule of the sales subgraph, in integer tiyin: line gross =
 * round_half_up(quantity × price); the receipt discount is spread over the lines in proportion
 * to (gross − line discount), shares floored, the left-over tiyin going to the largest
 * remainders (ties: lower line number); line VAT = round_half_up(net × rate / (100 + rate));
 * sale VAT = Σ line VAT; total = subtotal − discount; payments sum to the total. The business
 * day is the device time's date in the store's zone, as ingestion computes it.
 *
 * Generated sales are history: they are written without `sale.created` events, so they do not
 * deduct stock, accrue loyalty or ask for fiscal receipts (replaying a year of events would make
 * the event log, not the sales tables, the thing being measured).
 */
import type pg from 'pg';

/** A product the generated lines may sell (price in tiyin). */
export interface GeneratedProduct {
  id: string;
  price: bigint;
  vatRate: number;
}

/** A terminal the generated sales are made on, with its store and the store's time zone. */
export interface GeneratedTerminal {
  id: string;
  storeId: string;
  /** IANA zone of the store (default Asia/Tashkent). */
  timeZone?: string;
}

export interface GenerateSalesOptions {
  tenantId: string;
  /** Terminals the sales are spread over, in turn. */
  terminals: GeneratedTerminal[];
  /** Products the lines pick from (deterministically, by sale and line number). */
  products: GeneratedProduct[];
  count: number;
  /** Staff ids the sales are made by (one per terminal and day); none: no cashier. */
  cashierIds?: string[];
  /** Customer ids a fifth of the sales are attached to; none: no customers. */
  customerIds?: string[];
  /** Lines per sale: a fixed number; default 3–5. */
  linesPerSale?: number;
  /** Percent of sales refunded in full (default 1). */
  refundPercent?: number;
  /** Sales per statement group (default 50 000). */
  chunkSize?: number;
  /** The sales fill the `days` local days (default 365) before the day of `until` (default now). */
  until?: Date;
  days?: number;
  progress?: (done: number, total: number) => void;
}

/** A valid UUID (version 4, RFC variant) from the md5 of a SQL text expression. */
const uuidOf = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Inserts `count` sales with their lines, payments, shifts and refunds through `client`. The
 * client must be allowed to write `sales.*` for the tenant: the owner/admin connection, or the
 * sales runtime role (the tenant is set per transaction, so row-level security applies either
 * way). Returns the number of sales inserted.
 */
export async function generateSales(client: pg.ClientBase, options: GenerateSalesOptions): Promise<number> {
  const { tenantId, terminals, products, count } = options;
  if (products.length === 0) throw new Error('generateSales needs at least one product');
  if (terminals.length === 0) throw new Error('generateSales needs at least one terminal');
  if (!Number.isInteger(count) || count < 0) throw new Error('generateSales needs a whole count');
  const chunk = options.chunkSize ?? 50_000;
  const days = Math.max(1, Math.floor(options.days ?? 365));
  const until = options.until ?? new Date();
  // Local days [firstDay, firstDay + days): the days before `until`'s UTC date.
  const firstDay = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate() - days))
    .toISOString()
    .slice(0, 10);
  // A run tag keeps ids unique across repeated runs into the same database.
  const tag = `${tenantId}:${until.getTime()}:${count}`;
  const p = {
    tenant: tenantId,
    terminalIds: terminals.map((t) => t.id.toLowerCase()),
    storeIds: terminals.map((t) => t.storeId.toLowerCase()),
    zones: terminals.map((t) => t.timeZone ?? 'Asia/Tashkent'),
    productIds: products.map((x) => x.id),
    prices: products.map((x) => x.price.toString()),
    vatRates: products.map((x) => x.vatRate),
    cashiers: options.cashierIds ?? [],
    customers: options.customerIds ?? [],
  };

  const inTenant = async (work: () => Promise<void>) => {
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      await work();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };

  // The directory projection and one closed shift per terminal and local day.
  await inTenant(async () => {
    await client.query(
      `INSERT INTO sales.store_ref (tenant_id, id, time_zone)
       SELECT DISTINCT $1::uuid, s, z FROM unnest($2::uuid[], $3::text[]) AS t(s, z)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, p.storeIds, p.zones],
    );
    await client.query(
      `INSERT INTO sales.terminal_ref (tenant_id, id, store_id)
       SELECT $1::uuid, t, s FROM unnest($2::uuid[], $3::uuid[]) AS x(t, s)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, p.terminalIds, p.storeIds],
    );
    await client.query(
      `INSERT INTO sales.shift (tenant_id, id, store_id, terminal_id, number, opened_by, opened_at, opening_float,
         open_hash, closed_by, closed_at, counted_cash, close_hash, received_at, close_received_at)
       SELECT $1, ${uuidOf(`$2 || ':shift:' || k || ':' || d`)}, ($3::uuid[])[k + 1], ($4::uuid[])[k + 1],
              coalesce(last.number, 0) + d + 1, cashier, opened, 50000000, $2, cashier, closed, 50000000, $2, opened, closed
         FROM generate_series(0, cardinality($4::uuid[]) - 1) AS k
        CROSS JOIN generate_series(0, $6::int - 1) AS d
        CROSS JOIN LATERAL (
          SELECT max(number) AS number FROM sales.shift WHERE tenant_id = $1 AND terminal_id = ($4::uuid[])[k + 1]
        ) last
        CROSS JOIN LATERAL (
          SELECT (($7::date + d)::timestamp + interval '7 hours 50 minutes') AT TIME ZONE ($5::text[])[k + 1] AS opened,
                 (($7::date + d)::timestamp + interval '23 hours 10 minutes') AT TIME ZONE ($5::text[])[k + 1] AS closed,
                 CASE WHEN cardinality($8::uuid[]) > 0
                      THEN ($8::uuid[])[1 + (k + d) % cardinality($8::uuid[])] END AS cashier
        ) t`,
      [tenantId, tag, p.storeIds, p.terminalIds, p.zones, days, firstDay, p.cashiers],
    );
  });

  let done = 0;
  while (done < count) {
    const n = Math.min(chunk, count - done);
    await inTenant(async () => {
      await generateChunk(client, p, {
        tag,
        from: done + 1,
        to: done + n,
        count,
        days,
        firstDay,
        lines: options.linesPerSale ?? null,
        refundPercent: options.refundPercent ?? 1,
      });
    });
    done += n;
    options.progress?.(done, count);
  }
  return done;
}

interface ChunkSpec {
  tag: string;
  from: number;
  to: number;
  count: number;
  days: number;
  firstDay: string;
  lines: number | null;
  refundPercent: number;
}

async function generateChunk(
  client: pg.ClientBase,
  p: {
    tenant: string;
    terminalIds: string[];
    storeIds: string[];
    zones: string[];
    productIds: string[];
    prices: string[];
    vatRates: number[];
    cashiers: string[];
    customers: string[];
  },
  c: ChunkSpec,
): Promise<void> {
  // Sales: sale i is on terminal (i − 1) mod T, on local day ⌊(i − 1) × days / count⌋, at a time
  // that grows with i (so receipt numbers per terminal follow time); h and h2 drive the choices.
  await client.query(
    `CREATE TEMP TABLE gen_sale ON COMMIT DROP AS
     SELECT i AS sale_no, x.h, x.h2, ${uuidOf(`$1 || ':sale:' || i`)} AS id,
            ($4::uuid[])[x.k + 1] AS terminal_id, ($5::uuid[])[x.k + 1] AS store_id, ($6::text[])[x.k + 1] AS zone,
            ${uuidOf(`$1 || ':shift:' || x.k || ':' || x.d`)} AS shift_id,
            CASE WHEN cardinality($10::uuid[]) > 0
                 THEN ($10::uuid[])[1 + (x.k + x.d) % cardinality($10::uuid[])] END AS cashier_id,
            CASE WHEN cardinality($11::uuid[]) > 0 AND (x.h / 6000) % 5 = 0
                 THEN ($11::uuid[])[1 + (x.h2 / 10000) % cardinality($11::uuid[])] END AS customer_id,
            ((i - 1) / cardinality($4::uuid[]) + 1)::int AS receipt_number,
            t.at, (t.at AT TIME ZONE ($6::text[])[x.k + 1])::date AS business_date,
            coalesce($12::int, 3 + (x.h % 3)::int) AS n_lines,
            (x.h / 3) % 20 = 0 AS receipt_discount,
            (x.h / 60) % 100 < $13::int AS refunded,
            (x.h2 % 100)::int AS pay, ((x.h2 / 100) % 100)::int AS brand
       FROM generate_series($2::bigint, $3::bigint) AS i
      CROSS JOIN LATERAL (
        SELECT ((i - 1) % cardinality($4::uuid[]))::int AS k, ((i - 1) * $8::bigint / $7::bigint)::int AS d,
               ((i - 1) * $8::bigint % $7::bigint)::float8 / $7::bigint AS u,
               abs(hashint8(i)) AS h, abs(hashint8(i * 7 + 3)) AS h2
      ) x
      CROSS JOIN LATERAL (
        SELECT (($9::date + x.d)::timestamp + interval '8 hours'
                + make_interval(secs => 54000 * (x.u - 0.07 * sin(4 * pi() * x.u))))
               AT TIME ZONE ($6::text[])[x.k + 1] AS at
      ) t`,
    [
      c.tag,
      c.from,
      c.to,
      p.terminalIds,
      p.storeIds,
      p.zones,
      c.count,
      c.days,
      c.firstDay,
      p.cashiers,
      p.customers,
      c.lines,
      c.refundPercent,
    ],
  );
  // Lines with the rounding rule: gross, line discount, the receipt discount's shares, VAT.
  await client.query(
    `CREATE TEMP TABLE gen_line ON COMMIT DROP AS
     WITH l AS (
       SELECT s.sale_no, s.receipt_discount, n AS line_no, lh.v AS lh,
              (lh.v % cardinality($1::uuid[]) + 1)::int AS pk
         FROM gen_sale s
        CROSS JOIN LATERAL generate_series(1, s.n_lines) AS n
        CROSS JOIN LATERAL (SELECT abs(hashint8(s.sale_no * 8 + n)) AS v) lh
     ), g AS (
       SELECT l.*, ($1::uuid[])[pk] AS product_id, ($2::bigint[])[pk] AS price, ($3::int[])[pk] AS vat_rate,
              CASE WHEN (lh / 7) % 8 = 0 THEN 250 + (lh / 56) % 1250 ELSE 1000 * (1 + (lh / 56) % 3) END AS qty
         FROM l
     ), d AS (
       SELECT g.*, (qty * price + 500) / 1000 AS gross FROM g
     ), b AS (
       SELECT d.*, gross - CASE WHEN (lh / 100000) % 10 = 0 THEN gross * 5 / 100 ELSE 0 END AS base,
              CASE WHEN (lh / 100000) % 10 = 0 THEN gross * 5 / 100 ELSE 0 END AS line_discount
         FROM d
     ), r AS (
       SELECT b.*, (sum(base) OVER w)::bigint AS base_sum,
              CASE WHEN receipt_discount THEN (sum(base) OVER w)::bigint / 10 ELSE 0 END AS rdisc
         FROM b WINDOW w AS (PARTITION BY sale_no)
     ), sh AS (
       SELECT r.*, CASE WHEN base_sum > 0 THEN rdisc * base / base_sum ELSE 0 END AS share_floor,
              CASE WHEN base_sum > 0 THEN rdisc * base % base_sum ELSE 0 END AS share_rem
         FROM r
     ), ranked AS (
       SELECT sh.*, rdisc - (sum(share_floor) OVER (PARTITION BY sale_no))::bigint AS leftover,
              row_number() OVER (PARTITION BY sale_no ORDER BY share_rem DESC, line_no) AS rem_rank
         FROM sh
     ), shared AS (
       SELECT ranked.*, share_floor + CASE WHEN rem_rank <= leftover THEN 1 ELSE 0 END AS receipt_share FROM ranked
     )
     SELECT sale_no, line_no, product_id, qty, price, vat_rate, line_discount, base, receipt_share,
            base - receipt_share AS net,
            ((base - receipt_share) * vat_rate * 2 + 100 + vat_rate) / (2 * (100 + vat_rate)) AS vat_amount
       FROM shared`,
    [p.productIds, p.prices, p.vatRates],
  );
  await client.query(
    `CREATE TEMP TABLE gen_total ON COMMIT DROP AS
     SELECT sale_no, sum(base)::bigint AS subtotal, sum(receipt_share)::bigint AS discount,
            sum(net)::bigint AS total, sum(vat_amount)::bigint AS vat
       FROM gen_line GROUP BY sale_no`,
  );
  // Payments: the method mix, split cash + card, cash tendered rounded up to 1 000 UZS.
  await client.query(
    `CREATE TEMP TABLE gen_payment ON COMMIT DROP AS
     SELECT s.sale_no, s.id AS sale_id, s.shift_id, s.refunded, m.line_no, m.method, m.amount,
            CASE WHEN m.method = 'CASH' AND NOT m.split THEN (m.amount + 99999) / 100000 * 100000 END AS tendered,
            CASE WHEN m.method = 'CARD' THEN
              CASE WHEN s.brand < 45 THEN 'UZCARD' WHEN s.brand < 80 THEN 'HUMO' WHEN s.brand < 92 THEN 'VISA'
                   ELSE 'MASTERCARD' END END AS card_brand,
            CASE WHEN m.method <> 'CASH' THEN 'RRN' || lpad((s.h2 % 1000000000000)::text, 12, '0') END AS reference
       FROM gen_sale s JOIN gen_total t USING (sale_no)
      CROSS JOIN LATERAL (
        SELECT 1 AS line_no, s.pay >= 97 AND t.total >= 2 AS split,
               CASE WHEN s.pay < 45 OR s.pay >= 97 THEN 'CASH' WHEN s.pay < 78 THEN 'CARD'
                    WHEN s.pay < 86 THEN 'PAYME' WHEN s.pay < 92 THEN 'CLICK' ELSE 'UZUM' END AS method,
               CASE WHEN s.pay >= 97 AND t.total >= 2 THEN t.total / 2 ELSE t.total END AS amount
        UNION ALL
        SELECT 2, true, 'CARD', t.total - t.total / 2 WHERE s.pay >= 97 AND t.total >= 2
      ) m
      WHERE t.total > 0`,
  );
  await client.query(
    `INSERT INTO sales.sale (tenant_id, id, store_id, terminal_id, shift_id, cashier_id, customer_id, receipt_number,
       status, subtotal, discount, total, vat_total, refunded_total, content_hash, device_created_at, business_date,
       received_at)
     SELECT $1, s.id, s.store_id, s.terminal_id, s.shift_id, s.cashier_id, s.customer_id, s.receipt_number,
            CASE WHEN s.refunded THEN 'REFUNDED' ELSE 'COMPLETED' END, t.subtotal, t.discount, t.total, t.vat,
            CASE WHEN s.refunded THEN t.total ELSE 0 END, 'generated', s.at, s.business_date,
            s.at + interval '2 seconds'
       FROM gen_sale s JOIN gen_total t USING (sale_no)`,
    [p.tenant],
  );
  await client.query(
    `INSERT INTO sales.sale_line (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount,
       receipt_discount, total, vat_rate, vat_amount, refunded_quantity)
     SELECT $1, s.id, l.line_no, l.product_id, l.qty / 1000.0, l.price, l.line_discount, l.receipt_share, l.net,
            l.vat_rate, l.vat_amount, CASE WHEN s.refunded THEN l.qty / 1000.0 ELSE 0 END
       FROM gen_line l JOIN gen_sale s USING (sale_no)`,
    [p.tenant],
  );
  await client.query(
    `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount, tendered, change, card_brand, reference)
     SELECT $1, sale_id, line_no, method, amount, tendered, tendered - amount, card_brand, reference FROM gen_payment`,
    [p.tenant],
  );
  // Full refunds ten minutes after the sale, through the sale's own methods.
  const refundId = uuidOf(`$2 || ':refund:' || s.sale_no`);
  await client.query(
    `INSERT INTO sales.refund (tenant_id, id, sale_id, store_id, terminal_id, shift_id, cashier_id, reason, total,
       vat_total, content_hash, device_created_at, business_date, received_at)
     SELECT $1, ${refundId}, s.id, s.store_id, s.terminal_id, s.shift_id, s.cashier_id, 'Customer return', t.total,
            t.vat, 'generated', s.at + interval '10 minutes',
            ((s.at + interval '10 minutes') AT TIME ZONE s.zone)::date, s.at + interval '10 minutes 2 seconds'
       FROM gen_sale s JOIN gen_total t USING (sale_no) WHERE s.refunded`,
    [p.tenant, c.tag],
  );
  await client.query(
    `INSERT INTO sales.refund_line (tenant_id, refund_id, line_no, sale_line_no, product_id, quantity, amount, vat_amount)
     SELECT $1, ${refundId}, l.line_no, l.line_no, l.product_id, l.qty / 1000.0, l.net, l.vat_amount
       FROM gen_line l JOIN gen_sale s USING (sale_no) WHERE s.refunded`,
    [p.tenant, c.tag],
  );
  await client.query(
    `INSERT INTO sales.refund_payment (tenant_id, refund_id, line_no, method, amount, card_brand, reference)
     SELECT $1, ${refundId}, g.line_no, g.method, g.amount, g.card_brand, g.reference
       FROM gen_payment g JOIN gen_sale s USING (sale_no) WHERE s.refunded`,
    [p.tenant, c.tag],
  );
  // The drawer at closing holds the float plus the cash kept (refunded cash went back out).
  await client.query(
    `UPDATE sales.shift sh SET counted_cash = sh.counted_cash + c.cash
       FROM (SELECT shift_id, sum(amount) AS cash FROM gen_payment
              WHERE method = 'CASH' AND NOT refunded GROUP BY shift_id) c
      WHERE sh.tenant_id = $1 AND sh.id = c.shift_id`,
    [p.tenant],
  );
}
