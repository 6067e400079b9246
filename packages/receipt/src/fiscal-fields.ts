/**
 * The fields a fiscal module (FM) and the tax operator check, with one rule and one stable code
 * each. The catalog, the sales and fiscal subgraphs and the fiscal gateway all validate through
 * this table, so a value one of them accepts is never refused by another:
 *
 * | field        | rule                                                   | code                   |
 * |--------------|--------------------------------------------------------|------------------------|
 * | `ikpu`       | IKPU (MXIK) classification code: exactly 17 digits     | `INVALID_IKPU`         |
 * | `packageCode`| tasnif package (unit) code for the IKPU: 1–20 digits   | `INVALID_PACKAGE_CODE` |
 * | `taxId`      | TIN (9 digits, a company) or PINFL (14 digits, a person)| `INVALID_TAX_ID`      |
 * | `terminalId` | FM id: two capital letters and 12 digits (`UZ191211501033`) | `INVALID_TERMINAL_ID` |
 * | `receiptSeq` | receipt number in the FM: a whole number 1 … 2 147 483 647 | `INVALID_RECEIPT_SEQ` |
 * | `dateTime`   | FM time `yyyyMMddHHmmss`: a real Tashkent moment in 2000–2099 | `INVALID_DATE_TIME` |
 * | `fiscalSign` | fiscal sign: exactly 12 digits                         | `INVALID_FISCAL_SIGN`  |
 *
 * Values are checked as given: callers trim text snapshots first.
 */
import { parseFiscalDateTime } from './fiscal-time.ts';

/** Every fiscal field code. Never renamed or reused: SDLs document them. */
export const FISCAL_FIELD_CODES = [
  'INVALID_IKPU',
  'INVALID_PACKAGE_CODE',
  'INVALID_TAX_ID',
  'INVALID_TERMINAL_ID',
  'INVALID_RECEIPT_SEQ',
  'INVALID_DATE_TIME',
  'INVALID_FISCAL_SIGN',
] as const;

/** One of {@link FISCAL_FIELD_CODES}. */
export type FiscalFieldCode = (typeof FISCAL_FIELD_CODES)[number];

/** The fields of {@link FISCAL_FIELDS}. */
export type FiscalField =
  | 'ikpu'
  | 'packageCode'
  | 'taxId'
  | 'terminalId'
  | 'receiptSeq'
  | 'dateTime'
  | 'fiscalSign';

/** A field's rule: its test, its code and the message that explains the rule. */
export interface FiscalFieldRule<C extends FiscalFieldCode = FiscalFieldCode> {
  code: C;
  message: string;
  test(value: unknown): boolean;
}

/** The code of each field's rule, so a caller's error type names only the codes it can return. */
interface FieldCodes {
  ikpu: 'INVALID_IKPU';
  packageCode: 'INVALID_PACKAGE_CODE';
  taxId: 'INVALID_TAX_ID';
  terminalId: 'INVALID_TERMINAL_ID';
  receiptSeq: 'INVALID_RECEIPT_SEQ';
  dateTime: 'INVALID_DATE_TIME';
  fiscalSign: 'INVALID_FISCAL_SIGN';
}

/** The code of field `F`'s rule. */
export type FiscalFieldCodeOf<F extends FiscalField> = FieldCodes[F];

/** The largest receipt number: GraphQL `Int` and the `integer` columns that keep it are 32-bit. */
export const MAX_RECEIPT_SEQ = 2_147_483_647;

const matches =
  (pattern: RegExp) =>
  (value: unknown): boolean =>
    typeof value === 'string' && pattern.test(value);

/** The one rule per fiscal field (see the table in the file header). */
export const FISCAL_FIELDS: { readonly [F in FiscalField]: FiscalFieldRule<FieldCodes[F]> } = {
  ikpu: {
    code: 'INVALID_IKPU',
    message: 'IKPU (MXIK) code must be exactly 17 digits',
    test: matches(/^\d{17}$/),
  },
  packageCode: {
    code: 'INVALID_PACKAGE_CODE',
    message: 'Package code must be 1 to 20 digits (the tasnif package code of the IKPU)',
    test: matches(/^\d{1,20}$/),
  },
  taxId: {
    code: 'INVALID_TAX_ID',
    message: 'Taxpayer number must be a TIN of 9 digits or a PINFL of 14 digits',
    test: matches(/^(\d{9}|\d{14})$/),
  },
  terminalId: {
    code: 'INVALID_TERMINAL_ID',
    message: 'Fiscal module id must be two capital letters and 12 digits, e.g. UZ191211501033',
    test: matches(/^[A-Z]{2}\d{12}$/),
  },
  receiptSeq: {
    code: 'INVALID_RECEIPT_SEQ',
    message: 'Receipt number must be a whole number of 1 or more',
    test: (value) =>
      Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_RECEIPT_SEQ,
  },
  dateTime: {
    code: 'INVALID_DATE_TIME',
    message: 'Fiscal date and time must be a real moment written yyyyMMddHHmmss (2000–2099)',
    test: (value) => typeof value === 'string' && parseFiscalDateTime(value) !== null,
  },
  fiscalSign: {
    code: 'INVALID_FISCAL_SIGN',
    message: 'Fiscal sign must be exactly 12 digits',
    test: matches(/^\d{12}$/),
  },
};

/** A broken fiscal field rule (of field `F`). */
export interface FiscalFieldProblem<F extends FiscalField = FiscalField> {
  code: FieldCodes[F];
  message: string;
  /** The field, as named in {@link FISCAL_FIELDS} (and in the SDL inputs). */
  field: F;
}

/** Checks one field; `null` when it follows its rule. */
export function checkFiscalField<F extends FiscalField>(
  field: F,
  value: unknown,
): FiscalFieldProblem<F> | null {
  const rule: FiscalFieldRule<FieldCodes[F]> = FISCAL_FIELDS[field];
  return rule.test(value) ? null : { code: rule.code, message: rule.message, field };
}

/** What a fiscal module answered for a registered receipt: the requisites printed and stored. */
export interface FiscalRequisites {
  terminalId: string;
  receiptSeq: number;
  /** `yyyyMMddHHmmss`, Tashkent time. */
  dateTime: string;
  fiscalSign: string;
}

const REQUISITE_FIELDS = ['terminalId', 'receiptSeq', 'dateTime', 'fiscalSign'] as const;

/** Every problem of a receipt's requisites at once, in field order (terminal id, number, time, sign). */
export function checkFiscalRequisites(
  requisites: FiscalRequisites,
): FiscalFieldProblem<(typeof REQUISITE_FIELDS)[number]>[] {
  return REQUISITE_FIELDS.map((field) => checkFiscalField(field, requisites[field])).filter(
    (found) => found !== null,
  );
}

/** The receipt's check link on the tax operator's site (`ofd.soliq.uz`), the content of its QR code. */
export function fiscalQrUrl(requisites: FiscalRequisites): string {
  const query: [string, string][] = [
    ['t', requisites.terminalId],
    ['r', String(requisites.receiptSeq)],
    ['c', requisites.dateTime],
    ['s', requisites.fiscalSign],
  ];
  // encodeURIComponent rather than URLSearchParams: this package runs without DOM or Node typings.
  return `https://ofd.soliq.uz/check?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
