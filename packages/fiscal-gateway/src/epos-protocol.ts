/**
 * The E-POS Communicator JSON-RPC 2.0 contract, as the driver and the simulator both see it.
 *
 * Field names follow the Communicator (`Name`, `SPIC`, `Amount` = quantity × 1000, `Price` =
 * line total in tiyin, `ReceivedCash`/`ReceivedCard` in tiyin, `Time` = `yyyy-MM-dd HH:mm:ss`)
 * and FM error names follow its error table (`ERROR_ZREPORT_IS_NOT_OPEN`…). Two things are our
 * extensions, documented because a real Communicator may differ:
 *  - every receipt carries `ExternalId` (the POS document id) which the FM keeps with the
 *    receipt, and `Api.FindReceipt` looks it up — the gateway's crash recovery relies on it;
 *  - the simulated register has a built-in printer, so print-bound commands may fail with
 *    `ERROR_PRINTER_PAPER_OUT` / `ERROR_PRINTER_COVER_OPEN` before anything is signed.
 * Amounts are JSON integers (tiyin); they stay far below 2^53.
 */
import { RECEIPT_VAT_RATES } from '@jowi/receipt';
import { z } from 'zod';
import { fiscalText, receiptSeqNumber } from './fiscal-field.ts';

/** The Communicator's method names. */
export const EPOS_METHOD = {
  openZReport: 'Api.OpenZReport',
  closeZReport: 'Api.CloseZReport',
  sendSaleReceipt: 'Api.SendSaleReceipt',
  sendRefundReceipt: 'Api.SendRefundReceipt',
  getZReportInfo: 'Api.GetZReportInfo',
  getUnsentCount: 'Api.GetUnsentCount',
  resendUnsent: 'Api.ResendUnsent',
  status: 'Api.Status',
  findReceipt: 'Api.FindReceipt',
} as const;

/** FM/Communicator error names carried in the JSON-RPC error `message`. */
export const EPOS_ERROR = {
  zReportNotOpen: 'ERROR_ZREPORT_IS_NOT_OPEN',
  zReportAlreadyOpen: 'ERROR_ZREPORT_IS_ALREADY_OPEN',
  zReportEmpty: 'ERROR_CURRENT_ZREPORT_IS_EMPTY',
  operationCountOverflow: 'ERROR_SALE_REFUND_COUNT_OVERFLOW',
  zReportExpired: 'ERROR_ZREPORT_TIME_LIMIT_EXCEEDED',
  zReportSpaceFull: 'ERROR_ZREPORT_SPACE_IS_FULL',
  notEnoughCash: 'ERROR_NOT_ENOUGH_CASH_FOR_REFUND',
  notEnoughCard: 'ERROR_NOT_ENOUGH_CARD_FOR_REFUND',
  notEnoughVat: 'ERROR_NOT_ENOUGH_VAT_FOR_REFUND',
  receiptTimePast: 'ERROR_RECEIPT_TIME_PAST',
  openZReportTimePast: 'ERROR_OPEN_ZREPORT_TIME_PAST',
  closeZReportTimePast: 'ERROR_CLOSE_ZREPORT_TIME_PAST',
  receiptMemoryFull: 'ERROR_RECEIPT_MEMORY_FULL',
  storeDaysLimit: 'ERROR_RECEIPT_STORE_DAYS_LIMIT_EXCEEDED',
  locked: 'ERROR_LOCKED_FOREVER',
  fiscalDriveNotFound: 'ERROR_FISCAL_DRIVE_NOT_FOUND',
  paperOut: 'ERROR_PRINTER_PAPER_OUT',
  coverOpen: 'ERROR_PRINTER_COVER_OPEN',
  invalidReceipt: 'ERROR_INVALID_RECEIPT',
  refundReceiptNotFound: 'ERROR_REFUND_RECEIPT_NOT_FOUND',
  zReportNotFound: 'ERROR_ZREPORT_NOT_FOUND',
} as const;

/** JSON-RPC error codes: the standard ones, and one application code for every FM error. */
export const JSONRPC_CODE = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  fmError: -32000,
} as const;

const int = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const eposTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

/** One receipt line on the wire. */
export const eposItemSchema = z.object({
  Name: z.string().min(1).max(63),
  SPIC: fiscalText('ikpu'),
  PackageCode: fiscalText('packageCode'),
  Units: int.optional(),
  Barcode: z
    .string()
    .regex(/^\d{8,14}$/)
    .optional(),
  Amount: int.min(1),
  Price: int,
  ProductPrice: int,
  Discount: int,
  VAT: int,
  VATPercent: z.literal(RECEIPT_VAT_RATES),
  OwnerType: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** Marking codes of the units sold (product code + serial), at most 300 per line. */
  Labels: z.array(z.string().min(1).max(63)).max(300).optional(),
});
export type EposItem = z.infer<typeof eposItemSchema>;

export const eposRefundInfoSchema = z.object({
  TerminalID: fiscalText('terminalId'),
  ReceiptSeq: receiptSeqNumber(),
  DateTime: fiscalText('dateTime'),
  FiscalSign: fiscalText('fiscalSign'),
});

export const eposReceiptSchema = z.object({
  ExternalId: z.string().min(1).max(64),
  /** Omitted: the Communicator stamps its own clock. */
  Time: eposTimeSchema.optional(),
  ReceivedCash: int,
  ReceivedCard: int,
  Items: z.array(eposItemSchema).min(1).max(1000),
  RefundInfo: eposRefundInfoSchema.optional(),
});
export type EposReceipt = z.infer<typeof eposReceiptSchema>;

export const sendReceiptParamsSchema = z.object({ Receipt: eposReceiptSchema });
export const timeParamsSchema = z.object({ Time: eposTimeSchema.optional() });
export const zReportInfoParamsSchema = z.object({ Number: int.default(0) });
export const findReceiptParamsSchema = z.object({
  ExternalId: z.string().min(1).max(64),
  Type: z.enum(['sale', 'refund']),
});

/** A signed receipt as the FM reports it. */
export const eposReceiptResultSchema = z.object({
  Type: z.enum(['sale', 'refund']),
  ExternalId: z.string(),
  TerminalID: z.string(),
  ReceiptSeq: int,
  DateTime: z.string().regex(/^\d{14}$/),
  FiscalSign: z.string().regex(/^\d{12}$/),
  QRCodeURL: z.string(),
  ZReportNumber: int,
  Total: int,
  Cash: int,
  Card: int,
  VAT: int,
});
export type EposReceiptResult = z.infer<typeof eposReceiptResultSchema>;

export const eposZReportSchema = z.object({
  Number: int,
  Open: z.boolean(),
  OpenTime: z.string(),
  CloseTime: z.string().nullable(),
  SaleCount: int,
  RefundCount: int,
  SaleCash: int,
  SaleCard: int,
  SaleVAT: int,
  RefundCash: int,
  RefundCard: int,
  RefundVAT: int,
  FirstReceiptSeq: int.nullable(),
  LastReceiptSeq: int.nullable(),
  Receipts: z.array(eposReceiptResultSchema).optional(),
});
export type EposZReport = z.infer<typeof eposZReportSchema>;

export const eposStatusSchema = z.object({
  TerminalID: z.string(),
  ZReportOpen: z.boolean(),
  ZReportNumber: int.nullable(),
  ZReportOpenTime: z.string().nullable(),
  OperationsInZReport: int,
  MaxOperationsPerZReport: int,
  LastReceiptSeq: int,
  ZReportsUsed: int,
  ZReportsCapacity: int,
  UnsentCount: int,
  ReceiptsCapacity: int,
  FirstUnacknowledgedReceiptTime: z.string().nullable(),
  Locked: z.boolean(),
  LastOperationTime: z.string().nullable(),
  Printer: z.object({ PaperOut: z.boolean(), CoverOpen: z.boolean() }).nullable(),
});
export type EposStatus = z.infer<typeof eposStatusSchema>;

export const eposUnsentSchema = z.object({
  Count: int,
  FirstUnacknowledgedReceiptTime: z.string().nullable(),
});
export const eposResendSchema = z.object({ Acknowledged: int, Remaining: int });
export const eposFindReceiptSchema = z.object({
  Found: z.boolean(),
  Receipt: eposReceiptResultSchema.nullable(),
});

/** A JSON-RPC 2.0 response envelope: `error` present means failure, whatever `result` says. */
export const jsonRpcResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() }).optional(),
});
