/**
 * computeReceipt: worked examples, then every invariant of docs/decisions.md "Receipt arithmetic"
 * checked on random receipts (3-decimal quantities, modifiers, line and receipt discounts, mixed
 * VAT rates, split payments with change). Each invariant is checked against its own definition
 * (inequalities on exact fractions), not against the functions that compute it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeReceipt, type Receipt, type ReceiptInput, settlementProblem } from './receipt.ts';
import { partOf, paymentsFor, receiptLineArb } from './testing.ts';

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

function receiptOf(input: ReceiptInput): Receipt {
  const result = computeReceipt(input);
  if (!result.ok) throw new Error(`${result.problem.code} at ${result.problem.path.join('.')}`);
  return result.receipt;
}

/** A random receipt with a receipt discount and payments that settle it. */
const settledReceiptArb = fc
  .array(receiptLineArb, { minLength: 1, maxLength: 10 })
  .chain((lines) => {
    const subtotal = receiptOf({ lines }).subtotal;
    return fc.tuple(fc.constant(lines), partOf(subtotal));
  })
  .chain(([lines, discount]) => {
    const total = receiptOf({ lines, discount }).total;
    return paymentsFor(total).map((payments): ReceiptInput => ({ lines, discount, payments }));
  });

describe('computeReceipt, by example', () => {
  it('derives the receipt: subtotal, shares, line nets, VAT per line, change', () => {
    const receipt = receiptOf({
      lines: [
        { quantity: 1000n, unitPrice: 1000n },
        { quantity: 2000n, unitPrice: 1000n, discount: 500n, vatRate: 0 },
      ],
      discount: 100n,
      payments: [{ method: 'CASH', amount: 2400n, tendered: 5000n }],
    });
    // Bases 10.00 and 15.00 share 1.00: 0.40 and 0.60.
    expect(receipt).toMatchObject({ subtotal: 2500n, discount: 100n, total: 2400n, vatTotal: 103n });
    expect(receipt.lines.map((l) => [l.gross, l.base, l.receiptDiscount, l.net, l.vat])).toEqual([
      [1000n, 1000n, 40n, 960n, 103n], // 9.60 × 12 / 112 = 1.0285… → 1.03
      [2000n, 1500n, 60n, 1440n, 0n],
    ]);
    expect(receipt.payments[0]).toMatchObject({ tendered: 5000n, change: 2600n });
    expect(receipt).toMatchObject({ paid: 2400n, change: 2600n, due: 0n });
    expect(settlementProblem(receipt)).toBeNull();
  });

  it('prices a weighed line half up and applies the 12 % default rate', () => {
    // 0.333 kg × 10 000.01 = 3 330.00333 → 3 330.00; VAT 333 000 × 12 / 112 = 35 678.57… tiyin → 356.79
    const receipt = receiptOf({ lines: [{ quantity: 333n, unitPrice: 1_000_001n }] });
    expect(receipt.lines[0]).toMatchObject({ gross: 333_000n, vatRate: 12, net: 333_000n, vat: 35_679n });
    expect(receipt.due).toBe(333_000n);
  });

  it('reports the first problem with its path, lines first, then the discount, then payments', () => {
    const problem = (input: ReceiptInput) => {
      const result = computeReceipt(input);
      return result.ok ? 'OK' : `${result.problem.code} ${result.problem.path.join('.')}`;
    };
    const line = { quantity: 1000n, unitPrice: 1000n };
    expect(problem({ lines: [line, { quantity: 0n, unitPrice: -1n }] })).toBe(
      'INVALID_QUANTITY lines.1.quantity',
    );
    expect(problem({ lines: [{ quantity: 1n, unitPrice: -1n }] })).toBe('INVALID_AMOUNT lines.0.unitPrice');
    expect(problem({ lines: [{ ...line, discount: -1n }] })).toBe('INVALID_AMOUNT lines.0.discount');
    expect(problem({ lines: [{ ...line, discount: 1001n }] })).toBe('INVALID_AMOUNT lines.0.discount');
    expect(problem({ lines: [{ quantity: 10n ** 9n, unitPrice: 10n ** 12n }] })).toBe(
      'INVALID_AMOUNT lines.0.quantity',
    );
    expect(problem({ lines: [{ ...line, vatRate: 101 }] })).toBe('INVALID_VAT_RATE lines.0.vatRate');
    expect(problem({ lines: [{ ...line, vatRate: 12.5 }] })).toBe('INVALID_VAT_RATE lines.0.vatRate');
    expect(problem({ lines: [line], discount: -1n })).toBe('INVALID_AMOUNT discount');
    expect(problem({ lines: [line], payments: [{ method: 'CARD', amount: -1n }] })).toBe(
      'INVALID_AMOUNT payments.0.amount',
    );
    expect(problem({ lines: [line], payments: [{ method: 'CARD', amount: 1000n, tendered: 1000n }] })).toBe(
      'INVALID_PAYMENT payments.0.tendered',
    );
    expect(problem({ lines: [line], payments: [{ method: 'CASH', amount: 1000n, tendered: 999n }] })).toBe(
      'INVALID_AMOUNT payments.0.tendered',
    );
    // Payments are checked before the discount bound.
    expect(
      problem({ lines: [line], discount: 1001n, payments: [{ method: 'CARD', amount: 1n, tendered: 1n }] }),
    ).toBe('INVALID_PAYMENT payments.0.tendered');
    expect(problem({ lines: [line], discount: 1001n })).toBe('INVALID_AMOUNT discount');
    expect(problem({ lines: [line], discount: 1000n })).toBe('OK');
  });

  it('tells whether the payments settle the total', () => {
    const settle = (input: ReceiptInput) => {
      const found = settlementProblem(receiptOf(input));
      return found ? `${found.code} ${found.path.join('.')}` : 'OK';
    };
    const lines = [{ quantity: 1000n, unitPrice: 1000n }];
    expect(settle({ lines })).toBe('PAYMENT_MISMATCH payments');
    expect(settle({ lines: [{ quantity: 1000n, unitPrice: 0n }] })).toBe('OK');
    expect(settle({ lines, discount: 1000n })).toBe('OK');
    const paid = (...amounts: [string, bigint][]) =>
      settle({ lines, payments: amounts.map(([method, amount]) => ({ method, amount })) });
    expect(paid(['CASH', 1000n], ['CARD', 0n])).toBe('PAYMENT_MISMATCH payments.1.amount');
    expect(paid(['CASH', 999n])).toBe('PAYMENT_MISMATCH payments');
    expect(paid(['CASH', 1001n])).toBe('PAYMENT_MISMATCH payments');
    expect(paid(['CARD', 400n], ['PAYME', 600n])).toBe('OK');
  });
});

describe('computeReceipt, on random receipts', () => {
  it('keeps every invariant of "Receipt arithmetic"', () => {
    fc.assert(
      fc.property(settledReceiptArb, (input) => {
        const receipt = receiptOf(input);
        const { lines, subtotal, discount, total } = receipt;

        lines.forEach((line, i) => {
          const given = input.lines[i]!;
          // gross = round_half_up(quantity × unit price): gross·1000 − q·p ∈ (−500, 500]
          const gap = line.gross * 1000n - given.quantity * given.unitPrice;
          expect(gap > -500n && gap <= 500n).toBe(true);
          expect(line.discount).toBe(given.discount ?? 0n);
          expect(line.base).toBe(line.gross - line.discount);
          expect(line.net).toBe(line.base - line.receiptDiscount);
          expect(line.net >= 0n && line.receiptDiscount >= 0n).toBe(true);
          // Each share is within one tiyin of its exact part: |share·subtotal − discount·base| < subtotal.
          if (subtotal > 0n) {
            const off = line.receiptDiscount * subtotal - discount * line.base;
            expect(off > -subtotal && off < subtotal).toBe(true);
          }
          // VAT per line = round_half_up(net × rate / (100 + rate)).
          const d = BigInt(100 + line.vatRate);
          const n2 = 2n * line.net * BigInt(line.vatRate);
          expect((2n * line.vat - 1n) * d <= n2 && n2 < (2n * line.vat + 1n) * d).toBe(true);
        });

        expect(subtotal).toBe(sum(lines.map((l) => l.base)));
        expect(sum(lines.map((l) => l.receiptDiscount))).toBe(discount); // Σ shares = discount
        expect(total).toBe(subtotal - discount);
        expect(total).toBe(sum(lines.map((l) => l.net))); // total = Σ line nets
        expect(receipt.vatTotal).toBe(sum(lines.map((l) => l.vat))); // VAT rounded per line, never on the sum

        for (const payment of receipt.payments) {
          if (payment.tendered == null) expect(payment.change).toBeNull();
          else expect(payment.change).toBe(payment.tendered - payment.amount); // change = tendered − amount
        }
        expect(receipt.change).toBe(sum(receipt.payments.map((p) => p.change ?? 0n)));
        expect(receipt.paid).toBe(total);
        expect(receipt.due).toBe(0n);
        expect(settlementProblem(receipt)).toBeNull();
      }),
    );
  });

  it('refuses a receipt discount above the subtotal and payments that miss the total by a tiyin', () => {
    fc.assert(
      fc.property(fc.array(receiptLineArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (lines, over) => {
        const { subtotal, total } = receiptOf({ lines });
        const tooMuch = computeReceipt({ lines, discount: subtotal + 1n });
        expect(tooMuch.ok ? null : tooMuch.problem).toMatchObject({
          code: 'INVALID_AMOUNT',
          path: ['discount'],
        });
        const amount = over ? total + 1n : total - 1n;
        if (amount <= 0n) return;
        const off = receiptOf({ lines, payments: [{ method: 'CARD', amount }] });
        expect(settlementProblem(off)).toMatchObject({ code: 'PAYMENT_MISMATCH' });
        expect(off.due).toBe(over ? -1n : 1n);
      }),
    );
  });

  it('gives the same figures whatever the payments, and the lines in any order keep their own figures', () => {
    fc.assert(
      fc.property(settledReceiptArb, (input) => {
        const withPayments = receiptOf(input);
        const without = receiptOf({ ...input, payments: [] });
        expect(without.lines).toEqual(withPayments.lines);
        expect(without.total).toBe(withPayments.total);
        // Without a receipt discount a line's figures depend on that line alone.
        const reversed = receiptOf({ lines: [...input.lines].reverse() });
        expect(reversed.lines.reverse()).toEqual(receiptOf({ lines: input.lines }).lines);
      }),
    );
  });
});
