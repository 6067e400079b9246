/**
 * Marking codes ("Asl belgisi") as the till reads them. A 2D scanner types the whole GS1
 * DataMatrix: `01` + GTIN-14, `21` + serial, then a group separator (GS, often sent as the
 * character U+001D or as `\x1d` typed by the scanner's keyboard emulation) and the crypto tail
 * (`91`/`92`/`93` …). The fiscal receipt takes the product code and serial only, 1–63 printable
 * characters (the fiscal module's `Labels`): {@link readMarkingCode} keeps what comes before the
 * first separator and checks it. A code that starts like GS1 (`01` + 14 digits + `21`) must carry
 * a valid GTIN check digit, which catches most mistyped codes.
 */

/** Why a scanned or typed code is refused. */
export type MarkingProblem = 'EMPTY' | 'FORMAT' | 'CHECK_DIGIT' | 'DUPLICATE' | 'TOO_MANY';

/** The fiscal module's rule for one label. */
const LABEL = /^[\x21-\x7e]{1,63}$/;
/** GS1 element strings: GTIN (01) followed by the serial (21). */
const GS1 = /^01(\d{14})21/;
/** A group separator as scanners send it: the control character or its escaped spellings. */
const SEPARATOR = new RegExp(`${String.fromCharCode(0x1d)}|\\\\x1d|<GS>|\u241d`, 'i');

/** Whether the last digit of a GTIN-8/12/13/14 is its GS1 check digit. */
export function validGtin(gtin: string): boolean {
  if (!/^\d{8,14}$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** The label a scanned code becomes, or why it is refused (before any duplicate check). */
export function readMarkingCode(
  raw: string,
): { ok: true; code: string } | { ok: false; problem: MarkingProblem } {
  const code = (raw.split(SEPARATOR)[0] ?? '').trim();
  if (!code) return { ok: false, problem: 'EMPTY' };
  if (!LABEL.test(code)) return { ok: false, problem: 'FORMAT' };
  const gs1 = GS1.exec(code);
  if (gs1 && !validGtin(gs1[1]!)) return { ok: false, problem: 'CHECK_DIGIT' };
  return { ok: true, code };
}

/**
 * Adds a scanned code to a line's codes: refused when unreadable, already on this line or on
 * another line of the sale (`taken`), or when every unit already has its code.
 */
export function addMarkingCode(
  codes: readonly string[],
  raw: string,
  options: { units: number; taken: ReadonlySet<string> },
): { ok: true; codes: string[] } | { ok: false; problem: MarkingProblem } {
  const read = readMarkingCode(raw);
  if (!read.ok) return read;
  if (codes.includes(read.code) || options.taken.has(read.code)) return { ok: false, problem: 'DUPLICATE' };
  if (codes.length >= options.units) return { ok: false, problem: 'TOO_MANY' };
  return { ok: true, codes: [...codes, read.code] };
}
