/**
 * Money in the renderer: the API sends `Money` as a decimal string ("45000.00"); the POS turns
 * it into integer tiyin (`bigint`, 1 so'm = 100 tiyin) and does every sum in tiyin. Never a
 * float: `0.1 + 0.2` has no place at a till.
 */

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a `Money` string ("45000.00", "45000", "0.5", "-12.30") into tiyin.
 * @throws RangeError when the text is not a plain decimal with at most two decimals.
 */
export function parseMoney(text: string): bigint {
  const match = MONEY.exec(text.trim());
  if (!match) throw new RangeError(`Not a money amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const tiyin = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return minus ? -tiyin : tiyin;
}

/** Tiyin as the API's `Money` string, always with two decimals: 4500050n → "45000.50". */
export function toMoneyString(tiyin: bigint): string {
  const negative = tiyin < 0n;
  const abs = negative ? -tiyin : tiyin;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Separators for display: uz and ru write `45 000,50`, en writes `45,000.50`. */
export interface MoneyFormat {
  group: string;
  decimal: string;
}

const PLAIN: MoneyFormat = { group: '\u00a0', decimal: '.' };

/**
 * Tiyin for display: whole so'm grouped by thousands, tiyin shown only when there are any
 * (4500000n → "45 000", 4500050n → "45 000,50" in uz). The currency word is added by the caller.
 */
export function formatTiyin(tiyin: bigint, format: MoneyFormat = PLAIN): string {
  const negative = tiyin < 0n;
  const abs = negative ? -tiyin : tiyin;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
  const cents = abs % 100n;
  return `${negative ? '−' : ''}${whole}${cents === 0n ? '' : `${format.decimal}${cents.toString().padStart(2, '0')}`}`;
}

/** Sum of tiyin amounts. */
export function sumTiyin(amounts: Iterable<bigint>): bigint {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}
