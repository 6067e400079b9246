import { describe, expect, it } from 'vitest';
import type { SaleInput } from '../__generated__/resolvers-types.ts';
import { canonicalJson, contentHash, includedVat, validateSale } from './sale-content.ts';

const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';
const PRODUCT = '0190a000-0000-7000-8000-0000000000d1';

const input = (overrides: Partial<SaleInput> = {}): SaleInput => ({
  id: '0190a000-0000-7000-8000-0000000000e1',
  createdAt: new Date('2026-02-01T10:00:00Z'),
  lines: [{ productId: PRODUCT, quantity: 1500n, unitPrice: 1000000n }],
  payments: [{ method: 'CASH', amount: 1500000n }],
  total: 1500000n,
  ...overrides,
});

describe('sale content', () => {
  it('computes included VAT with integer half-up rounding', () => {
    expect(includedVat(1120000n, 12)).toBe(120000n);
    expect(includedVat(14n, 12)).toBe(2n); // 1.5 → 2
    expect(includedVat(42n, 12)).toBe(5n); // 4.5 → 5
    expect(includedVat(13n, 12)).toBe(1n); // 1.39 → 1
    expect(includedVat(999n, 0)).toBe(0n);
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
