/**
 * Amounts as the cashier types them: "100000", "100 000", "12500,50" or "12500.50". The text is
 * turned into tiyin by the receipt package's decimal parser, never through a float.
 */
import { formatMoney, tryParseMoney, tryParseQuantity } from '@jowi/receipt';

function normalise(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}

/** Tiyin of a typed amount, or null when it is not a non-negative amount with at most 2 decimals. */
export function parseTypedMoney(text: string): bigint | null {
  const value = tryParseMoney(normalise(text));
  return value !== null && value >= 0n ? value : null;
}

/** Thousandths of a typed quantity (kg with 3 decimals), or null when it is not above zero. */
export function parseTypedQuantity(text: string): bigint | null {
  const value = tryParseQuantity(normalise(text));
  return value !== null && value > 0n ? value : null;
}

/** Tiyin as the text a money field starts with ("12500" or "12500.50"). */
export function typedMoney(tiyin: bigint): string {
  const text = formatMoney(tiyin);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}
