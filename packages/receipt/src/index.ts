/**
 * @jowi/receipt — the one receipt arithmetic of Jowi, shared by the sales service, the fiscal
 * gateway, the POS (main process and renderer) and the web admin (docs/decisions.md, "Receipt
 * arithmetic"). Pure functions over integers, no runtime dependencies and no Node or DOM APIs, so
 * every one of those runtimes imports the same code and computes the same tiyin.
 *
 * - `decimal`: Money (tiyin) and Quantity (thousandths) wire strings, {@link DecimalFormatError};
 * - `arithmetic`: price × quantity, VAT included in a price, receipt discount by largest remainder;
 * - `receipt`: {@link computeReceipt}, every figure of a receipt from what a cart or sale input holds;
 * - `refund`: refund shares of a line and the pay-back split over the sale's methods;
 * - `display`: amounts and quantities for people, in uz/ru/en;
 * - `display-time`: dates and times for people, Uzbek written by hand (runtimes lack its data);
 * - `vat`: the VAT rates of Uzbekistan (12, 0; legacy 15 before 2023), the one definition;
 * - `fiscal-fields` / `fiscal-time`: the fiscal module's field rules with one set of codes, and
 *   Tashkent fiscal times.
 */
export {
  DEFAULT_VAT_RATE,
  divideHalfUp,
  includedVat,
  moneyTimesQuantity,
  spreadDiscount,
  unitPriceWithModifiers,
} from './arithmetic.ts';
export {
  DecimalFormatError,
  type DecimalFormatReason,
  formatMoney,
  formatQuantity,
  MAX_MONEY,
  MAX_WHOLE_DIGITS,
  parseMoney,
  parseQuantity,
  sumMoney,
  tryParseMoney,
  tryParseQuantity,
} from './decimal.ts';
export {
  CURRENCY_NAMES,
  type DecimalFormat,
  type DisplayLocale,
  displayMoney,
  displayQuantity,
  type FormatDecimalOptions,
  formatDecimalString,
  type MoneyDisplayOptions,
  NUMBER_FORMATS,
} from './display.ts';
export {
  type DateDisplayOptions,
  displayDate,
  displayDateTime,
  displayDayRange,
  displayTime,
  UZ_MONTHS,
} from './display-time.ts';
export {
  checkFiscalField,
  checkFiscalRequisites,
  FISCAL_FIELD_CODES,
  FISCAL_FIELDS,
  type FiscalField,
  type FiscalFieldCode,
  type FiscalFieldCodeOf,
  type FiscalFieldProblem,
  type FiscalFieldRule,
  type FiscalRequisites,
  fiscalQrUrl,
  MAX_RECEIPT_SEQ,
} from './fiscal-fields.ts';
export { formatCompactTime, formatEposTime, parseFiscalDateTime, parseFiscalTime } from './fiscal-time.ts';
export {
  computeReceipt,
  type Receipt,
  type ReceiptInput,
  type ReceiptLine,
  type ReceiptLineInput,
  type ReceiptPayment,
  type ReceiptPaymentInput,
  type ReceiptProblem,
  type ReceiptProblemCode,
  type ReceiptResult,
  settlementProblem,
} from './receipt.ts';
export {
  type MethodAmount,
  type RefundableLine,
  type RefundShare,
  refundShare,
  splitRefundByPayments,
} from './refund.ts';
export {
  EXEMPT_VAT_RATE,
  isProductVatRate,
  isReceiptVatRate,
  isVatRateOn,
  LEGACY_VAT_RATE,
  PRODUCT_VAT_RATES,
  type ProductVatRate,
  RECEIPT_VAT_RATES,
  type ReceiptVatRate,
  STANDARD_VAT_RATE,
  VAT_RATE_CHANGED_AT,
} from './vat.ts';
