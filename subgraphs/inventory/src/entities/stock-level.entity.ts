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
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});
