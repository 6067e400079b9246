/**
 * Money and quantities never pass through a float.
 *
 * Money is held as integer tiyin (1 UZS = 100 tiyin) in a `bigint`, written on the wire as a
 * decimal string with two decimals ("12500.00"). Quantities are held as integer thousandths
 * (1 kg = 1000) and written with three decimals ("0.150").
 */
import type { ValueTransformer } from 'typeorm';

const MAX_DIGITS = 15;

/** Thrown when a decimal string is not a valid amount; `reason` is stable for error codes. */
export class DecimalFormatError extends Error {
  constructor(
    readonly reason: 'FORMAT' | 'TOO_MANY_DECIMALS' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

function parseScaled(input: string, scale: number, what: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(input.trim());
  if (!match)
    throw new DecimalFormatError(
      'FORMAT',
      `${what} must be a decimal number like "12500.00", got "${input}"`,
    );
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new DecimalFormatError(
      'TOO_MANY_DECIMALS',
      `${what} allows at most ${scale} decimals, got "${input}"`,
    );
  }
  if (whole.replace(/^0+/, '').length > MAX_DIGITS) {
    throw new DecimalFormatError('TOO_LARGE', `${what} is too large: "${input}"`);
  }
  const value = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  return sign ? -value : value;
}

function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const whole = abs / unit;
  const fraction = (abs % unit).toString().padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** "12500.5" → 1250050n tiyin. Throws {@link DecimalFormatError}. */
export const parseMoney = (input: string): bigint => parseScaled(input, 2, 'Money');
/** 1250050n → "12500.50". */
export const formatMoney = (tiyin: bigint): string => formatScaled(tiyin, 2);
/** "0.15" → 150n thousandths. Throws {@link DecimalFormatError}. */
export const parseQuantity = (input: string): bigint => parseScaled(input, 3, 'Quantity');
/** 150n → "0.150". */
export const formatQuantity = (milli: bigint): string => formatScaled(milli, 3);

/** Multiplies a money amount by a quantity in thousandths, rounding half away from zero to the tiyin. */
export function moneyTimesQuantity(tiyin: bigint, milli: bigint): bigint {
  const product = tiyin * milli;
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + 500n) / 1000n;
  return negative ? -rounded : rounded;
}

/** TypeORM transformer for `bigint` (int8) money columns: the driver returns strings, we want bigint. */
export const moneyColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** TypeORM transformer for `numeric(18,3)` quantity columns ↔ bigint thousandths. */
export const quantityColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : formatQuantity(value),
  from: (value: string | null) => (value === null ? null : parseQuantity(value)),
};
