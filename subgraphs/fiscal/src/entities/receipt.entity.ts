import { EntitySchema } from 'typeorm';
import type { FiscalMode, ReceiptKind, ReceiptStatus } from '../services/receipt-state.ts';

/** A fiscal receipt: of a sale (at most one per sale) or of a refund (at most one per refund). */
export interface ReceiptRow {
  tenantId: string;
  id: string;
  saleId: string;
  kind: ReceiptKind;
  refundId: string | null;
  status: ReceiptStatus;
  mode: FiscalMode;
  /** The fiscal device it was routed to (through its POS terminal), when one is configured. */
  deviceId: string | null;
  posTerminalId: string | null;
  terminalId: string | null;
  receiptSeq: number | null;
  fiscalSign: string | null;
  /** The FM's clock as printed, `yyyyMMddHHmmss` (Tashkent local time). */
  fmDateTime: string | null;
  qrUrl: string | null;
  registeredAt: Date | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  /** The fiscal gateway request (central mode), built from the sale event. */
  request: unknown;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ReceiptEntity = new EntitySchema<ReceiptRow>({
  name: 'FiscalReceipt',
  tableName: 'receipt',
  schema: 'fiscal',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    saleId: { name: 'sale_id', type: 'uuid' },
    kind: { type: 'text', default: 'SALE' },
    refundId: { name: 'refund_id', type: 'uuid', nullable: true },
    status: { type: 'text' },
    mode: { type: 'text', default: 'LOCAL' },
    deviceId: { name: 'device_id', type: 'uuid', nullable: true },
    posTerminalId: { name: 'pos_terminal_id', type: 'uuid', nullable: true },
    terminalId: { name: 'terminal_id', type: 'text', nullable: true },
    receiptSeq: { name: 'receipt_seq', type: 'integer', nullable: true },
    fiscalSign: { name: 'fiscal_sign', type: 'char', length: 12, nullable: true },
    fmDateTime: { name: 'fm_date_time', type: 'text', nullable: true },
    qrUrl: { name: 'qr_url', type: 'text', nullable: true },
    registeredAt: { name: 'registered_at', type: 'timestamptz', nullable: true },
    attempts: { type: 'integer', default: 0 },
    errorCode: { name: 'error_code', type: 'text', nullable: true },
    errorMessage: { name: 'error_message', type: 'text', nullable: true },
    request: { type: 'jsonb', nullable: true },
    nextAttemptAt: { name: 'next_attempt_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});
