/**
 * The rounding rules of a receipt, in integers only (docs/decisions.md, "Receipt arithmetic"):
 * a price times a quantity and the VAT inside an amount are rounded half up to the tiyin, and a
 * receipt discount is spread over the lines by largest remainder so the shares add up exactly.
 */

import { STANDARD_VAT_RATE } from './vat.ts';

/** VAT rate applied when a line carries none (the standard rate in Uzbekistan since 2023). */
export const DEFAULT_VAT_RATE = STANDARD_VAT_RATE;

/**
 * round_half_up(n / d) for n ≥ 0 and d > 0, in integers: floor((2n + d) / 2d).
 * @throws RangeError for a negative numerator or a non-positive denominator.
 */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError('divideHalfUp expects n ≥ 0 and d > 0');
  return (2n * n + d) / (2n * d);
}

/**
 * A money amount times a quantity in thousandths, rounded half away from zero to the tiyin:
 * 10 000.01 × 0.333 = 3 330.00333 → 3 330.00; 1.00 × 0.005 = 0.005 → 0.01.
 */
export function moneyTimesQuantity(tiyin: bigint, milli: bigint): bigint {
  const product = tiyin * milli;
  const negative = product < 0n;
  const rounded = divideHalfUp(negative ? -product : product, 1000n);
  return negative ? -rounded : rounded;
}

/**
 * The unit price of a line with modifiers: the product's price plus each chosen modifier's
 * price delta (per unit). `SaleLineInput.unitPrice` carries this sum; the deltas are a snapshot.
 */
export function unitPriceWithModifiers(price: bigint, modifierDeltas: Iterable<bigint>): bigint {
  let unitPrice = price;
  for (const delta of modifierDeltas) unitPrice += delta;
  return unitPrice;
}

/**
 * VAT contained in a VAT-inclusive amount: round_half_up(amount × rate / (100 + rate)).
 * Rounded per line, never on a sum. At 12 % a net of 0.70 holds 7.5 tiyin of VAT → 8.
 * @throws RangeError for a negative amount.
 */
export function includedVat(amount: bigint, rate: number): bigint {
  if (amount < 0n) throw new RangeError('includedVat expects a non-negative amount');
  if (rate === 0) return 0n;
  return divideHalfUp(amount * BigInt(rate), BigInt(100 + rate));
}

/**
 * Spreads `discount` over lines in proportion to `bases` (largest-remainder method): each share is
 * floor(discount × base / Σ bases); the tiyin left over go one each to the lines with the largest
 * remainders, ties to the lower line number. Σ shares = discount exactly, each share is within one
 * tiyin of its exact part and never above its base.
 * @throws RangeError unless 0 ≤ discount ≤ Σ bases and every base ≥ 0.
 */
export function spreadDiscount(discount: bigint, bases: readonly bigint[]): bigint[] {
  if (bases.some((base) => base < 0n)) throw new RangeError('bases must not be negative');
  const sum = bases.reduce((a, b) => a + b, 0n);
  if (discount < 0n || discount > sum) throw new RangeError('discount must be within 0 and the sum of bases');
  if (discount === 0n) return bases.map(() => 0n);
  const shares = bases.map((base) => (discount * base) / sum);
  let left = discount - shares.reduce((a, b) => a + b, 0n);
  const byRemainder = bases
    .map((base, index) => ({ index, remainder: (discount * base) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  // left < number of lines: each floor loses less than one tiyin.
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares;
}
