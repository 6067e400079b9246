/**
 * A refund as the cashier chose it (which lines, how much of each) turned into the `RefundDraft`
 * the host records: each line's pay-back by the receipt package's `refundShare` (proportional,
 * rounded half up, exact on the last unit), and the total split back over the sale's own methods
 * (`splitRefundByPayments`: non-cash first, cash takes the rest).
 *
 * A sale may be refunded more than once: the host reports what this till's earlier refunds of it
 * took back (`RecordedSale.refunded`, offline ones included), so a later refund returns at most
 * the rest of each line, pays back what is left of it (the refund completing a line pays exactly
 * its remainder, as the server computes it), and is split over what each method has left.
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

/** What earlier refunds took from line `saleLineNo`: quantity (thousandths) and amount (tiyin). */
export function refundedOf(sale: RecordedSale, saleLineNo: number): { quantity: bigint; amount: bigint } {
  const done = sale.refunded?.lines.find((line) => line.saleLineNo === saleLineNo);
  return done
    ? { quantity: parseQuantity(done.quantity), amount: parseMoney(done.amount) }
    : { quantity: 0n, amount: 0n };
}

/** Thousandths of line `saleLineNo` not yet returned. */
export function remainingQuantity(sale: RecordedSale, saleLineNo: number): bigint {
  return parseQuantity(sale.lines[saleLineNo - 1]!.quantity) - refundedOf(sale, saleLineNo).quantity;
}

/** What returning `quantity` more of line `saleLineNo` pays back, in tiyin, after its earlier refunds. */
export function lineRefundAmount(sale: RecordedSale, saleLineNo: number, quantity: bigint): bigint {
  const line = sale.lines[saleLineNo - 1]!;
  const total = parseMoney(line.total);
  const vatAmount = includedVat(total, line.vatRate);
  const done = refundedOf(sale, saleLineNo);
  return refundShare(
    {
      quantity: parseQuantity(line.quantity),
      total,
      vatAmount,
      refundedQuantity: done.quantity,
      refundedAmount: done.amount,
      // Only the amount is used here; VAT refunded so far, pro rata, keeps refundShare's cap sound.
      refundedVat: total === 0n ? 0n : (vatAmount * done.amount) / total,
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

/** The refund draft, or null when nothing is chosen. Quantities above what is left of a line are refused by `refundShare`. */
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
  const alreadyRefunded = new Map<PaymentMethod, bigint>();
  for (const p of sale.refunded?.payments ?? [])
    alreadyRefunded.set(p.method, (alreadyRefunded.get(p.method) ?? 0n) + parseMoney(p.amount));
  const payments = splitRefundByPayments(total, salePayments, alreadyRefunded).map(({ method, amount }) => ({
    method,
    amount: formatMoney(amount),
    ...paidWith(sale, method),
  }));
  return { saleId: sale.id, lines, payments, ...(reason?.trim() ? { reason: reason.trim() } : {}) };
}
