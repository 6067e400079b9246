/**
 * The directory consumer inside a running sales subgraph: identity's `store.upserted` /
 * `terminal.upserted` events (appended here as the admin, exactly as identity writes them) fill
 * sales' projection, so a terminal unknown to `syncSales` becomes known — in its store's time zone.
 */
import { createLogger, inTenant, newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../index.ts';
import { makeSale, type SalesHarness, startSalesHarness, TENANT_A, TENANT_B } from '../sales.fixtures.ts';
import { directoryConsumer } from './directory-consumer.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

async function announce(
  tenantId: string,
  type: string,
  aggregateId: string,
  payload: Record<string, unknown>,
) {
  await h.db.admin(
    `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source) VALUES ($1, $2, $3, $4, 'identity')`,
    [tenantId, type, aggregateId, JSON.stringify(payload)],
  );
}

/**
 * Retries like the POS does on UNKNOWN_TERMINAL. Up to 60 s: the runner applies only events
 * older than every open transaction of the PostgreSQL cluster, and specs of other files may hold
 * one open for seconds on the shared test server.
 */
async function syncUntilKnown(terminalId: string, sale = makeSale()) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = await h.sync([sale], { terminalId });
    if (out.errors[0]?.code !== 'UNKNOWN_TERMINAL' || Date.now() > deadline) return out;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('directory consumer', () => {
  it('makes a newly announced terminal known to syncSales, in its store and time zone', async () => {
    const [store, terminal] = [newId(), newId()];
    expect((await h.sync([makeSale()], { terminalId: terminal })).errors).toEqual([
      { code: 'UNKNOWN_TERMINAL' },
    ]);
    await announce(TENANT_A, 'store.upserted', store, {
      storeId: store,
      name: 'Samarkand',
      timeZone: 'Asia/Samarkand',
    });
    await announce(TENANT_A, 'terminal.upserted', terminal, {
      terminalId: terminal,
      storeId: store,
      active: true,
    });
    // 19:30Z is 00:30 the next day in Samarkand (UTC+5).
    const sale = makeSale({ createdAt: '2026-05-01T19:30:00.000Z' });
    const out = await syncUntilKnown(terminal, sale);
    expect(out.results[0]?.status).toBe('CREATED');
    const [row] = await h.db.admin<{ store_id: string; day: string }>(
      `SELECT store_id, to_char(business_date, 'YYYY-MM-DD') AS day FROM sales.sale WHERE id = $1`,
      [sale.id],
    );
    expect(row).toEqual({ store_id: store, day: '2026-05-02' });
  });

  it('applies later announcements over earlier ones, per tenant, and a replay changes nothing', async () => {
    // The handler alone (parsing with the contracts), in log order, as the runner calls it.
    const ds = await h.db.dataSource('sales', entities);
    const [store, moved, terminal] = [newId(), newId(), newId()];
    const events = [
      ['store.upserted', store, { storeId: store, name: 'A', timeZone: 'Asia/Tashkent' }],
      ['store.upserted', moved, { storeId: moved, name: 'B', timeZone: 'Europe/Moscow' }],
      ['terminal.upserted', terminal, { terminalId: terminal, storeId: store, active: true }],
      ['terminal.upserted', terminal, { terminalId: terminal, storeId: moved, active: false }],
    ] as const;
    const apply = (type: string, aggregateId: string, payload: Record<string, unknown>) =>
      inTenant(ds, TENANT_B, (m) =>
        directoryConsumer.handle!(
          m,
          {
            id: 1n,
            tenantId: TENANT_B,
            type,
            version: 1,
            aggregateId,
            payload,
            source: 'identity',
            createdAt: new Date(),
          },
          { consumer: directoryConsumer.name, log: createLogger('spec', 'silent'), registry: null },
        ),
      );
    const state = () =>
      h.db.admin(
        `SELECT t.tenant_id, t.store_id, t.active, s.time_zone FROM sales.terminal_ref t
           JOIN sales.store_ref s ON s.tenant_id = t.tenant_id AND s.id = t.store_id WHERE t.id = $1`,
        [terminal],
      );
    for (const [type, id, payload] of events) await apply(type, id, payload);
    const expected = [{ tenant_id: TENANT_B, store_id: moved, active: false, time_zone: 'Europe/Moscow' }];
    expect(await state()).toEqual(expected);
    for (const [type, id, payload] of events.slice(1)) await apply(type, id, payload);
    expect(await state()).toEqual(expected);
    // Tenant A does not see tenant B's terminal.
    expect((await h.sync([makeSale()], { terminalId: terminal })).errors).toEqual([
      { code: 'UNKNOWN_TERMINAL' },
    ]);
    // A payload against the contract throws a permanent EventContractError (the runner parks it).
    await expect(
      apply('terminal.upserted', terminal, { terminalId: 'nope', storeId: moved }),
    ).rejects.toMatchObject({ name: 'EventContractError', permanent: true });
  });
});
