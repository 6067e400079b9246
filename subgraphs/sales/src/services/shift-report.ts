/**
 * X and Z figures of shifts, computed from stored data whenever they are read: the shift's sales
 * (by `sale.shift_id`), its refunds (by `refund.shift_id`, whichever shift the refunded sale
 * belonged to) and its cash movements. Nothing is frozen at closing, so a sale made offline that
 * arrives after its shift was closed still shows in that shift's Z report — the report a
 * supervisor reads is always the truth of what the database holds.
 *
 * Three set-based queries serve any number of shifts (the per-request loader batches every
 * `Shift.report` of a page): scalar totals, totals per payment method, and VAT per rate.
 *
 * Expected cash = opening float + cash taken in sales − cash paid back in refunds + cash in −
 * cash out. A CASH payment's `amount` is what was applied to the sale (tendered and change are
 * informational), so change never inflates the drawer.
 */
import type { EventPayloadInput } from '@jowi/events';
import { type EntityManager, formatMoney } from '@jowi/server-kit';
import type { PaymentMethod } from '../entities/sale-payment.entity.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';

/** Payment methods in SDL order, the order of `byPaymentMethod`. */
export const PAYMENT_METHODS: readonly PaymentMethod[] = [
  'CASH',
  'CARD',
  'PAYME',
  'CLICK',
  'UZUM',
  'LOYALTY',
];

export interface PaymentMethodFigures {
  method: PaymentMethod;
  /** Tiyin paid with this method in the shift's sales. */
  sales: bigint;
  /** Tiyin paid back with this method in the shift's refunds. */
  refunds: bigint;
  net: bigint;
  /** Sales with at least one payment of this method. */
  count: number;
}

export interface VatRateFigures {
  rate: number;
  /** Tiyin sold at this rate (VAT included), net of refunds. */
  amount: bigint;
  /** Tiyin of VAT at this rate, net of refunds. */
  vat: bigint;
}

/** Figures of one shift; all money in tiyin. */
export interface ShiftFigures {
  shiftId: string;
  salesCount: number;
  salesTotal: bigint;
  /** Receipt discounts plus line discounts. */
  discountTotal: bigint;
  refundsCount: number;
  refundsTotal: bigint;
  netTotal: bigint;
  vatTotal: bigint;
  vatByRate: VatRateFigures[];
  byPaymentMethod: PaymentMethodFigures[];
  openingFloat: bigint;
  cashIn: bigint;
  cashOut: bigint;
  expectedCash: bigint;
}

/**
 * Figures of the given shifts of `tenantId` (ids lower-case). Shifts that do not exist are
 * absent from the map. Runs in the caller's tenant transaction.
 */
export async function computeShiftFigures(
  m: EntityManager,
  tenantId: string,
  shiftIds: readonly string[],
): Promise<Map<string, ShiftFigures>> {
  const ids = [...new Set(shiftIds)];
  const result = new Map<string, ShiftFigures>();
  if (ids.length === 0) return result;

  const totals: {
    shiftId: string;
    openingFloat: string;
    salesCount: number;
    salesTotal: string;
    saleDiscount: string;
    lineDiscount: string;
    saleVat: string;
    refundsCount: number;
    refundsTotal: string;
    refundVat: string;
    cashIn: string;
    cashOut: string;
  }[] = await m.query(
    `SELECT s.id AS "shiftId", s.opening_float::text AS "openingFloat",
            sa.n AS "salesCount", sa.total::text AS "salesTotal", sa.discount::text AS "saleDiscount",
            ld.discount::text AS "lineDiscount", sa.vat::text AS "saleVat",
            r.n AS "refundsCount", r.total::text AS "refundsTotal", r.vat::text AS "refundVat",
            cm.cash_in::text AS "cashIn", cm.cash_out::text AS "cashOut"
       FROM sales.shift s
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS n, coalesce(sum(x.total), 0) AS total, coalesce(sum(x.discount), 0) AS discount,
                coalesce(sum(x.vat_total), 0) AS vat
           FROM sales.sale x WHERE x.tenant_id = s.tenant_id AND x.shift_id = s.id) sa
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(l.discount), 0) AS discount
           FROM sales.sale x JOIN sales.sale_line l ON l.tenant_id = x.tenant_id AND l.sale_id = x.id
          WHERE x.tenant_id = s.tenant_id AND x.shift_id = s.id) ld
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS n, coalesce(sum(f.total), 0) AS total, coalesce(sum(f.vat_total), 0) AS vat
           FROM sales.refund f WHERE f.tenant_id = s.tenant_id AND f.shift_id = s.id) r
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(c.amount) FILTER (WHERE c.kind = 'CASH_IN'), 0) AS cash_in,
                coalesce(sum(c.amount) FILTER (WHERE c.kind = 'CASH_OUT'), 0) AS cash_out
           FROM sales.cash_movement c WHERE c.tenant_id = s.tenant_id AND c.shift_id = s.id) cm
      WHERE s.tenant_id = $1 AND s.id = ANY($2::uuid[])`,
    [tenantId, ids],
  );

  const methods: { shiftId: string; method: PaymentMethod; sales: string; refunds: string; count: number }[] =
    await m.query(
      `SELECT "shiftId", method, sum(sales)::text AS sales, sum(refunds)::text AS refunds, sum(n)::int AS count
         FROM (
           SELECT x.shift_id AS "shiftId", p.method, sum(p.amount) AS sales, 0 AS refunds, count(DISTINCT x.id) AS n
             FROM sales.sale x JOIN sales.sale_payment p ON p.tenant_id = x.tenant_id AND p.sale_id = x.id
            WHERE x.tenant_id = $1 AND x.shift_id = ANY($2::uuid[])
            GROUP BY 1, 2
           UNION ALL
           SELECT f.shift_id, rp.method, 0, sum(rp.amount), 0
             FROM sales.refund f JOIN sales.refund_payment rp ON rp.tenant_id = f.tenant_id AND rp.refund_id = f.id
            WHERE f.tenant_id = $1 AND f.shift_id = ANY($2::uuid[])
            GROUP BY 1, 2) t
        GROUP BY 1, 2`,
      [tenantId, ids],
    );

  // Refunded lines count at the rate of the sale line they return.
  const vat: { shiftId: string; rate: number; amount: string; vat: string }[] = await m.query(
    `SELECT "shiftId", rate, sum(amount)::text AS amount, sum(vat)::text AS vat
       FROM (
         SELECT x.shift_id AS "shiftId", coalesce(l.vat_rate, 0)::int AS rate, sum(l.total) AS amount,
                sum(l.vat_amount) AS vat
           FROM sales.sale x JOIN sales.sale_line l ON l.tenant_id = x.tenant_id AND l.sale_id = x.id
          WHERE x.tenant_id = $1 AND x.shift_id = ANY($2::uuid[])
          GROUP BY 1, 2
         UNION ALL
         SELECT f.shift_id, coalesce(sl.vat_rate, 0)::int, -sum(rl.amount), -sum(rl.vat_amount)
           FROM sales.refund f
           JOIN sales.refund_line rl ON rl.tenant_id = f.tenant_id AND rl.refund_id = f.id
           JOIN sales.sale_line sl ON sl.tenant_id = f.tenant_id AND sl.sale_id = f.sale_id AND sl.line_no = rl.sale_line_no
          WHERE f.tenant_id = $1 AND f.shift_id = ANY($2::uuid[])
          GROUP BY 1, 2) t
      GROUP BY 1, 2
      ORDER BY 2 DESC`,
    [tenantId, ids],
  );

  for (const t of totals) {
    const byMethod = methods
      .filter((row) => row.shiftId === t.shiftId)
      .map((row) => ({
        method: row.method,
        sales: BigInt(row.sales),
        refunds: BigInt(row.refunds),
        net: BigInt(row.sales) - BigInt(row.refunds),
        count: row.count,
      }))
      .sort((a, b) => PAYMENT_METHODS.indexOf(a.method) - PAYMENT_METHODS.indexOf(b.method));
    const cash = byMethod.find((row) => row.method === 'CASH');
    const openingFloat = BigInt(t.openingFloat);
    const cashIn = BigInt(t.cashIn);
    const cashOut = BigInt(t.cashOut);
    const salesTotal = BigInt(t.salesTotal);
    const refundsTotal = BigInt(t.refundsTotal);
    result.set(t.shiftId, {
      shiftId: t.shiftId,
      salesCount: t.salesCount,
      salesTotal,
      discountTotal: BigInt(t.saleDiscount) + BigInt(t.lineDiscount),
      refundsCount: t.refundsCount,
      refundsTotal,
      netTotal: salesTotal - refundsTotal,
      vatTotal: BigInt(t.saleVat) - BigInt(t.refundVat),
      vatByRate: vat
        .filter((row) => row.shiftId === t.shiftId)
        .map((row) => ({ rate: row.rate, amount: BigInt(row.amount), vat: BigInt(row.vat) })),
      byPaymentMethod: byMethod,
      openingFloat,
      cashIn,
      cashOut,
      expectedCash: openingFloat + (cash?.net ?? 0n) + cashIn - cashOut,
    });
  }
  return result;
}

/** Payload of `shift.closed`: the Z figures as decimal strings (never JSON numbers). */
export function shiftClosedPayload(
  shift: ShiftRow,
  figures: ShiftFigures,
): EventPayloadInput<'shift.closed'> {
  const counted = shift.countedCash ?? 0n;
  return {
    shiftId: shift.id,
    terminalId: shift.terminalId,
    storeId: shift.storeId,
    number: shift.number,
    openedAt: shift.openedAt.toISOString(),
    openedBy: shift.openedBy,
    closedAt: shift.closedAt?.toISOString() ?? null,
    closedBy: shift.closedBy,
    openingFloat: formatMoney(figures.openingFloat),
    countedCash: formatMoney(counted),
    expectedCash: formatMoney(figures.expectedCash),
    cashDifference: formatMoney(counted - figures.expectedCash),
    salesCount: figures.salesCount,
    salesTotal: formatMoney(figures.salesTotal),
    discountTotal: formatMoney(figures.discountTotal),
    refundsCount: figures.refundsCount,
    refundsTotal: formatMoney(figures.refundsTotal),
    netTotal: formatMoney(figures.netTotal),
    vatTotal: formatMoney(figures.vatTotal),
    vatByRate: figures.vatByRate.map((v) => ({
      rate: v.rate,
      amount: formatMoney(v.amount),
      vat: formatMoney(v.vat),
    })),
    byPaymentMethod: figures.byPaymentMethod.map((p) => ({
      method: p.method,
      sales: formatMoney(p.sales),
      refunds: formatMoney(p.refunds),
      net: formatMoney(p.net),
      count: p.count,
    })),
    cashIn: formatMoney(figures.cashIn),
    cashOut: formatMoney(figures.cashOut),
  };
}
