/**
 * Loyalty rates are stored in basis points (250 = 2.5 %) and typed as percents with at most two
 * decimals. Converted as text and integers, never through a float.
 */

/** `250` → `"2.5"`, `1000` → `"10"`, `5` → `"0.05"`, with `separator` as the decimal mark. */
export function percentOfBps(bps: number, separator = '.'): string {
  const whole = Math.trunc(bps / 100);
  const cents = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return cents ? `${whole}${separator}${cents}` : String(whole);
}

/** `"2,5"` or `"2.5"` → `250`; null for anything that is not 0–100 with at most two decimals. */
export function bpsOfPercent(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}
