import { describe, expect, it } from 'vitest';
import {
  type CartLine,
  type CartPayment,
  cartReceipt,
  cartReducer,
  cartTotal,
  lineKey,
  lineTotal,
  needsCashless,
  toSaleDraft,
  toSaleInput,
  unmarkedLine,
} from './cart.ts';

const osh = { id: 'p-osh', name: 'Osh (plov), 1 porsiya', price: '45000.00' };
const choy = { id: 'p-choy', name: 'Ko‘k choy, choynak', price: '6000.50', vatRate: 0 };
const olma = {
  id: 'p-olma',
  name: 'Olma, kg',
  price: '18990.00',
  ikpu: '10202001001000000',
  packageCode: '1510',
};
const cheese = { modifierId: 'm-cheese', name: 'Pishloq', priceDelta: 500_000n };

const run = (...actions: Parameters<typeof cartReducer>[1][]): CartLine[] =>
  actions.reduce<CartLine[]>((lines, action) => cartReducer(lines, action), []);

describe('cart', () => {
  it('adds products, merges repeats and totals in tiyin', () => {
    const lines = run(
      { type: 'add', product: osh },
      { type: 'add', product: choy },
      { type: 'add', product: osh },
    );
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['p-osh', 2000n],
      ['p-choy', 1000n],
    ]);
    expect(cartTotal(lines)).toBe(2n * 4_500_000n + 600_050n);
  });

  it('drops a line when its quantity reaches zero, and clears', () => {
    const key = lineKey('p-choy');
    let lines = run({ type: 'add', product: choy }, { type: 'increment', key }, { type: 'decrement', key });
    expect(lines[0]?.quantity).toBe(1000n);
    expect(cartReducer(lines, { type: 'decrement', key })).toEqual([]);
    lines = cartReducer(lines, { type: 'add', product: osh });
    expect(cartReducer(lines, { type: 'remove', key: lineKey('p-osh') })).toHaveLength(1);
    expect(cartTotal(cartReducer(lines, { type: 'clear' }))).toBe(0n);
  });

  it('keeps a product with other modifiers on its own line, priced with the deltas', () => {
    const lines = run(
      { type: 'add', product: osh },
      { type: 'add', product: osh, modifiers: [cheese] },
      { type: 'add', product: osh, modifiers: [cheese] },
    );
    expect(lines.map((l) => [l.key, l.quantity, l.unitPrice])).toEqual([
      ['p-osh', 1000n, 4_500_000n],
      ['p-osh+m-cheese', 2000n, 5_000_000n],
    ]);
    expect(lineTotal(lines[1]!)).toBe(10_000_000n);
  });

  it('sells weighed goods by the gram, rounding the amount half up to the tiyin', () => {
    const key = lineKey('p-olma');
    const lines = run(
      { type: 'add', product: olma, quantity: 1_255n },
      { type: 'setQuantity', key, quantity: 745n },
    );
    // 0.745 kg × 18 990.00 = 14 147.55
    expect(lines[0]).toMatchObject({ quantity: 745n, vatRate: 12 });
    expect(lineTotal(lines[0]!)).toBe(1_414_755n);
    expect(cartReducer(lines, { type: 'setQuantity', key, quantity: 0n })).toEqual([]);
  });

  it('never holds an impossible line: a discount above the amount is ignored, a smaller quantity shrinks it', () => {
    const key = lineKey('p-osh');
    let lines = run(
      { type: 'add', product: osh, quantity: 2000n },
      { type: 'setDiscount', key, discount: 5_000_000n },
    );
    expect(lines[0]?.discount).toBe(5_000_000n);
    expect(cartReducer(lines, { type: 'setDiscount', key, discount: 9_000_001n })[0]?.discount).toBe(
      5_000_000n,
    );
    expect(cartReducer(lines, { type: 'setDiscount', key, discount: -1n })[0]?.discount).toBe(5_000_000n);
    lines = cartReducer(lines, { type: 'decrement', key });
    expect(lines[0]).toMatchObject({ quantity: 1000n, discount: 4_500_000n });
    expect(cartTotal(lines)).toBe(0n);
  });

  it('becomes a sale input with the computed total, change and receipt discount', () => {
    const lines = run({ type: 'add', product: osh }, { type: 'add', product: choy, modifiers: [cheese] });
    const receipt = cartReceipt(lines, { discount: 50n });
    if (!receipt.ok) throw new Error(receipt.problem.code);
    const total = receipt.receipt.total; // 45 000.00 + 11 000.50 − 0.50
    expect(total).toBe(5_600_000n);
    const result = toSaleInput(lines, {
      id: '0190a000-0000-7000-8000-0000000000e1',
      createdAt: new Date('2026-02-01T10:00:00Z'),
      discount: 50n,
      payments: [
        { method: 'CARD', amount: 4_000_000n, cardBrand: 'HUMO' },
        { method: 'CASH', amount: 1_600_000n, tendered: 2_000_000n },
      ],
      catalogVersion: 'c:42',
    });
    if (!result.ok) throw new Error(result.problem.code);
    expect(result.receipt.change).toBe(400_000n);
    expect(result.sale).toEqual({
      id: '0190a000-0000-7000-8000-0000000000e1',
      createdAt: '2026-02-01T10:00:00.000Z',
      lines: [
        { productId: 'p-osh', quantity: '1.000', unitPrice: '45000.00', vatRate: 12, name: osh.name },
        {
          productId: 'p-choy',
          quantity: '1.000',
          unitPrice: '11000.50',
          vatRate: 0,
          name: choy.name,
          modifiers: [{ modifierId: 'm-cheese', name: 'Pishloq', priceDelta: '5000.00' }],
        },
      ],
      payments: [
        { method: 'CARD', amount: '40000.00', cardBrand: 'HUMO' },
        { method: 'CASH', amount: '16000.00', tendered: '20000.00' },
      ],
      total: '56000.00',
      discount: '0.50',
      catalogVersion: 'c:42',
    });
  });

  it('refuses to become a sale when empty, over-discounted or not paid to the tiyin', () => {
    const code = (lines: CartLine[], discount = 0n, payments: CartPayment[] = []) => {
      const result = toSaleInput(lines, { id: 'x', createdAt: new Date(), discount, payments });
      return result.ok ? 'OK' : result.problem.code;
    };
    const lines = run({ type: 'add', product: osh });
    expect(code([])).toBe('EMPTY_SALE');
    expect(code(lines, 4_500_001n)).toBe('INVALID_AMOUNT');
    expect(code(lines)).toBe('PAYMENT_MISMATCH');
    expect(code(lines, 0n, [{ method: 'CASH', amount: 4_499_999n }])).toBe('PAYMENT_MISMATCH');
    expect(code(lines, 0n, [{ method: 'CASH', amount: 4_500_000n, tendered: 4_000_000n }])).toBe(
      'INVALID_AMOUNT',
    );
    expect(code(lines, 4_500_000n)).toBe('OK');
  });
});

describe('toSaleDraft', () => {
  const plov = {
    ...osh,
    ikpu: '10202001001000000',
    packageCode: '1510',
    ownerType: 'OWN_PRODUCTION' as const,
  };

  it('hands the host each line with its net and the payments as decimal strings', () => {
    const lines = run({ type: 'add', product: plov }, { type: 'add', product: plov });
    const result = toSaleDraft(lines, {
      payments: [{ method: 'CASH', amount: 9_000_000n, tendered: 10_000_000n }],
      catalogVersion: 'v-7',
    });
    expect(result.ok && result.draft).toEqual({
      lines: [
        {
          productId: 'p-osh',
          quantity: '2.000',
          unitPrice: '45000.00',
          total: '90000.00',
          vatRate: 12,
          name: osh.name,
          ikpu: plov.ikpu,
          packageCode: '1510',
          ownerType: 'OWN_PRODUCTION',
        },
      ],
      payments: [{ method: 'CASH', amount: '90000.00', tendered: '100000.00' }],
      total: '90000.00',
      catalogVersion: 'v-7',
    });
  });

  it('marks goods sold only without cash, so the till and the host refuse cash for them', () => {
    const vodka = { ...plov, id: 'p-vodka', name: 'Aroq 0.5 l', cashlessOnly: true };
    expect(needsCashless(run({ type: 'add', product: plov }))).toBe(false);
    const lines = run({ type: 'add', product: plov }, { type: 'add', product: vodka });
    expect(needsCashless(lines)).toBe(true);
    const result = toSaleDraft(lines, {
      payments: [{ method: 'CARD', amount: 9_000_000n, cardBrand: 'VISA' }],
      catalogVersion: null,
    });
    expect(result.ok && result.draft.lines.map((l) => l.cashlessOnly)).toEqual([undefined, true]);
  });

  it('refuses payments that do not settle the total, and products without fiscal codes', () => {
    const lines = run({ type: 'add', product: plov });
    const short = toSaleDraft(lines, { payments: [{ method: 'CARD', amount: 100n }], catalogVersion: null });
    expect(short.ok ? null : short.problem.code).toBe('PAYMENT_MISMATCH');
    const uncoded = toSaleDraft(run({ type: 'add', product: osh }), {
      payments: [{ method: 'CARD', amount: 4_500_000n }],
      catalogVersion: null,
    });
    expect(uncoded.ok ? null : uncoded.problem.code).toBe('MISSING_FISCAL_DATA');
  });
});

describe('marked goods, modifiers and the receipt discount in the draft', () => {
  const cigs = {
    id: 'p-cigs',
    name: 'Sigaret, quti',
    price: '25000.00',
    ikpu: '02402001001000000',
    packageCode: '1',
    ownerType: 'RESALE' as const,
    markingRequired: true,
  };
  const plov = {
    ...osh,
    ikpu: '10202001001000000',
    packageCode: '1510',
    ownerType: 'OWN_PRODUCTION' as const,
  };
  const card = (amount: bigint) => [{ method: 'CARD' as const, amount }];

  it('needs one code per unit before the sale can be drafted; codes beyond the units are refused', () => {
    let lines = run({ type: 'add', product: cigs }, { type: 'add', product: cigs });
    const key = lines[0]!.key;
    expect(unmarkedLine(lines)?.key).toBe(key);
    const missing = toSaleDraft(lines, { payments: card(5_000_000n), catalogVersion: null });
    expect(missing.ok ? null : missing.problem.code).toBe('MISSING_MARKING_CODES');
    expect(cartReducer(lines, { type: 'setMarkingCodes', key, codes: ['A', 'B', 'C'] })).toEqual(lines);
    expect(cartReducer(lines, { type: 'setMarkingCodes', key, codes: ['A', 'A'] })).toEqual(lines);
    lines = cartReducer(lines, { type: 'setMarkingCodes', key, codes: ['A', 'B'] });
    expect(unmarkedLine(lines)).toBeUndefined();
    const drafted = toSaleDraft(lines, { payments: card(5_000_000n), catalogVersion: null });
    expect(drafted.ok && drafted.draft.lines[0]).toMatchObject({
      markingRequired: true,
      markingCodes: ['A', 'B'],
    });
    // One unit less drops the last code scanned.
    expect(cartReducer(lines, { type: 'decrement', key })[0]!.markingCodes).toEqual(['A']);
  });

  it('spreads the receipt discount over the lines, carries modifiers and the customer', () => {
    const lines = run(
      { type: 'add', product: plov, modifiers: [cheese] },
      { type: 'add', product: { ...plov, id: 'p-choy', name: 'Choy', price: '6000.00' } },
    );
    const result = toSaleDraft(lines, {
      payments: card(5_100_000n),
      discount: 500_000n,
      customerId: 'c-1',
      catalogVersion: null,
    });
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.draft).toMatchObject({ total: '51000.00', discount: '5000.00', customerId: 'c-1' });
    expect(result.draft.lines.map((l) => [l.unitPrice, l.total])).toEqual([
      ['50000.00', '45535.71'],
      ['6000.00', '5464.29'],
    ]);
    expect(result.draft.lines[0]!.modifiers).toEqual([
      { modifierId: 'm-cheese', name: 'Pishloq', priceDelta: '5000.00' },
    ]);
  });
});
