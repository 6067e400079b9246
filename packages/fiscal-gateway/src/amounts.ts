/**
 * Money and quantity on the gateway's wire, without floats.
 *
 * The house format (see `@jowi/server-kit` money.ts) is kept: money is integer tiyin in a
 * `bigint`, written as a decimal string with two decimals ("12500.00"); quantities are integer
 * thousandths written with three decimals ("1.500"). These few lines are repeated here rather
 * than imported because this package is embedded in the POS main process and must not pull
 * server-kit's database stack with it.
 */

const MAX_DIGITS = 15;

function parseScaled(input: string, scale: number): bigint | null {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(input.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > scale || whole.replace(/^0+/, '').length > MAX_DIGITS) return null;
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

/** "12500.5" → 1250050n tiyin; `null` when the text is not an amount with at most 2 decimals. */
export const parseMoney = (input: string): bigint | null => parseScaled(input, 2);
/** 1250050n → "12500.50". */
export const formatMoney = (tiyin: bigint): string => formatScaled(tiyin, 2);
/** "0.25" → 250n thousandths; `null` when not a quantity with at most 3 decimals. */
export const parseQuantity = (input: string): bigint | null => parseScaled(input, 3);
/** 250n → "0.250". */
export const formatQuantity = (milli: bigint): string => formatScaled(milli, 3);

/** Unit price × quantity (thousandths), rounded half away from zero to the tiyin. */
export function moneyTimesQuantity(tiyin: bigint, milli: bigint): bigint {
  const product = tiyin * milli;
  const negative = product < 0n;
  const rounded = ((negative ? -product : product) + 500n) / 1000n;
  return negative ? -rounded : rounded;
}

/**
 * VAT contained in a VAT-inclusive amount: amount × rate / (100 + rate), rounded half up.
 * Uzbek receipts carry prices with VAT included, so the FM wants the VAT part, not a surcharge.
 */
export function includedVat(amount: bigint, percent: number): bigint {
  if (percent === 0) return 0n;
  const rate = BigInt(percent);
  const numerator = amount * rate * 2n;
  const denominator = (100n + rate) * 2n;
  return (numerator + denominator / 2n) / denominator;
}
