/**
 * Money and quantities on the wire, never through a float.
 *
 * Money is integer tiyin (1 so'm = 100 tiyin) in a `bigint`, written on the wire as a decimal
 * string with two decimals ("12500.00"). Quantities are integer thousandths (1 kg = 1000) written
 * with three decimals ("0.150"). Every service, the fiscal gateway, the POS and the web admin read
 * and write these strings through this one file.
 */

/** Most whole digits a Money or Quantity may have (what a `bigint` column and the FM carry). */
export const MAX_WHOLE_DIGITS = 15;
/** Largest amount a Money can carry: 15 whole digits and 2 decimals, in tiyin. */
export const MAX_MONEY = 10n ** 17n - 1n;

/** Why a decimal string was refused; stable, so callers can turn it into an error code. */
export type DecimalFormatReason = 'FORMAT' | 'TOO_MANY_DECIMALS' | 'TOO_LARGE';

/** Thrown when a decimal string is not a valid amount; `reason` is stable for error codes. */
export class DecimalFormatError extends Error {
  constructor(
    /** Which rule the text broke. */
    readonly reason: DecimalFormatReason,
    message: string,
  ) {
    super(message);
    this.name = 'DecimalFormatError';
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parseScaled(input: string, scale: number, what: string): bigint {
  const match = DECIMAL.exec(input.trim());
  if (!match) {
    throw new DecimalFormatError(
      'FORMAT',
      `${what} must be a decimal number like "12500.00", got "${input}"`,
    );
  }
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new DecimalFormatError(
      'TOO_MANY_DECIMALS',
      `${what} allows at most ${scale} decimals, got "${input}"`,
    );
  }
  if (whole.replace(/^0+/, '').length > MAX_WHOLE_DIGITS) {
    throw new DecimalFormatError('TOO_LARGE', `${what} is too large: "${input}"`);
  }
  const value = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  return sign ? -value : value;
}

function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const fraction = (abs % unit).toString().padStart(scale, '0');
  return `${negative ? '-' : ''}${abs / unit}.${fraction}`;
}

function orNull<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DecimalFormatError) return null;
    throw error;
  }
}

/** "12500.5" → 1250050n tiyin. Throws {@link DecimalFormatError}. */
export const parseMoney = (input: string): bigint => parseScaled(input, 2, 'Money');
/** Like {@link parseMoney}, but `null` instead of throwing. */
export const tryParseMoney = (input: string): bigint | null => orNull(() => parseMoney(input));
/** 1250050n → "12500.50" (always two decimals). */
export const formatMoney = (tiyin: bigint): string => formatScaled(tiyin, 2);
/** "0.15" → 150n thousandths. Throws {@link DecimalFormatError}. */
export const parseQuantity = (input: string): bigint => parseScaled(input, 3, 'Quantity');
/** Like {@link parseQuantity}, but `null` instead of throwing. */
export const tryParseQuantity = (input: string): bigint | null => orNull(() => parseQuantity(input));
/** 150n → "0.150" (always three decimals). */
export const formatQuantity = (milli: bigint): string => formatScaled(milli, 3);

/** Sum of amounts (`Math` and `reduce` without a seed do not take bigint). */
export function sumMoney(amounts: Iterable<bigint>): bigint {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}
