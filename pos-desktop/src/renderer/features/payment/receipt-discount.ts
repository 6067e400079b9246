/**
 * A receipt-level discount as the cashier types it: an amount in so‘m, or a percentage of the
 * receipt (up to two decimals, `,` or `.`). A percentage becomes tiyin with the receipt package's
 * half-up division (never a float); the amount is then spread over the lines by `computeReceipt`
 * (largest remainder), exactly as the sales service checks it.
 */
import { divideHalfUp } from '@jowi/receipt';
import { parseTypedMoney } from '../../lib/amounts.ts';

/** How the discount was given. */
export type DiscountKind = 'amount' | 'percent';

/** Why a typed discount is refused. */
export type DiscountProblem = 'FORMAT' | 'ABOVE_TOTAL' | 'PERCENT_RANGE';

/** Basis points in 100 %. */
const WHOLE = 10_000n;

/**
 * The discount in tiyin on a receipt whose lines come to `subtotal` tiyin (after line discounts),
 * or why the typed text cannot be one.
 */
export function receiptDiscount(
  subtotal: bigint,
  kind: DiscountKind,
  text: string,
): { ok: true; amount: bigint } | { ok: false; problem: DiscountProblem } {
  // "12,5" % parses as 12.50 "money": its hundredths are exactly the basis points.
  const value = parseTypedMoney(text);
  if (value === null || value === 0n) return { ok: false, problem: 'FORMAT' };
  if (kind === 'percent') {
    if (value > WHOLE) return { ok: false, problem: 'PERCENT_RANGE' };
    return { ok: true, amount: divideHalfUp(subtotal * value, WHOLE) };
  }
  if (value > subtotal) return { ok: false, problem: 'ABOVE_TOTAL' };
  return { ok: true, amount: value };
}
