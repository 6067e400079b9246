import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** Payment methods (mirrors the SDL enum). */
export type PaymentMethod = 'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY';

/** One payment of a stored sale. */
export interface SalePaymentRow {
  tenantId: string;
  saleId: string;
  /** 1-based position in the sale's payment list. */
  lineNo: number;
  method: PaymentMethod;
  /** Tiyin, more than zero. */
  amount: bigint;
  /** Tiyin handed over (CASH only). */
  tendered: bigint | null;
  /** Tiyin given back: tendered − amount (CASH only). */
  change: bigint | null;
  cardBrand: CardBrand | null;
  reference: string | null;
}

/** Card schemes (mirrors the SDL enum). */
export type CardBrand = 'UZCARD' | 'HUMO' | 'VISA' | 'MASTERCARD' | 'OTHER';

export const SalePaymentEntity = new EntitySchema<SalePaymentRow>({
  name: 'SalePayment',
  tableName: 'sale_payment',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    saleId: { name: 'sale_id', type: 'uuid', primary: true },
    lineNo: { name: 'line_no', type: 'integer', primary: true },
    method: { type: 'text' },
    amount: { type: 'bigint', transformer: moneyColumn },
    tendered: { type: 'bigint', nullable: true, transformer: moneyColumn },
    change: { type: 'bigint', nullable: true, transformer: moneyColumn },
    cardBrand: { name: 'card_brand', type: 'text', nullable: true },
    reference: { type: 'text', nullable: true },
  },
});
