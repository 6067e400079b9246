/**
 * A page's date range from the URL's `from`/`to` (ISO days), or today in the store's zone — the
 * pure part of `useRangeParam`, shared with server components that load a page's first data.
 */
import { type DateRangeValue, dateRange, presetRange } from '@jowi/ui';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The range `from`…`to` when both are ISO days, else today in `timeZone`. */
export function rangeOf(
  from: string | null | undefined,
  to: string | null | undefined,
  timeZone: string,
): DateRangeValue {
  return from && to && DAY.test(from) && DAY.test(to)
    ? dateRange(from, to, timeZone)
    : presetRange('today', timeZone);
}

/** `day` moved by `days` calendar days (ISO dates, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The span of the same length just before `from`…`to`, for "vs the previous period". */
export function previousSpan(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  return { from: shiftDay(from, -days), to: shiftDay(from, -1) };
}
