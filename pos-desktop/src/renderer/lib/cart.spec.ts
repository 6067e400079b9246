import { describe, expect, it } from 'vitest';
import { type CartLine, cartReducer, cartTotal } from './cart.ts';

const osh = { id: 'p-osh', name: 'Osh (plov), 1 porsiya', price: '45000.00' };
const choy = { id: 'p-choy', name: 'Ko‘k choy, choynak', price: '6000.50' };

describe('cart', () => {
  it('adds products, merges repeats and totals in tiyin', () => {
    let lines: CartLine[] = [];
    lines = cartReducer(lines, { type: 'add', product: osh });
    lines = cartReducer(lines, { type: 'add', product: choy });
    lines = cartReducer(lines, { type: 'add', product: osh });
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['p-osh', 2],
      ['p-choy', 1],
    ]);
    expect(cartTotal(lines)).toBe(2n * 4_500_000n + 600_050n);
  });

  it('drops a line when its quantity reaches zero, and clears', () => {
    let lines = cartReducer([], { type: 'add', product: choy });
    lines = cartReducer(lines, { type: 'increment', productId: 'p-choy' });
    lines = cartReducer(lines, { type: 'decrement', productId: 'p-choy' });
    expect(lines[0]?.quantity).toBe(1);
    expect(cartReducer(lines, { type: 'decrement', productId: 'p-choy' })).toEqual([]);
    lines = cartReducer(lines, { type: 'add', product: osh });
    expect(cartReducer(lines, { type: 'remove', productId: 'p-osh' })).toHaveLength(1);
    expect(cartTotal(cartReducer(lines, { type: 'clear' }))).toBe(0n);
  });
});
