/**
 * The admin's thin locale wrappers over `@jowi/receipt`'s display formatting: the API's decimal
 * strings in the separators of the user's language (the dictionary's `number`).
 */
import { displayDateTime, formatDecimalString } from '@jowi/receipt';
import type { Dictionary } from '../i18n/dictionaries.ts';

/** A `Money` string ("45000.00") as the user's language writes it, e.g. "45 000,00". */
export function formatMoney(value: string, dict: Dictionary): string {
  return formatDecimalString(value, dict.number);
}

/** A `Quantity` string ("200.000") without trailing zeros, e.g. "200" or "1,5". */
export function formatQuantity(value: string, dict: Dictionary): string {
  return formatDecimalString(value, { ...dict.number, trimZeros: true });
}

/**
 * An instant as date and time in `timeZone`, in the user's language: "7-dekabr, 2026, 14:05" (uz,
 * written by `@jowi/receipt` because browsers lack Uzbek date data), "07.12.2026, 14:05" (ru).
 */
export function formatDateTime(value: string | Date, localeTag: string, timeZone: string): string {
  return displayDateTime(value, localeTag, { timeZone });
}

/**
 * The width of a table column of {@link formatDateTime} values: the longest date and time the
 * locale writes (uz spells the month, "28-sentabr, 2026, 12:59"), in `ch` plus the cell's
 * padding, so no row's time is cut off in any language.
 */
export function dateTimeColumnWidth(localeTag: string): string {
  const longest = Math.max(
    ...Array.from(
      { length: 12 },
      (_, month) =>
        formatDateTime(new Date(Date.UTC(2026, month, 28, 7, 59)), localeTag, 'Asia/Tashkent').length,
    ),
  );
  return `calc(${longest}ch + 1.5rem)`;
}

/**
 * A change between two amounts in tiyin as a percentage with one decimal, e.g. "+12,5 %";
 * integers only (bigint), so no amount passes through a float. Null when there is nothing to compare with.
 */
export function percentChange(
  current: bigint,
  previous: bigint,
  dict: Dictionary,
): { text: string; direction: 'up' | 'down' | 'flat' } | null {
  if (previous <= 0n) return null;
  const tenths = ((current - previous) * 1000n) / previous;
  const magnitude = tenths < 0n ? -tenths : tenths;
  const text = formatDecimalString(`${magnitude / 10n}.${magnitude % 10n}`, dict.number);
  if (tenths === 0n) return { text: `${text} %`, direction: 'flat' };
  return { text: `${tenths > 0n ? '+' : '−'}${text} %`, direction: tenths > 0n ? 'up' : 'down' };
}

/** A fiscal failure code in words (with what to do), or the generic sentence naming the code. */
export function fiscalReason(code: string | null | undefined, dict: Dictionary): string {
  if (!code) return dict.fiscal.unknownReason;
  const reasons: Record<string, string> = dict.fiscal.reasons;
  return reasons[code] ?? `${dict.fiscal.unknownReason} (${code})`;
}
