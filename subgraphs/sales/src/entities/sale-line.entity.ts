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
  /** Tiyin: the line's own discount. */
  discount: bigint;
  /** Tiyin: this line's share of the receipt-level discount. */
  receiptDiscount: bigint;
  /** Tiyin: round_half_up(unitPrice × quantity) − discount − receiptDiscount. */
  total: bigint;
  /** Percent, null when unknown. */
  vatRate: number | null;
  /** Tiyin of VAT included in `total`. */
  vatAmount: bigint;
  /** Product name at the time of sale. */
  name: string | null;
  /** IKPU (MXIK) code at the time of sale. */
  ikpu: string | null;
  /** Package code of the IKPU unit at the time of sale. */
  packageCode: string | null;
  /** Owner type at the time of sale (fiscal receipts need it). */
  ownerType: 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE' | null;
  /** Chosen modifiers; `priceDelta` is a Money decimal string. */
  modifiers: SaleLineModifier[];
  /** Marking codes of the units sold, one per unit (empty for unmarked goods). */
  markingCodes: string[];
  /** Thousandths refunded so far; never above `quantity` (a CHECK constraint). */
  refundedQuantity: bigint;
}

/** A modifier on a stored line, as JSON (amounts as decimal strings, never numbers). */
export interface SaleLineModifier {
  modifierId: string;
  name: string;
  priceDelta: string;
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
    receiptDiscount: { name: 'receipt_discount', type: 'bigint', transformer: moneyColumn },
    total: { type: 'bigint', transformer: moneyColumn },
    vatRate: { name: 'vat_rate', type: 'smallint', nullable: true },
    vatAmount: { name: 'vat_amount', type: 'bigint', transformer: moneyColumn },
    name: { type: 'text', nullable: true },
    ikpu: { type: 'text', nullable: true },
    packageCode: { name: 'package_code', type: 'text', nullable: true },
    ownerType: { name: 'owner_type', type: 'text', nullable: true },
    modifiers: { type: 'jsonb' },
    markingCodes: { name: 'marking_codes', type: 'text', array: true },
    refundedQuantity: {
      name: 'refunded_quantity',
      type: 'numeric',
      precision: 18,
      scale: 3,
      transformer: quantityColumn,
    },
  },
});

/** A sale line shaped for GraphQL: `product` is a reference the gateway resolves in catalog. */
export type SaleLineNode = SaleLineRow & { product: { __typename: 'Product'; id: string } };
