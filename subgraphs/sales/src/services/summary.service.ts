/**
 * The daily sales summary of one store: receipts, revenue, refunds, VAT, average check, totals
 * per payment method and per hour, for one business day in the store's time zone.
 *
 * A business day is fixed when a document arrives (`business_date`, computed in the store's
 * zone at ingestion), so the day's sales and refunds are found through the
 * (tenant_id, store_id, business_date) indexes — never by converting a day into instants here.
 * Only the hour of day is computed at read time, from the device time in the store's zone.
 *
 * Two round trips inside the request's tenant transaction: the store's time zone, then one
 * set-based statement that aggregates sales per hour, sale payments per method, refunds and
 * refund payments per method (a few dozen rows at most, whatever the day's volume).
 */
import { divideHalfUp } from '@jowi/receipt';
import { badUserInput, isUuid, type RequestContext, requirePermission } from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { PaymentMethod } from '../entities/sale-payment.entity.ts';
import { knownStoreTimeZone, storeTimeZone } from './directory.ts';

export const REPORTS_PERMISSION = 'reports:read';

/** Payment methods in the order of the SDL enum: the order of `byPaymentMethod`. */
export const METHODS: PaymentMethod[] = ['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY'];

/** Totals of one payment method within the day (amounts in tiyin). */
export interface PaymentMethodTotalRow {
  method: PaymentMethod;
  sales: bigint;
  refunds: bigint;
  net: bigint;
  /** Number of the day's sales with a payment of this method. */
  count: number;
}

/** One hour of the day in the store's time zone. */
export interface HourlySalesRow {
  hour: number;
  receipts: number;
  revenue: bigint;
}

/** `DailySalesSummary` with amounts in tiyin (the Money scalar formats them). */
export interface DailySalesSummaryRow {
  storeId: string;
  date: string;
  timeZone: string;
  receipts: number;
  revenue: bigint;
  refunds: bigint;
  net: bigint;
  vat: bigint;
  averageCheck: bigint;
  /** Methods used that day (in sales or refunds), in enum order. */
  byPaymentMethod: PaymentMethodTotalRow[];
  /** Always 24 entries, hour 0 to 23. */
  byHour: HourlySalesRow[];
}

const tiyin = z.string().transform((v) => BigInt(v));
const aggregateRow = z.object({
  kind: z.enum(['hour', 'sale_payment', 'refund', 'refund_payment']),
  key: z.string().nullable(),
  n: z.number().int(),
  amount: tiyin,
  vat: tiyin,
});

/**
 * The day's figures in one statement ($1 tenant, $2 store, $3 business day, $4 the store's zone):
 * rows of sales per hour, sale payments per method, the refund totals and refund payments per
 * method. Both CTEs are index range scans on (tenant_id, store_id, business_date).
 */
export const SUMMARY_SQL = `WITH day_sale AS (
     SELECT id, total, vat_total, device_created_at FROM sales.sale
      WHERE tenant_id = $1 AND store_id = $2::uuid AND business_date = $3::date
   ), day_refund AS (
     SELECT id, total, vat_total FROM sales.refund
      WHERE tenant_id = $1 AND store_id = $2::uuid AND business_date = $3::date
   )
   SELECT 'hour' AS kind, extract(hour FROM device_created_at AT TIME ZONE $4)::int::text AS key,
          count(*)::int AS n, sum(total)::text AS amount, sum(vat_total)::text AS vat
     FROM day_sale GROUP BY 2
   UNION ALL
   SELECT 'sale_payment', p.method, count(DISTINCT p.sale_id)::int, sum(p.amount)::text, '0'
     FROM day_sale s JOIN sales.sale_payment p ON p.tenant_id = $1 AND p.sale_id = s.id
    GROUP BY p.method
   UNION ALL
   SELECT 'refund', NULL, count(*)::int, coalesce(sum(total), 0)::text, coalesce(sum(vat_total), 0)::text
     FROM day_refund
   UNION ALL
   SELECT 'refund_payment', p.method, count(DISTINCT p.refund_id)::int, sum(p.amount)::text, '0'
     FROM day_refund r JOIN sales.refund_payment p ON p.tenant_id = $1 AND p.refund_id = r.id
    GROUP BY p.method`;

/**
 * round_half_up(amount ÷ count) for a non-negative amount; zero when there is nothing to divide.
 */
export function averageHalfUp(amount: bigint, count: number): bigint {
  return count <= 0 ? 0n : divideHalfUp(amount, BigInt(count));
}

/**
 * `Query.dailySalesSummary` and `Store.dailySalesSummary` (needs `reports:read`). A day without
 * documents gives zeros (and 24 empty hours). Through `Query`, a store id this tenant does not
 * have (another tenant's, or none at all) is `NOT_FOUND`: the result is non-null, and zeros would
 * claim a store that had no sales. Through `Store` (`knownStore`), identity has already resolved
 * the store in this tenant, so a store the projection has not heard of yet gets the default zone.
 */
export async function dailySalesSummary(
  ctx: RequestContext,
  storeId: string,
  date: string,
  options: { knownStore?: boolean } = {},
): Promise<DailySalesSummaryRow> {
  const tenantId = requirePermission(ctx, REPORTS_PERMISSION);
  if (!isUuid(storeId)) {
    throw badUserInput('storeId must be a UUID', 'storeId');
  }
  const store = storeId.toLowerCase();
  const { timeZone, rows } = await ctx.tx(async (m) => {
    const zone = options.knownStore ? await storeTimeZone(m, store) : await knownStoreTimeZone(m, store);
    if (zone === null)
      throw new GraphQLError('No such store', { extensions: { code: 'NOT_FOUND', field: 'storeId' } });
    const raw: unknown[] = await m.query(SUMMARY_SQL, [tenantId, store, date, zone]);
    return { timeZone: zone, rows: raw.map((r) => aggregateRow.parse(r)) };
  });

  const byHour: HourlySalesRow[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    receipts: 0,
    revenue: 0n,
  }));
  const methods = new Map<PaymentMethod, PaymentMethodTotalRow>();
  const method = (key: string | null) => {
    const name = METHODS.find((m) => m === key);
    if (!name) throw new Error(`unknown payment method ${key} in the daily summary`);
    let total = methods.get(name);
    if (!total) {
      total = { method: name, sales: 0n, refunds: 0n, net: 0n, count: 0 };
      methods.set(name, total);
    }
    return total;
  };
  let receipts = 0;
  let revenue = 0n;
  let salesVat = 0n;
  let refunds = 0n;
  let refundsVat = 0n;
  for (const row of rows) {
    if (row.kind === 'hour') {
      const hour = byHour[Number(row.key)]!;
      hour.receipts = row.n;
      hour.revenue = row.amount;
      receipts += row.n;
      revenue += row.amount;
      salesVat += row.vat;
    } else if (row.kind === 'sale_payment') {
      const total = method(row.key);
      total.sales = row.amount;
      total.count = row.n;
    } else if (row.kind === 'refund_payment') {
      method(row.key).refunds = row.amount;
    } else {
      refunds = row.amount;
      refundsVat = row.vat;
    }
  }
  for (const total of methods.values()) total.net = total.sales - total.refunds;
  return {
    storeId: store,
    date,
    timeZone,
    receipts,
    revenue,
    refunds,
    net: revenue - refunds,
    vat: salesVat - refundsVat,
    averageCheck: averageHalfUp(revenue, receipts),
    byPaymentMethod: METHODS.flatMap((m) => methods.get(m) ?? []),
    byHour,
  };
}
