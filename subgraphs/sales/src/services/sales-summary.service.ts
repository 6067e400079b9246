/**
 * The sales summary of several stores over a range of business days (the back-office
 * dashboard): receipts, revenue, discounts, refunds, VAT, average check, totals per payment
 * method, per hour of day, per day, and the top products.
 *
 * It reads the daily rollup (`sales.daily_rollup`, `sales.daily_product_rollup`: migration
 * 1765500000300-daily-rollup.ts), kept by triggers in the transaction that stores each sale and
 * refund, so a year is a few thousand rows per store instead of every sale, line and payment.
 * Days are the `business_date` fixed at ingestion, and the hour of day is the sale's hour in its
 * store's zone at ingestion. The store list is always explicit (every store of the tenant's
 * projection when none is given), so each range is a primary-key range scan per store. A key may
 * have several rows, one per slot concurrent writers used (1765700000300-rollup-slots.ts): every
 * statement here sums (and `max`es the name) over the rows of a key, so slots are invisible.
 *
 * The row-based statements ({@link ROW_SUMMARY_SQL}, {@link ROW_TOP_PRODUCTS_SQL}) stay as the
 * definition the rollup must reproduce to the tiyin: specs compare both on generated data.
 *
 * Three round trips in the request's tenant transaction: the stores, one aggregate statement
 * (a few hundred rows at most whatever the volume: hours, days, methods), the top products.
 */
import {
  badUserInput,
  type EntityManager,
  isUuid,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { SalesSummaryInput } from '../__generated__/resolvers-types.ts';
import type { PaymentMethod } from '../entities/sale-payment.entity.ts';
import { DEFAULT_TIME_ZONE } from './directory.ts';
import {
  averageHalfUp,
  type HourlySalesRow,
  METHODS,
  type PaymentMethodTotalRow,
  REPORTS_PERMISSION,
} from './summary.service.ts';

const MAX_DAYS = 367;
const MAX_STORES = 100;
const MAX_TOP = 50;
const DEFAULT_TOP = 10;
const DAY_MS = 86_400_000;

/** One business day of the range. */
export interface DailySalesRow {
  date: string;
  receipts: number;
  revenue: bigint;
}

/** A best-selling product (quantity in thousandths, amounts in tiyin). */
export interface TopProductRow {
  productId: string;
  name: string;
  quantity: bigint;
  revenue: bigint;
  receipts: number;
}

/** `SalesSummary` with amounts in tiyin (the Money scalar formats them). */
export interface SalesSummaryRow {
  from: string;
  to: string;
  storeIds: string[];
  receipts: number;
  revenue: bigint;
  discounts: bigint;
  refunds: bigint;
  net: bigint;
  vat: bigint;
  averageCheck: bigint;
  byPaymentMethod: PaymentMethodTotalRow[];
  byHour: HourlySalesRow[];
  byDay: DailySalesRow[];
  topProducts: TopProductRow[];
}

const isoDate = z.iso.date();
const inputSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    storeIds: z
      .array(z.string().refine(isUuid, 'must be a UUID'))
      .max(MAX_STORES)
      .nullish()
      .transform((ids) => (ids ? [...new Set(ids.map((id) => id.toLowerCase()))] : null)),
    topProducts: z.number().int().min(0).max(MAX_TOP).nullish(),
  })
  .refine((v) => v.from <= v.to, { message: '`to` is before `from`', path: ['to'] })
  .refine((v) => daysBetween(v.from, v.to) < MAX_DAYS, {
    message: `a range covers at most ${MAX_DAYS - 1} days after \`from\``,
    path: ['to'],
  });

/** Whole days from one ISO date to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every ISO date from `from` to `to`, inclusive. */
function eachDay(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
}

const tiyin = z.string().transform((v) => BigInt(v));
const aggregateRow = z.object({
  kind: z.enum(['hour', 'day', 'discount', 'sale_payment', 'refund', 'refund_payment']),
  key: z.string().nullable(),
  n: z.number().int(),
  amount: tiyin,
  vat: tiyin,
  discount: tiyin,
});
const topRow = z.object({
  productId: z.string(),
  name: z.string().nullable(),
  quantity: tiyin,
  revenue: tiyin,
  receipts: z.number().int(),
});

/**
 * ($1 tenant, $2 store ids, $3 first day, $4 last day) → rows of sales per hour (in each store's
 * zone) and per day, the discounts given (line + receipt: the lines' own discounts and their
 * shares of the receipt discounts), sale payments per method, the refund totals and refund
 * payments per method, from the sale and refund rows (the reference the rollup is tested against).
 */
export const ROW_SUMMARY_SQL = `WITH range_sale AS (
     SELECT s.id, s.total, s.vat_total, s.discount, s.business_date, s.device_created_at,
            coalesce(z.time_zone, '${DEFAULT_TIME_ZONE}') AS zone
       FROM sales.sale s
       LEFT JOIN sales.store_ref z ON z.tenant_id = s.tenant_id AND z.id = s.store_id
      WHERE s.tenant_id = $1 AND s.store_id = ANY($2::uuid[]) AND s.business_date BETWEEN $3::date AND $4::date
   ), range_refund AS (
     SELECT id, total, vat_total FROM sales.refund
      WHERE tenant_id = $1 AND store_id = ANY($2::uuid[]) AND business_date BETWEEN $3::date AND $4::date
   )
   SELECT 'hour' AS kind, extract(hour FROM device_created_at AT TIME ZONE zone)::int::text AS key,
          count(*)::int AS n, sum(total)::text AS amount, sum(vat_total)::text AS vat, '0' AS discount
     FROM range_sale GROUP BY 2
   UNION ALL
   SELECT 'day', business_date::text, count(*)::int, sum(total)::text, '0', '0' FROM range_sale GROUP BY 2
   UNION ALL
   SELECT 'discount', NULL, 0, '0', '0', coalesce(sum(l.discount + l.receipt_discount), 0)::text
     FROM range_sale s JOIN sales.sale_line l ON l.tenant_id = $1 AND l.sale_id = s.id
   UNION ALL
   SELECT 'sale_payment', p.method, count(DISTINCT p.sale_id)::int, sum(p.amount)::text, '0', '0'
     FROM range_sale s JOIN sales.sale_payment p ON p.tenant_id = $1 AND p.sale_id = s.id
    GROUP BY p.method
   UNION ALL
   SELECT 'refund', NULL, count(*)::int, coalesce(sum(total), 0)::text, coalesce(sum(vat_total), 0)::text, '0'
     FROM range_refund
   UNION ALL
   SELECT 'refund_payment', p.method, count(DISTINCT p.refund_id)::int, sum(p.amount)::text, '0', '0'
     FROM range_refund r JOIN sales.refund_payment p ON p.tenant_id = $1 AND p.refund_id = r.id
    GROUP BY p.method`;

/**
 * ($1 tenant, $2 store ids, $3 first day, $4 last day, $5 limit) → the products with the highest
 * line totals, quantity in thousandths. The name is the receipts' latest snapshot, else the
 * catalog projection's.
 */
export const ROW_TOP_PRODUCTS_SQL = `WITH top AS (
     SELECT l.product_id, sum(l.total) AS revenue, (sum(l.quantity) * 1000)::bigint AS quantity,
            count(DISTINCT l.sale_id)::int AS receipts, max(l.name) AS line_name
       FROM sales.sale s
       JOIN sales.sale_line l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
      WHERE s.tenant_id = $1 AND s.store_id = ANY($2::uuid[]) AND s.business_date BETWEEN $3::date AND $4::date
      GROUP BY l.product_id
      ORDER BY sum(l.total) DESC, l.product_id
      LIMIT $5
   )
   SELECT t.product_id::text AS "productId", coalesce(t.line_name, p.name) AS name,
          t.quantity::text AS quantity, t.revenue::text AS revenue, t.receipts
     FROM top t LEFT JOIN sales.product_ref p ON p.tenant_id = $1 AND p.id = t.product_id
    ORDER BY t.revenue DESC, t.product_id`;

/**
 * {@link ROW_SUMMARY_SQL}'s rows, from the daily rollup. The discounts come from the `SALE_VAT`
 * rows, which hold line + receipt discounts per line (`SALE_HOUR`'s are the receipt discounts only).
 */
export const ROLLUP_SUMMARY_SQL = `WITH r AS (
     SELECT business_date, kind, key, n, amount, vat, discount FROM sales.daily_rollup
      WHERE tenant_id = $1 AND store_id = ANY($2::uuid[]) AND business_date BETWEEN $3::date AND $4::date
        AND kind IN ('SALE_HOUR', 'SALE_VAT', 'SALE_PAYMENT', 'REFUND', 'REFUND_PAYMENT')
   )
   SELECT 'hour' AS kind, key, sum(n)::int AS n, sum(amount)::text AS amount, sum(vat)::text AS vat,
          '0' AS discount
     FROM r WHERE kind = 'SALE_HOUR' GROUP BY key
   UNION ALL
   SELECT 'day', business_date::text, sum(n)::int, sum(amount)::text, '0', '0' FROM r WHERE kind = 'SALE_HOUR' GROUP BY 2
   UNION ALL
   SELECT 'discount', NULL, 0, '0', '0', coalesce(sum(discount), 0)::text FROM r WHERE kind = 'SALE_VAT'
   UNION ALL
   SELECT 'sale_payment', key, sum(n)::int, sum(amount)::text, '0', '0' FROM r WHERE kind = 'SALE_PAYMENT' GROUP BY key
   UNION ALL
   SELECT 'refund', NULL, coalesce(sum(n), 0)::int, coalesce(sum(amount), 0)::text, coalesce(sum(vat), 0)::text, '0'
     FROM r WHERE kind = 'REFUND'
   UNION ALL
   SELECT 'refund_payment', key, sum(n)::int, sum(amount)::text, '0', '0' FROM r WHERE kind = 'REFUND_PAYMENT' GROUP BY key`;

/** {@link ROW_TOP_PRODUCTS_SQL}, from the daily product rollup. */
export const ROLLUP_TOP_PRODUCTS_SQL = `WITH top AS (
     SELECT product_id, sum(revenue) AS revenue, (sum(quantity) * 1000)::bigint AS quantity,
            sum(receipts)::int AS receipts, max(name) AS line_name
       FROM sales.daily_product_rollup
      WHERE tenant_id = $1 AND store_id = ANY($2::uuid[]) AND business_date BETWEEN $3::date AND $4::date
      GROUP BY product_id
      ORDER BY sum(revenue) DESC, product_id
      LIMIT $5
   )
   SELECT t.product_id::text AS "productId", coalesce(t.line_name, p.name) AS name,
          t.quantity::text AS quantity, t.revenue::text AS revenue, t.receipts
     FROM top t LEFT JOIN sales.product_ref p ON p.tenant_id = $1 AND p.id = t.product_id
    ORDER BY t.revenue DESC, t.product_id`;

/** Where the summary's figures come from: the rollup (what the API serves) or the rows (the reference). */
export type SummarySource = 'rollup' | 'rows';

/** The range's figures from `source`: the aggregate rows and the top `limit` products. */
export async function readSummaryFigures(
  m: EntityManager,
  source: SummarySource,
  params: { tenantId: string; storeIds: string[]; from: string; to: string; limit: number },
) {
  const args = [params.tenantId, params.storeIds, params.from, params.to];
  const raw: unknown[] = await m.query(source === 'rollup' ? ROLLUP_SUMMARY_SQL : ROW_SUMMARY_SQL, args);
  const topSql = source === 'rollup' ? ROLLUP_TOP_PRODUCTS_SQL : ROW_TOP_PRODUCTS_SQL;
  const topRaw: unknown[] = params.limit > 0 ? await m.query(topSql, [...args, params.limit]) : [];
  return { rows: raw.map((r) => aggregateRow.parse(r)), top: topRaw.map((r) => topRow.parse(r)) };
}

/** The stores to count: the given ones (each must be the tenant's), else every known store. */
export async function resolveStores(m: EntityManager, requested: string[] | null): Promise<string[]> {
  const rows: { id: string }[] = requested
    ? await m.query('SELECT id::text FROM sales.store_ref WHERE id = ANY($1::uuid[])', [requested])
    : await m.query('SELECT id::text FROM sales.store_ref ORDER BY id');
  const known = rows.map((row) => row.id);
  const missing = requested?.find((id) => !known.includes(id));
  if (missing) {
    throw new GraphQLError(`No such store: ${missing}`, {
      extensions: { code: 'NOT_FOUND', field: 'storeIds' },
    });
  }
  return requested ?? known;
}

function parseInput(input: SalesSummaryInput) {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'input');
    throw badUserInput(`${field}: ${issue.message}`, field);
  }
  return parsed.data;
}

/** Folds the aggregate rows into the summary's figures. */
function foldAggregates(rows: z.infer<typeof aggregateRow>[], days: string[]) {
  const byHour: HourlySalesRow[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    receipts: 0,
    revenue: 0n,
  }));
  const byDay = new Map<string, DailySalesRow>(
    days.map((date) => [date, { date, receipts: 0, revenue: 0n }]),
  );
  const methods = new Map<PaymentMethod, PaymentMethodTotalRow>();
  const method = (key: string | null) => {
    const name = METHODS.find((m) => m === key);
    if (!name) throw new Error(`unknown payment method ${key} in the sales summary`);
    let total = methods.get(name);
    if (!total) {
      total = { method: name, sales: 0n, refunds: 0n, net: 0n, count: 0 };
      methods.set(name, total);
    }
    return total;
  };
  const sums = { receipts: 0, revenue: 0n, discounts: 0n, salesVat: 0n, refunds: 0n, refundsVat: 0n };
  for (const row of rows) {
    if (row.kind === 'hour') {
      Object.assign(byHour[Number(row.key)]!, { receipts: row.n, revenue: row.amount });
      sums.receipts += row.n;
      sums.revenue += row.amount;
      sums.salesVat += row.vat;
    } else if (row.kind === 'discount') {
      sums.discounts += row.discount;
    } else if (row.kind === 'day') {
      const day = byDay.get(row.key ?? '');
      if (day) Object.assign(day, { receipts: row.n, revenue: row.amount });
    } else if (row.kind === 'sale_payment') {
      Object.assign(method(row.key), { sales: row.amount, count: row.n });
    } else if (row.kind === 'refund_payment') {
      method(row.key).refunds = row.amount;
    } else {
      sums.refunds = row.amount;
      sums.refundsVat = row.vat;
    }
  }
  for (const total of methods.values()) total.net = total.sales - total.refunds;
  return {
    byHour,
    byDay: [...byDay.values()],
    byPaymentMethod: METHODS.flatMap((m) => methods.get(m) ?? []),
    sums,
  };
}

/** The summary of `from`–`to` over `storeIds` from figures read with {@link readSummaryFigures}. */
export function buildSummary(
  range: { from: string; to: string; storeIds: string[] },
  { rows, top }: Awaited<ReturnType<typeof readSummaryFigures>>,
): SalesSummaryRow {
  const { from, to, storeIds } = range;
  const { byHour, byDay, byPaymentMethod, sums } = foldAggregates(rows, eachDay(from, to));
  return {
    from,
    to,
    storeIds,
    receipts: sums.receipts,
    revenue: sums.revenue,
    discounts: sums.discounts,
    refunds: sums.refunds,
    net: sums.revenue - sums.refunds,
    vat: sums.salesVat - sums.refundsVat,
    averageCheck: averageHalfUp(sums.revenue, sums.receipts),
    byPaymentMethod,
    byHour,
    byDay,
    topProducts: top.map((row) => ({ ...row, name: row.name ?? row.productId })),
  };
}

/** `Query.salesSummary` (needs `reports:read`). */
export async function salesSummary(ctx: RequestContext, input: SalesSummaryInput): Promise<SalesSummaryRow> {
  const tenantId = requirePermission(ctx, REPORTS_PERMISSION);
  const { from, to, storeIds: requested, topProducts } = parseInput(input);
  return ctx.tx(async (m) => {
    const storeIds = await resolveStores(m, requested);
    const limit = topProducts ?? DEFAULT_TOP;
    const figures = await readSummaryFigures(m, 'rollup', { tenantId, storeIds, from, to, limit });
    return buildSummary({ from, to, storeIds }, figures);
  });
}
