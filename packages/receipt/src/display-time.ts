/**
 * Dates and times as people read them, in Uzbek, Russian and English — the one date formatting of
 * the web admin and the POS renderer.
 *
 * Why not just `Intl.DateTimeFormat(tag)`: a runtime without Uzbek locale data (Debian's
 * Chromium, which the POS renderer and the admin run in) falls back to the root locale and
 * writes "2026 M12 7". So Uzbek is written here from the calendar parts, the way Uzbek texts and
 * CLDR's long form write it — `7-dekabr, 2026`, `7-dekabr, 2026, 14:05`, times on a 24-hour clock.
 * The parts come from an `en-US` formatter (present in every ICU build), which still does the
 * time-zone conversion. Russian and English keep `Intl`, whose data every runtime here has.
 */
import type { DisplayLocale } from './display.ts';

/** Uzbek (Latin) month names, January first, as written after a day number ("7-dekabr"). */
export const UZ_MONTHS = [
  'yanvar',
  'fevral',
  'mart',
  'aprel',
  'may',
  'iyun',
  'iyul',
  'avgust',
  'sentabr',
  'oktabr',
  'noyabr',
  'dekabr',
] as const;

interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Formatters are costly to build and tables call this per cell: one per zone. */
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string | undefined): WallClock {
  const key = timeZone ?? '';
  let formatter = partFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partFormatters.set(key, formatter);
  }
  const value: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') value[part.type] = Number(part.value);
  }
  return {
    year: value.year ?? 0,
    month: value.month ?? 1,
    day: value.day ?? 1,
    // Some ICU versions write midnight as 24 even with h23.
    hour: (value.hour ?? 0) % 24,
    minute: value.minute ?? 0,
  };
}

/** The language subtag of a BCP 47 tag or a {@link DisplayLocale}: `uz-UZ` → `uz`. */
function isUzbek(locale: string): boolean {
  return locale.toLowerCase().split(/[-_]/)[0] === 'uz';
}

const pad2 = (value: number): string => value.toString().padStart(2, '0');

function uzDay(year: number, month: number, day: number): string {
  return `${day}-${UZ_MONTHS[month - 1]}, ${year}`;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Options of the display functions. */
export interface DateDisplayOptions {
  /** IANA zone the instant is read in, e.g. `Asia/Tashkent`; the runtime's own zone when omitted. */
  timeZone?: string;
}

/**
 * An instant as date and time: uz `7-dekabr, 2026, 14:05`, ru `07.12.2026, 14:05`,
 * en (en-GB) `07/12/2026, 14:05`. `locale` is a {@link DisplayLocale} or any BCP 47 tag.
 */
export function displayDateTime(
  value: Date | string,
  locale: DisplayLocale | string,
  options: DateDisplayOptions = {},
): string {
  const instant = toDate(value);
  if (isUzbek(locale)) {
    const t = wallClock(instant, options.timeZone);
    return `${uzDay(t.year, t.month, t.day)}, ${pad2(t.hour)}:${pad2(t.minute)}`;
  }
  return new Intl.DateTimeFormat(intlTag(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: options.timeZone,
  }).format(instant);
}

/** An instant's calendar date: uz `7-dekabr, 2026`, ru `07.12.2026`, en `07/12/2026`. */
export function displayDate(
  value: Date | string,
  locale: DisplayLocale | string,
  options: DateDisplayOptions = {},
): string {
  const instant = toDate(value);
  if (isUzbek(locale)) {
    const t = wallClock(instant, options.timeZone);
    return uzDay(t.year, t.month, t.day);
  }
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'short', timeZone: options.timeZone }).format(
    instant,
  );
}

/** An instant's time of day on a 24-hour clock, `14:05`, in every language. */
export function displayTime(
  value: Date | string,
  _locale: DisplayLocale | string,
  options: DateDisplayOptions = {},
): string {
  const t = wallClock(toDate(value), options.timeZone);
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(day: string): { year: number; month: number; day: number } {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * A span of calendar days (`YYYY-MM-DD`, both inclusive — no time zone involved), short:
 * uz `1–7-dekabr, 2026`, `28-noyabr – 4-dekabr, 2026`, `28-dekabr, 2026 – 3-yanvar, 2027`;
 * ru/en through `Intl` (`1–7 Dec 2026`). One day alone is written as that day.
 */
export function displayDayRange(from: string, to: string, locale: DisplayLocale | string): string {
  const a = parseDay(from);
  const b = parseDay(to);
  if (isUzbek(locale)) {
    if (from === to) return uzDay(a.year, a.month, a.day);
    if (a.year !== b.year) return `${uzDay(a.year, a.month, a.day)} – ${uzDay(b.year, b.month, b.day)}`;
    if (a.month !== b.month) return `${a.day}-${UZ_MONTHS[a.month - 1]} – ${uzDay(b.year, b.month, b.day)}`;
    return `${a.day}–${uzDay(b.year, b.month, b.day)}`;
  }
  const formatter = new Intl.DateTimeFormat(intlTag(locale), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
  return from === to ? formatter.format(asUtc(from)) : formatter.formatRange(asUtc(from), asUtc(to));
}

/** The tag handed to `Intl` for ru/en: the bare locales map to the regional forms the admin uses. */
function intlTag(locale: string): string {
  if (locale === 'ru') return 'ru-RU';
  if (locale === 'en') return 'en-GB';
  return locale;
}
