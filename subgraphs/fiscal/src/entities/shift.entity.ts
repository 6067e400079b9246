import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** A fiscal shift (Z report) of a central device, as the worker opened and closed it. */
export interface ShiftRow {
  tenantId: string;
  id: string;
  deviceId: string;
  zNumber: number;
  /** FM time, `yyyyMMddHHmmss`. */
  openedAt: string;
  closedAt: string | null;
  saleCount: number;
  refundCount: number;
  saleCash: bigint;
  saleCard: bigint;
  saleVat: bigint;
  refundCash: bigint;
  refundCard: bigint;
  refundVat: bigint;
  updatedAt: Date;
}

const bigintColumn = (name: string) => ({ name, type: 'bigint' as const, transformer: moneyColumn });

export const ShiftEntity = new EntitySchema<ShiftRow>({
  name: 'FiscalShift',
  tableName: 'shift',
  schema: 'fiscal',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    deviceId: { name: 'device_id', type: 'uuid' },
    zNumber: { name: 'z_number', type: 'integer' },
    openedAt: { name: 'opened_at', type: 'text' },
    closedAt: { name: 'closed_at', type: 'text', nullable: true },
    saleCount: { name: 'sale_count', type: 'integer' },
    refundCount: { name: 'refund_count', type: 'integer' },
    saleCash: bigintColumn('sale_cash'),
    saleCard: bigintColumn('sale_card'),
    saleVat: bigintColumn('sale_vat'),
    refundCash: bigintColumn('refund_cash'),
    refundCard: bigintColumn('refund_card'),
    refundVat: bigintColumn('refund_vat'),
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});
