/**
 * The fiscal requisites a fiscal module (FM) returns for a registered receipt, and the checks
 * the back office applies before storing them: terminal id (`UZ191211501033`), receipt number
 * in the FM, the FM's clock (`yyyyMMddHHmmss`) and the 12-digit fiscal sign. The QR link is
 * derived from them in the format the tax operator (ofd.soliq.uz) prints on every receipt.
 */
import { type UserError, userError } from '@jowi/server-kit';

/** What the POS sends after its local FM registered a receipt. */
export interface FiscalRequisites {
  terminalId: string;
  receiptSeq: number;
  dateTime: string;
  fiscalSign: string;
}

const TERMINAL_ID = /^[A-Z]{2}\d{12}$/;
const FISCAL_SIGN = /^\d{12}$/;
const FM_DATE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
/** Uzbekistan keeps UTC+5 all year (no daylight saving since 1992); FM clocks run on local time. */
const TASHKENT_OFFSET_MS = 5 * 60 * 60 * 1000;

/**
 * Parses an FM time (`yyyyMMddHHmmss`, Tashkent local time) into an instant. Returns null unless
 * it is a real calendar date and time (no 31 April, no 29 February outside leap years, no
 * hour 24) in the years 2000–2099 — anything else is a garbled reply or a reset FM clock.
 */
export function parseFmDateTime(value: string): Date | null {
  const match = FM_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 2000 || year > 2099 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Date.UTC rolls over invalid parts (13th month, 30 February); a real date survives the round trip.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return new Date(utc - TASHKENT_OFFSET_MS);
}

/** Every problem with the requisites at once, each pointing at its input field. */
export function validateRequisites(input: FiscalRequisites): UserError[] {
  const errors: UserError[] = [];
  if (!TERMINAL_ID.test(input.terminalId)) {
    errors.push(
      userError(
        'INVALID_TERMINAL_ID',
        'Terminal id must be two capital letters and 12 digits, e.g. UZ191211501033',
        ['input', 'terminalId'],
      ),
    );
  }
  if (!Number.isInteger(input.receiptSeq) || input.receiptSeq < 1) {
    errors.push(
      userError('INVALID_RECEIPT_SEQ', 'Receipt number must be a positive integer', ['input', 'receiptSeq']),
    );
  }
  if (!parseFmDateTime(input.dateTime)) {
    errors.push(
      userError('INVALID_DATE_TIME', 'Date and time must be a real moment written as yyyyMMddHHmmss', [
        'input',
        'dateTime',
      ]),
    );
  }
  if (!FISCAL_SIGN.test(input.fiscalSign)) {
    errors.push(
      userError('INVALID_FISCAL_SIGN', 'Fiscal sign must be exactly 12 digits', ['input', 'fiscalSign']),
    );
  }
  return errors;
}

/** The receipt's link on the tax operator's site, as encoded in its QR code. */
export function fiscalQrUrl(input: FiscalRequisites): string {
  const query = new URLSearchParams({
    t: input.terminalId,
    r: String(input.receiptSeq),
    c: input.dateTime,
    s: input.fiscalSign,
  });
  return `https://ofd.soliq.uz/check?${query.toString()}`;
}
