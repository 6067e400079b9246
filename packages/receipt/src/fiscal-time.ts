/**
 * Fiscal times are Tashkent wall-clock times (UTC+5, no daylight saving since 1992). The fiscal
 * module (FM) has no clock of its own: it trusts the time in each command, so it is written in
 * one fixed zone whatever the computer's zone setting is, and read back the same way.
 *
 * Two spellings exist: `yyyyMMddHHmmss` (the FM's `DateTime`, the QR link, the requisites the POS
 * sends) and `yyyy-MM-dd HH:mm:ss` (the `Time` field of E-POS commands).
 */

const TASHKENT_OFFSET_MS = 5 * 60 * 60 * 1000;
/** The years a fiscal time may name; anything else is a garbled reply or a reset FM clock. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const EITHER = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/;

const pad = (value: number, width = 2): string => value.toString().padStart(width, '0');

function parts(date: Date): [string, string, string, string, string, string] {
  const local = new Date(date.getTime() + TASHKENT_OFFSET_MS);
  return [
    pad(local.getUTCFullYear(), 4),
    pad(local.getUTCMonth() + 1),
    pad(local.getUTCDate()),
    pad(local.getUTCHours()),
    pad(local.getUTCMinutes()),
    pad(local.getUTCSeconds()),
  ];
}

/** `yyyy-MM-dd HH:mm:ss` in Tashkent time — the `Time` field of E-POS commands. */
export function formatEposTime(date: Date): string {
  const [y, mo, d, h, mi, s] = parts(date);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** `yyyyMMddHHmmss` in Tashkent time — the FM's `DateTime`, also used in the QR link. */
export function formatCompactTime(date: Date): string {
  return parts(date).join('');
}

function toInstant(match: RegExpExecArray): Date | null {
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < FIRST_YEAR || y > LAST_YEAR) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - TASHKENT_OFFSET_MS);
  // Date.UTC rolls invalid parts over (month 13, 30 February, hour 24): a real moment survives the round trip.
  return formatCompactTime(date) === match.slice(1, 7).join('') ? date : null;
}

/**
 * Parses a fiscal time in either spelling (Tashkent time) into an instant; `null` unless it is a
 * real calendar date and time in the years 2000–2099.
 */
export function parseFiscalTime(text: string): Date | null {
  const match = EITHER.exec(text);
  return match ? toInstant(match) : null;
}

/** Parses `yyyyMMddHHmmss` only (the FM's `DateTime`), with the rules of {@link parseFiscalTime}. */
export function parseFiscalDateTime(text: string): Date | null {
  const match = COMPACT.exec(text);
  return match ? toInstant(match) : null;
}
