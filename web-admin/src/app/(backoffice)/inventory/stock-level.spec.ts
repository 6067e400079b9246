import { describe, expect, it } from 'vitest';
import { receiptTotal } from './receipts/receipt-total.ts';
import { isLow, levelIn } from './stock-level.ts';

describe('a product level in one store', () => {
  const levels = [
    { store: { id: 'a' }, quantity: '9.999', negative: false, averageCost: '100.00', threshold: '10.000' },
    { store: { id: 'b' }, quantity: '10.000', negative: false, averageCost: null, threshold: '10.000' },
  ];

  it('is low strictly below its threshold, compared exactly (no floats)', () => {
    expect(isLow(levelIn(levels, 'a'))).toBe(true);
    expect(isLow(levelIn(levels, 'b'))).toBe(false);
    expect(isLow({ quantity: '-1.000', negative: true, threshold: null })).toBe(false);
  });

  it('reads a store the product never moved in as zero on hand, no cost, no threshold', () => {
    expect(levelIn(levels, 'c')).toEqual({
      quantity: '0.000',
      negative: false,
      averageCost: null,
      threshold: null,
    });
  });
});

describe('the total of a receipt being typed', () => {
  it('rounds each line half up to the tiyin and skips incomplete lines', () => {
    expect(
      receiptTotal([
        { quantity: '0.333', unitCost: '10000.01' }, // 3 330.00333 → 3 330.00
        { quantity: '0.005', unitCost: '1.00' }, // 0.005 → 0.01
        { quantity: null, unitCost: '5.00' },
        { quantity: '1.000', unitCost: null },
      ]),
    ).toBe(333_001n);
  });
});
