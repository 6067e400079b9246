import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import { describe, expect, it } from 'vitest';
import {
  FALLBACK_ITEM_NAME,
  FALLBACK_PACKAGE_CODE,
  RefundMappingError,
  refundReceiptRequest,
  type SaleCreatedPayload,
  saleReceiptRequest,
} from './receipt-request.ts';

const SALE_ID = '01a22400-0000-7000-8000-000000000001';
const TERMINAL = '01a22400-0000-7000-8000-0000000000aa';

const PRODUCT = '01a22400-0000-7000-8000-0000000000b1';

const sale: SaleCreatedPayload = exampleSaleCreated({
  saleId: SALE_ID,
  terminalId: TERMINAL,
  total: '85500.00',
  lines: [
    {
      lineNo: 1,
      productId: PRODUCT,
      name: 'Plov (osh) — a very long product name that the fiscal module would refuse as is, really',
      ikpu: '10202001001000000',
      quantity: '2.000',
      unitPrice: '45000.00',
      discount: '3000.00',
      receiptDiscount: '1500.00',
      total: '85500.00',
      vatRate: 12,
      vatAmount: '9160.71',
    },
  ],
  payments: [
    { method: 'CASH', amount: '50000.00' },
    { method: 'PAYME', amount: '20000.00' },
    { method: 'CARD', amount: '15500.00' },
  ],
});

describe('sale events → fiscal gateway requests', () => {
  it('maps a sale: line amount = sale line total, both discounts, VAT as sold, CASH vs everything else', () => {
    const request = saleReceiptRequest(sale);
    expect(request).toEqual({
      kind: 'sale',
      saleId: SALE_ID,
      lineNos: [1],
      items: [
        {
          name: sale.lines[0]!.name!.slice(0, 63),
          spic: '10202001001000000',
          packageCode: FALLBACK_PACKAGE_CODE,
          quantity: '2.000',
          unitPrice: '45000.00',
          price: '90000.00',
          discount: '4500.00',
          vatPercent: 12,
          vat: '9160.71',
          ownerType: 0,
        },
      ],
      payments: { cash: '50000.00', card: '35500.00' },
      // The line's snapshots as sent, for a later fill from the catalog (never sent to the gateway).
      snapshots: [
        {
          productId: PRODUCT,
          name: sale.lines[0]!.name,
          ikpu: '10202001001000000',
          packageCode: null,
          ownerType: null,
        },
      ],
    });
    expect(request.items[0]!.name).toHaveLength(63);
  });

  it('carries the marking codes of a marked line to the receipt item (Labels), and none for the others', () => {
    const codes = ['0104780000000017215abc', '0104780000000017215abd'];
    const marked = exampleSaleCreated({
      ...sale,
      lines: [
        { ...sale.lines[0]!, markingCodes: codes },
        { ...sale.lines[0]!, lineNo: 2 },
      ],
    });
    const request = saleReceiptRequest(marked);
    expect(request.items[0]!.labels).toEqual(codes);
    expect(request.items[1]).not.toHaveProperty('labels');
  });

  it('maps a refund with names, IKPU and unit prices from the sale receipt, referencing the sale', () => {
    const request = refundReceiptRequest(
      exampleSaleRefunded({
        refundId: '01a22400-0000-7000-8000-0000000000f1',
        saleId: SALE_ID,
        terminalId: TERMINAL,
        total: '42750.00',
        lines: [
          { saleLineNo: 1, productId: PRODUCT, quantity: '1.000', amount: '42750.00', vatAmount: '4580.36' },
        ],
        payments: [{ method: 'CLICK', amount: '42750.00' }],
      }),
      saleReceiptRequest(sale),
    );
    expect(request).toMatchObject({
      kind: 'refund',
      saleId: '01a22400-0000-7000-8000-0000000000f1',
      originalSaleId: SALE_ID,
      items: [
        {
          spic: '10202001001000000',
          quantity: '1.000',
          unitPrice: '45000.00',
          price: '42750.00',
          discount: '0.00',
          vat: '4580.36',
        },
      ],
      payments: { cash: '0.00', card: '42750.00' },
      snapshots: [saleReceiptRequest(sale).snapshots![0]],
    });
  });

  it('prints a line without a name snapshot under a fallback name', () => {
    const unnamed = saleReceiptRequest({ ...sale, lines: [{ ...sale.lines[0]!, name: null }] });
    expect(unnamed.items[0]!.name).toBe(FALLBACK_ITEM_NAME);
  });

  it('refuses a refund line that is not on the sale', () => {
    expect(() =>
      refundReceiptRequest(
        exampleSaleRefunded({
          refundId: '01a22400-0000-7000-8000-0000000000f2',
          saleId: SALE_ID,
          terminalId: TERMINAL,
          total: '1.00',
          lines: [
            { saleLineNo: 9, productId: PRODUCT, quantity: '1.000', amount: '1.00', vatAmount: '0.00' },
          ],
        }),
        saleReceiptRequest(sale),
      ),
    ).toThrow(RefundMappingError);
  });
});
