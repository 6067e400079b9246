import { moneyColumn, quantityColumn } from '@jowi/server-kit';
import type { ValueTransformer } from 'typeorm';
import { EntitySchema } from 'typeorm';

/** Documents of other subgraphs that cause movements (with `sourceId` and `sourceLine`). */
export const SOURCE_KINDS = [
  'sale',
  'refund',
  'goods_receipt',
  'transfer_out',
  'transfer_in',
  'stock_take',
  'write_off',
  'correction',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const MOVEMENT_KINDS = [
  'ADJUSTMENT',
  'RECEIPT',
  'SALE',
  'REFUND',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'WRITE_OFF',
  'CORRECTION',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface StockMovementRow {
  tenantId: string;
  id: string;
  storeId: string;
  productId: string;
  kind: MovementKind;
  /** Signed, in thousandths of the product's unit: negative takes stock out. */
  quantity: bigint;
  reference: string | null;
  createdAt: Date;
  createdBy: string | null;
  /** The document that caused it, when another subgraph's event did; unique with id and line. */
  sourceKind: SourceKind | null;
  sourceId: string | null;
  sourceLine: number | null;
  /** 0 for the line's own product; i for the i-th ingredient a recipe expanded the line into. */
  sourcePart: number;
  /** Tiyin per unit, where known. */
  unitCost: bigint | null;
  /** Write-off reason (WRITE_OFF only). */
  reason: string | null;
  note: string | null;
}

const nullableMoney: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value == null ? null : moneyColumn.to(value)),
  from: (value: string | null) => (value == null ? null : moneyColumn.from(value)),
};

export const StockMovementEntity = new EntitySchema<StockMovementRow>({
  name: 'StockMovement',
  tableName: 'stock_movement',
  schema: 'inventory',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid' },
    productId: { name: 'product_id', type: 'uuid' },
    kind: { type: 'text' },
    quantity: { type: 'numeric', precision: 18, scale: 3, transformer: quantityColumn },
    reference: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    createdBy: { name: 'created_by', type: 'text', nullable: true },
    sourceKind: { name: 'source_kind', type: 'text', nullable: true },
    sourceId: { name: 'source_id', type: 'uuid', nullable: true },
    sourceLine: { name: 'source_line', type: 'integer', nullable: true },
    sourcePart: { name: 'source_part', type: 'integer', default: 0 },
    unitCost: { name: 'unit_cost', type: 'bigint', nullable: true, transformer: nullableMoney },
    reason: { type: 'text', nullable: true },
    note: { type: 'text', nullable: true },
  },
});
