/**
 * Money and quantities as people read them, in Uzbek, Russian and English.
 *
 * Formatting works on the digits as text (the wire strings of {@link formatMoney} and
 * {@link formatQuantity}), so no value ever passes through a float and amounts beyond 2^53 stay
 * exact. uz and ru group thousands with a no-break space and write a decimal comma
 * (`45 000,50 so‘m`); en writes `45,000.50 UZS`. Negative amounts take a true minus sign (−).
 */
import { formatMoney, formatQuantity } from './decimal.ts';

/** The interface languages of the POS and the web admin. */
export type DisplayLocale = 'uz' | 'ru' | 'en';

/** Separators of a locale's number format. */
export interface DecimalFormat {
  /** Between groups of three integer digits, e.g. `"\u00a0"` (uz, ru) or `","` (en). */
  group: string;
  /** Between the integer and the fraction, e.g. `","` (uz, ru) or `"."` (en). */
  decimal: string;
}

/** Options of {@link formatDecimalString}. */
export interface FormatDecimalOptions extends DecimalFormat {
  /** Drop trailing zeros of the fraction (and the separator when nothing is left): `"1.500"` → `"1.5"`. */
  trimZeros?: boolean;
  /** The sign of a negative value; default `"−"` (U+2212). Slips printed in a single-byte code page pass `"-"`. */
  minus?: string;
}

/** How each interface language writes numbers. */
export const NUMBER_FORMATS: Readonly<Record<DisplayLocale, DecimalFormat>> = {
  uz: { group: '\u00a0', decimal: ',' },
  ru: { group: '\u00a0', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** The currency as each interface language names it after an amount. */
export const CURRENCY_NAMES: Readonly<Record<DisplayLocale, string>> = {
  uz: 'so‘m',
  ru: 'сум',
  en: 'UZS',
};

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Groups the integer digits of a decimal string and swaps the decimal separator:
 * `formatDecimalString("1234567.50", { group: " ", decimal: "," })` → `"1 234 567,50"`.
 * Text that is not a plain decimal string is returned unchanged.
 */
export function formatDecimalString(value: string, options: FormatDecimalOptions): string {
  const { group, decimal, trimZeros = false, minus = '\u2212' } = options;
  const match = DECIMAL.exec(value.trim());
  if (!match) return value;
  const [, sign = '', integer = '', rawFraction = ''] = match;
  const fraction = trimZeros ? rawFraction.replace(/0+$/, '') : rawFraction;
  const digits = integer.replace(/^0+(?=\d)/, '');
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += group;
    grouped += digits[i];
  }
  const negative = sign === '-' && /[1-9]/.test(digits + fraction);
  return `${negative ? minus : ''}${grouped}${fraction ? `${decimal}${fraction}` : ''}`;
}

/** Options of {@link displayMoney}. */
export interface MoneyDisplayOptions {
  /** Add the currency name after a no-break space; default true. */
  currency?: boolean;
  /** `'nonzero'` (default) shows tiyin only when there are any (`45 000`); `'always'` shows `45 000,00`. */
  fraction?: 'nonzero' | 'always';
}

/** Tiyin for display: `4500050n` → `"45 000,50 so‘m"` (uz), `"45,000.50 UZS"` (en). */
export function displayMoney(
  tiyin: bigint,
  locale: DisplayLocale,
  options: MoneyDisplayOptions = {},
): string {
  const { currency = true, fraction = 'nonzero' } = options;
  const text = formatMoney(tiyin);
  const digits = fraction === 'nonzero' && tiyin % 100n === 0n ? text.slice(0, -3) : text;
  const amount = formatDecimalString(digits, NUMBER_FORMATS[locale]);
  return currency ? `${amount}\u00a0${CURRENCY_NAMES[locale]}` : amount;
}

/** Thousandths for display, without trailing zeros: `1500n` → `"1,5"` (uz), `2000n` → `"2"`. */
export function displayQuantity(milli: bigint, locale: DisplayLocale): string {
  return formatDecimalString(formatQuantity(milli), { ...NUMBER_FORMATS[locale], trimZeros: true });
}
