/**
 * Reading refunds: by id (per-request loader, also behind `Refund.__resolveReference`), the
 * refunds of each sale (`Sale.refunds`), and the lines/payments loaders behind `Refund.lines` and
 * `Refund.payments`. Every query runs in the request's tenant transaction (row-level security).
 */
import { isUuid, parseQuantity, type RequestContext, requirePermission } from '@jowi/server-kit';
import type { RefundLineNode, RefundPaymentRow, RefundRow } from '../entities/refund.entity.ts';
import type { SalePaymentRow } from '../entities/sale-payment.entity.ts';
import { REFUND_COLUMNS, toRefundRow } from './refund.service.ts';
import { READ_PERMISSION } from './sale.service.ts';

/** Batch loader: refunds by id. */
export function refundLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, RefundRow | null>('sales.refund', async (keys) => {
    const ids = [...new Set(keys.filter(isUuid).map((k) => k.toLowerCase()))];
    if (ids.length === 0) return keys.map(() => null);
    const raw: unknown[] = await ctx.tx((m) =>
      m.query(`SELECT ${REFUND_COLUMNS} FROM sales.refund WHERE id = ANY($1::uuid[])`, [ids]),
    );
    const byId = new Map(raw.map(toRefundRow).map((row) => [row.id, row]));
    return keys.map((key) => byId.get(key.toLowerCase()) ?? null);
  });
}

/** Batch loader: refunds of each sale, oldest first. */
export function saleRefundsLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, RefundRow[]>('sales.saleRefunds', async (saleIds) => {
    const raw: unknown[] = await ctx.tx((m) =>
      m.query(
        `SELECT ${REFUND_COLUMNS} FROM sales.refund WHERE sale_id = ANY($1::uuid[])
          ORDER BY device_created_at, received_at, id`,
        [[...new Set(saleIds)]],
      ),
    );
    const rows = raw.map(toRefundRow);
    return saleIds.map((id) => rows.filter((row) => row.saleId === id));
  });
}

/** Batch loader: lines of each refund. */
export function refundLinesLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, RefundLineNode[]>('sales.refundLines', async (refundIds) => {
    const rows: {
      tenantId: string;
      refundId: string;
      lineNo: number;
      saleLineNo: number;
      productId: string;
      quantity: string;
      amount: string;
      vatAmount: string;
    }[] = await ctx.tx((m) =>
      m.query(
        `SELECT tenant_id AS "tenantId", refund_id AS "refundId", line_no AS "lineNo", sale_line_no AS "saleLineNo",
                product_id AS "productId", quantity::text AS quantity, amount::text AS amount,
                vat_amount::text AS "vatAmount"
           FROM sales.refund_line WHERE refund_id = ANY($1::uuid[]) ORDER BY refund_id, line_no`,
        [[...new Set(refundIds)]],
      ),
    );
    const nodes = rows.map((r) => ({
      ...r,
      quantity: parseQuantity(r.quantity),
      amount: BigInt(r.amount),
      vatAmount: BigInt(r.vatAmount),
      product: { __typename: 'Product' as const, id: r.productId },
    }));
    return refundIds.map((id) => nodes.filter((n) => n.refundId === id));
  });
}

/** Batch loader: how each refund was paid back, shaped as `Payment` (no tendered/change). */
export function refundPaymentsLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, SalePaymentRow[]>('sales.refundPayments', async (refundIds) => {
    const rows: (Omit<RefundPaymentRow, 'amount'> & { amount: string })[] = await ctx.tx((m) =>
      m.query(
        `SELECT tenant_id AS "tenantId", refund_id AS "refundId", line_no AS "lineNo", method, amount::text AS amount,
                card_brand AS "cardBrand", reference
           FROM sales.refund_payment WHERE refund_id = ANY($1::uuid[]) ORDER BY refund_id, line_no`,
        [[...new Set(refundIds)]],
      ),
    );
    return refundIds.map((id) =>
      rows
        .filter((r) => r.refundId === id)
        .map((r) => ({
          tenantId: r.tenantId,
          saleId: r.refundId,
          lineNo: r.lineNo,
          method: r.method,
          amount: BigInt(r.amount),
          tendered: null,
          change: null,
          cardBrand: r.cardBrand,
          reference: r.reference,
        })),
    );
  });
}

/** `Query.refund` and `Refund.__resolveReference`: null when unknown, malformed or another tenant's. */
export async function getRefund(ctx: RequestContext, id: string): Promise<RefundRow | null> {
  requirePermission(ctx, READ_PERMISSION);
  return refundLoader(ctx).load(id);
}
