import { describe, expect, it } from 'vitest';
import { receiptDiscount } from './receipt-discount.ts';

describe('receipt discount as typed', () => {
  it('turns a percentage into tiyin with half-up rounding, never a float', () => {
    expect(receiptDiscount(8_300_000n, 'percent', '10')).toEqual({ ok: true, amount: 830_000n });
    // 12.5 % of 333.33 = 41.66625 → 41.67
    expect(receiptDiscount(33_333n, 'percent', '12,5')).toEqual({ ok: true, amount: 4_167n });
    expect(receiptDiscount(8_300_000n, 'percent', '100')).toEqual({ ok: true, amount: 8_300_000n });
  });

  it('takes an amount in so‘m up to the receipt total', () => {
    expect(receiptDiscount(8_300_000n, 'amount', '5 000')).toEqual({ ok: true, amount: 500_000n });
    expect(receiptDiscount(8_300_000n, 'amount', '83000,01')).toEqual({ ok: false, problem: 'ABOVE_TOTAL' });
  });

  it('refuses what is not a positive number or a percentage above 100', () => {
    expect(receiptDiscount(100n, 'amount', 'abc')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(receiptDiscount(100n, 'percent', '0')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(receiptDiscount(100n, 'percent', '100.01')).toEqual({ ok: false, problem: 'PERCENT_RANGE' });
  });
});
