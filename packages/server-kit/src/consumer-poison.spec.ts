/**
 * The poison-event policy against real PostgreSQL: a failing event is retried with backoff and
 * counted in `events.parked_event` (surviving a restart), then parked with the cursor moved past
 * it, so the other events — of every tenant — keep flowing; a payload that breaks its contract
 * is parked at once; an operator's retry applies a parked event exactly once.
 */
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerHarness, event, OTHER_TENANT, record, TENANT, until } from './consumer.fixtures.ts';
import type { ConsumerBatchHandler } from './consumer.ts';
import { inTenant } from './db.ts';
import { insertEvents, type RawEvent } from './events.ts';
import { listParkedEvents, type ParkedEventRow, requestRetry } from './parking.ts';
import { defineConsumer } from './typed-consumer.ts';

const h = consumerHarness();
let identity: DataSource;
beforeAll(async () => {
  identity = await h.db.dataSource('identity');
});

/** Fast attempts: these specs are about what happens, not how long it waits. */
const fast = { initialBackoffMs: 5, maxBackoffMs: 20, pollMs: 60_000 };

async function parkedRows(consumer: string): Promise<ParkedEventRow[]> {
  return h.db.admin<ParkedEventRow>(
    `SELECT consumer, event_id::text AS "eventId", tenant_id AS "tenantId", type, state, error, attempts
       FROM events.parked_event WHERE consumer = $1 ORDER BY event_id`,
    [`jowi_inventory:${consumer}`],
  );
}

/** What an operator of `tenant` does: mark the tenant's parked events of `consumer` for a retry. */
const retry = (tenant: string, consumer: string) =>
  inTenant(identity, tenant, (m) =>
    requestRetry(m, { consumer: `jowi_inventory:${consumer}`, requestedBy: 'staff:owner' }),
  );

/** Appends events of both tenants, alternating, one transaction each; returns their ids in order. */
async function interleaved(type: string, perTenant: number): Promise<{ a: bigint[]; b: bigint[] }> {
  const a: bigint[] = [];
  const b: bigint[] = [];
  for (let i = 0; i < perTenant; i++) {
    a.push(...(await h.append(type, 1, 1, TENANT)));
    b.push(...(await h.append(type, 1, 1, OTHER_TENANT)));
  }
  return { a, b };
}

describe('poison events', { timeout: 120_000 }, () => {
  it("parks tenant A's poison event after the bounded attempts while tenant B's events keep flowing", async () => {
    const { a, b } = await interleaved('probe.poison', 3);
    const poison = a[1]!;
    const registry = new Registry();
    const c = h.consumer('poison', 'probe.poison', {
      ...fast,
      registry,
      maxAttempts: 3,
      handle: async (m, e) => {
        if (e.id === poison) throw new Error('product 42 is not in this store');
        await record('poison')(m, e);
      },
    });
    expect(await c.runUntilIdle()).toBe(5);
    // Every other event got through, of both tenants, before and after the poison one.
    expect([...(await h.applied('poison')).keys()].sort()).toEqual(
      [...a, ...b]
        .filter((id) => id !== poison)
        .map(String)
        .sort(),
    );
    expect([...(await h.applied('poison')).values()].every((n) => n === 1)).toBe(true);
    expect(await parkedRows('poison')).toEqual([
      {
        consumer: 'jowi_inventory:poison',
        eventId: poison.toString(),
        tenantId: TENANT,
        type: 'probe.poison',
        state: 'PARKED',
        error: 'product 42 is not in this store',
        attempts: 3,
      },
    ]);
    expect(await h.cursor('poison')).toBe(b[2]!.toString());
    // Three counted attempts (a failure inside a larger batch is not counted: events before it
    // were still to apply), then parked.
    expect(c.stats().parked).toBe(1);
    expect(c.stats().failures).toBeGreaterThanOrEqual(3);
    const metric = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.find(
        (v) => v.labels.consumer === 'jowi_inventory:poison',
      )?.value;
    expect(await metric('jowi_consumer_parked_events')).toBe(1);
    expect(await metric('jowi_consumer_events_parked_total')).toBe(1);
    // The normal loop never applies it again.
    expect(await c.runUntilIdle()).toBe(0);
    expect((await h.applied('poison')).has(poison.toString())).toBe(false);
  });

  it('applies a parked event exactly once when retried after the fix; a retry that fails parks it again', async () => {
    const [first, poison, last] = await h.append('probe.retry', 3);
    let broken = true;
    const c = h.consumer('retry', 'probe.retry', {
      ...fast,
      maxAttempts: 2,
      handle: async (m, e) => {
        await record('retry')(m, e); // written, then rolled back while broken
        if (broken && e.id === poison) throw new Error('customer not found');
      },
    });
    await c.runUntilIdle();
    expect([...(await h.applied('retry')).keys()]).toEqual([first, last].map(String));

    // Still broken: the retry fails, its effects roll back, and it is parked again.
    expect((await retry(TENANT, 'retry')).map((r) => r.eventId)).toEqual([poison]);
    await c.runUntilIdle();
    expect(await parkedRows('retry')).toMatchObject([
      { state: 'PARKED', attempts: 3, error: 'customer not found' },
    ]);
    expect((await h.applied('retry')).has(poison!.toString())).toBe(false);
    expect(c.stats()).toMatchObject({ retried: 0, retryFailures: 1 });

    broken = false;
    expect(await retry(OTHER_TENANT, 'retry')).toEqual([]); // another tenant cannot retry it
    expect(await retry(TENANT, 'retry')).toHaveLength(1);
    expect(await c.runUntilIdle()).toBe(1);
    expect([...(await h.applied('retry')).entries()]).toEqual(
      [first, last, poison].map((id) => [id!.toString(), 1]),
    );
    expect(await parkedRows('retry')).toEqual([]);
    expect(c.stats()).toMatchObject({ retried: 1 });
    // A second retry finds nothing to do.
    expect(await retry(TENANT, 'retry')).toEqual([]);
    await c.runUntilIdle();
    expect((await h.applied('retry')).get(poison!.toString())).toBe(1);
  });

  it('parks a payload that breaks its contract at once, without retrying it', async () => {
    const store = (storeId: string, payload: Record<string, unknown>, version = 1): RawEvent => ({
      tenantId: TENANT,
      type: 'store.upserted',
      version,
      aggregateId: storeId,
      payload,
      source: 'identity',
    });
    const s1 = '0190a000-0000-7000-8000-0000000000a1';
    const s2 = '0190a000-0000-7000-8000-0000000000a2';
    const ids = await inTenant(h.sales, TENANT, (m) =>
      insertEvents(m, [
        store(s1, { storeId: s1, name: 'Chilonzor', timeZone: 'Asia/Tashkent' }),
        store(s2, { storeId: s2, name: 'Yunusobod' }),
        store(s2, { storeId: s2, name: 'Yunusobod', timeZone: 'Asia/Tashkent' }, 9),
        store(s2, { storeId: s2, name: 'Yunusobod', timeZone: 'Asia/Samarkand' }),
      ]),
    );
    const seen: string[] = [];
    const c = h.consumer('contract', 'store.upserted', {
      ...fast,
      maxAttempts: 5,
      ...defineConsumer({
        name: 'jowi_inventory:contract',
        types: ['store.upserted'],
        handle: async (m, e) => {
          seen.push(e.payload.timeZone); // typed by the contract
          await record('contract')(m, e);
        },
      }),
    });
    expect(await c.runUntilIdle()).toBe(2);
    // (The first batch applied s1 before failing on s2 and rolled back, so the handler saw s1 twice.)
    expect([...new Set(seen)]).toEqual(['Asia/Tashkent', 'Asia/Samarkand']);
    expect([...(await h.applied('contract')).entries()]).toEqual([
      [ids[0]!.toString(), 1],
      [ids[3]!.toString(), 1],
    ]);
    expect(await parkedRows('contract')).toEqual([
      expect.objectContaining({
        eventId: ids[1]!.toString(),
        state: 'PARKED',
        attempts: 1,
        error: expect.stringMatching(/^store\.upserted v1 payload does not match its contract: timeZone: /),
      }),
      expect.objectContaining({
        eventId: ids[2]!.toString(),
        state: 'PARKED',
        attempts: 1,
        error: 'no contract for store.upserted v9 (this code reads v1)',
      }),
    ]);
    // Not retried: one failure in the first batch (isolating), then exactly one per parked event.
    expect(c.stats().failures).toBe(3);
  });

  it('counts attempts in PostgreSQL, so a restarted consumer goes on counting', async () => {
    const [poison] = await h.append('probe.restart', 1);
    const failing = { initialBackoffMs: 50, maxBackoffMs: 50, pollMs: 60_000, maxAttempts: 4 };
    const handle = async () => {
      throw new Error('still broken');
    };
    const first = h.consumer('restart', 'probe.restart', { ...failing, handle });
    await first.start();
    await until('two attempts', async () => ((await parkedRows('restart'))[0]?.attempts ?? 0) >= 2);
    await first.stop();
    const [row] = await parkedRows('restart');
    expect(row).toMatchObject({ eventId: poison!.toString(), state: 'FAILING' });
    expect(await h.cursor('restart')).toBe('0'); // still waiting at it
    const counted = row!.attempts;

    const second = h.consumer('restart', 'probe.restart', { ...failing, handle });
    await second.runUntilIdle();
    expect(await parkedRows('restart')).toMatchObject([{ state: 'PARKED', attempts: 4 }]);
    expect(second.stats().failures).toBe(4 - counted);
    expect(await h.cursor('restart')).toBe(poison!.toString());
  });

  it('forgets a failure that recovers before the bound, with the cursor move', async () => {
    const ids = await h.append('probe.transient', 3);
    let failures = 0;
    const c = h.consumer('transient', 'probe.transient', {
      ...fast,
      maxAttempts: 5,
      handle: async (m, e) => {
        if (e.id === ids[1] && failures < 2) {
          failures++;
          throw new Error('deadlock detected');
        }
        await record('transient')(m, e);
      },
    });
    expect(await c.runUntilIdle()).toBe(3);
    expect(failures).toBe(2);
    expect(await parkedRows('transient')).toEqual([]);
    expect([...(await h.applied('transient')).values()]).toEqual([1, 1, 1]);
  });

  it('isolates the poison event of a failed batch: the events around it are applied', async () => {
    const ids = await h.append('probe.batch-poison', 5);
    const poisonId = ids[2]!;
    const sizes: number[] = [];
    const handleBatch: ConsumerBatchHandler = async (m, events) => {
      sizes.push(events.length);
      for (const e of events) await record('batch-poison')(m, e);
      if (events.some((e) => e.id === poisonId)) throw new Error('cannot apply this one');
    };
    const c = h.consumer('batch-poison', 'probe.batch-poison', { ...fast, maxAttempts: 2, handleBatch });
    // Outside the policy, runBatch throws the batch failure as it is (once other suites' open
    // transactions no longer hold the events back).
    let batchError: unknown = null;
    await until('the batch to fail', async () => {
      batchError = await c.runBatch().then(
        () => null,
        (e: unknown) => e,
      );
      return batchError !== null;
    });
    expect(batchError).toMatchObject({ name: 'BatchHandlerError', events: 5 });
    expect(await c.runUntilIdle()).toBe(4);
    expect([...(await h.applied('batch-poison')).keys()]).toEqual(
      ids.filter((id) => id !== poisonId).map(String),
    );
    // The whole batch (5, twice), then one at a time: two applied, the poison one twice, the rest.
    expect(sizes).toEqual([5, 5, 1, 1, 1, 1, 2]);
    expect(await parkedRows('batch-poison')).toMatchObject([{ eventId: poisonId.toString(), attempts: 2 }]);
  });
});

describe('parked events under RLS', () => {
  it("shows a tenant's staff only its own rows, and the owning consumer every tenant's", async () => {
    const rows = (consumer: string) => ({ consumer, states: null });
    for (const tenant of [TENANT, OTHER_TENANT]) {
      await inTenant(h.sales, tenant, (m) => insertEvents(m, [event('probe.rls', 1, tenant)]));
    }
    const c = h.consumer('rls', 'probe.rls', {
      ...fast,
      maxAttempts: 1,
      handle: async () => {
        throw new Error('no');
      },
    });
    await c.runUntilIdle();
    const page = (ds: DataSource, tenant: string) =>
      inTenant(ds, tenant, (m) => listParkedEvents(m, rows('jowi_inventory:rls'), { first: 10 }));
    expect((await page(identity, TENANT)).edges.map((e) => e.node.tenantId)).toEqual([TENANT]);
    expect((await page(identity, OTHER_TENANT)).edges.map((e) => e.node.tenantId)).toEqual([OTHER_TENANT]);
    // The consumer's own role sees both tenants' rows (it retries them); another role does not.
    const count = (ds: DataSource) =>
      inTenant(ds, TENANT, (m) =>
        m.query("SELECT count(*)::int AS n FROM events.parked_event WHERE consumer = 'jowi_inventory:rls'"),
      );
    expect(await count(h.inventory)).toEqual([{ n: 2 }]);
    expect(await count(h.sales)).toEqual([{ n: 1 }]);
    // Writes stay tenant-checked, even for the owning role.
    await expect(
      inTenant(h.inventory, TENANT, (m) =>
        m.query(
          `INSERT INTO events.parked_event (consumer, event_id, tenant_id, type, state, error, attempts)
           VALUES ('jowi_inventory:rls', 1, $1, 'x', 'PARKED', 'x', 1)`,
          [OTHER_TENANT],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
