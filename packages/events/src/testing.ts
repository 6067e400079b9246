/**
 * Complete, valid example payloads for tests: a spec states only the fields it is about and
 * gets a payload that satisfies its contract (consumers parse every event they apply).
 */
import { randomUUID } from 'node:crypto';
import type { EventPayloadInput } from './contracts.ts';

type SaleCreated = EventPayloadInput<'sale.created'>;
type SaleLine = SaleCreated['lines'][number];
type SalePayment = SaleCreated['payments'][number];
type SaleRefunded = EventPayloadInput<'sale.refunded'>;
type RefundLine = SaleRefunded['lines'][number];

/** A `sale.created` payload: zero amounts, no shift, cashier or customer, unless given. */
export function exampleSaleCreated(
  fields: Partial<Omit<SaleCreated, 'lines' | 'payments'>> & {
    lines?: (Partial<SaleLine> & Pick<SaleLine, 'productId'>)[];
    payments?: (Partial<SalePayment> & Pick<SalePayment, 'method' | 'amount'>)[];
  } = {},
): SaleCreated {
  const { lines = [], payments, ...header } = fields;
  const total = header.total ?? '0.00';
  return {
    saleId: randomUUID(),
    terminalId: randomUUID(),
    storeId: randomUUID(),
    shiftId: null,
    cashierId: null,
    customerId: null,
    createdAt: new Date().toISOString(),
    businessDate: new Date().toISOString().slice(0, 10),
    receiptNumber: null,
    total,
    subtotal: total,
    discount: '0.00',
    vatTotal: '0.00',
    ...header,
    lines: lines.map((line, i) => ({
      lineNo: i + 1,
      name: null,
      ikpu: null,
      packageCode: null,
      ownerType: null,
      quantity: '1.000',
      unitPrice: '0.00',
      discount: '0.00',
      receiptDiscount: '0.00',
      total: '0.00',
      vatRate: 12,
      vatAmount: '0.00',
      modifiers: [],
      ...line,
    })),
    payments: (payments ?? [{ method: 'CASH', amount: total }]).map((p) => ({
      tendered: null,
      change: null,
      cardBrand: null,
      reference: null,
      ...p,
    })),
  };
}

/** A `sale.refunded` payload: zero amounts, no shift, cashier or customer, unless given. */
export function exampleSaleRefunded(
  fields: Partial<Omit<SaleRefunded, 'lines'>> & {
    lines?: (Partial<RefundLine> & Pick<RefundLine, 'saleLineNo' | 'productId' | 'quantity'>)[];
  } = {},
): SaleRefunded {
  const { lines = [], ...header } = fields;
  const total = header.total ?? '0.00';
  return {
    refundId: randomUUID(),
    saleId: randomUUID(),
    terminalId: randomUUID(),
    storeId: randomUUID(),
    shiftId: null,
    cashierId: null,
    customerId: null,
    createdAt: new Date().toISOString(),
    businessDate: new Date().toISOString().slice(0, 10),
    total,
    vatTotal: '0.00',
    payments: [{ method: 'CASH', amount: total }],
    ...header,
    lines: lines.map((line, i) => ({ lineNo: i + 1, amount: '0.00', vatAmount: '0.00', ...line })),
  };
}

type ProductUpserted = EventPayloadInput<'catalog.product.upserted'>;

/** A `catalog.product.upserted` payload as catalog's `productSnapshot` writes it: a plain 12 % product, unless given. */
export function exampleProductUpserted(fields: Partial<ProductUpserted> = {}): ProductUpserted {
  const id = fields.id ?? randomUUID();
  return {
    id,
    sku: `SKU-${id.slice(-6)}`,
    name: 'Product',
    nameRu: null,
    nameEn: null,
    price: '1120000',
    vatRate: 12,
    ikpu: '10202001004000000',
    packageCode: '1510',
    unit: 'pcs',
    categoryId: null,
    ownerType: 'RESALE',
    markingRequired: false,
    tags: [],
    active: true,
    barcodes: [],
    updatedAt: new Date().toISOString(),
    ...fields,
  };
}
