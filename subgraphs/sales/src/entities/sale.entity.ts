import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** Lifecycle of a sale (mirrors the SDL enum). */
export type SaleStatus = 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

/** Things the back office should check on a stored sale (mirrors the SDL enum `SaleFlag`). */
export const SALE_FLAGS = [
  'NO_SHIFT',
  'AFTER_SHIFT_CLOSE',
  'FUTURE_DEVICE_TIME',
  'MISSING_IKPU',
  'DISCOUNT_NOT_PERMITTED',
  'CASH_FOR_CASHLESS',
  'MISSING_MARKING_CODES',
] as const;
export type SaleFlag = (typeof SALE_FLAGS)[number];

/** A stored sale. Field names follow the GraphQL type (`createdAt` is the device time). */
export interface SaleRow {
  tenantId: string;
  id: string;
  storeId: string;
  terminalId: string;
  shiftId: string | null;
  cashierId: string | null;
  customerId: string | null;
  receiptNumber: number | null;
  status: SaleStatus;
  /** Tiyin: sum of the line amounts before the receipt discount. */
  subtotal: bigint;
  /** Tiyin: receipt-level discount. */
  discount: bigint;
  /** Tiyin: subtotal − discount. */
  total: bigint;
  /** Tiyin. */
  vatTotal: bigint;
  /** Tiyin refunded so far. */
  refundedTotal: bigint;
  /** sha256 (hex) of the canonical sale content; decides DUPLICATE vs CONFLICT on a resend. */
  contentHash: string;
  /** Device time of the sale. */
  createdAt: Date;
  /** Business day in the store's time zone, `YYYY-MM-DD`. */
  businessDate: string;
  /** Server time the sale was stored. */
  receivedAt: Date;
  catalogVersion: string | null;
  flags: SaleFlag[];
}

export const SaleEntity = new EntitySchema<SaleRow>({
  name: 'Sale',
  tableName: 'sale',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid' },
    terminalId: { name: 'terminal_id', type: 'uuid' },
    shiftId: { name: 'shift_id', type: 'uuid', nullable: true },
    cashierId: { name: 'cashier_id', type: 'uuid', nullable: true },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    receiptNumber: { name: 'receipt_number', type: 'integer', nullable: true },
    status: { type: 'text' },
    subtotal: { type: 'bigint', transformer: moneyColumn },
    discount: { type: 'bigint', transformer: moneyColumn },
    total: { type: 'bigint', transformer: moneyColumn },
    vatTotal: { name: 'vat_total', type: 'bigint', transformer: moneyColumn },
    refundedTotal: { name: 'refunded_total', type: 'bigint', transformer: moneyColumn },
    contentHash: { name: 'content_hash', type: 'text' },
    createdAt: { name: 'device_created_at', type: 'timestamptz' },
    businessDate: { name: 'business_date', type: 'date' },
    receivedAt: { name: 'received_at', type: 'timestamptz' },
    catalogVersion: { name: 'catalog_version', type: 'text', nullable: true },
    flags: { type: 'text', array: true },
  },
});
