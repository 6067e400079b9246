import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

export interface ProductRow {
  tenantId: string;
  id: string;
  sku: string;
  name: string;
  /** Price including VAT, in tiyin. */
  price: bigint;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  unit: string;
  categoryId: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const ProductEntity = new EntitySchema<ProductRow>({
  name: 'Product',
  tableName: 'product',
  schema: 'catalog',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    sku: { type: 'text' },
    name: { type: 'text' },
    price: { type: 'bigint', transformer: moneyColumn },
    vatRate: { name: 'vat_rate', type: 'smallint' },
    ikpu: { type: 'text' },
    packageCode: { name: 'package_code', type: 'text' },
    unit: { type: 'text' },
    categoryId: { name: 'category_id', type: 'uuid', nullable: true },
    active: { type: 'boolean' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
