import { describe, expect, it } from 'vitest';
import type { RecordedSale } from '../../shared/pos-types.ts';
import { remainingQuantity, toRefundDraft } from './refund.ts';

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

describe('a second refund of the same sale', () => {
  it('pays back what the first left: the completing part takes exactly the rest of the line', () => {
    // Three of 10 000.00 for 29 999.00 (a discount): one unit pays 9 999.67; after two refunds of
    // one, the last unit pays exactly what is left (9 999.66), never a third 9 999.67.
    const three: RecordedSale = {
      ...sale,
      total: '29999.00',
      lines: [line('non', '3.000', '10000.00', '29999.00')],
      payments: [{ method: 'CASH', amount: '29999.00' }],
    };
    const first = toRefundDraft(three, [{ saleLineNo: 1, quantity: 1000n }])!;
    expect(first.lines).toEqual([{ saleLineNo: 1, quantity: '1.000', amount: '9999.67' }]);
    const afterTwo: RecordedSale = {
      ...three,
      refunded: {
        lines: [{ saleLineNo: 1, quantity: '2.000', amount: '19999.34' }],
        payments: [{ method: 'CASH', amount: '19999.34' }],
      },
    };
    expect(remainingQuantity(afterTwo, 1)).toBe(1000n);
    expect(toRefundDraft(afterTwo, [{ saleLineNo: 1, quantity: 1000n }])?.lines).toEqual([
      { saleLineNo: 1, quantity: '1.000', amount: '9999.66' },
    ]);
    // More than is left is refused, as the server would.
    expect(() => toRefundDraft(afterTwo, [{ saleLineNo: 1, quantity: 2000n }])).toThrow(RangeError);
  });

  it('splits the money over what each method has left after the earlier refunds', () => {
    // The first refund (45 000.00) went back by card; 15 000.00 of card is left, the rest is cash.
    const afterFirst: RecordedSale = {
      ...sale,
      refunded: {
        lines: [{ saleLineNo: 1, quantity: '1.000', amount: '45000.00' }],
        payments: [{ method: 'CARD', amount: '45000.00' }],
      },
    };
    const second = toRefundDraft(afterFirst, [{ saleLineNo: 1, quantity: 1000n }]);
    expect(second?.lines).toEqual([{ saleLineNo: 1, quantity: '1.000', amount: '45000.00' }]);
    expect(second?.payments).toEqual([
      { method: 'CARD', amount: '15000.00', cardBrand: 'HUMO' },
      { method: 'CASH', amount: '30000.00' },
    ]);
  });
});
