/**
 * Display formatting for the decimal strings the API uses for `Money` ("12500.00") and
 * `Quantity` ("0.150"). Works on the digits as text, so no value ever passes through a float.
 */

/** Separators of a locale's number format. */
export interface DecimalFormat {
  /** Between groups of three integer digits, e.g. `"\u00a0"` (uz, ru) or `","` (en). */
  group: string;
  /** Between the integer and the fraction, e.g. `","` (uz, ru) or `"."` (en). */
  decimal: string;
}

/** Options of {@link formatDecimalString}. */
export interface FormatDecimalOptions extends DecimalFormat {
  /**
   * Drop trailing zeros of the fraction (and the separator when nothing is left), e.g. for
   * quantities: `"200.000"` → `"200"`, `"1.500"` → `"1.5"`. Default false.
   */
  trimZeros?: boolean;
}

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Groups the integer digits of a decimal string and swaps the decimal separator.
 * `formatDecimalString("1234567.50", { group: " ", decimal: "," })` → `"1 234 567,50"`.
 * Input that is not a plain decimal string is returned unchanged.
 */
export function formatDecimalString(
  value: string,
  { group, decimal, trimZeros = false }: FormatDecimalOptions,
): string {
  const match = decimalPattern.exec(value.trim());
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
  return `${negative ? '-' : ''}${grouped}${fraction ? `${decimal}${fraction}` : ''}`;
}
