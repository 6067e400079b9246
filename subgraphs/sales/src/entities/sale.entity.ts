import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** Lifecycle of a sale (mirrors the SDL enum). */
export type SaleStatus = 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

/** A stored sale. Field names follow the GraphQL type (`createdAt` is the device time). */
export interface SaleRow {
  tenantId: string;
  id: string;
  terminalId: string;
  shiftId: string | null;
  customerId: string | null;
  status: SaleStatus;
  /** Tiyin. */
  total: bigint;
  /** Tiyin. */
  vatTotal: bigint;
  /** sha256 (hex) of the canonical sale content; decides DUPLICATE vs CONFLICT on a resend. */
  contentHash: string;
  /** Device time of the sale. */
  createdAt: Date;
  /** Server time the sale was stored. */
  receivedAt: Date;
}

export const SaleEntity = new EntitySchema<SaleRow>({
  name: 'Sale',
  tableName: 'sale',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    terminalId: { name: 'terminal_id', type: 'uuid' },
    shiftId: { name: 'shift_id', type: 'uuid', nullable: true },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    status: { type: 'text' },
    total: { type: 'bigint', transformer: moneyColumn },
    vatTotal: { name: 'vat_total', type: 'bigint', transformer: moneyColumn },
    contentHash: { name: 'content_hash', type: 'text' },
    createdAt: { name: 'device_created_at', type: 'timestamptz' },
    receivedAt: { name: 'received_at', type: 'timestamptz' },
  },
});
