/**
 * @jowi/fiscal-gateway — fiscal devices behind one driver interface, an E-POS Communicator
 * driver and simulator, an idempotency journal, receipt slips, and the HTTP API the POS calls.
 */
export {
  type DeviceStatus,
  FISCAL_ERROR_CODES,
  FISCAL_ERRORS,
  type FiscalDriver,
  FiscalError,
  type FiscalErrorCode,
  type FiscalReceipt,
  type FiscalReference,
  isFiscalError,
  type OperatorMessages,
  type OwnerType,
  type ReceiptItem,
  type ReceiptKind,
  type RefundReceipt,
  type ResendResult,
  type ResolvedLine,
  resolveLine,
  type SaleReceipt,
  type ShiftReport,
} from './driver.ts';
export {
  DEFAULT_EPOS_URL,
  EposDriver,
  type EposDriverOptions,
  fiscalErrorFromRpc,
  toEposReceipt,
} from './epos-driver.ts';
export { EPOS_ERROR, EPOS_METHOD } from './epos-protocol.ts';
export {
  type FiscalizeResult,
  FiscalService,
  type FiscalServiceHooks,
  type FiscalServiceOptions,
  type GatewayStatus,
} from './fiscal-service.ts';
export {
  createFiscalGateway,
  type FiscalGatewayOptions,
  receiptToJson,
  shiftToJson,
} from './http.ts';
export {
  FiscalJournal,
  type FiscalRecord,
  fromFiscalRecord,
  type JournalEntry,
  toFiscalRecord,
} from './journal.ts';
export {
  assertPrinterReady,
  buildSlip,
  ESC_POS_CUT,
  escPosQr,
  type PrinterStatus,
  type ReceiptPrinter,
  renderSlipEscPos,
  renderSlipHtml,
  type SellerInfo,
  SimulatedPrinter,
  type SlipData,
  type SlipLine,
} from './printer.ts';
export { type ReceiptRequest, receiptRequestSchema, receiptRequestToJson } from './receipt-request.ts';
export {
  computeFiscalSign,
  DEFAULT_LIMITS,
  type FiscalModuleLimits,
  type RunningSimulator,
  type SimulatorFaults,
  type SimulatorOptions,
  startSimulator,
} from './simulator/index.ts';
