/**
 * syncSales over HTTP against real PostgreSQL as the `jowi_sales` runtime role: the stored
 * receipt, shifts, flags and time, a whole offline day in one batch, and the contract of every
 * sale.created this file wrote. Shared setup: sales-sync.fixtures.ts.
 */
import { newId } from '@jowi/server-kit';
import { checkLoggedEvents } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSale, NON, PLOV, STORE, TENANT_A, TERMINAL, TERMINAL_2 } from './sales.fixtures.ts';
import {
  closeSyncHarness,
  h,
  LOCAL_FISCAL,
  startSyncHarness,
  stored,
  syncRaw,
} from './sales-sync.fixtures.ts';

beforeAll(startSyncHarness);
afterAll(closeSyncHarness);

describe('syncSales: the receipt', () => {
  it('carries local fiscal requisites to sale.created; a resend is DUPLICATE, other requisites CONFLICT', async () => {
    const sale = makeSale({ fiscal: LOCAL_FISCAL });
    const [first] = (await h.sync([sale])).results;
    expect(first).toMatchObject({ status: 'CREATED', error: null });
    const [event] = await h.db.admin<{ payload: { fiscal?: unknown } }>(
      `SELECT payload FROM events.event WHERE type = 'sale.created' AND aggregate_id = $1`,
      [sale.id],
    );
    expect(event!.payload.fiscal).toEqual(LOCAL_FISCAL);
    expect((await h.sync([sale])).results[0]!.status).toBe('DUPLICATE');
    const other = { ...sale, fiscal: { ...LOCAL_FISCAL, receiptSeq: 2 } };
    expect((await h.sync([other])).results[0]).toMatchObject({
      status: 'CONFLICT',
      error: { code: 'CONTENT_MISMATCH' },
    });
    expect((await h.counts(sale.id)).events).toBe(1);
  });

  it('spreads a receipt discount by largest remainder and stores snapshots, modifiers and card data', async () => {
    // Three lines of base 10.00, 10.00 and 10.01 share a 0.02 discount: exact shares 0.00666…,
    // 0.00666…, 0.00667…; floors are all 0; the two tiyin go to the largest remainders —
    // line 3 (0.00667) then line 1 (tie with line 2, lower number first).
    const extra = '0190a000-0000-7000-8000-0000000000f7';
    const sale = makeSale({
      lines: [
        {
          productId: PLOV,
          quantity: '1',
          unitPrice: '10.00',
          name: '  Plov (big)  ',
          ikpu: '10202001001000000',
          packageCode: '1502753',
          ownerType: 'OWN_PRODUCTION',
          modifiers: [{ modifierId: extra, name: 'Extra meat', priceDelta: '2.00' }],
        },
        { productId: NON, quantity: '1', unitPrice: '10.00', vatRate: 0 },
        { productId: NON, quantity: '1', unitPrice: '10.01', vatRate: 0 },
      ],
      discount: '0.02',
      total: '29.99',
      payments: [
        { method: 'CARD', amount: '20.00', cardBrand: 'HUMO', reference: 'rrn-000123' },
        { method: 'CASH', amount: '9.99', tendered: '50.00' },
      ],
      receiptNumber: 41,
      catalogVersion: 'c:1042',
    });
    const res = await syncRaw({ terminalId: TERMINAL, sales: [sale] });
    const result = res.body.data!.syncSales.results[0]!;
    expect(result).toMatchObject({ status: 'CREATED', error: null });
    expect(result.sale).toMatchObject({
      storeId: STORE,
      receiptNumber: 41,
      catalogVersion: 'c:1042',
      subtotal: '30.01',
      discount: '0.02',
      total: '29.99',
      // Line 1 net 9.99 at 12 %: 9.99 × 12 / 112 = 1.0703… → 1.07; lines 2 and 3 are 0 %.
      vatTotal: '1.07',
      lines: [
        {
          lineNo: 1,
          name: 'Plov (big)',
          ikpu: '10202001001000000',
          packageCode: '1502753',
          ownerType: 'OWN_PRODUCTION',
          receiptDiscount: '0.01',
          total: '9.99',
          vatAmount: '1.07',
          modifiers: [{ modifierId: extra, name: 'Extra meat', priceDelta: '2.00' }],
        },
        { lineNo: 2, receiptDiscount: '0.00', total: '10.00', vatAmount: '0.00', modifiers: [] },
        { lineNo: 3, receiptDiscount: '0.01', total: '10.00', vatAmount: '0.00' },
      ],
      payments: [
        {
          method: 'CARD',
          amount: '20.00',
          tendered: null,
          change: null,
          cardBrand: 'HUMO',
          reference: 'rrn-000123',
        },
        {
          method: 'CASH',
          amount: '9.99',
          tendered: '50.00',
          change: '40.01',
          cardBrand: null,
          reference: null,
        },
      ],
    });
    // The database holds the receipt invariant too: total = subtotal − discount.
    const [row] = await h.db.admin<{ ok: boolean }>(
      `SELECT s.total = s.subtotal - s.discount
              AND s.discount = (SELECT sum(receipt_discount) FROM sales.sale_line WHERE sale_id = s.id)
              AND s.total = (SELECT sum(total) FROM sales.sale_line WHERE sale_id = s.id) AS ok
         FROM sales.sale s WHERE s.id = $1`,
      [sale.id],
    );
    expect(row?.ok).toBe(true);
    // A changed snapshot (name) is different content.
    const renamed = { ...sale, lines: [{ ...sale.lines[0]!, name: 'Plov' }, ...sale.lines.slice(1)] };
    expect((await h.sync([renamed])).results[0]?.status).toBe('CONFLICT');
    // Whitespace around the name is not.
    const padded = { ...sale, lines: [{ ...sale.lines[0]!, name: 'Plov (big)' }, ...sale.lines.slice(1)] };
    expect((await h.sync([padded])).results[0]?.status).toBe('DUPLICATE');
  });

  it('accepts a zero-total sale with no payments (a fully discounted receipt)', async () => {
    const sale = makeSale({
      lines: [{ productId: PLOV, quantity: '1', unitPrice: '45000.00', discount: '45000.00' }],
      total: '0.00',
      payments: [],
    });
    const { results } = await h.sync([sale]);
    expect(results[0]).toMatchObject({
      status: 'CREATED',
      sale: { total: '0.00', vatTotal: '0.00', payments: [] },
    });
    expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 1, payments: 0, events: 1 });
  });
});

/** Inserts a shift as the admin (the shift service is H4's; syncSales only reads shifts). */
async function shift(terminalId: string, openedAt: string, closedAt: string | null): Promise<string> {
  const id = newId();
  await h.db.admin(
    `INSERT INTO sales.shift (tenant_id, id, store_id, terminal_id, number, opened_at, opening_float, open_hash,
                              closed_at, counted_cash, close_hash)
     VALUES ($1, $2, $3, $4, (SELECT coalesce(max(number), 0) + 1 FROM sales.shift WHERE terminal_id = $4),
             $5, 0, 'h', $6, CASE WHEN $6::timestamptz IS NULL THEN NULL ELSE 0 END,
             CASE WHEN $6::timestamptz IS NULL THEN NULL ELSE 'c' END)`,
    [TENANT_A, id, STORE, terminalId, openedAt, closedAt],
  );
  return id;
}

describe('syncSales: shifts, flags and time', () => {
  it('puts a sale in the shift it names, the shift its time falls in, or none (flagged)', async () => {
    const closed = await shift(TERMINAL_2, '2026-03-01T04:00:00Z', '2026-03-01T16:00:00Z');
    const open = await shift(TERMINAL_2, '2026-03-02T04:00:00Z', null);
    const inClosed = makeSale({ createdAt: '2026-03-01T10:00:00Z' });
    const named = makeSale({ createdAt: '2026-03-01T10:00:00Z', shiftId: open });
    const late = makeSale({ createdAt: '2026-03-01T17:00:00Z', shiftId: closed });
    const between = makeSale({ createdAt: '2026-03-01T20:00:00Z' });
    const inOpen = makeSale({ createdAt: '2026-03-02T09:00:00Z' });
    const future = makeSale({ createdAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    const { results } = await h.sync([inClosed, named, late, between, inOpen, future], {
      terminalId: TERMINAL_2,
    });
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('CREATED'));
    const decided = async (id: string) => {
      const row = await stored(id);
      return [row?.shift_id, row?.flags];
    };
    expect(await decided(inClosed.id)).toEqual([closed, []]);
    expect(await decided(named.id)).toEqual([open, []]);
    expect(await decided(late.id)).toEqual([closed, ['AFTER_SHIFT_CLOSE']]);
    expect(await decided(between.id)).toEqual([null, ['NO_SHIFT']]);
    expect(await decided(inOpen.id)).toEqual([open, []]);
    expect(await decided(future.id)).toEqual([open, ['FUTURE_DEVICE_TIME']]);
  });

  it('rejects a shift id never opened on this terminal with UNKNOWN_SHIFT, keeping the rest of the batch', async () => {
    const elsewhere = await shift(TERMINAL, '2026-03-05T04:00:00Z', '2026-03-05T16:00:00Z');
    const [ok, unknown, foreign] = [
      makeSale(),
      makeSale({ shiftId: newId() }),
      makeSale({ createdAt: '2026-03-05T10:00:00Z', shiftId: elsewhere }),
    ];
    const { results } = await h.sync([ok, unknown, foreign], { terminalId: TERMINAL_2 });
    expect(results.map((r) => [r.status, r.error?.code ?? null, r.error?.field ?? null])).toEqual([
      ['CREATED', null, null],
      ['REJECTED', 'UNKNOWN_SHIFT', ['input', 'sales', '1', 'shiftId']],
      ['REJECTED', 'UNKNOWN_SHIFT', ['input', 'sales', '2', 'shiftId']],
    ]);
    expect(await h.counts(unknown.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
    expect(await h.counts(foreign.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it('counts a sale at 23:59 Tashkent time for that day and one at 00:00 for the next', async () => {
    const [evening, midnight] = [
      makeSale({ createdAt: '2026-03-10T18:59:59.999Z' }),
      makeSale({ createdAt: '2026-03-10T19:00:00.000Z' }),
    ];
    await h.sync([evening, midnight]);
    expect((await stored(evening.id))?.business_date).toBe('2026-03-10');
    expect((await stored(midnight.id))?.business_date).toBe('2026-03-11');
  });

  it('accepts a sale made 72 hours ago exactly once, and answers DUPLICATE to a resend days later', async () => {
    const sale = makeSale({ createdAt: new Date(Date.now() - 72 * 3600_000).toISOString() });
    expect((await h.sync([sale])).results[0]?.status).toBe('CREATED');
    // Pretend the first upload was ten days ago: idempotency is the primary key, not a cache.
    await h.db.admin(`UPDATE sales.sale SET received_at = now() - interval '10 days' WHERE id = $1`, [
      sale.id,
    ]);
    const before = await h.snapshot(sale.id);
    expect((await h.sync([sale])).results[0]).toMatchObject({ status: 'DUPLICATE', error: null });
    expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
    expect(await h.snapshot(sale.id)).toBe(before);
  });
});

describe('syncSales: a whole offline day in one batch', () => {
  const OWNER = ['sales:sync', 'sales:read', 'sales:refund', 'shift:open', 'shift:close'];

  it('opens the shift first, closes it after its sales and refunds, and answers every document in input order', async () => {
    // A terminal of its own: other specs here leave shifts open on TERMINAL and TERMINAL_2.
    const terminal = newId();
    await h.db.admin('INSERT INTO sales.terminal_ref (tenant_id, id, store_id) VALUES ($1, $2, $3)', [
      TENANT_A,
      terminal,
      STORE,
    ]);
    const [morning, evening] = [newId(), newId()];
    const cashIn = newId();
    const day = '2026-04-01';
    const at = (hhmm: string) => `${day}T${hhmm}:00.000Z`;
    // Shift 1 opened and closed, shift 2 opened, sold in and closed: the first CLOSE must run
    // before the second OPEN (one open shift per terminal); the last one waits for the sales.
    const shiftEvents = [
      { kind: 'OPEN', id: morning, at: at('03:00'), amount: '100000.00' },
      { kind: 'CLOSE', id: morning, at: at('08:00'), amount: '100000.00' },
      { kind: 'OPEN', id: evening, at: at('08:30'), amount: '50000.00' },
      { kind: 'CASH_IN', id: cashIn, shiftId: evening, at: at('09:00'), amount: '1000.00', reason: 'coins' },
      { kind: 'CLOSE', id: evening, at: at('15:00'), amount: '145500.00' },
    ];
    const sold = makeSale({ createdAt: at('10:00') });
    const returned = makeSale({ createdAt: at('11:00') });
    const refund = { id: newId(), saleId: returned.id, createdAt: at('12:00') };
    const res = await syncRaw(
      { terminalId: terminal, shiftEvents, sales: [sold, returned], refunds: [refund] },
      await h.headersFor(TENANT_A, OWNER),
    );
    const out = res.body.data!.syncSales;
    expect(out.errors).toEqual([]);
    expect(out.shiftEventResults.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual(
      shiftEvents.map((e) => [e.id, 'CREATED', null]),
    );
    expect(out.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED']);
    expect(out.refundResults.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([
      [refund.id, 'CREATED', null],
    ]);
    expect((await stored(sold.id))?.shift_id).toBe(evening);
    // The evening close saw both sales and the refund: 50 000 + 1 000 + 94 500 cash = 145 500
    // expected before the refund paid 94 500 back in cash — so the Z figures and the audited
    // difference include everything the batch carried.
    const [closed] = await h.db.admin<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM events.event WHERE type = 'shift.closed' AND aggregate_id = $1`,
      [evening],
    );
    expect(closed?.payload).toMatchObject({ salesCount: 2, refundsCount: 1, salesTotal: '189000.00' });
    // Resent whole: everything DUPLICATE, nothing doubled.
    const again = await syncRaw(
      { terminalId: terminal, shiftEvents, sales: [sold, returned], refunds: [refund] },
      await h.headersFor(TENANT_A, OWNER),
    );
    const all = again.body.data!.syncSales;
    expect([...all.shiftEventResults, ...all.results, ...all.refundResults].map((r) => r.status)).toEqual(
      Array(8).fill('DUPLICATE'),
    );
    expect(await h.counts(sold.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
  });

  it('rejects shift events and refunds the caller may not do as FORBIDDEN items, storing the sales', async () => {
    const sale = makeSale();
    const cashier = ['sales:sync', 'sales:read', 'shift:open'];
    const shiftId = newId();
    const res = await syncRaw(
      {
        terminalId: TERMINAL,
        shiftEvents: [{ kind: 'CLOSE', id: shiftId, at: '2026-04-02T10:00:00Z', amount: '0' }],
        sales: [sale],
        refunds: [{ id: newId(), saleId: sale.id }],
      },
      await h.headersFor(TENANT_A, cashier),
    );
    const out = res.body.data!.syncSales;
    expect(out.results[0]?.status).toBe('CREATED');
    expect(out.shiftEventResults.map((r) => [r.status, r.error?.code])).toEqual([['REJECTED', 'FORBIDDEN']]);
    expect(out.refundResults.map((r) => [r.status, r.error?.code])).toEqual([['REJECTED', 'FORBIDDEN']]);
  });
});

describe('event contracts', () => {
  it('every sale.created this file wrote (with and without local fiscal requisites) follows its contract', async () => {
    const check = await checkLoggedEvents(h.db.admin, ['sale.created']);
    expect(check.problems).toEqual([]);
    expect(check.counts['sale.created']).toBeGreaterThan(0);
  });
});
