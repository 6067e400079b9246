/**
 * syncSales over HTTP, the way the gateway calls it, against a fresh PostgreSQL database migrated
 * with the real migrations and connected as the `jowi_sales` runtime role. Row counts are taken
 * as the admin (outside RLS), so a duplicate or an overwrite could not hide.
 */
import { newId } from '@jowi/server-kit';
import { checkLoggedEvents, postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  STORE,
  SYNC,
  type SyncPayload,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';

/** The staff member `staffIdentity` signs in as. */
const STAFF = '00000000-0000-7000-8000-000000000001';
const ADMIN_SYNC = ['sales:sync', 'sales:read'];

let h: SalesHarness;

/** What the server decided for a stored sale (admin view, outside RLS). */
async function stored(id: string, tenantId = TENANT_A) {
  const [row] = await h.db.admin<Record<string, unknown>>(
    `SELECT store_id, to_char(business_date, 'YYYY-MM-DD') AS business_date, cashier_id, shift_id,
            subtotal::text, discount::text, flags
       FROM sales.sale WHERE id = $1 AND tenant_id = $2`,
    [id, tenantId],
  );
  return row;
}

/** syncSales with a full input (shift events, refunds) and a chosen identity; raw response. */
async function syncRaw(input: Record<string, unknown>, headers?: Record<string, string>) {
  return postGraphQL<FullPayload>(h.service.url, SYNC_FULL, { input }, headers ?? (await h.headersFor()));
}

interface FullPayload {
  syncSales: {
    errors: { code: string; field: string[] | null }[];
    results: {
      id: string;
      status: string;
      error: { code: string; field: string[] | null } | null;
      sale: Record<string, unknown> | null;
    }[];
    shiftEventResults: { id: string; status: string; error: { code: string } | null }[];
    refundResults: { id: string; status: string; error: { code: string } | null }[];
  };
}

const SYNC_FULL = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code field }
  results { id status error { code field } sale {
    id storeId terminalId shiftId cashierId receiptNumber status subtotal discount total vatTotal
    createdAt businessDate catalogVersion flags
    lines { lineNo name ikpu packageCode ownerType quantity unitPrice discount receiptDiscount total vatRate vatAmount
            modifiers { modifierId name priceDelta } }
    payments { method amount tendered change cardBrand reference } } }
  shiftEventResults { id status error { code } }
  refundResults { id status error { code } } } }`;

beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('sales subgraph: access', () => {
  it('answers 401 to a direct call without gateway identity', async () => {
    const res = await postGraphQL(h.service.url, '{ sales { edges { cursor } } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses syncSales without sales:sync and reads without sales:read, writing nothing', async () => {
    const sale = makeSale();
    const res = await postGraphQL(
      h.service.url,
      SYNC,
      { input: { terminalId: TERMINAL, sales: [sale] } },
      await h.headersFor(TENANT_A, ['sales:read']),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await h.counts(sale.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
    const read = await postGraphQL(
      h.service.url,
      `{ sale(id: "${sale.id}") { id } }`,
      {},
      await h.headersFor(TENANT_A, ['sales:sync']),
    );
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a bad terminal id, and a terminal syncing for another terminal, as batch errors', async () => {
    expect((await h.sync([makeSale()], { terminalId: 'kassa-1' })).errors.map((e) => e.code)).toEqual([
      'INVALID_TERMINAL',
    ]);
    const other = {
      kind: 'terminal' as const,
      tenantId: TENANT_A,
      subject: newId(),
      roles: [],
      permissions: ['sales:sync'],
    };
    const res = await postGraphQL<SyncPayload>(
      h.service.url,
      SYNC,
      { input: { terminalId: TERMINAL, sales: [makeSale()] } },
      await h.headersFor(TENANT_A, [], other),
    );
    expect(res.body.data?.syncSales).toEqual({ errors: [{ code: 'INVALID_TERMINAL' }], results: [] });
    const own = { ...other, subject: TERMINAL };
    const ok = await postGraphQL<SyncPayload>(
      h.service.url,
      SYNC,
      { input: { terminalId: TERMINAL, sales: [makeSale()] } },
      await h.headersFor(TENANT_A, [], own),
    );
    expect(ok.body.data?.syncSales.results[0]?.status).toBe('CREATED');
  });
});

describe('syncSales: idempotency', () => {
  it('creates a sale with lines, payments, VAT and one sale.created event', async () => {
    const sale = makeSale();
    const { errors, results } = await h.sync([sale]);
    expect(errors).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: sale.id, status: 'CREATED', error: null });
    expect(results[0]!.sale).toEqual({
      id: sale.id,
      terminalId: TERMINAL,
      total: '94500.00',
      // 90 000.00 × 12 / 112 = 9 642.857… → 9 642.86; the 0 % line adds nothing.
      vatTotal: '9642.86',
      createdAt: '2026-02-01T10:00:00.000Z',
      lines: [
        { product: { id: PLOV }, quantity: '2.000', total: '90000.00', vatAmount: '9642.86' },
        { product: { id: NON }, quantity: '1.000', total: '4500.00', vatAmount: '0.00' },
      ],
      payments: [{ method: 'CASH', amount: '94500.00' }],
    });
    const [event] = await h.db.admin<{ payload: Record<string, unknown>; tenant_id: string; source: string }>(
      `SELECT payload, tenant_id, source FROM events.event WHERE type = 'sale.created' AND aggregate_id = $1`,
      [sale.id],
    );
    expect(event).toMatchObject({ tenant_id: TENANT_A, source: 'sales' });
    expect(event!.payload).toEqual({
      saleId: sale.id,
      terminalId: TERMINAL,
      storeId: STORE,
      shiftId: null,
      cashierId: STAFF,
      customerId: null,
      createdAt: '2026-02-01T10:00:00.000Z',
      businessDate: '2026-02-01',
      receiptNumber: null,
      total: '94500.00',
      subtotal: '94500.00',
      discount: '0.00',
      vatTotal: '9642.86',
      lines: [
        {
          lineNo: 1,
          productId: PLOV,
          // Snapshots the POS left out, from sales' catalog projection (seeded by the fixture).
          name: 'Osh (plov)',
          ikpu: '10202001001000000',
          packageCode: '1500',
          ownerType: 'OWN_PRODUCTION',
          quantity: '2.000',
          unitPrice: '45000.00',
          discount: '0.00',
          receiptDiscount: '0.00',
          total: '90000.00',
          vatRate: 12,
          vatAmount: '9642.86',
          modifiers: [],
        },
        {
          lineNo: 2,
          productId: NON,
          name: 'Non',
          ikpu: '10905001002000000',
          packageCode: '1500',
          ownerType: 'OWN_PRODUCTION',
          quantity: '1.000',
          unitPrice: '5000.00',
          discount: '500.00',
          receiptDiscount: '0.00',
          total: '4500.00',
          vatRate: 0,
          vatAmount: '0.00',
          modifiers: [],
        },
      ],
      payments: [
        {
          method: 'CASH',
          amount: '94500.00',
          tendered: null,
          change: null,
          cardBrand: null,
          reference: null,
        },
      ],
    });
    // The server's part: the terminal's store, the business day in its zone, the signed-in cashier.
    expect(await stored(sale.id)).toEqual({
      store_id: STORE,
      business_date: '2026-02-01',
      cashier_id: STAFF,
      shift_id: null,
      subtotal: '9450000',
      discount: '0',
      flags: ['NO_SHIFT'],
    });
  });

  it('answers DUPLICATE to the same sale sent again (any key order or number format), storing it once', async () => {
    const sale = makeSale();
    expect((await h.sync([sale])).results[0]!.status).toBe('CREATED');
    const before = await h.snapshot(sale.id);
    const again = await h.sync([sale]);
    expect(again.results[0]).toMatchObject({
      id: sale.id,
      status: 'DUPLICATE',
      error: null,
      sale: { id: sale.id, total: '94500.00' },
    });
    // The same content written differently is still the same sale.
    const reordered: SaleJson = {
      total: '94500',
      payments: [{ amount: '94500.0', method: 'CASH' }],
      lines: [
        { unitPrice: '45000', quantity: '2', productId: PLOV.toUpperCase(), discount: '0', vatRate: 12 },
        { vatRate: 0, discount: '500', unitPrice: '5000.00', quantity: '1.000', productId: NON },
      ],
      createdAt: '2026-02-01T15:00:00+05:00',
      id: sale.id.toUpperCase(),
    };
    expect((await h.sync([reordered])).results[0]!.status).toBe('DUPLICATE');
    expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
    expect(await h.snapshot(sale.id)).toBe(before);
  });

  it('answers CONFLICT to the same id with different content and leaves the stored sale untouched', async () => {
    const sale = makeSale();
    await h.sync([sale]);
    const before = await h.snapshot(sale.id);
    const changed = makeSale({
      id: sale.id,
      lines: [{ productId: PLOV, quantity: '3', unitPrice: '45000.00' }],
      payments: [{ method: 'CARD', amount: '135000.00' }],
      total: '135000.00',
    });
    const { results } = await h.sync([changed]);
    expect(results[0]).toMatchObject({
      id: sale.id,
      status: 'CONFLICT',
      error: { code: 'CONTENT_MISMATCH' },
    });
    expect(results[0]!.sale?.total).toBe('94500.00');
    // The same content from another terminal is a different sale too.
    const otherTerminal = await h.sync([sale], { terminalId: TERMINAL_2 });
    expect(otherTerminal.results[0]!.status).toBe('CONFLICT');
    expect(await h.snapshot(sale.id)).toBe(before);
    expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
  });

  it('creates exactly one sale when 20 requests race through two service instances', async () => {
    const second = await h.startInstance();
    try {
      const sale = makeSale();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => h.sync([sale], { url: i % 2 ? second.url : h.service.url })),
      );
      const statuses = outcomes.map((o) => o.results[0]!.status);
      expect(statuses.filter((s) => s === 'CREATED')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'DUPLICATE')).toHaveLength(19);
      expect(await h.counts(sale.id)).toEqual({ sales: 1, lines: 2, payments: 1, events: 1 });
    } finally {
      await second.close();
    }
  });

  it('lets tenant B use an id tenant A already used, without seeing or touching A', async () => {
    const sale = makeSale();
    await h.sync([sale]);
    const before = await h.snapshot(sale.id);
    expect((await h.sync([sale], { tenantId: TENANT_B })).results[0]!.status).toBe('CREATED');
    const rows = await h.db.admin<{ tenant_id: string }>(
      'SELECT tenant_id FROM sales.sale WHERE id = $1 ORDER BY tenant_id',
      [sale.id],
    );
    expect(rows.map((r) => r.tenant_id)).toEqual([TENANT_A, TENANT_B]);
    expect(await h.snapshot(sale.id)).toBe(before);
    expect(await h.snapshot(sale.id, TENANT_B)).toContain(`"tenant_id":"${TENANT_B}"`);
  });
});

/** Requisites a local fiscal module returned (local mode). */
const LOCAL_FISCAL = {
  terminalId: 'UZ191211501033',
  receiptSeq: 1,
  dateTime: '20261128143000',
  fiscalSign: '123456789012',
};
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
