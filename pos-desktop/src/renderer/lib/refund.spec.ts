import { describe, expect, it } from 'vitest';
import type { RecordedSale } from '../../shared/pos-types.ts';
import { toRefundDraft } from './refund.ts';

const line = (name: string, quantity: string, unitPrice: string, total: string) => ({
  productId: `p-${name}`,
  quantity,
  unitPrice,
  total,
  vatRate: 12,
  name,
  ikpu: '10202001001000000',
  packageCode: '1510',
  ownerType: 'RESALE' as const,
});

const sale: RecordedSale = {
  id: '0190f3a0-0000-7000-8000-000000000001',
  seq: 3,
  receiptNumber: 2,
  shiftId: 's',
  cashierId: 'c',
  createdAt: '2026-12-07T10:00:00.000Z',
  total: '101000.00',
  lines: [line('osh', '2.000', '45000.00', '90000.00'), line('olma', '0.550', '20000.00', '11000.00')],
  payments: [
    { method: 'CASH', amount: '41000.00', tendered: '50000.00' },
    { method: 'CARD', amount: '60000.00', cardBrand: 'HUMO' },
  ],
  change: '9000.00',
  state: 'done',
  fiscal: null,
  printCount: 1,
};

describe('refund draft', () => {
  it('pays a partial return back by card first, then cash, with the card brand of the sale', () => {
    const draft = toRefundDraft(sale, [
      { saleLineNo: 1, quantity: 1000n },
      { saleLineNo: 2, quantity: 0n },
    ]);
    expect(draft).toEqual({
      saleId: sale.id,
      lines: [{ saleLineNo: 1, quantity: '1.000', amount: '45000.00' }],
      payments: [{ method: 'CARD', amount: '45000.00', cardBrand: 'HUMO' }],
    });
  });

  it('returns a whole sale to the tiyin, split over its methods', () => {
    const draft = toRefundDraft(
      sale,
      [
        { saleLineNo: 1, quantity: 2000n },
        { saleLineNo: 2, quantity: 550n },
      ],
      ' Customer changed their mind ',
    );
    expect(draft?.payments).toEqual([
      { method: 'CARD', amount: '60000.00', cardBrand: 'HUMO' },
      { method: 'CASH', amount: '41000.00' },
    ]);
    expect(draft?.reason).toBe('Customer changed their mind');
  });

  it('rounds a weighed part half up and refuses nothing chosen or too much', () => {
    const draft = toRefundDraft(sale, [{ saleLineNo: 2, quantity: 333n }]);
    // 11 000 × 0.333 / 0.550 = 6 660 exactly; VAT is not the till's to send.
    expect(draft?.lines).toEqual([{ saleLineNo: 2, quantity: '0.333', amount: '6660.00' }]);
    expect(toRefundDraft(sale, [{ saleLineNo: 1, quantity: 0n }])).toBeNull();
    expect(() => toRefundDraft(sale, [{ saleLineNo: 1, quantity: 3000n }])).toThrow(RangeError);
  });
});
