/**
 * Fiscal times are Tashkent wall-clock times (UTC+5, no daylight saving since 1992). The FM has
 * no clock of its own: it trusts the time in each command, so the gateway writes it in one fixed
 * zone whatever the POS computer's zone setting is, and reads the FM's answers back the same way.
 */

const TASHKENT_OFFSET_MS = 5 * 60 * 60 * 1000;

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

/** Parses either fiscal time format (Tashkent time); `null` when malformed or not a real date. */
export function parseFiscalTime(text: string): Date | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - TASHKENT_OFFSET_MS;
  const date = new Date(ms);
  return formatCompactTime(date) === `${match[1]}${match[2]}${match[3]}${match[4]}${match[5]}${match[6]}`
    ? date
    : null;
}
