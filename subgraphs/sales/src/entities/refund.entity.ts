import { moneyColumn, quantityColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';
import type { CardBrand, PaymentMethod } from './sale-payment.entity.ts';

/** A stored refund (return) of some or all of a sale's lines. */
export interface RefundRow {
  tenantId: string;
  id: string;
  saleId: string;
  storeId: string;
  terminalId: string;
  shiftId: string | null;
  cashierId: string | null;
  reason: string | null;
  /** Tiyin paid back. */
  total: bigint;
  /** Tiyin of VAT included in `total`. */
  vatTotal: bigint;
  /** sha256 of the canonical refund request; decides DUPLICATE vs CONFLICT on a resend. */
  contentHash: string;
  /** Device time. */
  createdAt: Date;
  /** Business day in the store's time zone, `YYYY-MM-DD`. */
  businessDate: string;
  receivedAt: Date;
}

/** One returned part of a sale line. */
export interface RefundLineRow {
  tenantId: string;
  refundId: string;
  lineNo: number;
  saleLineNo: number;
  productId: string;
  /** Thousandths. */
  quantity: bigint;
  /** Tiyin paid back for it. */
  amount: bigint;
  /** Tiyin of VAT included in `amount`. */
  vatAmount: bigint;
}

/** How part of a refund went back to the customer. */
export interface RefundPaymentRow {
  tenantId: string;
  refundId: string;
  lineNo: number;
  method: PaymentMethod;
  /** Tiyin, more than zero. */
  amount: bigint;
  cardBrand: CardBrand | null;
  reference: string | null;
}

export const RefundEntity = new EntitySchema<RefundRow>({
  name: 'Refund',
  tableName: 'refund',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    saleId: { name: 'sale_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid' },
    terminalId: { name: 'terminal_id', type: 'uuid' },
    shiftId: { name: 'shift_id', type: 'uuid', nullable: true },
    cashierId: { name: 'cashier_id', type: 'uuid', nullable: true },
    reason: { type: 'text', nullable: true },
    total: { type: 'bigint', transformer: moneyColumn },
    vatTotal: { name: 'vat_total', type: 'bigint', transformer: moneyColumn },
    contentHash: { name: 'content_hash', type: 'text' },
    createdAt: { name: 'device_created_at', type: 'timestamptz' },
    businessDate: { name: 'business_date', type: 'date' },
    receivedAt: { name: 'received_at', type: 'timestamptz' },
  },
});

export const RefundLineEntity = new EntitySchema<RefundLineRow>({
  name: 'RefundLine',
  tableName: 'refund_line',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    refundId: { name: 'refund_id', type: 'uuid', primary: true },
    lineNo: { name: 'line_no', type: 'integer', primary: true },
    saleLineNo: { name: 'sale_line_no', type: 'integer' },
    productId: { name: 'product_id', type: 'uuid' },
    quantity: { type: 'numeric', precision: 18, scale: 3, transformer: quantityColumn },
    amount: { type: 'bigint', transformer: moneyColumn },
    vatAmount: { name: 'vat_amount', type: 'bigint', transformer: moneyColumn },
  },
});

export const RefundPaymentEntity = new EntitySchema<RefundPaymentRow>({
  name: 'RefundPayment',
  tableName: 'refund_payment',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    refundId: { name: 'refund_id', type: 'uuid', primary: true },
    lineNo: { name: 'line_no', type: 'integer', primary: true },
    method: { type: 'text' },
    amount: { type: 'bigint', transformer: moneyColumn },
    cardBrand: { name: 'card_brand', type: 'text', nullable: true },
    reference: { type: 'text', nullable: true },
  },
});

/** A refund line shaped for GraphQL: `product` is a reference the gateway resolves in catalog. */
export type RefundLineNode = RefundLineRow & { product: { __typename: 'Product'; id: string } };
