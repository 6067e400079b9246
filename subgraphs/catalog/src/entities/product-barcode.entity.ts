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

/**
 * SQL: the barcodes of the product row `p` (`catalog.product p`) as a text array, in the order
 * they were added — the order `Product.barcodes` answers with, wherever it is read.
 */
export const PRODUCT_BARCODES_SQL = `ARRAY(SELECT b.barcode FROM catalog.product_barcode b
  WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id ORDER BY b.created_at, b.barcode)`;
