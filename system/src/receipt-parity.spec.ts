/**
 * The POS and the server compute the same receipt, to the tiyin.
 *
 * Random carts are built through the POS's own cart module (`cartReducer` actions as the sell
 * screen dispatches them: products with modifiers, piece and weighed quantities, increments,
 * line discounts, removals), turned into a sale with `toSaleInput` (receipt discount, split
 * payments with change), sent through JSON as the outbox and `syncSales` would carry it, coerced
 * by the public schema with the server's own scalars, and validated by the sales service's
 * `validateSale`. The server must accept every such sale with exactly the POS's total, VAT and
 * line figures — and must refuse it when the POS's total is off by one tiyin.
 *
 * Pure: no database. It lives in `system/` because only the application may import both a
 * front end and a subgraph.
 */
import { readFileSync } from 'node:fs';
import {
  type CartAction,
  type CartLine,
  type CartPayment,
  cartReceipt,
  cartReducer,
  toSaleInput,
} from '@jowi/pos-desktop/cart';
import { formatMoney, parseMoney, type Receipt, type ReceiptPaymentInput } from '@jowi/receipt';
import {
  modifierDeltasArb,
  partOf,
  paymentsFor,
  priceArb,
  quantityArb,
  vatRateArb,
} from '@jowi/receipt/testing';
import { validateSale } from '@jowi/sales';
import { scalarResolvers } from '@jowi/server-kit';
import fc from 'fast-check';
import { buildSchema, coerceInputValue, type GraphQLInputObjectType, type GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';

type SaleInput = Parameters<typeof validateSale>[0];

const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';

/** The public schema with the server's scalars, so coercion is what a subgraph does to variables. */
const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
for (const [name, scalar] of Object.entries(scalarResolvers)) {
  Object.assign(schema.getType(name) as GraphQLScalarType, { parseValue: scalar.parseValue.bind(scalar) });
}
const saleInputType = schema.getType('SaleInput') as GraphQLInputObjectType;

/** What the sales subgraph receives for a `SaleInput` variable sent as this JSON text. */
function asServerInput(json: string): SaleInput {
  return coerceInputValue(JSON.parse(json), saleInputType) as SaleInput;
}

const ikpuArb = fc.stringMatching(/^\d{17}$/);
const productArb = fc.record(
  {
    id: fc.uuid(),
    name: fc.constantFrom('Osh (plov)', 'Somsa', 'Lag‘mon', 'Non', 'Ko‘k choy', 'Olma, kg'),
    price: priceArb.map(formatMoney),
    vatRate: vatRateArb,
    ikpu: ikpuArb,
    packageCode: fc.stringMatching(/^\d{1,20}$/),
    ownerType: fc.constantFrom('RESALE' as const, 'OWN_PRODUCTION' as const, 'SERVICE' as const),
  },
  { requiredKeys: ['id', 'name', 'price'] },
);
const modifiersArb = modifierDeltasArb.chain((deltas) =>
  fc.tuple(
    ...deltas.map((priceDelta) =>
      fc.uuid().map((modifierId) => ({ modifierId, name: 'Qo‘shimcha', priceDelta })),
    ),
  ),
);

/** A step of the cashier, picking products and lines by index (lines exist only at run time). */
const stepArb = fc.oneof(
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

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;
type Product = typeof productArb extends fc.Arbitrary<infer P> ? P : never;
type Modifiers = typeof modifiersArb extends fc.Arbitrary<infer M> ? M : never;

/** Plays the steps through the POS cart reducer, as the sell screen would dispatch them. */
function playCart(products: Product[], modifiers: Modifiers[], steps: Step[]): CartLine[] {
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

/** A random cart and sale details that settle it: receipt discount, split payments, card brands. */
const saleCaseArb = fc
  .array(productArb, { minLength: 1, maxLength: 6 })
  .chain((products) =>
    fc.tuple(
      fc.constant(products),
      fc.tuple(...products.map(() => modifiersArb)),
      fc.array(stepArb, { minLength: 1, maxLength: 20 }),
    ),
  )
  .map(([products, modifiers, steps]) => playCart(products, modifiers, steps))
  .chain((lines) => fc.tuple(fc.constant(lines), partOf(receiptOf(lines, 0n).subtotal)))
  .chain(([lines, discount]) =>
    fc.record({
      lines: fc.constant(lines),
      discount: fc.constant(discount),
      payments: paymentsFor(receiptOf(lines, discount).total).chain((payments) =>
        fc.tuple(...payments.map(withCardBrand)),
      ),
      id: fc.uuid(),
      createdAt: fc.date({
        min: new Date('2025-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
    }),
  );

/** The cart's receipt as the POS computes it (the reducer keeps lines valid, the discount fits). */
function receiptOf(lines: CartLine[], discount: bigint): Receipt {
  const result = cartReceipt(lines, { discount });
  if (!result.ok) throw new Error(`unexpected ${result.problem.code}`);
  return result.receipt;
}

/** A card payment sometimes names its scheme, as the POS records it. */
function withCardBrand(payment: ReceiptPaymentInput): fc.Arbitrary<CartPayment> {
  const p = payment as CartPayment;
  if (p.method !== 'CARD') return fc.constant(p);
  return fc
    .constantFrom('UZCARD', 'HUMO', 'VISA', 'MASTERCARD', null)
    .map((cardBrand) => ({ ...p, cardBrand }) as CartPayment);
}

describe('POS cart and sales service compute the same receipt', () => {
  it('every random cart becomes a sale the server accepts with exactly the POS’s total, VAT and line figures', () => {
    fc.assert(
      fc.property(saleCaseArb, ({ lines, discount, payments, id, createdAt }) => {
        const pos = toSaleInput(lines, { id, createdAt, discount, payments, catalogVersion: 'c:1' });
        if (!pos.ok) throw new Error(`POS refused its own cart: ${pos.problem.code} ${pos.problem.message}`);
        const json = JSON.stringify(pos.sale);
        const checked = validateSale(asServerInput(json), TERMINAL, []);
        if (!checked.ok)
          throw new Error(`server refused the POS sale: ${checked.error.code} ${checked.error.message}`);
        const server = checked.sale;
        expect(formatMoney(server.total)).toBe(pos.sale.total);
        expect(server.total).toBe(pos.receipt.total);
        expect(server.subtotal).toBe(pos.receipt.subtotal);
        expect(server.discount).toBe(pos.receipt.discount);
        expect(server.vatTotal).toBe(pos.receipt.vatTotal);
        expect(
          server.lines.map((l) => [l.total, l.vatAmount, l.receiptDiscount, l.discount, l.unitPrice]),
        ).toEqual(pos.receipt.lines.map((l) => [l.net, l.vat, l.receiptDiscount, l.discount, l.unitPrice]));
        expect(server.payments.map((p) => [p.amount, p.change])).toEqual(
          pos.receipt.payments.map((p) => [p.amount, p.change]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the server refuses the same sale when its total is off by one tiyin', () => {
    fc.assert(
      fc.property(
        saleCaseArb,
        fc.constantFrom(-1n, 1n),
        ({ lines, discount, payments, id, createdAt }, off) => {
          const pos = toSaleInput(lines, { id, createdAt, discount, payments });
          if (!pos.ok) throw new Error(pos.problem.code);
          const total = parseMoney(pos.sale.total) + off;
          if (total < 0n) return;
          const tampered = JSON.stringify({ ...pos.sale, total: formatMoney(total) });
          const checked = validateSale(asServerInput(tampered), TERMINAL, []);
          expect(checked.ok ? 'OK' : checked.error.code).toBe('TOTAL_MISMATCH');
        },
      ),
    );
  });
});
