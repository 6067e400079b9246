/**
 * A refund as the cashier chose it (which lines, how much of each) turned into the `RefundDraft`
 * the host records: each line's pay-back by the receipt package's `refundShare` (proportional,
 * rounded half up, exact on the last unit), and the total split back over the sale's own methods
 * (`splitRefundByPayments`: non-cash first, cash takes the rest).
 *
 * The till knows refunds made on it only through the host, which does not report what earlier
 * refunds of a sale took; a second refund of the same sale is computed as if it were the first
 * and the server refuses it if it returns more than is left (it then shows in needs attention).
 */
import {
  formatMoney,
  formatQuantity,
  includedVat,
  parseMoney,
  parseQuantity,
  refundShare,
  splitRefundByPayments,
} from '@jowi/receipt';
import type { PaymentDraft, PaymentMethod, RecordedSale, RefundDraft } from '../../shared/pos-types.ts';

/** How much of one sale line comes back, in thousandths (0 = none). */
export interface RefundChoice {
  /** 1-based, as in the sale. */
  saleLineNo: number;
  quantity: bigint;
}

/** What returning `quantity` of line `saleLineNo` pays back, in tiyin. */
export function lineRefundAmount(sale: RecordedSale, saleLineNo: number, quantity: bigint): bigint {
  const line = sale.lines[saleLineNo - 1]!;
  const total = parseMoney(line.total);
  return refundShare(
    {
      quantity: parseQuantity(line.quantity),
      total,
      vatAmount: includedVat(total, line.vatRate),
      refundedQuantity: 0n,
      refundedAmount: 0n,
      refundedVat: 0n,
    },
    quantity,
  ).amount;
}

/** The card brand or reference the sale paid with by `method`, so the money goes back the same way. */
function paidWith(sale: RecordedSale, method: PaymentMethod): Omit<PaymentDraft, 'method' | 'amount'> {
  const original = sale.payments.find((p) => p.method === method);
  return {
    ...(original?.cardBrand ? { cardBrand: original.cardBrand } : {}),
    ...(original?.reference ? { reference: original.reference } : {}),
  };
}

/** The refund draft, or null when nothing is chosen. Quantities above a line's are refused by `refundShare`. */
export function toRefundDraft(
  sale: RecordedSale,
  choices: readonly RefundChoice[],
  reason?: string,
): RefundDraft | null {
  const chosen = choices.filter((c) => c.quantity > 0n);
  if (!chosen.length) return null;
  const lines = chosen.map((c) => ({
    saleLineNo: c.saleLineNo,
    quantity: formatQuantity(c.quantity),
    amount: formatMoney(lineRefundAmount(sale, c.saleLineNo, c.quantity)),
  }));
  const total = lines.reduce((acc, l) => acc + parseMoney(l.amount), 0n);
  const salePayments = sale.payments.map((p) => ({ method: p.method, amount: parseMoney(p.amount) }));
  const payments = splitRefundByPayments(total, salePayments, new Map()).map(({ method, amount }) => ({
    method,
    amount: formatMoney(amount),
    ...paidWith(sale, method),
  }));
  return { saleId: sale.id, lines, payments, ...(reason?.trim() ? { reason: reason.trim() } : {}) };
}
