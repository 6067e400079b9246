/**
 * The admin's thin locale wrappers over `@jowi/receipt`'s display formatting: the API's decimal
 * strings in the separators of the user's language (the dictionary's `number`).
 */
import { formatDecimalString } from '@jowi/receipt';
import type { Dictionary } from '../i18n/dictionaries.ts';

/** A `Money` string ("45000.00") as the user's language writes it, e.g. "45 000,00". */
export function formatMoney(value: string, dict: Dictionary): string {
  return formatDecimalString(value, dict.number);
}

/** A `Quantity` string ("200.000") without trailing zeros, e.g. "200" or "1,5". */
export function formatQuantity(value: string, dict: Dictionary): string {
  return formatDecimalString(value, { ...dict.number, trimZeros: true });
}
