/**
 * fast-check arbitraries for receipts, shared by this package's property tests and the
 * cross-checks elsewhere (`@jowi/receipt/testing`; never imported by production code, so
 * fast-check stays a development dependency).
 *
 * The values are the ones a till meets: piece goods and weighed goods with three decimals,
 * prices up to ten million so'm, modifiers with price deltas, the VAT rates of Uzbekistan (12 and
 * 0, the legacy 15) and odd ones, line and receipt discounts up to the whole amount, and payments
 * split over several methods with cash tendered above the amount.
 */
import fc from 'fast-check';
import { moneyTimesQuantity, unitPriceWithModifiers } from './arithmetic.ts';
import type { ReceiptLineInput, ReceiptPaymentInput } from './receipt.ts';

/** The payment methods of the API (`PaymentMethod`). */
export const PAYMENT_METHODS = ['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY'] as const;

/** A quantity in thousandths: whole pieces, or a weight with three decimals (up to 50 kg). */
export const quantityArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 1n, max: 20n }).map((pieces) => pieces * 1000n),
  fc.bigInt({ min: 1n, max: 50_000n }),
);

/** A shelf price in tiyin, up to 10 000 000 so'm, often a round number of so'm. */
export const priceArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 1_000_000_000n }),
  fc.bigInt({ min: 1n, max: 1_000_000n }).map((som) => som * 100n),
);

/** Modifier price deltas per unit (0 to 3 modifiers, up to 100 000 so'm each). */
export const modifierDeltasArb: fc.Arbitrary<bigint[]> = fc.array(fc.bigInt({ min: 0n, max: 10_000_000n }), {
  maxLength: 3,
});

/** A VAT rate a receipt dated today may carry: mostly 12, else 0. */
export const vatRateArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(12) },
  { weight: 3, arbitrary: fc.constant(0) },
);

/** An amount from 0 to `max`, often 0 or all of it (the edges discounts live at). */
export const partOf = (max: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(0n) },
    { weight: 1, arbitrary: fc.constant(max) },
    { weight: 6, arbitrary: fc.bigInt({ min: 0n, max }) },
  );

/** A receipt line as a sale input holds it: unit price with modifiers, maybe a discount. */
export const receiptLineArb: fc.Arbitrary<ReceiptLineInput> = fc
  .record({ quantity: quantityArb, price: priceArb, deltas: modifierDeltasArb, vatRate: vatRateArb })
  .chain(({ quantity, price, deltas, vatRate }) => {
    const unitPrice = unitPriceWithModifiers(price, deltas);
    return partOf(moneyTimesQuantity(unitPrice, quantity)).map((discount) => ({
      quantity,
      unitPrice,
      discount,
      vatRate,
    }));
  });

/**
 * Splits `total` into 1–4 payments of random methods that add up to it (none of zero unless the
 * total is zero, which needs none); a cash payment may carry tendered cash above its amount.
 */
export const paymentsFor = (total: bigint): fc.Arbitrary<ReceiptPaymentInput[]> => {
  if (total === 0n) return fc.constant([]);
  const cuts = fc.uniqueArray(fc.bigInt({ min: 1n, max: total }), { maxLength: 3 });
  return fc
    .tuple(cuts, fc.array(fc.constantFrom(...PAYMENT_METHODS), { minLength: 4, maxLength: 4 }))
    .chain(([rawCuts, methods]) => {
      const marks = [...new Set([0n, ...rawCuts.filter((c) => c < total), total])].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      const amounts = marks.slice(1).map((mark, i) => mark - marks[i]!);
      return fc.tuple(
        ...amounts.map((amount, i) => {
          const method = methods[i] ?? 'CASH';
          if (method !== 'CASH') return fc.constant<ReceiptPaymentInput>({ method, amount });
          return fc.option(fc.bigInt({ min: 0n, max: 20_000_000n }), { nil: null }).map(
            (extra): ReceiptPaymentInput => ({
              method,
              amount,
              tendered: extra == null ? null : amount + extra,
            }),
          );
        }),
      );
    });
};
