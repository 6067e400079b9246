import { describe, expect, it } from 'vitest';
import type { SaleInput } from '../__generated__/resolvers-types.ts';
import { canonicalJson, contentHash, type SaleContent, validateSale } from './sale-content.ts';

const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';
const PRODUCT = '0190a000-0000-7000-8000-0000000000d1';

/** The requisites of a real E-POS receipt. */
const FISCAL = {
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
};

const input = (overrides: Partial<SaleInput> = {}): SaleInput => ({
  id: '0190a000-0000-7000-8000-0000000000e1',
  createdAt: new Date('2026-02-01T10:00:00Z'),
  lines: [{ productId: PRODUCT, quantity: 1500n, unitPrice: 1000000n }],
  payments: [{ method: 'CASH', amount: 1500000n }],
  total: 1500000n,
  ...overrides,
});

describe('sale content', () => {
  it('derives the receipt: subtotal, shares, line nets, VAT per line, change', () => {
    const result = validateSale(
      input({
        lines: [
          { productId: PRODUCT, quantity: 1000n, unitPrice: 1000n },
          { productId: PRODUCT, quantity: 2000n, unitPrice: 1000n, discount: 500n, vatRate: 0 },
        ],
        discount: 100n,
        total: 2400n,
        payments: [{ method: 'CASH', amount: 2400n, tendered: 5000n }],
      }),
      TERMINAL,
      [],
    );
    if (!result.ok) throw new Error(result.error.code);
    // Bases 10.00 and 15.00 share 1.00: 0.40 and 0.60.
    expect(result.sale).toMatchObject({ subtotal: 2500n, discount: 100n, total: 2400n, vatTotal: 103n });
    expect(result.sale.lines.map((l) => [l.receiptDiscount, l.total, l.vatAmount])).toEqual([
      [40n, 960n, 103n], // 9.60 × 12 / 112 = 1.0285… → 1.03
      [60n, 1440n, 0n],
    ]);
    expect(result.sale.payments[0]).toMatchObject({ tendered: 5000n, change: 2600n });
  });

  it('rejects a total off by one tiyin either way, with or without a receipt discount', () => {
    for (const total of [1499999n, 1500001n]) {
      const result = validateSale(
        input({ total, payments: [{ method: 'CASH', amount: total }] }),
        TERMINAL,
        [],
      );
      expect(result.ok ? null : result.error.code).toBe('TOTAL_MISMATCH');
    }
    const discounted = validateSale(input({ discount: 1n }), TERMINAL, []);
    expect(discounted.ok ? null : discounted.error.code).toBe('TOTAL_MISMATCH');
    const right = validateSale(
      input({ discount: 1n, total: 1499999n, payments: [{ method: 'CASH', amount: 1499999n }] }),
      TERMINAL,
      [],
    );
    expect(right.ok).toBe(true);
  });

  it('accepts a zero total without payments, but not a non-zero one', () => {
    const free = validateSale(
      input({ lines: [{ productId: PRODUCT, quantity: 1000n, unitPrice: 0n }], total: 0n, payments: [] }),
      TERMINAL,
      [],
    );
    expect(free.ok).toBe(true);
    const unpaid = validateSale(input({ payments: [] }), TERMINAL, []);
    expect(unpaid.ok ? null : unpaid.error.code).toBe('PAYMENT_MISMATCH');
  });

  it('keeps a fixed check order: ids, header, lines, amounts, payments’ shape, total, payment sum', () => {
    const code = (overrides: Partial<SaleInput>) => {
      const result = validateSale(input(overrides), TERMINAL, []);
      return result.ok ? 'OK' : result.error.code;
    };
    const badLine = { productId: PRODUCT, quantity: 0n, unitPrice: 1n };
    const badPayment = { method: 'CARD' as const, amount: 1n, tendered: 5n };
    expect(code({ id: 'x', receiptNumber: -1, lines: [] })).toBe('INVALID_ID');
    expect(code({ receiptNumber: -1, lines: [] })).toBe('INVALID_AMOUNT');
    expect(code({ catalogVersion: 'v'.repeat(201), lines: [] })).toBe('INVALID_TEXT');
    expect(code({ lines: [], payments: [badPayment] })).toBe('EMPTY_SALE');
    expect(code({ fiscal: { ...FISCAL, fiscalSign: '1' }, lines: [badLine] })).toBe('INVALID_FISCAL_SIGN');
    expect(code({ lines: [{ ...badLine, ikpu: '123' }] })).toBe('INVALID_IKPU');
    expect(code({ lines: [badLine], payments: [badPayment] })).toBe('INVALID_QUANTITY');
    expect(code({ lines: [badLine], payments: [{ method: 'CASH', amount: 1n, cardBrand: 'VISA' }] })).toBe(
      'INVALID_QUANTITY',
    );
    expect(code({ payments: [{ method: 'CASH', amount: 1500000n, cardBrand: 'VISA' }] })).toBe(
      'INVALID_PAYMENT',
    );
    expect(code({ total: 1n, payments: [badPayment] })).toBe('INVALID_PAYMENT');
    expect(code({ discount: 1500001n, payments: [] })).toBe('INVALID_AMOUNT');
    expect(code({ total: 5n, payments: [] })).toBe('TOTAL_MISMATCH');
    expect(code({ payments: [{ method: 'CASH', amount: 1n }] })).toBe('PAYMENT_MISMATCH');
  });

  it('serialises canonically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { x: 2, y: 1 }] }, b: 1 }),
    );
  });

  it('hashes equal sales equally, whatever the key order, and different sales differently', () => {
    const a = validateSale(input(), TERMINAL, []);
    const reordered = validateSale(
      {
        total: 1500000n,
        payments: [{ amount: 1500000n, method: 'CASH' }],
        lines: [
          {
            unitPrice: 1000000n,
            quantity: 1500n,
            productId: PRODUCT.toUpperCase(),
            discount: 0n,
            vatRate: 12,
          },
        ],
        createdAt: new Date('2026-02-01T15:00:00+05:00'),
        id: '0190A000-0000-7000-8000-0000000000E1',
      },
      TERMINAL,
      [],
    );
    const other = validateSale(input({ customerId: '0190a000-0000-7000-8000-0000000000f1' }), TERMINAL, []);
    if (!a.ok || !reordered.ok || !other.ok) throw new Error('expected valid sales');
    expect(contentHash(reordered.sale)).toBe(contentHash(a.sale));
    expect(contentHash(other.sale)).not.toBe(contentHash(a.sale));
  });

  it('hashes every field the POS decides, and ignores whitespace around text snapshots', () => {
    const line = { productId: PRODUCT, quantity: 1500n, unitPrice: 1000000n };
    const hash = (overrides: Partial<SaleInput>): string => {
      const result = validateSale(input(overrides), TERMINAL, []);
      if (!result.ok) throw new Error(result.error.code);
      return contentHash(result.sale as SaleContent);
    };
    const base = hash({ lines: [{ ...line, name: 'Plov' }] });
    expect(hash({ lines: [{ ...line, name: '  Plov ' }] })).toBe(base);
    const variants: Partial<SaleInput>[] = [
      { lines: [{ ...line, name: 'Plov 2' }] },
      { lines: [{ ...line, name: 'Plov', ikpu: '10202001001000000' }] },
      {
        lines: [
          { ...line, name: 'Plov', modifiers: [{ modifierId: PRODUCT, name: 'Meat', priceDelta: 0n }] },
        ],
      },
      {
        lines: [{ ...line, name: 'Plov' }],
        discount: 1n,
        total: 1499999n,
        payments: [{ method: 'CASH', amount: 1499999n }],
      },
      { lines: [{ ...line, name: 'Plov' }], cashierId: PRODUCT },
      { lines: [{ ...line, name: 'Plov' }], receiptNumber: 1 },
      { lines: [{ ...line, name: 'Plov' }], catalogVersion: 'c:1' },
      {
        lines: [{ ...line, name: 'Plov' }],
        payments: [{ method: 'CASH', amount: 1500000n, tendered: 2000000n }],
      },
      {
        lines: [{ ...line, name: 'Plov' }],
        payments: [{ method: 'CARD', amount: 1500000n, cardBrand: 'VISA' }],
      },
      {
        lines: [{ ...line, name: 'Plov' }],
        payments: [{ method: 'CARD', amount: 1500000n, reference: 'r1' }],
      },
    ];
    const hashes = variants.map(hash);
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
  });

  it('reports the first problem with its input path', () => {
    const result = validateSale(
      input({ lines: [{ productId: PRODUCT, quantity: 0n, unitPrice: -1n }] }),
      TERMINAL,
      ['input', 'sales', '4'],
    );
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'INVALID_QUANTITY',
        field: ['input', 'sales', '4', 'lines', '0', 'quantity'],
      }),
    });
  });
});
