/**
 * Amounts as people type and read them, for the Money and Quantity components.
 *
 * The API carries `Money` as a decimal string with two decimals ("12500.00", integer tiyin
 * underneath) and `Quantity` with three ("1.500", thousandths). Here a person's text
 * ("12 500,5") becomes such a string and its integer minor units (`bigint`), and minor units go
 * back to display text. Digits are handled as text and `bigint`, never as a float.
 *
 * This is the only file of @jowi/ui with amount logic; display grouping comes from `format.ts`.
 * When the shared money package lands, the bodies here become calls into it.
 */
import { type DecimalFormat, formatDecimalString } from './format.ts';

/** Decimal places of an amount kind: `Money` has 2 (tiyin), `Quantity` has 3 (g, ml). */
export type AmountScale = 2 | 3;

/** How {@link parseAmountText} reads a person's text. */
export interface AmountTextOptions {
  /** Decimal places allowed (2 for money, 3 for quantities). */
  scale: AmountScale;
  /** The locale's separators; its group separator is ignored, either `.` or `,` may be the decimal one. */
  format: DecimalFormat;
  /** Accept a leading minus. Default false. */
  allowNegative?: boolean;
  /** At most this many integer digits. Default 15 (well inside a bigint column of tiyin). */
  maxIntegerDigits?: number;
}

/** Why text is not an amount: stable codes for messages. */
export type AmountTextProblem = 'INVALID' | 'TOO_MANY_DECIMALS' | 'TOO_LARGE' | 'NEGATIVE';

/** The outcome of {@link parseAmountText}. */
export type ParsedAmount =
  | { kind: 'empty' }
  /** A prefix of a valid amount, e.g. `"-"` or `"12,"`: fine while typing, no value yet. */
  | { kind: 'partial' }
  | {
      kind: 'amount' /** The API's decimal string, e.g. `"12500.50"`. */;
      value: string /** Integer minor units, e.g. `1250050n`. */;
      units: bigint;
    }
  | { kind: 'invalid'; problem: AmountTextProblem };

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * Reads what a person typed: group separators and spaces are ignored, `.` and `,` both mark
 * decimals (unless `,` is the locale's group separator, as in English), more decimals than
 * `scale` are refused rather than rounded.
 */
export function parseAmountText(text: string, options: AmountTextOptions): ParsedAmount {
  const { scale, format, allowNegative = false, maxIntegerDigits = 15 } = options;
  let compact = text.replace(SPACES, '');
  if (format.group !== ',' && format.group.trim() !== '') compact = compact.split(format.group).join('');
  if (format.group === ',') compact = compact.replaceAll(',', '');
  compact = compact.replace(',', '.');
  if (compact === '') return { kind: 'empty' };
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(compact);
  if (!match) return { kind: 'invalid', problem: 'INVALID' };
  const [, sign = '', integer = '', fraction] = match;
  if (sign && !allowNegative) return { kind: 'invalid', problem: 'NEGATIVE' };
  if ((fraction ?? '').length > scale) return { kind: 'invalid', problem: 'TOO_MANY_DECIMALS' };
  if (integer.replace(/^0+(?=\d)/, '').length > maxIntegerDigits)
    return { kind: 'invalid', problem: 'TOO_LARGE' };
  if (fraction === '' || (integer === '' && fraction === undefined)) return { kind: 'partial' };
  const units = BigInt(integer || '0') * 10n ** BigInt(scale) + BigInt((fraction ?? '').padEnd(scale, '0'));
  const signed = sign && units !== 0n ? -units : units;
  return { kind: 'amount', value: unitsToDecimal(signed, scale), units: signed };
}

/** Integer minor units as the API's decimal string: `unitsToDecimal(1250050n, 2)` → `"12500.50"`. */
export function unitsToDecimal(units: bigint, scale: AmountScale): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(scale);
  return `${negative ? '-' : ''}${abs / base}.${(abs % base).toString().padStart(scale, '0')}`;
}

/** Options of {@link formatAmount}. */
export interface FormatAmountOptions {
  /** The locale's separators. */
  format: DecimalFormat;
  /**
   * `auto` drops an all-zero fraction ("125 000"), `always` keeps every decimal ("125 000,00"),
   * `trim` drops trailing zeros ("1,5" for a quantity). Default `auto`.
   */
  fraction?: 'auto' | 'always' | 'trim';
}

/**
 * A decimal string (or minor units with their scale) as display text with grouped thousands:
 * `formatAmount("125000.00", { format: uz })` → `"125 000"`.
 */
export function formatAmount(
  value: string | bigint,
  { format, fraction = 'auto' }: FormatAmountOptions,
  scale: AmountScale = 2,
): string {
  const text = typeof value === 'bigint' ? unitsToDecimal(value, scale) : value;
  if (fraction === 'always') return formatDecimalString(text, format);
  if (fraction === 'trim') return formatDecimalString(text, { ...format, trimZeros: true });
  const allZero = /\.0*$/.test(text) || !text.includes('.');
  return formatDecimalString(text, { ...format, trimZeros: allZero });
}
