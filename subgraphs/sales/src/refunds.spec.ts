import { formatMoney, newId } from '@jowi/server-kit';
import { checkLoggedEvents, postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { payBackBySale } from './services/refund.service.ts';
import {
  auditOf,
  CASHIER,
  eventsOf,
  type GqlOptions,
  gql,
  minutesFromNow,
  OPEN_SHIFT,
  OWNER,
  REFUND_FIELDS,
  REFUND_SALE,
  type RefundOut,
  type RefundPayloadOut,
  STAFF,
  SYNC_ALL,
  type SyncAllOut,
} from './shifts.fixtures.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

const refund = async (
  body: Record<string, unknown>,
  opts: GqlOptions & { terminalId?: string } = {},
): Promise<RefundPayloadOut> =>
  (
    await gql<{ refundSale: RefundPayloadOut }>(
      h,
      REFUND_SALE,
      { input: { terminalId: opts.terminalId ?? TERMINAL, refund: { id: newId(), ...body } } },
      opts,
    )
  ).refundSale;

async function stored(sale: SaleJson): Promise<SaleJson> {
  const out = await h.sync([sale]);
  expect(out.results[0]!.status).toBe('CREATED');
  return sale;
}

const saleState = async (id: string) => {
  const [row] = await h.db.admin<{ status: string; refunded: string; lines: string[] }>(
    `SELECT s.status, s.refunded_total::text AS refunded,
            array(SELECT refunded_quantity::text FROM sales.sale_line WHERE sale_id = s.id ORDER BY line_no) AS lines
       FROM sales.sale s WHERE s.id = $1`,
    [id],
  );
  return { ...row!, refunded: formatMoney(BigInt(row!.refunded)) };
};

describe('refunds of a sale', () => {
  // 2 × plov at 45 000 (12 %) + one non at 5 000 − 500 (0 %) = 94 500, paid 50 000 card + 44 500 cash.
  const sale = makeSale({
    payments: [
      { method: 'CASH', amount: '44500.00' },
      { method: 'CARD', amount: '50000.00', cardBrand: 'HUMO' },
    ],
  });

  it('goes COMPLETED → PARTIALLY_REFUNDED → REFUNDED, paying back card first and cash last', async () => {
    await stored(sale);
    const first = await refund({
      saleId: sale.id,
      lines: [{ saleLineNo: 1, quantity: '1' }],
      createdAt: '2026-02-01T19:30:00.000Z',
      reason: 'Cold',
    });
    expect(first.errors).toEqual([]);
    expect(first.created).toBe(true);
    expect(first.refund).toMatchObject({
      storeId: STORE,
      terminalId: TERMINAL,
      shiftId: null,
      cashierId: STAFF,
      reason: 'Cold',
      total: '45000.00',
      vatTotal: '4821.43',
      // 19:30Z is 00:30 the next day in Tashkent.
      businessDate: '2026-02-02',
      sale: { id: sale.id, status: 'PARTIALLY_REFUNDED', refundedTotal: '45000.00' },
      lines: [
        { saleLineNo: 1, product: { id: PLOV }, quantity: '1.000', amount: '45000.00', vatAmount: '4821.43' },
      ],
      payments: [{ method: 'CARD', amount: '45000.00', cardBrand: 'HUMO' }],
    });
    expect(await saleState(sale.id)).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refunded: '45000.00',
      lines: ['1.000', '0.000'],
    });

    // Omitted lines: everything that remains. Card has 5 000 left, cash takes the rest.
    const rest = await refund({ saleId: sale.id });
    expect(rest.errors).toEqual([]);
    expect(rest.refund).toMatchObject({
      total: '49500.00',
      vatTotal: '4821.43',
      sale: { status: 'REFUNDED', refundedTotal: '94500.00' },
      lines: [
        { saleLineNo: 1, quantity: '1.000', amount: '45000.00' },
        { saleLineNo: 2, product: { id: NON }, quantity: '1.000', amount: '4500.00', vatAmount: '0.00' },
      ],
      payments: [
        { method: 'CARD', amount: '5000.00' },
        { method: 'CASH', amount: '44500.00' },
      ],
    });
    expect(await saleState(sale.id)).toEqual({
      status: 'REFUNDED',
      refunded: '94500.00',
      lines: ['2.000', '1.000'],
    });

    const nothing = await refund({ saleId: sale.id });
    expect(nothing).toMatchObject({ refund: null, created: false, errors: [{ code: 'NOTHING_TO_REFUND' }] });

    const listed = await gql<{ sale: { refunds: { id: string }[] } }>(
      h,
      'query($id: ID!) { sale(id: $id) { refunds { id } } }',
      {
        id: sale.id,
      },
    );
    expect(listed.sale.refunds.map((r) => r.id)).toEqual([first.refund!.id, rest.refund!.id]);
  });

  it('refuses more than remains, unknown sales and lines, and payments that do not add up', async () => {
    const s = await stored(makeSale());
    const over = await refund({ saleId: s.id, lines: [{ saleLineNo: 1, quantity: '2.001' }] });
    expect(over.errors).toMatchObject([
      { code: 'REFUND_EXCEEDS_SALE', field: ['input', 'refund', 'lines', '0', 'quantity'] },
    ]);
    expect((await refund({ saleId: s.id, lines: [{ saleLineNo: 1, quantity: '1.5' }] })).errors).toEqual([]);
    const overRest = await refund({ saleId: s.id, lines: [{ saleLineNo: 1, quantity: '0.501' }] });
    expect(overRest.errors).toMatchObject([{ code: 'REFUND_EXCEEDS_SALE' }]);

    expect((await refund({ saleId: newId() })).errors).toMatchObject([{ code: 'SALE_NOT_FOUND' }]);
    expect((await refund({ saleId: 'nope' })).errors).toMatchObject([
      { code: 'INVALID_ID', field: ['input', 'refund', 'saleId'] },
    ]);
    expect((await refund({ saleId: s.id, lines: [{ saleLineNo: 3, quantity: '1' }] })).errors).toMatchObject([
      { code: 'INVALID_LINE' },
    ]);
    expect((await refund({ saleId: s.id, lines: [{ saleLineNo: 2, quantity: '0' }] })).errors).toMatchObject([
      { code: 'INVALID_QUANTITY' },
    ]);
    const mismatch = await refund({
      saleId: s.id,
      lines: [{ saleLineNo: 2, quantity: '1' }],
      payments: [{ method: 'CASH', amount: '4499.99' }],
    });
    expect(mismatch.errors).toMatchObject([
      { code: 'PAYMENT_MISMATCH', field: ['input', 'refund', 'payments'] },
    ]);
    expect((await refund({ saleId: s.id, shiftId: newId() })).errors).toMatchObject([
      { code: 'UNKNOWN_SHIFT' },
    ]);
    // Explicit payments that add up are taken as sent.
    const given = await refund({
      saleId: s.id,
      lines: [{ saleLineNo: 2, quantity: '1' }],
      payments: [{ method: 'CLICK', amount: '4500.00', reference: 'CLK-1' }],
    });
    expect(given.refund?.payments).toEqual([{ method: 'CLICK', amount: '4500.00', cardBrand: null }]);
    // Nothing of the rejected attempts was stored.
    expect(await saleState(s.id)).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refunded: '72000.00',
      lines: ['1.500', '1.000'],
    });
  });

  it('is idempotent by id: a resend is DUPLICATE, one sale.refunded event; changed content is CONFLICT', async () => {
    const s = await stored(makeSale());
    const id = newId();
    const body = {
      id,
      saleId: s.id,
      lines: [{ saleLineNo: 1, quantity: '1' }],
      createdAt: '2026-02-01T11:00:00.000Z',
    };
    const first = await refund(body);
    expect(first.created).toBe(true);
    const again = await refund(body);
    expect(again).toMatchObject({ created: false, errors: [], refund: { id, total: '45000.00' } });
    // Also through the offline path.
    const synced = await gql<SyncAllOut>(h, SYNC_ALL, {
      input: { terminalId: TERMINAL, sales: [], refunds: [body] },
    });
    expect(synced.syncSales.refundResults).toMatchObject([
      { id, status: 'DUPLICATE', error: null, refund: { id } },
    ]);

    const changed = await refund({ ...body, lines: [{ saleLineNo: 1, quantity: '2' }] });
    expect(changed).toMatchObject({
      created: false,
      errors: [{ code: 'CONTENT_MISMATCH' }],
      refund: { id, total: '45000.00' },
    });
    const fromOtherTerminal = await refund(body, { terminalId: TERMINAL_2 });
    expect(fromOtherTerminal.errors).toMatchObject([{ code: 'CONTENT_MISMATCH' }]);

    const events = await eventsOf(h.db, 'sale.refunded', s.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({
      refundId: id,
      saleId: s.id,
      terminalId: TERMINAL,
      storeId: STORE,
      shiftId: null,
      cashierId: STAFF,
      customerId: null,
      createdAt: '2026-02-01T11:00:00.000Z',
      businessDate: '2026-02-01',
      total: '45000.00',
      vatTotal: '4821.43',
      lines: [
        {
          lineNo: 1,
          saleLineNo: 1,
          productId: PLOV,
          quantity: '1.000',
          amount: '45000.00',
          vatAmount: '4821.43',
        },
      ],
      payments: [{ method: 'CASH', amount: '45000.00' }],
    });
    const audit = await auditOf(h.db, 'sale.refunded', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ saleId: s.id, total: '45000.00' });
    expect(await saleState(s.id)).toMatchObject({ refunded: '45000.00', lines: ['1.000', '0.000'] });
  });

  it('gives a cashier without sales:refund FORBIDDEN: thrown online, the refund REJECTED offline', async () => {
    const s = await stored(makeSale());
    const online = await postGraphQL<{ refundSale: RefundPayloadOut | null }>(
      h.service.url,
      REFUND_SALE,
      { input: { terminalId: TERMINAL, refund: { id: newId(), saleId: s.id } } },
      await h.headersFor(TENANT_A, CASHIER),
    );
    expect(online.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(online.body.data).toBeNull();
    const offline = await gql<SyncAllOut>(
      h,
      SYNC_ALL,
      { input: { terminalId: TERMINAL, sales: [], refunds: [{ id: newId(), saleId: s.id }] } },
      { permissions: CASHIER },
    );
    expect(offline.syncSales.refundResults).toMatchObject([
      { status: 'REJECTED', error: { code: 'FORBIDDEN' } },
    ]);
    expect(await saleState(s.id)).toMatchObject({ status: 'COMPLETED', refunded: '0.00' });
  });

  it('joins the terminal’s open shift and counts in its report', async () => {
    const shiftId = newId();
    const opened = await gql<{ openShift: { errors: unknown[] } }>(h, OPEN_SHIFT, {
      input: { id: shiftId, terminalId: TERMINAL_2, openingFloat: '0.00', at: minutesFromNow(-10) },
    });
    expect(opened.openShift.errors).toEqual([]);
    const s = await stored(makeSale());
    const r = await refund(
      { saleId: s.id, lines: [{ saleLineNo: 2, quantity: '1' }] },
      { terminalId: TERMINAL_2 },
    );
    expect(r.refund).toMatchObject({ shiftId, terminalId: TERMINAL_2, total: '4500.00' });
    const report = await gql<{
      shift: { report: { refundsCount: number; refundsTotal: string; expectedCash: string } };
    }>(h, 'query($id: ID!) { shift(id: $id) { report { refundsCount refundsTotal expectedCash } } }', {
      id: shiftId,
    });
    expect(report.shift.report).toEqual({
      refundsCount: 1,
      refundsTotal: '4500.00',
      expectedCash: '-4500.00',
    });
  });
});

describe('rounding', () => {
  it('three refunds of a third of a line pay back exactly the line total and VAT', async () => {
    // 3 × 100.00 − 0.01 = 299.99, VAT 12 %: 32.14. Thirds: 100.00, 100.00, then exactly the 99.99 left.
    const s = await stored(
      makeSale({
        lines: [{ productId: PLOV, quantity: '3', unitPrice: '100.00', discount: '0.01' }],
        payments: [{ method: 'CASH', amount: '299.99' }],
        total: '299.99',
      }),
    );
    const outs: RefundOut[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await refund({ saleId: s.id, lines: [{ saleLineNo: 1, quantity: '1' }] });
      expect(r.errors).toEqual([]);
      outs.push(r.refund!);
    }
    expect(outs.map((o) => [o.total, o.vatTotal])).toEqual([
      ['100.00', '10.71'],
      ['100.00', '10.71'],
      ['99.99', '10.72'],
    ]);
    expect(await saleState(s.id)).toEqual({ status: 'REFUNDED', refunded: '299.99', lines: ['3.000'] });
  });

  it('pays back by the sale’s methods: non-cash first up to what is left of them, cash last', () => {
    const payments = [
      { method: 'CASH' as const, amount: 1000n, cardBrand: null },
      { method: 'CARD' as const, amount: 500n, cardBrand: 'VISA' as const },
      { method: 'PAYME' as const, amount: 300n, cardBrand: null },
    ];
    expect(payBackBySale(700n, payments, new Map())).toEqual([
      { method: 'CARD', amount: 500n, cardBrand: 'VISA', reference: null },
      { method: 'PAYME', amount: 200n, cardBrand: null, reference: null },
    ]);
    expect(payBackBySale(700n, payments, new Map([['CARD', 500n]]))).toEqual([
      { method: 'PAYME', amount: 300n, cardBrand: null, reference: null },
      { method: 'CASH', amount: 400n, cardBrand: null, reference: null },
    ]);
    expect(payBackBySale(0n, payments, new Map())).toEqual([]);
  });
});

describe('refund race', () => {
  it('20 concurrent refunds of one line from two terminals through two instances never exceed it', async () => {
    // Line 1: 5 × 100.00 − 0.01 = 499.99, so the refund that completes it must take exactly 99.99 — which
    // it can only compute from what the others committed (the sale lock); line 2 stays unrefunded.
    const s = await stored(
      makeSale({
        lines: [
          { productId: PLOV, quantity: '5', unitPrice: '100.00', discount: '0.01' },
          { productId: NON, quantity: '1', unitPrice: '5000.00', vatRate: 0 },
        ],
        payments: [{ method: 'CASH', amount: '5499.99' }],
        total: '5499.99',
      }),
    );
    const other = await h.startInstance();
    const tries = Array.from({ length: 20 }, (_, i) =>
      refund(
        { saleId: s.id, lines: [{ saleLineNo: 1, quantity: '1' }] },
        {
          url: i % 2 ? other.url : h.service.url,
          terminalId: i % 4 < 2 ? TERMINAL : TERMINAL_2,
          permissions: OWNER,
        },
      ),
    );
    const results = await Promise.all(tries);
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(5);
    expect(results.filter((r) => r.errors[0]?.code === 'REFUND_EXCEEDS_SALE')).toHaveLength(15);
    for (const r of created) expect([TERMINAL, TERMINAL_2]).toContain(r.refund!.terminalId);

    expect(await saleState(s.id)).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refunded: '499.99',
      lines: ['5.000', '0.000'],
    });
    const [sum] = await h.db.admin<{ total: string; n: number }>(
      'SELECT sum(total)::text AS total, count(*)::int AS n FROM sales.refund WHERE sale_id = $1',
      [s.id],
    );
    expect(sum).toEqual({ total: '49999', n: 5 });
    expect(await eventsOf(h.db, 'sale.refunded', s.id)).toHaveLength(5);

    const read = await gql<{ sale: { refunds: RefundOut[] } }>(
      h,
      `query($id: ID!) { sale(id: $id) { refunds { ${REFUND_FIELDS} } } }`,
      {
        id: s.id,
      },
    );
    expect(read.sale.refunds.map((r) => r.total).sort()).toEqual([
      '100.00',
      '100.00',
      '100.00',
      '100.00',
      '99.99',
    ]);
  });
});

describe('event contracts', () => {
  it('every sale.refunded this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(h.db.admin, ['sale.refunded']);
    expect(check.problems).toEqual([]);
    expect(check.counts['sale.refunded']).toBeGreaterThan(0);
  });
});
