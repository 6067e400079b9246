import { describe, expect, it } from 'vitest';
import type { SaleInput } from '../__generated__/resolvers-types.ts';
import type { ProductFacts } from './catalog.ts';
import { contentHash, validateSale } from './sale-content.ts';
import { fillSnapshots } from './snapshot-fill.ts';

const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';
const PLOV = '0190a000-0000-7000-8000-0000000000d1';
const NON = '0190a000-0000-7000-8000-0000000000d2';

const facts = (over: Partial<ProductFacts> & { id: string }): ProductFacts => ({
  name: 'Osh (plov)',
  ikpu: '10202001001000000',
  packageCode: '1500',
  ownerType: 'OWN_PRODUCTION',
  vatRate: 12,
  markingRequired: false,
  cashlessOnly: false,
  categoryId: null,
  ...over,
});
const products = new Map([
  [PLOV, facts({ id: PLOV })],
  [NON, facts({ id: NON, name: '  Non, tandir  ', ikpu: '10905001002000000', vatRate: 0 })],
]);

/** 2 × 45 000.00 plov + 1 × 5 000.00 non, receipt discount 1 000.00, lines as given. */
function sale(lines: Partial<SaleInput['lines'][number]>[]): SaleInput {
  return {
    id: '0190a000-0000-7000-8000-0000000000f1',
    createdAt: new Date('2026-03-02T09:00:00.000Z'),
    lines: [
      { productId: PLOV, quantity: 2000n, unitPrice: 4_500_000n, ...lines[0] },
      { productId: NON, quantity: 1000n, unitPrice: 500_000n, ...lines[1] },
    ],
    payments: [{ method: 'CARD', amount: 9_400_000n }],
    total: 9_400_000n,
    discount: 100_000n,
  };
}

function validated(input: SaleInput) {
  const checked = validateSale(input, TERMINAL, []);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.sale;
}

describe('fillSnapshots', () => {
  it('fills what a line left out, with VAT from the product on the line net after the receipt discount', () => {
    const input = sale([{}, {}]);
    const before = validated(input);
    const { sale: filled, withoutIkpu } = fillSnapshots(input, before, products);
    expect(withoutIkpu).toEqual([]);
    // Shares of the 1 000.00 receipt discount: 90 000 : 5 000 → 947.37 and 52.63.
    expect(
      filled.lines.map((l) => [l.name, l.ikpu, l.packageCode, l.ownerType, l.vatRate, l.total, l.vatAmount]),
    ).toEqual([
      ['Osh (plov)', '10202001001000000', '1500', 'OWN_PRODUCTION', 12, 8_905_263n, 954_135n],
      ['Non, tandir', '10905001002000000', '1500', 'OWN_PRODUCTION', 0, 494_737n, 0n],
    ]);
    expect(filled.vatTotal).toBe(954_135n);
    // Amounts other than VAT never change, and the input content is left as it was.
    expect(filled.total).toBe(before.total);
    expect(before.lines[1]!.vatRate).toBe(12);
    expect(before.vatTotal).toBe(954_135n + 53_008n);
  });

  it('keeps every snapshot the sender sent, a sent VAT rate included', () => {
    const input = sale([
      { name: 'Osh, to‘y', packageCode: '2009', ownerType: 'RESALE', vatRate: 12 },
      { vatRate: 12 },
    ]);
    const { sale: filled } = fillSnapshots(input, validated(input), products);
    expect(filled.lines.map((l) => [l.name, l.packageCode, l.ownerType, l.vatRate])).toEqual([
      ['Osh, to‘y', '2009', 'RESALE', 12],
      ['Non, tandir', '1500', 'OWN_PRODUCTION', 12],
    ]);
  });

  it('leaves lines of unknown products as sent and reports those without IKPU', () => {
    const input = sale([{}, {}]);
    const before = validated(input);
    const { sale: filled, withoutIkpu } = fillSnapshots(
      input,
      before,
      new Map([[PLOV, products.get(PLOV)!]]),
    );
    expect(withoutIkpu).toEqual([2]);
    expect(filled.lines[1]).toBe(before.lines[1]);
    // A product known without an IKPU (or with one a receipt cannot carry) is no better.
    const bad = new Map([
      [PLOV, facts({ id: PLOV, ikpu: null })],
      [NON, facts({ id: NON, ikpu: '123', packageCode: 'BOX-1' })],
    ]);
    const partly = fillSnapshots(input, before, bad);
    expect(partly.withoutIkpu).toEqual([1, 2]);
    expect(partly.sale.lines[1]!.packageCode).toBeNull();
  });

  it('returns the sale itself when there is nothing to fill, and never changes the content hash of what was sent', () => {
    const input = sale([
      { name: 'Osh', ikpu: '10202001001000000', packageCode: '1500', ownerType: 'RESALE', vatRate: 12 },
      { name: 'Non', ikpu: '10905001002000000', packageCode: '1500', ownerType: 'RESALE', vatRate: 0 },
    ]);
    const before = validated(input);
    expect(fillSnapshots(input, before, products).sale).toBe(before);
    const minimal = sale([{}, {}]);
    const sent = validated(minimal);
    const hash = contentHash(sent);
    fillSnapshots(minimal, sent, products);
    expect(contentHash(sent)).toBe(hash);
  });
});
