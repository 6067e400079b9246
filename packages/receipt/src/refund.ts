/**
 * What a refund pays back, and by which methods.
 *
 * Returning q of a line's Q pays back round_half_up(net × q / Q) and VAT round_half_up(VAT × q / Q),
 * never more than is left of the line; the return that completes the line pays exactly what is
 * left, so the refunds of a line always add up to its net and its VAT, to the tiyin, in any order.
 *
 * Without payments chosen by the cashier, the money goes back by the sale's own methods: non-cash
 * first in the sale's payment order, each up to what it paid less what earlier refunds already
 * returned with it; cash last, taking the rest.
 */
import { divideHalfUp } from './arithmetic.ts';

/** A sold line as a refund sees it: what it was and what earlier refunds already took. */
export interface RefundableLine {
  /** Quantity sold, in thousandths. */
  quantity: bigint;
  /** The line's net (`SaleLine.total`), in tiyin. */
  total: bigint;
  /** VAT contained in the net. */
  vatAmount: bigint;
  refundedQuantity: bigint;
  refundedAmount: bigint;
  refundedVat: bigint;
}

/** Money and VAT paid back for one refunded line. */
export interface RefundShare {
  amount: bigint;
  vat: bigint;
}

const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/**
 * What returning `quantity` of `line` pays back: proportional and rounded half up, capped at what
 * is left of the line; the return that completes the line pays exactly what is left.
 * @throws RangeError unless 0 < quantity ≤ what is left of the line.
 */
export function refundShare(line: RefundableLine, quantity: bigint): RefundShare {
  const remaining = line.quantity - line.refundedQuantity;
  if (quantity <= 0n || quantity > remaining) {
    throw new RangeError('a refund returns more than zero and at most what is left of the line');
  }
  const leftAmount = line.total - line.refundedAmount;
  const leftVat = line.vatAmount - line.refundedVat;
  if (quantity === remaining) return { amount: leftAmount, vat: leftVat };
  return {
    amount: minOf(divideHalfUp(line.total * quantity, line.quantity), leftAmount),
    vat: minOf(divideHalfUp(line.vatAmount * quantity, line.quantity), leftVat),
  };
}

/** An amount paid, or to pay back, with one method. */
export interface MethodAmount<M extends string = string> {
  method: M;
  amount: bigint;
}

/**
 * Splits a refund's `total` over the sale's payment methods: non-cash first in the sale's payment
 * order, each up to what it paid less `alreadyRefunded` with it; `CASH` last takes the rest
 * (also anything earlier refunds paid back with other methods). Σ result = total; methods with
 * nothing to pay back are left out.
 */
export function splitRefundByPayments<M extends string>(
  total: bigint,
  salePayments: readonly MethodAmount<M>[],
  alreadyRefunded: ReadonlyMap<M, bigint>,
): MethodAmount<M | 'CASH'>[] {
  const left = new Map<M, bigint>();
  for (const p of salePayments) left.set(p.method, (left.get(p.method) ?? 0n) + p.amount);
  for (const [method, refunded] of alreadyRefunded) left.set(method, (left.get(method) ?? 0n) - refunded);
  const result: MethodAmount<M | 'CASH'>[] = [];
  let rest = total;
  for (const [method, available] of left) {
    if (method === 'CASH' || rest === 0n || available <= 0n) continue;
    const amount = minOf(available, rest);
    result.push({ method, amount });
    rest -= amount;
  }
  if (rest > 0n) result.push({ method: 'CASH', amount: rest });
  return result;
}
