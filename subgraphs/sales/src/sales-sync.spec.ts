/**
 * syncSales over HTTP, the way the gateway calls it, against a fresh PostgreSQL database migrated
 * with the real migrations and connected as the `jowi_sales` runtime role: access and
 * idempotency. Row counts are taken as the admin (outside RLS), so a duplicate or an overwrite
 * could not hide. Shared setup: sales-sync.fixtures.ts.
 */
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  STORE,
  SYNC,
  type SyncPayload,
  TENANT_A,
  TENANT_B,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { closeSyncHarness, h, STAFF, startSyncHarness, stored } from './sales-sync.fixtures.ts';

beforeAll(startSyncHarness);
afterAll(closeSyncHarness);

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
