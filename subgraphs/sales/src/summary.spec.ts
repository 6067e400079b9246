/**
 * The daily sales summary (`Query.dailySalesSummary`, `Store.dailySalesSummary`) over HTTP
 * against a fresh database as the sales runtime role. Sales and refunds are written with admin
 * SQL so every figure below is known to the tiyin: the store runs in Asia/Tashkent (UTC+5), so
 * its business day 2026-04-10 is 2026-04-09T19:00Z … 2026-04-10T19:00Z.
 */
import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { insertRefund, insertSales, seedStore } from './sales-read.fixtures.ts';
import { averageHalfUp } from './services/summary.service.ts';

let h: SalesHarness;
const REPORTS = ['reports:read'];
const OTHER_STORE = '0190a000-0000-7000-8000-0000000000e9';
const NEW_YORK_STORE = '0190a000-0000-7000-8000-0000000000ea';

const SUMMARY = `query($storeId: ID!, $date: Date!) { dailySalesSummary(storeId: $storeId, date: $date) {
  storeId date timeZone receipts revenue refunds net vat averageCheck
  byPaymentMethod { method sales refunds net count } byHour { hour receipts revenue } } }`;

interface Summary {
  storeId: string;
  date: string;
  timeZone: string;
  receipts: number;
  revenue: string;
  refunds: string;
  net: string;
  vat: string;
  averageCheck: string;
  byPaymentMethod: { method: string; sales: string; refunds: string; net: string; count: number }[];
  byHour: { hour: number; receipts: number; revenue: string }[];
}

async function summary(storeId: string, date: string, permissions = REPORTS, tenant = TENANT_A) {
  return postGraphQL<{ dailySalesSummary: Summary }>(
    h.service.url,
    SUMMARY,
    { storeId, date },
    await h.headersFor(tenant, permissions),
  );
}

async function figures(storeId: string, date: string): Promise<Summary> {
  const res = await summary(storeId, date);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.dailySalesSummary;
}

/** The 24 hours with the given non-empty ones filled in. */
function hours(filled: Record<number, [number, string]>) {
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    receipts: filled[hour]?.[0] ?? 0,
    revenue: filled[hour]?.[1] ?? '0.00',
  }));
}

beforeAll(async () => {
  h = await startSalesHarness();
  await seedStore(h.db, TENANT_A, OTHER_STORE, 'Asia/Tashkent');
  await seedStore(h.db, TENANT_A, NEW_YORK_STORE, 'America/New_York');
});
afterAll(async () => {
  await h?.close();
});

describe('dailySalesSummary', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const [midnight, lunch, lastSecond, dayBefore, nextDay] = await insertSales(h.db, [
      // 00:00:00 local on 10 April: hour 0 of the day.
      {
        at: '2026-04-09T19:00:00Z',
        total: 10000n,
        vat: 1071n,
        payments: [{ method: 'CASH', amount: 10000n, tendered: 20000n }],
      },
      // 12:30 local, paid by cash and Payme.
      {
        at: '2026-04-10T07:30:00Z',
        total: 5000n,
        vat: 536n,
        payments: [
          { method: 'CASH', amount: 2000n },
          { method: 'PAYME', amount: 3000n },
        ],
      },
      // 23:59:59.999999 local: still 10 April, hour 23.
      {
        at: '2026-04-10T18:59:59.999999Z',
        total: 20001n,
        vat: 2143n,
        terminalId: TERMINAL_2,
        payments: [{ method: 'CARD', amount: 20001n, cardBrand: 'UZCARD' }],
      },
      // 23:59 local on 9 April and 00:00 local on 11 April: other days.
      { at: '2026-04-09T18:59:00Z', total: 70000n, vat: 7500n },
      { at: '2026-04-10T19:00:00Z', total: 80000n, vat: 8571n },
    ]);
    Object.assign(ids, { midnight, lunch, lastSecond, dayBefore, nextDay });
    // Same day, same tenant, another store; and the same store id in another tenant.
    await insertSales(h.db, [
      { at: '2026-04-10T08:00:00Z', total: 99900n, storeId: OTHER_STORE },
      { at: '2026-04-10T08:00:00Z', total: 88800n, tenantId: TENANT_B },
    ]);
    // Refunds made on 10 April count for 10 April, whichever day their sale was made.
    await insertRefund(h.db, {
      saleId: ids.lunch!,
      at: '2026-04-10T09:00:00Z',
      total: 3000n,
      vat: 321n,
      payments: [{ method: 'PAYME', amount: 3000n }],
    });
    await insertRefund(h.db, { saleId: ids.dayBefore!, at: '2026-04-10T05:00:00Z', total: 7000n, vat: 750n });
    // A refund of a 10 April sale made on 11 April (00:30 local) belongs to 11 April.
    await insertRefund(h.db, {
      saleId: ids.midnight!,
      at: '2026-04-10T19:30:00Z',
      total: 10000n,
      vat: 1071n,
    });
  });

  it('adds up the store’s business day exactly, in its time zone, sales and refunds', async () => {
    const s = await figures(STORE, '2026-04-10');
    expect(s).toEqual({
      storeId: STORE,
      date: '2026-04-10',
      timeZone: 'Asia/Tashkent',
      receipts: 3,
      revenue: '350.01',
      refunds: '100.00',
      net: '250.01',
      // (10.71 + 5.36 + 21.43) − (3.21 + 7.50)
      vat: '26.79',
      // 350.01 / 3 = 116.67
      averageCheck: '116.67',
      byPaymentMethod: [
        { method: 'CASH', sales: '120.00', refunds: '70.00', net: '50.00', count: 2 },
        { method: 'CARD', sales: '200.01', refunds: '0.00', net: '200.01', count: 1 },
        { method: 'PAYME', sales: '30.00', refunds: '30.00', net: '0.00', count: 1 },
      ],
      byHour: hours({ 0: [1, '100.00'], 12: [1, '50.00'], 23: [1, '200.01'] }),
    });
  });

  it('puts 23:59 local on the day before and 00:00 local on the day after', async () => {
    const before = await figures(STORE, '2026-04-09');
    expect(before).toMatchObject({ receipts: 1, revenue: '700.00', refunds: '0.00' });
    expect(before.byHour[23]).toEqual({ hour: 23, receipts: 1, revenue: '700.00' });
    const after = await figures(STORE, '2026-04-11');
    expect(after).toMatchObject({ receipts: 1, revenue: '800.00', refunds: '100.00', net: '700.00' });
    expect(after.byHour[0]).toEqual({ hour: 0, receipts: 1, revenue: '800.00' });
  });

  it('counts hours in the store’s own time zone', async () => {
    // 03:30Z on 10 April is 23:30 on 9 April in New York (EDT, UTC−4).
    await insertSales(h.db, [
      { at: '2026-04-10T03:30:00Z', total: 4200n, storeId: NEW_YORK_STORE },
      { at: '2026-04-10T04:00:00Z', total: 100n, storeId: NEW_YORK_STORE },
    ]);
    const s = await figures(NEW_YORK_STORE, '2026-04-09');
    expect(s.timeZone).toBe('America/New_York');
    expect(s.byHour).toEqual(hours({ 23: [1, '42.00'] }));
    const next = await figures(NEW_YORK_STORE, '2026-04-10');
    expect(next.byHour).toEqual(hours({ 0: [1, '1.00'] }));
  });

  it('rounds the average check half up', async () => {
    const rounding = newId();
    await seedStore(h.db, TENANT_A, rounding, 'Asia/Tashkent');
    // 0.01 + 0.02 = 0.03 over 2 receipts = 0.015 → 0.02 (floor would give 0.01).
    await insertSales(h.db, [
      { at: '2026-04-20T10:00:00Z', total: 1n, storeId: rounding },
      { at: '2026-04-20T11:00:00Z', total: 2n, storeId: rounding },
    ]);
    expect((await figures(rounding, '2026-04-20')).averageCheck).toBe('0.02');
    // 0.01 + 0.01 + 0.02 = 0.04 over 3 = 0.0133… → 0.01 (ceiling would give 0.02).
    await insertSales(h.db, [
      { at: '2026-04-21T10:00:00Z', total: 1n, storeId: rounding },
      { at: '2026-04-21T10:00:00Z', total: 1n, storeId: rounding },
      { at: '2026-04-21T11:00:00Z', total: 2n, storeId: rounding },
    ]);
    expect((await figures(rounding, '2026-04-21')).averageCheck).toBe('0.01');
    expect([averageHalfUp(3n, 2), averageHalfUp(5n, 2), averageHalfUp(4n, 3), averageHalfUp(7n, 0)]).toEqual([
      2n,
      3n,
      1n,
      0n,
    ]);
  });

  it('gives zeros (and 24 empty hours) for an empty day of a known store', async () => {
    const zeros = {
      receipts: 0,
      revenue: '0.00',
      refunds: '0.00',
      net: '0.00',
      vat: '0.00',
      averageCheck: '0.00',
      byPaymentMethod: [],
      byHour: hours({}),
    };
    expect(await figures(STORE, '2025-01-01')).toEqual({
      storeId: STORE,
      date: '2025-01-01',
      timeZone: 'Asia/Tashkent',
      ...zeros,
    });
  });

  it('is NOT_FOUND for a store this tenant does not have: unknown, or another tenant’s', async () => {
    for (const [storeId, tenant] of [
      [newId(), TENANT_A],
      [OTHER_STORE, TENANT_B],
    ] as const) {
      const res = await summary(storeId, '2026-04-10', REPORTS, tenant);
      expect(res.body.data ?? null, storeId).toBeNull();
      expect(res.body.errors?.[0]?.extensions, storeId).toMatchObject({
        code: 'NOT_FOUND',
        field: 'storeId',
      });
    }
    // The same store id is known to tenant A: its figures, not an error.
    expect((await figures(OTHER_STORE, '2026-04-10')).receipts).toBe(1);
  });

  it('shows another tenant only its own sales of the same store id', async () => {
    const res = await summary(STORE, '2026-04-10', REPORTS, TENANT_B);
    expect(res.body.data!.dailySalesSummary).toMatchObject({
      receipts: 1,
      revenue: '888.00',
      refunds: '0.00',
    });
  });

  it('needs reports:read', async () => {
    const res = await summary(STORE, '2026-04-10', ['sales:read', 'sales:sync', 'shift:open', 'shift:close']);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a malformed store id or date as BAD_USER_INPUT', async () => {
    const badStore = await summary('store-1', '2026-04-10');
    expect(badStore.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'storeId' });
    const badDate = await summary(STORE, '2026-04-31');
    expect(badDate.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is served on Store through federation as well', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Store { id dailySalesSummary(date: "2026-04-10") { receipts revenue net averageCheck } } } }`;
    const r = [{ __typename: 'Store', id: STORE }];
    const res = await postGraphQL<{ _entities: unknown[] }>(
      h.service.url,
      query,
      { r },
      await h.headersFor(TENANT_A, REPORTS),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities).toEqual([
      {
        id: STORE,
        dailySalesSummary: { receipts: 3, revenue: '350.01', net: '250.01', averageCheck: '116.67' },
      },
    ]);
    const denied = await postGraphQL(
      h.service.url,
      query,
      { r },
      await h.headersFor(TENANT_A, ['sales:read']),
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
