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
 * front end and a subgraph. `pos-host-parity.spec.ts` takes the same carts on through the POS
 * host's `sale.complete` (the path a real sale takes).
 */
import { toSaleInput } from '@jowi/pos-desktop/cart';
import { formatMoney, parseMoney } from '@jowi/receipt';
import { partOf, paymentsFor, priceArb, vatRateArb } from '@jowi/receipt/testing';
import { validateSale } from '@jowi/sales';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asServerInput, cartArb, receiptOf, withCardBrand } from './pos-cart-testing.ts';

const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';

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
/** A random cart and sale details that settle it: receipt discount, split payments, card brands. */
const saleCaseArb = cartArb(productArb)
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
