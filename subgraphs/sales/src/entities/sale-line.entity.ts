import { moneyColumn, quantityColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** One line of a stored sale, with the price and VAT it was sold at. */
export interface SaleLineRow {
  tenantId: string;
  saleId: string;
  /** 1-based position on the receipt. */
  lineNo: number;
  productId: string;
  /** Thousandths of the unit. */
  quantity: bigint;
  /** Tiyin, VAT included. */
  unitPrice: bigint;
  /** Tiyin. */
  discount: bigint;
  /** Tiyin: round_half_up(unitPrice × quantity) − discount. */
  total: bigint;
  /** Percent, null when unknown. */
  vatRate: number | null;
  /** Tiyin of VAT included in `total`. */
  vatAmount: bigint;
}

export const SaleLineEntity = new EntitySchema<SaleLineRow>({
  name: 'SaleLine',
  tableName: 'sale_line',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    saleId: { name: 'sale_id', type: 'uuid', primary: true },
    lineNo: { name: 'line_no', type: 'integer', primary: true },
    productId: { name: 'product_id', type: 'uuid' },
    quantity: { type: 'numeric', precision: 18, scale: 3, transformer: quantityColumn },
    unitPrice: { name: 'unit_price', type: 'bigint', transformer: moneyColumn },
    discount: { type: 'bigint', transformer: moneyColumn },
    total: { type: 'bigint', transformer: moneyColumn },
    vatRate: { name: 'vat_rate', type: 'smallint', nullable: true },
    vatAmount: { name: 'vat_amount', type: 'bigint', transformer: moneyColumn },
  },
});
