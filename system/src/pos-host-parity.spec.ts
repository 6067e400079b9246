/**
 * The POS cart path, end to end, on random carts: the sell screen's cart (`cartReducer`: piece and
 * weighed 3-decimal quantities, modifiers with price deltas, line discounts; VAT 0 or 12; marked
 * goods with one code per unit; cashless-only goods) → `toSaleDraft` (receipt discount, split
 * payments with change, loyalty points for a known customer) → the POS host's real
 * `sale.complete` on a SQLite store → the `SaleInput` it recorded in its outbox, sent as JSON →
 * the sales service's `validateSale`, which recomputes it with the same `@jowi/receipt`.
 *
 * For every cart: every amount is a whole number of tiyin; Σ (line gross − line discount) −
 * receipt discount = total = Σ line nets; VAT per rate is `includedVat` of each line's net and
 * the per-rate sums agree between the POS and the server; the payments add up to the total and
 * cash change is tendered − amount; the fiscal request bills gross − discount = net per line and
 * cash + cashless = total; the server accepts the sale with exactly the POS's figures.
 *
 * No server process: the host and `validateSale` are called in this process (the till's SQLite
 * store is real). It lives in `system/` because only the application may import both the POS and
 * a subgraph.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CartLine, type CartPayment, cartReducer, toSaleDraft } from '@jowi/pos-desktop/cart';
import { formatMoney, includedVat, moneyTimesQuantity, parseMoney, parseQuantity } from '@jowi/receipt';
import { partOf, paymentsFor, priceArb } from '@jowi/receipt/testing';
import { validateSale } from '@jowi/sales';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asServerInput, cartArb, receiptOf, withCardBrand } from './pos-cart-testing.ts';

/**
 * The host's modules are imported through a variable (as the POS e2e harness imports the stack the
 * other way round): type-checking the backend must not type-check the POS's renderer-side types
 * under Node settings. These are the parts of `@jowi/pos-desktop/offline-till` this spec uses.
 */
const OFFLINE_TILL = '@jowi/pos-desktop/offline-till';
interface RecordedSaleInput {
  total: string;
  discount?: string;
  customerId?: string;
  lines: Array<{
    quantity: string;
    unitPrice: string;
    discount?: string;
    modifiers?: Array<{ priceDelta: string }>;
    markingCodes?: string[];
  }>;
  payments: Array<{ method: string; amount: string; tendered?: string }>;
}
interface OfflineTill {
  sales: {
    complete(
      draft: unknown,
    ): Promise<{ sale: { id: string; change: string; lines: Array<{ total: string }> } }>;
  };
  shifts: { open(input: unknown): unknown };
  customers: { remember(input: unknown): unknown };
  saleInput(saleId: string): RecordedSaleInput;
  close(): Promise<void>;
}
interface OfflineTillModule {
  openOfflineTill(options: { dir: string; terminalId: string; cashier: () => unknown }): Promise<OfflineTill>;
  fiscalRequest(draft: unknown): {
    items: Array<{ price?: string; discount?: string }>;
    payments: { cash: string; card: string };
  };
}

const TERMINAL = '0190a000-0000-7000-8000-0000000000c2';
/** A manager: discounts need `sales:discount`, which the host checks. */
const MANAGER = {
  staffId: '0190a000-0000-7000-8000-0000000000d1',
  name: 'Malika',
  roles: ['manager'],
  permissions: ['sales:sync', 'sales:discount', 'sales:refund', 'shift:open', 'shift:close'],
};
const CUSTOMER = '0190a000-0000-7000-8000-0000000000e1';
/** Money as the wire carries it: whole tiyin, two decimals, never a float. */
const MONEY = /^\d{1,15}\.\d{2}$/;

const productArb = fc.record({
  id: fc.uuid({ version: 7 }),
  name: fc.constantFrom('Osh (plov)', 'Somsa', 'Lag‘mon', 'Non', 'Olma, kg', 'Vino 0.75', 'Sigaret'),
  price: priceArb.map(formatMoney),
  vatRate: fc.constantFrom(0, 12),
  ikpu: fc.stringMatching(/^\d{17}$/),
  packageCode: fc.stringMatching(/^\d{1,20}$/),
  ownerType: fc.constantFrom('RESALE' as const, 'OWN_PRODUCTION' as const, 'SERVICE' as const),
  cashlessOnly: fc.oneof(
    { weight: 4, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  markingRequired: fc.oneof(
    { weight: 4, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
});

/**
 * The cashier scans one code per unit of each marked line (a marked good is sold by the piece:
 * a fractional quantity is set to whole units first, at most 20).
 */
function scanMarkingCodes(lines: CartLine[], sale: number): CartLine[] {
  let cart = lines;
  for (const [index, line] of lines.entries()) {
    if (!line.markingRequired) continue;
    let units = (line.quantity + 999n) / 1000n;
    if (units > 20n) units = 20n;
    if (units * 1000n !== line.quantity) {
      cart = cartReducer(cart, { type: 'setQuantity', key: line.key, quantity: units * 1000n });
    }
    const codes = Array.from({ length: Number(units) }, (_, u) => `0104780000000${sale}x${index}x${u}`);
    cart = cartReducer(cart, { type: 'setMarkingCodes', key: line.key, codes });
  }
  return cart;
}

/** No cash for a cart with cashless-only goods: the cash parts go to card instead. */
const cashless = (lines: CartLine[], payment: CartPayment): CartPayment =>
  lines.some((l) => l.cashlessOnly) && payment.method === 'CASH'
    ? { method: 'CARD', amount: payment.amount }
    : payment;

let saleNo = 0;
const saleCaseArb = cartArb(productArb)
  .map((lines) => scanMarkingCodes(lines, ++saleNo))
  .chain((lines) => fc.tuple(fc.constant(lines), partOf(receiptOf(lines, 0n).subtotal)))
  .chain(([lines, discount]) =>
    fc.record({
      lines: fc.constant(lines),
      discount: fc.constant(discount),
      payments: paymentsFor(receiptOf(lines, discount).total).chain((payments) =>
        fc.tuple(...payments.map((p) => withCardBrand(p).map((q) => cashless(lines, q)))),
      ),
      withCustomer: fc.boolean(),
    }),
  );

let dir = '';
let till: OfflineTill;
let fiscalRequest: OfflineTillModule['fiscalRequest'];

beforeAll(async () => {
  const host = (await import(OFFLINE_TILL)) as OfflineTillModule;
  fiscalRequest = host.fiscalRequest;
  dir = await mkdtemp(join(tmpdir(), 'jowi-pos-host-parity-'));
  till = await host.openOfflineTill({ dir, terminalId: TERMINAL, cashier: () => MANAGER });
  till.shifts.open({ openingFloat: '0.00' });
  // A customer the till knows with points enough for any cart, redeemable up to the whole total.
  till.customers.remember({
    id: CUSTOMER,
    phone: '+998901234567',
    name: 'Aziza',
    balance: '900000000000000.00',
    loyaltyEnabled: true,
    accrualBps: 100,
    baseAccrualBps: 100,
    maxRedeemPercent: 100,
    source: 'server',
    seenAt: new Date().toISOString(),
  });
});
afterAll(async () => {
  await till?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);
/** Σ of `amount` per VAT rate. */
function perRate<T>(
  items: readonly T[],
  rate: (t: T) => number,
  amount: (t: T) => bigint,
): Map<number, bigint> {
  const map = new Map<number, bigint>();
  for (const item of items) map.set(rate(item), (map.get(rate(item)) ?? 0n) + amount(item));
  return map;
}

describe('the POS cart path: cart → host sale.complete → syncSales input → server', () => {
  it('every random cart is recorded by the host and accepted by the server with the same figures', async () => {
    /** How many carts reached each feature: the generator must exercise all of them. */
    const seen = {
      weighed: 0,
      modifiers: 0,
      lineDiscount: 0,
      receiptDiscount: 0,
      vat0: 0,
      marked: 0,
      cashless: 0,
      loyalty: 0,
      split: 0,
      change: 0,
    };
    await fc.assert(
      fc.asyncProperty(saleCaseArb, async ({ lines, discount, payments, withCustomer }) => {
        const loyalty = payments.some((p) => p.method === 'LOYALTY');
        const count = (key: keyof typeof seen, yes: boolean) => {
          if (yes) seen[key] += 1;
        };
        count(
          'weighed',
          lines.some((l) => l.quantity % 1000n !== 0n),
        );
        count(
          'modifiers',
          lines.some((l) => l.modifiers.length > 0),
        );
        count(
          'lineDiscount',
          lines.some((l) => l.discount > 0n),
        );
        count('receiptDiscount', discount > 0n);
        count(
          'vat0',
          lines.some((l) => l.vatRate === 0),
        );
        count(
          'marked',
          lines.some((l) => l.markingCodes.length > 0),
        );
        count(
          'cashless',
          lines.some((l) => l.cashlessOnly),
        );
        count('loyalty', loyalty);
        count('split', payments.length > 1);
        count(
          'change',
          payments.some((p) => p.tendered != null && p.tendered > p.amount),
        );
        const pos = toSaleDraft(lines, {
          payments,
          discount,
          ...(loyalty || withCustomer ? { customerId: CUSTOMER } : {}),
          catalogVersion: 'c:42',
        });
        if (!pos.ok)
          throw new Error(`the till refused its own cart: ${pos.problem.code} ${pos.problem.message}`);
        const { draft, receipt } = pos;

        // The host records the draft as it would from the renderer (through JSON, as IPC carries it).
        const outcome = await till.sales.complete(JSON.parse(JSON.stringify(draft)));
        const input = till.saleInput(outcome.sale.id);
        const json = JSON.stringify(input);

        // Integer tiyin everywhere on the wire.
        const amounts = [
          input.total,
          input.discount,
          ...input.lines.flatMap((l) => [
            l.unitPrice,
            l.discount,
            ...(l.modifiers ?? []).map((m) => m.priceDelta),
          ]),
          ...input.payments.flatMap((p) => [p.amount, p.tendered]),
        ].filter((a): a is string => a !== undefined);
        for (const amount of amounts) expect(amount).toMatch(MONEY);

        // Σ (gross − line discount) − receipt discount = total = Σ line nets.
        const total = parseMoney(input.total);
        const gross = input.lines.map((l) =>
          moneyTimesQuantity(parseMoney(l.unitPrice), parseQuantity(l.quantity)),
        );
        const lineDiscounts = input.lines.map((l) => (l.discount ? parseMoney(l.discount) : 0n));
        const receiptDiscount = input.discount ? parseMoney(input.discount) : 0n;
        expect(sum(gross) - sum(lineDiscounts) - receiptDiscount).toBe(total);
        expect(sum(outcome.sale.lines.map((l) => parseMoney(l.total)))).toBe(total);
        expect(total).toBe(receipt.total);

        // Payments cover the total exactly; change is what was tendered above a cash amount.
        expect(sum(input.payments.map((p) => parseMoney(p.amount)))).toBe(total);
        const change = sum(
          input.payments.map((p) => (p.tendered ? parseMoney(p.tendered) - parseMoney(p.amount) : 0n)),
        );
        expect(parseMoney(outcome.sale.change)).toBe(change);
        if (lines.some((l) => l.cashlessOnly))
          expect(input.payments.map((p) => p.method)).not.toContain('CASH');

        // The fiscal receipt bills each line's gross less its discount = its net; cash + cashless = total.
        const fiscal = fiscalRequest(draft);
        expect(
          fiscal.items.map(
            (i) => parseMoney(i.price ?? 'missing') - (i.discount ? parseMoney(i.discount) : 0n),
          ),
        ).toEqual(receipt.lines.map((l) => l.net));
        expect(parseMoney(fiscal.payments.cash) + parseMoney(fiscal.payments.card)).toBe(total);
        expect(input.lines.map((l) => l.markingCodes ?? [])).toEqual(lines.map((l) => l.markingCodes));

        // The server's recomputation agrees to the tiyin, VAT per rate included.
        const checked = validateSale(asServerInput(json), TERMINAL, []);
        if (!checked.ok)
          throw new Error(`server refused the host's sale: ${checked.error.code} ${checked.error.message}`);
        const server = checked.sale;
        expect(formatMoney(server.total)).toBe(input.total);
        expect([server.subtotal, server.discount, server.vatTotal]).toEqual([
          receipt.subtotal,
          receipt.discount,
          receipt.vatTotal,
        ]);
        expect(server.lines.map((l) => [l.total, l.vatAmount, l.vatRate])).toEqual(
          receipt.lines.map((l) => [l.net, l.vat, l.vatRate]),
        );
        for (const line of server.lines) expect(line.vatAmount).toBe(includedVat(line.total, line.vatRate));
        expect(
          perRate(
            server.lines,
            (l) => l.vatRate,
            (l) => l.vatAmount,
          ),
        ).toEqual(
          perRate(
            receipt.lines,
            (l) => l.vatRate,
            (l) => l.vat,
          ),
        );
        expect(server.payments.map((p) => [p.method, p.amount, p.change])).toEqual(
          receipt.payments.map((p) => [p.method, p.amount, p.change]),
        );
        expect(server.customerId).toBe(loyalty || withCustomer ? CUSTOMER : null);
      }),
      { numRuns: 150 },
    );
    for (const [feature, carts] of Object.entries(seen))
      expect({ feature, carts }).not.toEqual({ feature, carts: 0 });
  });
});
