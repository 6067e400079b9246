/**
 * syncSales over HTTP, the way the gateway calls it, against a fresh PostgreSQL database migrated
 * with the real migrations and connected as the `jowi_sales` runtime role. Row counts are taken
 * as the admin (outside RLS), so a duplicate or an overwrite could not hide.
 */
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  SYNC,
  type SyncPayload,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
} from './sales.fixtures.ts';

let h: SalesHarness;
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
    expect(event!.payload).toMatchObject({
      saleId: sale.id,
      terminalId: TERMINAL,
      total: '94500.00',
      lines: [
        { productId: PLOV, quantity: '2.000' },
        { productId: NON, quantity: '1.000' },
      ],
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
    const otherTerminal = await h.sync([sale], { terminalId: newId() });
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
    ['TOTAL_MISMATCH', { total: '94500.01', payments: [{ method: 'CASH', amount: '94500.01' }] }],
    ['PAYMENT_MISMATCH', { payments: [{ method: 'CASH', amount: '94000.00' }] }],
    ['PAYMENT_MISMATCH', { payments: [] }],
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
