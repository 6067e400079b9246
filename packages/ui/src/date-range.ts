/**
 * Date ranges in a store's time zone — what `DateRangePicker` emits, and the preset arithmetic.
 *
 * A range is **both** of these, and they always agree:
 * - `from` / `to`: calendar dates (`YYYY-MM-DD`), both **inclusive**, as the store's clock reads
 *   them — the business days. Pass them where the API takes `Date`s (`SaleFilter.dateFrom/dateTo`).
 * - `start` / `end`: UTC instants (ISO 8601, `Z`), **half-open** `[start, end)`: midnight at the
 *   start of `from` and midnight after `to`, in the store's zone. Pass them where the API takes
 *   `DateTime`s (`SaleFilter.from/to`).
 *
 * In Asia/Tashkent (UTC+5, no daylight saving) "today, 7 Dec 2026" is from = to = 2026-12-07,
 * start = 2026-12-06T19:00:00.000Z, end = 2026-12-07T19:00:00.000Z. The zone's rules come from
 * @date-fns/tz (the runtime's IANA data); weeks start on Monday.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, endOfMonth, format, startOfMonth, startOfWeek } from 'date-fns';
import type { DateRangePresetId } from './messages.ts';

/** A range of business days in one time zone; see the file header for the two readings. */
export interface DateRangeValue {
  /** First day, inclusive, `YYYY-MM-DD` in `timeZone`. */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD` in `timeZone`. */
  to: string;
  /** The instant `from` begins in `timeZone`, UTC ISO string; inclusive. */
  start: string;
  /** The instant after `to` ends (next midnight) in `timeZone`, UTC ISO string; exclusive. */
  end: string;
  /** The IANA zone the dates are read in, e.g. `Asia/Tashkent`. */
  timeZone: string;
  /** The preset that produced the range, or null for a custom one. */
  preset: DateRangePresetId | null;
}

/** Every preset, in the order a picker lists them. */
export const DATE_RANGE_PRESETS: readonly DateRangePresetId[] = [
  'today',
  'yesterday',
  'last7Days',
  'last30Days',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight starting a calendar day in `timeZone`, as a zoned date. */
export function zonedDay(day: string, timeZone: string): TZDate {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: "${day}"`);
  return new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), timeZone);
}

/**
 * The instant a wall-clock reading `YYYY-MM-DDTHH:mm` (an `<input type="datetime-local">` value)
 * names in `timeZone`, as a UTC ISO string; null when the text is not such a reading.
 */
export function zonedInstant(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  const zoned = new TZDate(y, mo - 1, d, h, mi, timeZone);
  return Number.isNaN(zoned.getTime()) ? null : new Date(zoned.getTime()).toISOString();
}

/** The calendar day an instant falls on in `timeZone`, `YYYY-MM-DD`. */
export function dayIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The range of whole days `from`…`to` (inclusive) in `timeZone`; swaps them if reversed. */
export function dateRange(
  from: string,
  to: string,
  timeZone: string,
  preset: DateRangePresetId | null = null,
): DateRangeValue {
  const [first, last] = from <= to ? [from, to] : [to, from];
  const start = zonedDay(first, timeZone);
  const end = addDays(zonedDay(last, timeZone), 1);
  return {
    from: first,
    to: last,
    start: new Date(start.getTime()).toISOString(),
    end: new Date(end.getTime()).toISOString(),
    timeZone,
    preset,
  };
}

/**
 * A preset resolved at `now` in `timeZone`. "This week" and "this month" run up to today;
 * "last 7 days" is today and the six days before it.
 */
export function presetRange(
  preset: DateRangePresetId,
  timeZone: string,
  now: Date = new Date(),
): DateRangeValue {
  const today = zonedDay(dayIn(now, timeZone), timeZone);
  const day = (date: Date) => format(date, 'yyyy-MM-dd');
  const range = (from: Date, to: Date) => dateRange(day(from), day(to), timeZone, preset);
  const monday = startOfWeek(today, { weekStartsOn: 1 });
  switch (preset) {
    case 'today':
      return range(today, today);
    case 'yesterday':
      return range(addDays(today, -1), addDays(today, -1));
    case 'last7Days':
      return range(addDays(today, -6), today);
    case 'last30Days':
      return range(addDays(today, -29), today);
    case 'thisWeek':
      return range(monday, today);
    case 'lastWeek':
      return range(addDays(monday, -7), addDays(monday, -1));
    case 'thisMonth':
      return range(startOfMonth(today), today);
    case 'lastMonth': {
      const previous = addMonths(startOfMonth(today), -1);
      return range(previous, endOfMonth(previous));
    }
  }
}
