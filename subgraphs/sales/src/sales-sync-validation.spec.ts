/**
 * syncSales over HTTP against real PostgreSQL as the `jowi_sales` runtime role: validation of a
 * sale (typed errors, nothing stored), terminals and batches. Shared setup:
 * sales-sync.fixtures.ts.
 */
import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSale, PLOV, type SaleJson, TENANT_A, TENANT_B, TERMINAL, TERMINAL_2 } from './sales.fixtures.ts';
import {
  ADMIN_SYNC,
  closeSyncHarness,
  h,
  LOCAL_FISCAL,
  STAFF,
  startSyncHarness,
  stored,
  syncRaw,
} from './sales-sync.fixtures.ts';

beforeAll(startSyncHarness);
afterAll(closeSyncHarness);

const PLOV_LINE = { productId: PLOV, quantity: '2', unitPrice: '47250.00' };

describe('syncSales: validation', () => {
  it('judges each sale alone: an invalid one in the middle is REJECTED, the others CREATED, in input order', async () => {
    const [first, bad, last] = [makeSale(), makeSale({ lines: [] }), makeSale()];
    const { errors, results } = await h.sync([first, bad, last]);
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([
      [first.id, 'CREATED', null],
      [bad.id, 'REJECTED', 'EMPTY_SALE'],
      [last.id, 'CREATED', null],
    ]);
    expect(results[1]).toMatchObject({ sale: null, error: { field: ['input', 'sales', '1', 'lines'] } });
    expect(await h.counts(bad.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it.each([
    ['INVALID_ID', { id: 'sale-42' }],
    [
      'INVALID_ID',
      {
        lines: [{ productId: 'plov', quantity: '1', unitPrice: '1.00' }],
        total: '1.00',
        payments: [{ method: 'CASH', amount: '1.00' }],
      },
    ],
    ['EMPTY_SALE', { lines: [] }],
    ['INVALID_QUANTITY', { lines: [{ productId: PLOV, quantity: '0', unitPrice: '1.00' }], total: '0.00' }],
    ['INVALID_QUANTITY', { lines: [{ productId: PLOV, quantity: '-1', unitPrice: '1.00' }], total: '0.00' }],
    ['INVALID_AMOUNT', { lines: [{ productId: PLOV, quantity: '1', unitPrice: '-1.00' }], total: '0.00' }],
    [
      'INVALID_AMOUNT',
      { lines: [{ productId: PLOV, quantity: '1', unitPrice: '10.00', discount: '10.01' }], total: '0.00' },
    ],
    ['INVALID_AMOUNT', { payments: [{ method: 'CASH', amount: '-94500.00' }] }],
    [
      'INVALID_VAT_RATE',
      { lines: [{ productId: PLOV, quantity: '1', unitPrice: '1.00', vatRate: 101 }], total: '1.00' },
    ],
    // Uzbek rates only (@jowi/receipt's vat.ts): 13 never was one, 15 ended on 1 January 2023.
    ['INVALID_VAT_RATE', { lines: [{ ...PLOV_LINE, vatRate: 13 }] }],
    ['INVALID_VAT_RATE', { lines: [{ ...PLOV_LINE, vatRate: 15 }] }],
    ['INVALID_ID', { cashierId: 'kassir-1' }],
    ['INVALID_ID', { shiftId: '1234' }],
    [
      'INVALID_ID',
      {
        lines: [
          { ...PLOV_LINE, modifiers: [{ modifierId: 'extra-cheese', name: 'Cheese', priceDelta: '0' }] },
        ],
      },
    ],
    ['INVALID_AMOUNT', { receiptNumber: -1 }],
    ['INVALID_AMOUNT', { discount: '-1.00' }],
    // Receipt discount above the lines (94 500.00) even though total and payments "agree".
    ['INVALID_AMOUNT', { discount: '94500.01', total: '0.00', payments: [] }],
    ['INVALID_AMOUNT', { payments: [{ method: 'CASH', amount: '94500.00', tendered: '94499.99' }] }],
    [
      'INVALID_AMOUNT',
      { lines: [{ ...PLOV_LINE, modifiers: [{ modifierId: PLOV, name: 'Cheese', priceDelta: '-1.00' }] }] },
    ],
    ['INVALID_TEXT', { lines: [{ ...PLOV_LINE, name: 'x'.repeat(201) }] }],
    ['INVALID_IKPU', { lines: [{ ...PLOV_LINE, ikpu: '1234567890123456' }] }],
    ['INVALID_IKPU', { lines: [{ ...PLOV_LINE, ikpu: '1234567890123456a' }] }],
    ['INVALID_PACKAGE_CODE', { lines: [{ ...PLOV_LINE, packageCode: '15027a' }] }],
    [
      'INVALID_TEXT',
      { lines: [{ ...PLOV_LINE, modifiers: [{ modifierId: PLOV, name: '  ', priceDelta: '0' }] }] },
    ],
    ['INVALID_TEXT', { catalogVersion: 'v'.repeat(201) }],
    ['INVALID_TERMINAL_ID', { fiscal: { ...LOCAL_FISCAL, terminalId: 'uz191211501033' } }],
    ['INVALID_RECEIPT_SEQ', { fiscal: { ...LOCAL_FISCAL, receiptSeq: 0 } }],
    ['INVALID_DATE_TIME', { fiscal: { ...LOCAL_FISCAL, dateTime: '20261328143000' } }],
    // 30 February passes a digits-only pattern; the one fiscal rule wants a real moment.
    ['INVALID_DATE_TIME', { fiscal: { ...LOCAL_FISCAL, dateTime: '20260230143000' } }],
    ['INVALID_FISCAL_SIGN', { fiscal: { ...LOCAL_FISCAL, fiscalSign: '12345678901' } }],
    ['INVALID_PAYMENT', { payments: [{ method: 'CARD', amount: '94500.00', tendered: '95000.00' }] }],
    ['INVALID_PAYMENT', { payments: [{ method: 'CASH', amount: '94500.00', cardBrand: 'VISA' }] }],
    ['INVALID_PAYMENT', { payments: [{ method: 'PAYME', amount: '94500.00', reference: 'r'.repeat(101) }] }],
    ['TOTAL_MISMATCH', { total: '94500.01', payments: [{ method: 'CASH', amount: '94500.01' }] }],
    ['TOTAL_MISMATCH', { total: '94499.99', payments: [{ method: 'CASH', amount: '94499.99' }] }],
    // The receipt discount is part of the arithmetic: 94 500.00 − 0.01 is not 94 500.00.
    ['TOTAL_MISMATCH', { discount: '0.01' }],
    ['PAYMENT_MISMATCH', { payments: [{ method: 'CASH', amount: '94000.00' }] }],
    ['PAYMENT_MISMATCH', { payments: [] }],
    ['PAYMENT_MISMATCH', { payments: [{ method: 'CASH', amount: '94500.01' }] }],
    [
      'PAYMENT_MISMATCH',
      {
        payments: [
          { method: 'CASH', amount: '94500.00' },
          { method: 'CARD', amount: '0' },
        ],
      },
    ],
  ] as [string, Partial<SaleJson>][])('rejects with %s', async (code, overrides) => {
    const sale = makeSale(overrides);
    const { results } = await h.sync([sale]);
    expect(results[0]).toMatchObject({ id: sale.id, status: 'REJECTED', sale: null, error: { code } });
    if (code !== 'INVALID_ID')
      expect(await h.counts(sale.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it('accepts the legacy 15 % VAT on a sale dated before 2023 (Tashkent), and 12 and 0 on any date', async () => {
    const sales = [
      makeSale({ createdAt: '2022-12-31T18:59:00.000Z', lines: [{ ...PLOV_LINE, vatRate: 15 }] }),
      makeSale({ createdAt: '2022-06-01T10:00:00.000Z', lines: [{ ...PLOV_LINE, vatRate: 12 }] }),
      makeSale({ lines: [{ ...PLOV_LINE, vatRate: 0 }] }),
      // 19:00Z on 31 December is midnight in Tashkent: 12 % already.
      makeSale({ createdAt: '2022-12-31T19:00:00.000Z', lines: [{ ...PLOV_LINE, vatRate: 15 }] }),
    ];
    const { results } = await h.sync(sales);
    expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['CREATED', null],
      ['CREATED', null],
      ['CREATED', null],
      ['REJECTED', 'INVALID_VAT_RATE'],
    ]);
  });

  it('accepts 500 sales and refuses 501 with BATCH_TOO_LARGE and no results', async () => {
    const tooMany = Array.from({ length: 501 }, () => makeSale());
    expect(await h.sync(tooMany)).toEqual({ errors: [{ code: 'BATCH_TOO_LARGE' }], results: [] });
    const [row] = await h.db.admin<{ n: number }>(
      'SELECT count(*)::int AS n FROM sales.sale WHERE id = ANY($1::uuid[])',
      [tooMany.map((s) => s.id)],
    );
    expect(row!.n).toBe(0);
    const ok = await h.sync(tooMany.slice(0, 500));
    expect(ok.results.filter((r) => r.status === 'CREATED')).toHaveLength(500);
    expect(ok.results.map((r) => r.id)).toEqual(tooMany.slice(0, 500).map((s) => s.id));
  });

  it('turns an unexpected failure of one sale into INTERNAL_ERROR, rolls it back whole, and keeps the batch going', async () => {
    const poison = newId();
    await h.db.admin(`CREATE FUNCTION sales.test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.product_id = '${poison}' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$`);
    await h.db.admin(
      'CREATE TRIGGER test_poison BEFORE INSERT ON sales.sale_line FOR EACH ROW EXECUTE FUNCTION sales.test_poison()',
    );
    const bad = makeSale({ lines: [{ productId: poison, quantity: '1', unitPrice: '94500' }] });
    const [a, b] = [makeSale(), makeSale()];
    try {
      const { results } = await h.sync([a, bad, b]);
      expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
        ['CREATED', null],
        ['REJECTED', 'INTERNAL_ERROR'],
        ['CREATED', null],
      ]);
      expect(await h.counts(bad.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
    } finally {
      await h.db.admin('DROP TRIGGER test_poison ON sales.sale_line');
    }
    expect((await h.sync([bad])).results[0]!.status).toBe('CREATED');
  });
});

describe('syncSales: terminals and batches', () => {
  it('answers UNKNOWN_TERMINAL for a terminal sales does not know, or one of another tenant', async () => {
    const sale = makeSale();
    expect(await h.sync([sale], { terminalId: newId() })).toEqual({
      errors: [{ code: 'UNKNOWN_TERMINAL' }],
      results: [],
    });
    // TERMINAL_2 exists in tenant A only: tenant B cannot sync for it (RLS hides A's projection).
    expect(await h.sync([sale], { terminalId: TERMINAL_2, tenantId: TENANT_B })).toEqual({
      errors: [{ code: 'UNKNOWN_TERMINAL' }],
      results: [],
    });
    expect(await h.counts(sale.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it('limits shift events and refunds to 500 each, as batch errors that store nothing', async () => {
    const sale = makeSale();
    const at = '2026-02-01T10:00:00.000Z';
    const events = Array.from({ length: 501 }, () => ({ kind: 'CASH_IN', id: newId(), at, amount: '1.00' }));
    const refunds = Array.from({ length: 501 }, () => ({ id: newId(), saleId: sale.id }));
    for (const extra of [{ shiftEvents: events }, { refunds }]) {
      const res = await syncRaw({ terminalId: TERMINAL, sales: [sale], ...extra });
      expect(res.body.data?.syncSales).toEqual({
        errors: [{ code: 'BATCH_TOO_LARGE', field: ['input', Object.keys(extra)[0]] }],
        results: [],
        shiftEventResults: [],
        refundResults: [],
      });
    }
    expect(await h.counts(sale.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it('makes an unknown payment method a request error: the whole request is refused, nothing stored', async () => {
    // `method` is an enum: GraphQL refuses the variables before any resolver runs, so there are no
    // per-sale results — the good sale beside it is not stored either. The POS cannot produce it
    // (its generated types only know the enum values); an integrator sees BAD_USER_INPUT at once.
    const good = makeSale();
    const bad = makeSale({ payments: [{ method: 'BITCOIN', amount: '94500.00' }] });
    const res = await syncRaw({ terminalId: TERMINAL, sales: [good, bad] });
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain('BITCOIN');
    expect(await h.counts(good.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
  });

  it('classifies a repeated id inside one batch: first CREATED, same content DUPLICATE, other CONFLICT', async () => {
    const sale = makeSale();
    const changed = { ...sale, receiptNumber: 7 };
    const { results } = await h.sync([sale, sale, changed]);
    expect(results.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([
      [sale.id, 'CREATED', null],
      [sale.id, 'DUPLICATE', null],
      [sale.id, 'CONFLICT', 'CONTENT_MISMATCH'],
    ]);
    expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
  });

  it('takes the cashier from the input, else from the staff session; none for an API key', async () => {
    const cashier = newId();
    const [given, session] = [makeSale({ cashierId: cashier.toUpperCase() }), makeSale()];
    await h.sync([given, session]);
    expect((await stored(given.id))?.cashier_id).toBe(cashier);
    expect((await stored(session.id))?.cashier_id).toBe(STAFF);
    const apiKey = {
      kind: 'apikey' as const,
      tenantId: TENANT_A,
      subject: newId(),
      roles: [],
      permissions: ADMIN_SYNC,
    };
    const imported = makeSale();
    const res = await syncRaw(
      { terminalId: TERMINAL, sales: [imported] },
      await h.headersFor(TENANT_A, [], apiKey),
    );
    expect(res.body.data?.syncSales.results[0]?.status).toBe('CREATED');
    expect((await stored(imported.id))?.cashier_id).toBeNull();
  });

  it('lets a PIN session on a paired terminal sync that terminal only, as its cashier', async () => {
    const cashier = newId();
    const pin = {
      kind: 'staff' as const,
      tenantId: TENANT_A,
      subject: cashier,
      roles: ['cashier'],
      permissions: ['sales:sync', 'sales:read', 'shift:open', 'shift:close'],
      terminalId: TERMINAL,
    };
    const headers = await h.headersFor(TENANT_A, [], pin);
    const sale = makeSale();
    const other = await syncRaw({ terminalId: TERMINAL_2, sales: [sale] }, headers);
    expect(other.body.data?.syncSales.errors).toEqual([
      { code: 'INVALID_TERMINAL', field: ['input', 'terminalId'] },
    ]);
    const own = await syncRaw({ terminalId: TERMINAL, sales: [sale] }, headers);
    expect(own.body.data?.syncSales.results[0]?.status).toBe('CREATED');
    expect((await stored(sale.id))?.cashier_id).toBe(cashier);
  });
});
