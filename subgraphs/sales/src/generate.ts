/**
 * Bulk sales for benchmarks and demos (`npm run seed -- --sales 1000000`): set-based SQL only.
 * Each chunk is three `INSERT … SELECT` statements over `generate_series` (sales, then lines,
 * then payments), so a million sales take a few dozen statements, never a row-by-row loop.
 *
 * Generated sales are history: they are written without `sale.created` events, so they do not
 * deduct stock, accrue loyalty or ask for fiscal receipts (replaying a year of events would make
 * the event log, not the sales tables, the thing being measured). Amounts are exact bigint
 * tiyin: a line is quantity (1–3 whole units) × the product's price, VAT is included in the
 * price and computed with integer rounding, one CASH payment equals the total.
 */
import type pg from 'pg';

/** A product the generated lines may sell (price in tiyin). */
export interface GeneratedProduct {
  id: string;
  price: bigint;
  vatRate: number;
}

export interface GenerateSalesOptions {
  tenantId: string;
  /** Terminals the sales are spread over. */
  terminalIds: string[];
  /** Products the lines pick from (deterministically, by sale and line number). */
  products: GeneratedProduct[];
  count: number;
  /** Lines per sale (default 3). */
  linesPerSale?: number;
  /** Sales per statement group (default 50 000). */
  chunkSize?: number;
  /** The generated sales' device times are spread over the `days` days before `until`. */
  until?: Date;
  days?: number;
  progress?: (done: number, total: number) => void;
}

/**
 * Inserts `count` sales with their lines and payments through `client`. The client must be
 * allowed to write `sales.*` for the tenant: the owner/admin connection, or the sales runtime
 * role (the tenant is set per transaction, so row-level security applies either way).
 */
export async function generateSales(client: pg.ClientBase, options: GenerateSalesOptions): Promise<number> {
  const { tenantId, terminalIds, products, count } = options;
  if (products.length === 0) throw new Error('generateSales needs at least one product');
  if (terminalIds.length === 0) throw new Error('generateSales needs at least one terminal');
  const lines = options.linesPerSale ?? 3;
  const chunk = options.chunkSize ?? 50_000;
  const untilMs = (options.until ?? new Date()).getTime();
  const spanSeconds = (options.days ?? 365) * 86_400;
  const productIds = products.map((p) => p.id);
  const prices = products.map((p) => p.price.toString());
  const vatRates = products.map((p) => p.vatRate);
  // A run tag keeps ids unique across repeated runs into the same database.
  const run = Math.floor(untilMs / 1000) % 1_000_000;
  let done = 0;
  while (done < count) {
    const n = Math.min(chunk, count - done);
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      // Deterministic ids that are valid UUIDs (version 4, RFC variant): md5 of a run-unique text.
      await client.query(`CREATE OR REPLACE FUNCTION pg_temp.gen_uuid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
        SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
          FROM md5(t) AS h $$`);
      await client.query(
        `CREATE TEMP TABLE gen_line ON COMMIT DROP AS
         SELECT s.i AS sale_no, l.line_no, p.id AS product_id, q.qty, p.price, p.vat,
                q.qty * p.price AS total,
                (q.qty * p.price * p.vat + (100 + p.vat) / 2) / (100 + p.vat) AS vat_amount
           FROM generate_series($1::bigint, $2::bigint) AS s(i)
           CROSS JOIN generate_series(1, $3::int) AS l(line_no)
           CROSS JOIN LATERAL (SELECT 1 + ((s.i * 7 + l.line_no) % 3)::bigint AS qty) q
           CROSS JOIN LATERAL (
             SELECT ids.id, pr.price, vr.vat
               FROM (SELECT (((s.i * 31 + l.line_no * 17) % $4::int) + 1)::int AS k) pick,
                    LATERAL (SELECT ($5::uuid[])[pick.k] AS id) ids,
                    LATERAL (SELECT ($6::bigint[])[pick.k] AS price) pr,
                    LATERAL (SELECT ($7::int[])[pick.k]::bigint AS vat) vr
           ) p`,
        [done + 1, done + n, lines, products.length, productIds, prices, vatRates],
      );
      await client.query(
        `INSERT INTO sales.sale
           (tenant_id, id, terminal_id, status, total, vat_total, content_hash, device_created_at, received_at)
         SELECT $1, gen.id, ($2::uuid[])[1 + (g.sale_no % array_length($2::uuid[], 1))], 'COMPLETED',
                g.total, g.vat_total, 'generated', gen.at, gen.at
           FROM (SELECT sale_no, sum(total) AS total, sum(vat_amount) AS vat_total FROM gen_line GROUP BY sale_no) g
           CROSS JOIN LATERAL (
             SELECT pg_temp.gen_uuid($3 || ':' || g.sale_no) AS id,
                    to_timestamp($4::double precision - (g.sale_no * 7919 % $5::bigint)) AS at
           ) gen`,
        [tenantId, terminalIds, `${tenantId}:${run}`, untilMs / 1000, spanSeconds],
      );
      await client.query(
        `INSERT INTO sales.sale_line
           (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount, total, vat_rate, vat_amount)
         SELECT $1, pg_temp.gen_uuid($2 || ':' || sale_no), line_no, product_id, qty, price, 0, total, vat, vat_amount
           FROM gen_line`,
        [tenantId, `${tenantId}:${run}`],
      );
      await client.query(
        `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount)
         SELECT $1, pg_temp.gen_uuid($2 || ':' || sale_no), 1, 'CASH', sum(total)
           FROM gen_line GROUP BY sale_no HAVING sum(total) > 0`,
        [tenantId, `${tenantId}:${run}`],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    done += n;
    options.progress?.(done, count);
  }
  return done;
}
