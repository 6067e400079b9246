import { EntitySchema } from 'typeorm';
import type { ReceiptStatus } from '../services/receipt-state.ts';

/** The fiscal receipt of one sale (at most one per sale and tenant). */
export interface ReceiptRow {
  tenantId: string;
  id: string;
  saleId: string;
  status: ReceiptStatus;
  terminalId: string | null;
  receiptSeq: number | null;
  fiscalSign: string | null;
  /** The FM's clock as printed, `yyyyMMddHHmmss` (Tashkent local time). */
  fmDateTime: string | null;
  qrUrl: string | null;
  registeredAt: Date | null;
  errorCode: string | null;
  createdAt: Date;
}

export const ReceiptEntity = new EntitySchema<ReceiptRow>({
  name: 'FiscalReceipt',
  tableName: 'receipt',
  schema: 'fiscal',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    saleId: { name: 'sale_id', type: 'uuid' },
    status: { type: 'text' },
    terminalId: { name: 'terminal_id', type: 'text', nullable: true },
    receiptSeq: { name: 'receipt_seq', type: 'integer', nullable: true },
    fiscalSign: { name: 'fiscal_sign', type: 'char', length: 12, nullable: true },
    fmDateTime: { name: 'fm_date_time', type: 'text', nullable: true },
    qrUrl: { name: 'qr_url', type: 'text', nullable: true },
    registeredAt: { name: 'registered_at', type: 'timestamptz', nullable: true },
    errorCode: { name: 'error_code', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
