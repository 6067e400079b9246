import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideHalfUp,
  includedVat,
  moneyTimesQuantity,
  spreadDiscount,
  unitPriceWithModifiers,
} from './arithmetic.ts';
import { formatMoney, parseMoney, parseQuantity } from './decimal.ts';

describe('price × quantity', () => {
  it('multiplies rounding half up to the tiyin', () => {
    // 0.333 kg × 10 000.01 UZS = 3330.00333 → 3330.00
    expect(formatMoney(moneyTimesQuantity(parseMoney('10000.01'), parseQuantity('0.333')))).toBe('3330.00');
    // 0.005 × 1.00 = 0.005 → 0.01 (half up); 0.004 × 1.00 → 0.00
    expect(moneyTimesQuantity(100n, 5n)).toBe(1n);
    expect(moneyTimesQuantity(100n, 4n)).toBe(0n);
    expect(formatMoney(moneyTimesQuantity(parseMoney('45000.00'), parseQuantity('2')))).toBe('90000.00');
    // Half away from zero for a negative amount (an adjustment), symmetric with the positive one.
    expect(moneyTimesQuantity(-100n, 5n)).toBe(-1n);
  });

  it('is within half a tiyin of the exact product, rounding a half up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        (price, milli) => {
          const gross = moneyTimesQuantity(price, milli);
          // |gross × 1000 − price × milli| ≤ 500, and exactly 500 only when rounding up.
          const diff = gross * 1000n - price * milli;
          expect(diff >= -499n && diff <= 500n).toBe(true);
        },
      ),
    );
  });

  it('adds the modifiers’ price deltas to the unit price', () => {
    expect(unitPriceWithModifiers(4_500_000n, [500_000n, 0n, 150n])).toBe(5_000_150n);
    expect(unitPriceWithModifiers(100n, [])).toBe(100n);
  });

  it('divides rounding half up and refuses a negative numerator', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(4n, 3n)).toBe(1n);
    expect(divideHalfUp(0n, 7n)).toBe(0n);
    expect(() => divideHalfUp(-1n, 2n)).toThrow(RangeError);
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('VAT included in a price', () => {
  it('computes included VAT with integer half-up rounding', () => {
    expect(includedVat(1120000n, 12)).toBe(120000n);
    expect(includedVat(14n, 12)).toBe(2n); // 1.5 → 2
    expect(includedVat(42n, 12)).toBe(5n); // 4.5 → 5
    expect(includedVat(13n, 12)).toBe(1n); // 1.39 → 1
    expect(includedVat(999n, 0)).toBe(0n);
  });

  it('rounds VAT exactly half up where × 12 / 112 lands on .5, and down just below it', () => {
    // × 12 / 112 = × 3 / 28: an amount of 14 × odd lands exactly on a half tiyin.
    expect(includedVat(70n, 12)).toBe(8n); // 7.5 → 8
    expect(includedVat(1124998n, 12)).toBe(120536n); // 120 535.5 → 120 536
    expect(includedVat(23n, 12)).toBe(2n); // 2.464… → 2 (13/28, the largest fraction below a half)
    expect(includedVat(5n, 12)).toBe(1n); // 0.535… → 1 (15/28, the smallest above)
    expect(includedVat(0n, 12)).toBe(0n);
    expect(includedVat(11200n, 100)).toBe(5600n); // 100 %: half the amount
    expect(() => includedVat(-1n, 12)).toThrow(RangeError);
  });

  it('is the amount × rate / (100 + rate) rounded half up, for every rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        fc.integer({ min: 0, max: 100 }),
        (amount, rate) => {
          const vat = includedVat(amount, rate);
          const exact2 = 2n * amount * BigInt(rate); // twice the numerator, over 2 × (100 + rate)
          const denominator = BigInt(100 + rate);
          // vat − ½ ≤ exact < vat + ½  ⇔  (2·vat − 1)·d ≤ 2·n < (2·vat + 1)·d
          expect((2n * vat - 1n) * denominator <= exact2 && exact2 < (2n * vat + 1n) * denominator).toBe(
            true,
          );
          expect(vat <= amount).toBe(true);
        },
      ),
    );
  });
});

describe('receipt discount by largest remainder', () => {
  it('spreads a receipt discount by largest remainder, ties to the lower line number', () => {
    // 1.00 over three equal lines: 0.33 each, the odd tiyin to line 1 (a three-way tie).
    expect(spreadDiscount(100n, [1000n, 1000n, 1000n])).toEqual([34n, 33n, 33n]);
    // 2 tiyin over 10.00, 10.00, 10.01: remainders 2000, 2000, 2002 (of 3001) → line 3, then line 1.
    expect(spreadDiscount(2n, [1000n, 1000n, 1001n])).toEqual([1n, 0n, 1n]);
    // Proportional where it divides; a zero line takes nothing; the whole subtotal can go.
    expect(spreadDiscount(300n, [100n, 0n, 200n])).toEqual([100n, 0n, 200n]);
    expect(spreadDiscount(150n, [100n, 0n, 200n])).toEqual([50n, 0n, 100n]);
    expect(spreadDiscount(0n, [5n, 7n])).toEqual([0n, 0n]);
    expect(spreadDiscount(0n, [])).toEqual([]);
    expect(() => spreadDiscount(301n, [100n, 200n])).toThrow(RangeError);
    expect(() => spreadDiscount(1n, [-1n, 5n])).toThrow(RangeError);
  });

  it('always spreads exactly the discount, each share within a tiyin of its exact part and within its line', () => {
    const case_ = fc
      .array(
        // Small bases make equal remainders (ties) common; large ones make remainders spread.
        fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 4n }), fc.bigInt({ min: 1n, max: 10n ** 9n })),
        { minLength: 1, maxLength: 12 },
      )
      .chain((bases) => {
        const sum = bases.reduce((a, b) => a + b, 0n);
        return fc.tuple(fc.constant(bases), fc.bigInt({ min: 0n, max: sum }));
      });
    fc.assert(
      fc.property(case_, ([bases, discount]) => {
        const shares = spreadDiscount(discount, bases);
        const sum = bases.reduce((a, b) => a + b, 0n);
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(discount);
        shares.forEach((share, i) => {
          const base = bases[i]!;
          expect(share >= 0n && share <= base).toBe(true);
          // |share − discount × base / sum| < 1  ⇔  |share × sum − discount × base| < sum
          if (sum > 0n) {
            const gap = share * sum - discount * base;
            expect(gap > -sum && gap < sum).toBe(true);
          }
        });
        // The extra tiyin go to the largest remainders: a line rounded down never has a larger
        // remainder than a line rounded up (ties: the lower line number rounds up first).
        if (sum > 0n) {
          const up = shares.map((s, i) => s * sum > discount * bases[i]!);
          const rem = bases.map((b) => (discount * b) % sum);
          for (let i = 0; i < bases.length; i++) {
            for (let j = 0; j < bases.length; j++) {
              if (up[i] && !up[j] && rem[j]! > 0n) {
                expect(rem[i]! > rem[j]! || (rem[i] === rem[j] && i < j)).toBe(true);
              }
            }
          }
        }
      }),
    );
  });
});
