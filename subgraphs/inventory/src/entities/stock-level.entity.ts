import { quantityColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

export interface StockLevelRow {
  tenantId: string;
  storeId: string;
  productId: string;
  /** Sum of the ledger for this store and product, in thousandths; may be negative. */
  quantity: bigint;
  /** Derived by the database (`quantity < 0`): sold below zero, needs a count or a receipt. */
  negative: boolean;
  /** Moving average cost of one unit in tiyin (receipts and transfers in); null before the first. */
  avgCost: bigint | null;
  updatedAt: Date;
}

export const StockLevelEntity = new EntitySchema<StockLevelRow>({
  name: 'StockLevel',
  tableName: 'stock_level',
  schema: 'inventory',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    productId: { name: 'product_id', type: 'uuid', primary: true },
    quantity: { type: 'numeric', precision: 18, scale: 3, transformer: quantityColumn },
    negative: { type: 'boolean', insert: false, update: false },
    avgCost: {
      name: 'avg_cost',
      type: 'bigint',
      nullable: true,
      transformer: {
        to: (v: bigint | null | undefined) => (v == null ? null : v.toString()),
        from: (v: string | null) => (v == null ? null : BigInt(v)),
      },
    },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});

/** `StockLevel` as resolvers hold it: the level row, with its threshold when already known. */
export type LevelNode = StockLevelRow & { threshold?: bigint | null };
