/**
 * Refund shares and pay-back: worked examples, then random sales refunded in random pieces and
 * in random order, checking the rules of docs/decisions.md ("Receipt arithmetic", "Shifts and
 * refunds"): each piece pays round_half_up(net × q / Q) capped at what is left, the piece that
 * completes a line pays exactly the rest, so Σ refunds of a line = its net and its VAT, to the tiyin.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeReceipt, type Receipt } from './receipt.ts';
import { type MethodAmount, type RefundableLine, refundShare, splitRefundByPayments } from './refund.ts';
import { paymentsFor, receiptLineArb } from './testing.ts';

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** A sold line nothing was refunded of yet. */
const fresh = (quantity: bigint, total: bigint, vatAmount: bigint): RefundableLine => ({
  quantity,
  total,
  vatAmount,
  refundedQuantity: 0n,
  refundedAmount: 0n,
  refundedVat: 0n,
});

/** Refunds `quantity` of `line`, recording it on the line as the sales service does; returns the share. */
function refund(line: RefundableLine, quantity: bigint): [bigint, bigint] {
  const { amount, vat } = refundShare(line, quantity);
  line.refundedQuantity += quantity;
  line.refundedAmount += amount;
  line.refundedVat += vat;
  return [amount, vat];
}

describe('refund shares, by example', () => {
  it('pays 299.99 back in thirds as 100.00, 100.00 and the rest 99.99 — VAT likewise', () => {
    // 3 × 100.00 − 0.01 = 299.99, VAT 32.14; each unit 100.00 (VAT 10.71), the last takes what is left.
    const line = fresh(3000n, 29_999n, 3_214n);
    expect([refund(line, 1000n), refund(line, 1000n), refund(line, 1000n)]).toEqual([
      [10_000n, 1_071n],
      [10_000n, 1_071n],
      [9_999n, 1_072n],
    ]);
  });

  it('never pays back more than the line: rounded-up parts are capped, the last takes the rest', () => {
    // 0.02 over 4 units: each quarter is 0.005 → rounds up to 0.01, so the third is capped at 0.
    const line = fresh(4000n, 2n, 1n);
    const paid = [1, 2, 3, 4].map(() => refund(line, 1000n)[0]);
    expect(paid).toEqual([1n, 1n, 0n, 0n]);
    expect(line.refundedAmount).toBe(2n);
    expect(line.refundedVat).toBe(1n);
    expect(() => refundShare(line, 1000n)).toThrow(RangeError);
    expect(() => refundShare(fresh(4000n, 2n, 1n), 0n)).toThrow(RangeError);
  });

  it('pays back by the sale’s methods: non-cash first up to what is left of them, cash last', () => {
    const payments: MethodAmount[] = [
      { method: 'CASH', amount: 1000n },
      { method: 'CARD', amount: 500n },
      { method: 'PAYME', amount: 300n },
    ];
    expect(splitRefundByPayments(700n, payments, new Map())).toEqual([
      { method: 'CARD', amount: 500n },
      { method: 'PAYME', amount: 200n },
    ]);
    expect(splitRefundByPayments(700n, payments, new Map([['CARD', 500n]]))).toEqual([
      { method: 'PAYME', amount: 300n },
      { method: 'CASH', amount: 400n },
    ]);
    // Earlier refunds paid back with a method the sale never used: cash covers the difference.
    expect(
      splitRefundByPayments(300n, [{ method: 'CARD', amount: 300n }], new Map([['CLICK', 100n]])),
    ).toEqual([{ method: 'CARD', amount: 300n }]);
    expect(splitRefundByPayments(0n, payments, new Map())).toEqual([]);
  });
});

/** A settled random sale, and a plan refunding random pieces of random lines in random order. */
const refundCaseArb = fc
  .array(receiptLineArb, { minLength: 1, maxLength: 6 })
  .chain((lines) => {
    const result = computeReceipt({ lines });
    if (!result.ok) throw new Error(result.problem.code);
    return fc.tuple(fc.constant(result.receipt), paymentsFor(result.receipt.total));
  })
  .chain(([receipt, payments]) => {
    // Per line: cut its quantity into 1–4 pieces; refund all pieces, or leave the line partly kept.
    const perLine = receipt.lines.map((line) =>
      fc
        .tuple(fc.uniqueArray(fc.bigInt({ min: 1n, max: line.quantity }), { maxLength: 3 }), fc.boolean())
        .map(([cuts, complete]) => {
          const marks = [
            0n,
            ...cuts.filter((c) => c < line.quantity).sort((a, b) => (a < b ? -1 : 1)),
            line.quantity,
          ];
          const pieces = marks.slice(1).map((mark, i) => mark - marks[i]!);
          return complete || pieces.length === 1 ? pieces : pieces.slice(0, -1);
        }),
    );
    return fc
      .tuple(fc.constant(receipt), fc.constant(payments), fc.tuple(...perLine))
      .chain(([r, p, pieces]) => {
        const steps = pieces.flatMap((qs, lineIndex) => qs.map((quantity) => ({ lineIndex, quantity })));
        return fc
          .shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length })
          .map((order) => ({
            receipt: r as Receipt,
            payments: p,
            order,
          }));
      });
  });

/** The sale's lines as a refund sees them before any refund. */
const unrefunded = (receipt: Receipt): RefundableLine[] =>
  receipt.lines.map((l) => fresh(l.quantity, l.net, l.vat));

describe('refunds, on random sales in random order', () => {
  it('pays each piece its rounded share capped at what is left, and a line’s refunds add up to its net and VAT', () => {
    fc.assert(
      fc.property(refundCaseArb, ({ receipt, order }) => {
        const state = unrefunded(receipt);
        for (const { lineIndex, quantity } of order) {
          const line = state[lineIndex]!;
          const completes = line.refundedQuantity + quantity === line.quantity;
          const leftAmount = line.total - line.refundedAmount;
          const leftVat = line.vatAmount - line.refundedVat;
          const [amount, vat] = refund(line, quantity);
          if (completes) {
            expect([amount, vat]).toEqual([leftAmount, leftVat]);
          } else {
            // amount = min(round_half_up(net × q / Q), left): check the rounding by inequalities.
            for (const [got, whole, left] of [
              [amount, line.total, leftAmount],
              [vat, line.vatAmount, leftVat],
            ] as const) {
              // exact = whole × q / Q; twice it over Q is n2 / Q.
              const n2 = 2n * whole * quantity;
              const Q = line.quantity;
              const roundedHalfUp = (2n * got - 1n) * Q <= n2 && n2 < (2n * got + 1n) * Q;
              // When the rounded share would exceed what is left (exact ≥ left + ½), it is capped.
              const capped = got === left && n2 >= (2n * left + 1n) * Q;
              expect(roundedHalfUp || capped).toBe(true);
            }
          }
          expect(amount >= 0n && amount <= leftAmount && vat >= 0n && vat <= leftVat).toBe(true);
        }
        for (const line of state) {
          if (line.refundedQuantity === line.quantity) {
            expect(line.refundedAmount).toBe(line.total); // Σ refunds of a line = its net, exactly
            expect(line.refundedVat).toBe(line.vatAmount); // and its VAT
          } else {
            expect(line.refundedAmount <= line.total && line.refundedVat <= line.vatAmount).toBe(true);
          }
        }
      }),
    );
  });

  it('pays each refund back over the sale’s methods exactly, non-cash first, and a full refund returns each method what it paid', () => {
    fc.assert(
      fc.property(refundCaseArb, ({ receipt, payments, order }) => {
        const paidBy = new Map<string, bigint>();
        for (const p of payments) paidBy.set(p.method, (paidBy.get(p.method) ?? 0n) + p.amount);
        const refunded = new Map<string, bigint>();
        const state = unrefunded(receipt);
        // Each step is one refund document of one piece.
        for (const { lineIndex, quantity } of order) {
          const line = state[lineIndex]!;
          const [amount] = refund(line, quantity);
          const split = splitRefundByPayments(amount, payments, refunded);
          expect(sum(split.map((s) => s.amount))).toBe(amount);
          expect(split.every((s) => s.amount > 0n)).toBe(true);
          for (const s of split) refunded.set(s.method, (refunded.get(s.method) ?? 0n) + s.amount);
          for (const [method, back] of refunded) {
            if (method !== 'CASH') expect(back <= (paidBy.get(method) ?? 0n)).toBe(true);
          }
          // Cash is used only once every non-cash method has been paid back in full.
          if (split.some((s) => s.method === 'CASH')) {
            for (const [method, paid] of paidBy)
              if (method !== 'CASH') expect(refunded.get(method)).toBe(paid);
          }
        }
        const everything = state.every((l) => l.refundedQuantity === l.quantity);
        if (everything) {
          expect(sum([...refunded.values()])).toBe(receipt.total);
          for (const [method, paid] of paidBy) expect(refunded.get(method) ?? 0n).toBe(paid);
        }
      }),
    );
  });
});
