/**
 * The range sales summary (`Query.salesSummary`) and terminal sync health (`syncSales` with
 * `health`, `reportTerminalHealth`, `Query.terminalHealth`) over HTTP against a fresh database
 * as the sales runtime role. Sales and refunds are written with admin SQL so every figure is
 * known to the tiyin; stores in Asia/Tashkent (UTC+5) and America/New_York (UTC−4 in April).
 */
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { insertRefund, insertSales, seedStore } from './sales-read.fixtures.ts';

let h: SalesHarness;
const REPORTS = ['reports:read'];
const NEW_YORK_STORE = '0190a000-0000-7000-8000-0000000000ea';
const UNUSED_STORE = '0190a000-0000-7000-8000-0000000000eb';

const SUMMARY = `query($input: SalesSummaryInput!) { salesSummary(input: $input) {
  from to storeIds receipts revenue discounts refunds net vat averageCheck
  byPaymentMethod { method sales refunds net count } byHour { hour receipts revenue }
  byDay { date receipts revenue } topProducts { productId name quantity revenue receipts } } }`;

interface Summary {
  from: string;
  to: string;
  storeIds: string[];
  receipts: number;
  revenue: string;
  discounts: string;
  refunds: string;
  net: string;
  vat: string;
  averageCheck: string;
  byPaymentMethod: { method: string; sales: string; refunds: string; net: string; count: number }[];
  byHour: { hour: number; receipts: number; revenue: string }[];
  byDay: { date: string; receipts: number; revenue: string }[];
  topProducts: { productId: string; name: string; quantity: string; revenue: string; receipts: number }[];
}

async function summary(input: Record<string, unknown>, permissions = REPORTS, tenant = TENANT_A) {
  return postGraphQL<{ salesSummary: Summary }>(
    h.service.url,
    SUMMARY,
    { input },
    await h.headersFor(tenant, permissions),
  );
}

async function figures(input: Record<string, unknown>): Promise<Summary> {
  const res = await summary(input);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.salesSummary;
}

beforeAll(async () => {
  h = await startSalesHarness();
  await seedStore(h.db, TENANT_A, NEW_YORK_STORE, 'America/New_York');
  await seedStore(h.db, TENANT_A, UNUSED_STORE, 'Asia/Tashkent');
});
afterAll(async () => {
  await h?.close();
});

describe('salesSummary', () => {
  beforeAll(async () => {
    const [, second] = await insertSales(h.db, [
      // 10 April 09:00 Tashkent (04:00Z): two plov with a 400 line discount and a 600 receipt
      // discount (1 000 in all: `discounts` counts both); cash.
      {
        at: '2026-04-10T04:00:00Z',
        total: 19000n,
        discount: 600n,
        vat: 2036n,
        lines: [
          {
            productId: PLOV,
            quantity: '2.000',
            unitPrice: 10000n,
            discount: 400n,
            receiptDiscount: 600n,
            total: 19000n,
            name: 'Osh',
          },
        ],
      },
      // 11 April 13:30 Tashkent: non ×3 and plov ×1, card and Payme.
      {
        at: '2026-04-11T08:30:00Z',
        total: 16000n,
        vat: 1071n,
        terminalId: TERMINAL_2,
        lines: [
          { productId: NON, quantity: '3.000', unitPrice: 2000n, total: 6000n, name: 'Non' },
          {
            productId: PLOV,
            quantity: '1.000',
            unitPrice: 10000n,
            total: 10000n,
            vatAmount: 1071n,
            name: 'Osh',
          },
        ],
        payments: [
          { method: 'CARD', amount: 10000n, cardBrand: 'HUMO' },
          { method: 'PAYME', amount: 6000n },
        ],
      },
      // 11 April 09:15 in New York (13:15Z): hour 9 of its own zone, not Tashkent's 18.
      {
        at: '2026-04-11T13:15:00Z',
        total: 5000n,
        storeId: NEW_YORK_STORE,
        lines: [{ productId: NON, quantity: '2.500', unitPrice: 2000n, total: 5000n, name: 'Non' }],
      },
      // Outside the range (12 April) and another tenant's sale on the same day and store id.
      { at: '2026-04-12T06:00:00Z', total: 777700n },
      { at: '2026-04-10T06:00:00Z', total: 888800n, tenantId: TENANT_B },
    ]);
    await insertRefund(h.db, {
      saleId: second!,
      at: '2026-04-11T10:00:00Z',
      total: 6000n,
      vat: 0n,
      payments: [{ method: 'PAYME', amount: 6000n }],
    });
  });

  it('adds up two stores over two days, each sale in its own zone', async () => {
    const s = await figures({ from: '2026-04-10', to: '2026-04-11', storeIds: [STORE, NEW_YORK_STORE] });
    expect(s).toMatchObject({
      from: '2026-04-10',
      to: '2026-04-11',
      receipts: 3,
      revenue: '400.00',
      discounts: '10.00',
      refunds: '60.00',
      net: '340.00',
      vat: '31.07',
      averageCheck: '133.33',
    });
    expect(s.storeIds.sort()).toEqual([STORE, NEW_YORK_STORE].sort());
    expect(s.byPaymentMethod).toEqual([
      { method: 'CASH', sales: '240.00', refunds: '0.00', net: '240.00', count: 2 },
      { method: 'CARD', sales: '100.00', refunds: '0.00', net: '100.00', count: 1 },
      { method: 'PAYME', sales: '60.00', refunds: '60.00', net: '0.00', count: 1 },
    ]);
    const busy = s.byHour.filter((hour) => hour.receipts > 0);
    expect(s.byHour).toHaveLength(24);
    expect(busy).toEqual([
      { hour: 9, receipts: 2, revenue: '240.00' },
      { hour: 13, receipts: 1, revenue: '160.00' },
    ]);
    expect(s.byDay).toEqual([
      { date: '2026-04-10', receipts: 1, revenue: '190.00' },
      { date: '2026-04-11', receipts: 2, revenue: '210.00' },
    ]);
    expect(s.topProducts).toEqual([
      { productId: PLOV, name: 'Osh', quantity: '3.000', revenue: '290.00', receipts: 2 },
      { productId: NON, name: 'Non', quantity: '5.500', revenue: '110.00', receipts: 2 },
    ]);
  });

  it('counts every store of the tenant when none is named, and days without sales as zeros', async () => {
    const s = await figures({ from: '2026-04-09', to: '2026-04-11', topProducts: 1 });
    expect(s.storeIds.sort()).toEqual([STORE, NEW_YORK_STORE, UNUSED_STORE].sort());
    expect(s.receipts).toBe(3);
    expect(s.byDay.map((d) => [d.date, d.receipts])).toEqual([
      ['2026-04-09', 0],
      ['2026-04-10', 1],
      ['2026-04-11', 2],
    ]);
    expect(s.topProducts.map((p) => p.productId)).toEqual([PLOV]);
  });

  it('gives zeros for a store without sales', async () => {
    const s = await figures({ from: '2026-04-10', to: '2026-04-10', storeIds: [UNUSED_STORE] });
    expect(s).toMatchObject({
      receipts: 0,
      revenue: '0.00',
      averageCheck: '0.00',
      byPaymentMethod: [],
      topProducts: [],
    });
  });

  it("refuses a store that is not the tenant's, a reversed or too long range, and a caller without reports:read", async () => {
    const other = await summary(
      { from: '2026-04-10', to: '2026-04-10', storeIds: [STORE] },
      REPORTS,
      TENANT_B,
    );
    expect(other.body.errors).toBeUndefined();
    const foreign = await summary({
      from: '2026-04-10',
      to: '2026-04-10',
      storeIds: ['0190a000-0000-7000-8000-0000000000ff'],
    });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const reversed = await summary({ from: '2026-04-11', to: '2026-04-10' });
    expect(reversed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const long = await summary({ from: '2025-01-01', to: '2026-04-10' });
    expect(long.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    // The Date scalar refuses a day that does not exist before the resolver runs.
    const badDate = await summary({ from: '2026-02-30', to: '2026-04-10' });
    expect(badDate.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cashier = await summary({ from: '2026-04-10', to: '2026-04-10' }, ['sales:read']);
    expect(cashier.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const HEALTH = `query($storeIds: [ID!]) { terminalHealth(storeIds: $storeIds) {
  terminalId storeId lastSeenAt lastSyncAt outboxDepth parkedCount appVersion stale } }`;
const HEARTBEAT = `mutation($input: ReportTerminalHealthInput!) { reportTerminalHealth(input: $input) {
  terminalHealth { terminalId outboxDepth parkedCount appVersion lastSyncAt } errors { code field } } }`;
const SYNC_WITH_HEALTH = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code field } results { status } } }`;

interface Health {
  terminalId: string;
  storeId: string;
  lastSeenAt: string;
  lastSyncAt: string | null;
  outboxDepth: number;
  parkedCount: number;
  appVersion: string;
  stale: boolean;
}

async function healthOf(storeIds?: string[]): Promise<Health[]> {
  const res = await postGraphQL<{ terminalHealth: Health[] }>(
    h.service.url,
    HEALTH,
    { storeIds },
    await h.headersFor(TENANT_A, REPORTS),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.terminalHealth;
}

async function heartbeat(terminalId: string, health: Record<string, unknown>, permissions = ['sales:sync']) {
  return postGraphQL<{
    reportTerminalHealth: {
      terminalHealth: Partial<Health> | null;
      errors: { code: string; field: string[] }[];
    };
  }>(h.service.url, HEARTBEAT, { input: { terminalId, health } }, await h.headersFor(TENANT_A, permissions));
}

describe('terminal sync health', () => {
  it('records the figures a sync carries, and a heartbeat updates them without a new sync time', async () => {
    const sync = await postGraphQL<{ syncSales: { errors: unknown[]; results: { status: string }[] } }>(
      h.service.url,
      SYNC_WITH_HEALTH,
      {
        input: {
          terminalId: TERMINAL,
          sales: [makeSale()],
          health: { outboxDepth: 3, parkedCount: 1, appVersion: '1.4.2' },
        },
      },
      await h.headersFor(TENANT_A),
    );
    expect(sync.body.data?.syncSales.errors).toEqual([]);
    const [afterSync] = await healthOf([STORE]);
    expect(afterSync).toMatchObject({
      terminalId: TERMINAL,
      storeId: STORE,
      outboxDepth: 3,
      parkedCount: 1,
      appVersion: '1.4.2',
      stale: false,
    });
    expect(afterSync!.lastSyncAt).toBeTruthy();

    const beat = await heartbeat(TERMINAL, { outboxDepth: 0, parkedCount: 0, appVersion: '1.4.3' });
    expect(beat.body.data?.reportTerminalHealth.errors).toEqual([]);
    // A retried heartbeat leaves one row with the same figures.
    await heartbeat(TERMINAL, { outboxDepth: 0, parkedCount: 0, appVersion: '1.4.3' });
    const rows = await healthOf();
    expect(rows.filter((r) => r.terminalId === TERMINAL)).toHaveLength(1);
    const [now] = rows;
    expect(now).toMatchObject({ terminalId: TERMINAL, outboxDepth: 0, parkedCount: 0, appVersion: '1.4.3' });
    expect(now!.lastSyncAt).toBe(afterSync!.lastSyncAt);
    expect(Date.parse(now!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(afterSync!.lastSeenAt));
  });

  it('marks a terminal not heard of for ten minutes as stale', async () => {
    await heartbeat(TERMINAL_2, { outboxDepth: 12, parkedCount: 0, appVersion: '1.3.0' });
    await h.db.admin(
      `UPDATE sales.terminal_health SET last_seen_at = now() - interval '11 minutes' WHERE tenant_id = $1 AND terminal_id = $2`,
      [TENANT_A, TERMINAL_2],
    );
    const rows = await healthOf([STORE]);
    expect(rows.find((r) => r.terminalId === TERMINAL_2)).toMatchObject({ outboxDepth: 12, stale: true });
    expect(await healthOf([NEW_YORK_STORE])).toEqual([]);
  });

  it('refuses a bad report, an unknown terminal and a caller without sales:sync', async () => {
    const negative = await heartbeat(TERMINAL, { outboxDepth: -1, parkedCount: 0, appVersion: '1' });
    expect(negative.body.data?.reportTerminalHealth.errors).toEqual([
      { code: 'INVALID_HEALTH', field: ['input', 'health', 'outboxDepth'] },
    ]);
    const noVersion = await heartbeat(TERMINAL, { outboxDepth: 0, parkedCount: 0, appVersion: '  ' });
    expect(noVersion.body.data?.reportTerminalHealth.errors[0]?.code).toBe('INVALID_HEALTH');
    const unknown = await heartbeat('0190a000-0000-7000-8000-0000000000cf', {
      outboxDepth: 0,
      parkedCount: 0,
      appVersion: '1',
    });
    expect(unknown.body.data?.reportTerminalHealth.errors[0]?.code).toBe('UNKNOWN_TERMINAL');
    const reader = await heartbeat(TERMINAL, { outboxDepth: 0, parkedCount: 0, appVersion: '1' }, REPORTS);
    expect(reader.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badSync = await postGraphQL<{ syncSales: { errors: { code: string; field: string[] }[] } }>(
      h.service.url,
      SYNC_WITH_HEALTH,
      {
        input: {
          terminalId: TERMINAL,
          sales: [],
          health: { outboxDepth: 0, parkedCount: 2_000_000, appVersion: '1' },
        },
      },
      await h.headersFor(TENANT_A),
    );
    expect(badSync.body.data?.syncSales.errors).toEqual([
      { code: 'INVALID_HEALTH', field: ['input', 'health', 'parkedCount'] },
    ]);
    // Nothing of the refused reports was stored.
    const [row] = (await healthOf([STORE])).filter((r) => r.terminalId === TERMINAL);
    expect(row).toMatchObject({ outboxDepth: 0, parkedCount: 0, appVersion: '1.4.3' });
  });
});
