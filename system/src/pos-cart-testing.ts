/**
 * For the receipt parity specs: random carts built the way the sell screen builds them (the POS's
 * own `cartReducer` actions: products with modifiers, piece and weighed quantities, increments,
 * line discounts, removals), and the sales subgraph's view of a `SaleInput` sent as JSON (the
 * public schema with the server's scalars, as a subgraph coerces variables).
 */
import { readFileSync } from 'node:fs';
import {
  type CartAction,
  type CartLine,
  type CartModifier,
  type CartPayment,
  type CartProduct,
  cartReceipt,
  cartReducer,
} from '@jowi/pos-desktop/cart';
import type { Receipt, ReceiptPaymentInput } from '@jowi/receipt';
import { modifierDeltasArb, quantityArb } from '@jowi/receipt/testing';
import type { validateSale } from '@jowi/sales';
import { scalarResolvers } from '@jowi/server-kit';
import fc from 'fast-check';
import { buildSchema, coerceInputValue, type GraphQLInputObjectType, type GraphQLScalarType } from 'graphql';

export type SaleInput = Parameters<typeof validateSale>[0];

/** The public schema with the server's scalars, so coercion is what a subgraph does to variables. */
const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
for (const [name, scalar] of Object.entries(scalarResolvers)) {
  Object.assign(schema.getType(name) as GraphQLScalarType, { parseValue: scalar.parseValue.bind(scalar) });
}
const saleInputType = schema.getType('SaleInput') as GraphQLInputObjectType;

/** What the sales subgraph receives for a `SaleInput` variable sent as this JSON text. */
export function asServerInput(json: string): SaleInput {
  return coerceInputValue(JSON.parse(json), saleInputType) as SaleInput;
}

/** 0–3 modifiers with random price deltas. */
export const modifiersArb: fc.Arbitrary<CartModifier[]> = modifierDeltasArb.chain((deltas) =>
  fc.tuple(
    ...deltas.map((priceDelta) =>
      fc.uuid().map((modifierId) => ({ modifierId, name: 'Qo‘shimcha', priceDelta })),
    ),
  ),
);

/** A step of the cashier, picking products and lines by index (lines exist only at run time). */
export const stepArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      product: fc.nat(),
      modifiers: fc.boolean(),
      quantity: fc.option(quantityArb, { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('increment' as const, 'decrement' as const, 'remove' as const),
      line: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setQuantity' as const),
      line: fc.nat(),
      quantity: quantityArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setDiscount' as const),
      line: fc.nat(),
      discount: fc.bigInt({ min: 0n, max: 2_000_000_000n }),
    }),
  },
);

export type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

/**
 * Plays the steps through the POS cart reducer, as the sell screen would dispatch them; a cart the
 * steps left empty gets the first product.
 */
export function playCart(products: CartProduct[], modifiers: CartModifier[][], steps: Step[]): CartLine[] {
  let lines: CartLine[] = [];
  for (const step of steps) {
    let action: CartAction;
    if (step.kind === 'add') {
      const i = step.product % products.length;
      action = {
        type: 'add',
        product: products[i]!,
        ...(step.modifiers ? { modifiers: modifiers[i]! } : {}),
        ...(step.quantity ? { quantity: step.quantity } : {}),
      };
    } else {
      const line = lines[step.line % Math.max(lines.length, 1)];
      if (!line) continue;
      action =
        step.kind === 'setQuantity'
          ? { type: 'setQuantity', key: line.key, quantity: step.quantity }
          : step.kind === 'setDiscount'
            ? { type: 'setDiscount', key: line.key, discount: step.discount }
            : { type: step.kind, key: line.key };
    }
    lines = cartReducer(lines, action);
  }
  return lines.length ? lines : cartReducer(lines, { type: 'add', product: products[0]! });
}

/** Random products, each with its modifiers, and the cashier's steps, played into a cart. */
export function cartArb<P extends CartProduct>(productArb: fc.Arbitrary<P>): fc.Arbitrary<CartLine[]> {
  return fc
    .array(productArb, { minLength: 1, maxLength: 6 })
    .chain((products) =>
      fc.tuple(
        fc.constant(products),
        fc.tuple(...products.map(() => modifiersArb)),
        fc.array(stepArb, { minLength: 1, maxLength: 20 }),
      ),
    )
    .map(([products, modifiers, steps]) => playCart(products, modifiers, steps));
}

/** The cart's receipt as the POS computes it (the reducer keeps lines valid, the discount fits). */
export function receiptOf(lines: readonly CartLine[], discount: bigint): Receipt {
  const result = cartReceipt(lines, { discount });
  if (!result.ok) throw new Error(`unexpected ${result.problem.code}`);
  return result.receipt;
}

/** A card payment sometimes names its scheme, as the POS records it. */
export function withCardBrand(payment: ReceiptPaymentInput): fc.Arbitrary<CartPayment> {
  const p = payment as CartPayment;
  if (p.method !== 'CARD') return fc.constant(p);
  return fc
    .constantFrom('UZCARD', 'HUMO', 'VISA', 'MASTERCARD', null)
    .map((cardBrand) => ({ ...p, cardBrand }) as CartPayment);
}
