/**
 * The cart of the sale being rung up: a pure reducer, so it is tested without React.
 * Prices are tiyin (`bigint`) taken from the product's `Money` string when the line is added;
 * quantities are whole units for now (weighed goods arrive with the Quantity scalar later).
 */
import { parseMoney, sumTiyin } from './money.ts';

/** One line of the cart. */
export interface CartLine {
  productId: string;
  name: string;
  /** Unit price in tiyin, fixed when the line was added. */
  unitPrice: bigint;
  quantity: number;
}

/** What the cart can be asked to do. */
export type CartAction =
  | { type: 'add'; product: { id: string; name: string; price: string } }
  | { type: 'increment' | 'decrement' | 'remove'; productId: string }
  | { type: 'clear' };

/** Applies one action; adding a product already in the cart raises its quantity. */
export function cartReducer(lines: readonly CartLine[], action: CartAction): CartLine[] {
  switch (action.type) {
    case 'add': {
      const { product } = action;
      if (lines.some((l) => l.productId === product.id)) {
        return lines.map((l) => (l.productId === product.id ? { ...l, quantity: l.quantity + 1 } : l));
      }
      return [
        ...lines,
        { productId: product.id, name: product.name, unitPrice: parseMoney(product.price), quantity: 1 },
      ];
    }
    case 'increment':
      return lines.map((l) => (l.productId === action.productId ? { ...l, quantity: l.quantity + 1 } : l));
    case 'decrement':
      return lines
        .map((l) => (l.productId === action.productId ? { ...l, quantity: l.quantity - 1 } : l))
        .filter((l) => l.quantity > 0);
    case 'remove':
      return lines.filter((l) => l.productId !== action.productId);
    case 'clear':
      return [];
  }
}

/** A line's amount in tiyin. */
export function lineTotal(line: CartLine): bigint {
  return line.unitPrice * BigInt(line.quantity);
}

/** The cart's total in tiyin. */
export function cartTotal(lines: readonly CartLine[]): bigint {
  return sumTiyin(lines.map(lineTotal));
}
