import { EntitySchema } from 'typeorm';

export interface ProductBarcodeRow {
  tenantId: string;
  barcode: string;
  productId: string;
  createdAt: Date;
}

export const ProductBarcodeEntity = new EntitySchema<ProductBarcodeRow>({
  name: 'ProductBarcode',
  tableName: 'product_barcode',
  schema: 'catalog',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    barcode: { type: 'text', primary: true },
    productId: { name: 'product_id', type: 'uuid' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
