/**
 * The event consumer runner against real PostgreSQL: exactly-once under in-flight transactions
 * and competing batches, batch handlers, lag, stop. (Processes and Redis: consumer-process.spec.ts;
 * poison events and parking: consumer-poison.spec.ts.)
 */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  consumerHarness,
  event,
  insertOne,
  OTHER_TENANT,
  record,
  sleep,
  TENANT,
  until,
} from './consumer.fixtures.ts';
import type { ConsumerBatchHandler } from './consumer.ts';
import { inTenant, setTenant } from './db.ts';
import { appendEvents, insertEvents } from './events.ts';

const h = consumerHarness();

describe('appendEvents', () => {
  it('appends many events with one INSERT, as their contract version, and returns their ids in input order', async () => {
    const stores = ['0190a000-0000-7000-8000-0000000000a1', '0190a000-0000-7000-8000-0000000000a2'];
    const statements: string[] = [];
    const ids = await inTenant(h.sales, TENANT, async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, params?: unknown[]) => {
        statements.push(sql);
        return query(sql, params);
      }) as typeof m.query;
      return appendEvents(
        m,
        stores.map((storeId, n) => ({
          tenantId: TENANT,
          type: 'store.upserted' as const,
          aggregateId: storeId,
          source: 'identity',
          payload: { storeId, name: `Store ${n}`, timeZone: 'Asia/Tashkent' },
        })),
      );
    });
    expect(statements.filter((s) => /INSERT INTO events\.event/.test(s))).toHaveLength(1);
    const rows = await h.db.admin<{
      id: string;
      aggregate_id: string;
      version: number;
      payload: { name: string };
    }>('SELECT id::text, aggregate_id, version, payload FROM events.event WHERE id = ANY($1) ORDER BY id', [
      ids.map(String),
    ]);
    expect(rows.map((r) => [r.id, r.aggregate_id, r.version, r.payload.name])).toEqual(
      ids.map((id, n) => [id.toString(), stores[n], 1, `Store ${n}`]),
    );
    expect(await inTenant(h.sales, TENANT, (m) => appendEvents(m, []))).toEqual([]);
  });
});

describe('event consumer', { timeout: 120_000 }, () => {
  it('applies every event once, in order, across tenants, and advances its cursor with the effects', async () => {
    const ids = await h.append('probe.basic', 5, 3);
    await inTenant(h.sales, OTHER_TENANT, (m) => insertOne(m, event('probe.basic', 9, OTHER_TENANT)));
    const tenants: string[] = [];
    const c = h.consumer('basic', 'probe.basic', {
      handle: async (m, e) => {
        tenants.push(e.tenantId);
        await record('basic')(m, e);
      },
    });
    expect(await c.runUntilIdle()).toBe(6);
    expect(await c.runUntilIdle()).toBe(0);
    const counts = await h.applied('basic');
    expect([...counts.keys()].slice(0, 5)).toEqual(ids.map(String));
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(tenants.filter((t) => t === OTHER_TENANT)).toHaveLength(1);
    expect(await h.cursor('basic')).toBe([...counts.keys()][5]);
  });

  it('waits for an event whose transaction commits after a later-numbered one, never skipping it', async () => {
    const c = h.consumer('inflight', 'probe.inflight');
    const open = h.sales.createQueryRunner();
    await open.startTransaction();
    try {
      await setTenant(open.manager, TENANT);
      const early = await insertOne(open.manager, event('probe.inflight', 1));
      const [late] = await h.append('probe.inflight', 1);
      expect(late!).toBeGreaterThan(early);
      // The later event is committed, but the earlier one is still in flight: hold back both.
      const batch = await c.runBatch();
      expect(batch).toMatchObject({ applied: 0, heldBack: true });
      expect(await h.applied('inflight')).toEqual(new Map());
      expect(await h.cursor('inflight')).toBe('0');
      await open.commitTransaction();
      expect(await c.runUntilIdle()).toBe(2);
      expect([...(await h.applied('inflight')).entries()]).toEqual([
        [early.toString(), 1],
        [late!.toString(), 1],
      ]);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
    }
  });

  it('names the open transaction that holds its events back: pid, database, application', async () => {
    const lines: { msg: string; blockingPid?: number; blockingDatabase?: string; blockingTxid?: string }[] =
      [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const c = h.consumer('horizon', 'probe.horizon', { log, heldBackWarnMs: 0 });
    const open = h.sales.createQueryRunner();
    try {
      await open.startTransaction();
      // A write transaction of another application (here: one that only took a transaction id).
      const [{ pid, txid }] = await open.query(
        'SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS txid',
      );
      await h.append('probe.horizon', 2);
      await expect(c.runUntilIdle({ timeoutMs: 300 })).rejects.toThrow(/not idle .*heldBack/);
      expect(await h.applied('horizon')).toEqual(new Map());
      const held = lines.filter((l) => l.blockingTxid !== undefined);
      // Once per holding transaction, however many steps were held back (on a shared server an
      // older transaction of another database may be named first: it holds the events back too).
      expect(new Set(held.map((l) => l.blockingTxid)).size).toBe(held.length);
      const ours = held.find((l) => l.blockingTxid === txid);
      expect(ours).toMatchObject({ blockingPid: pid, blockingDatabase: h.db.name });
      expect(ours!.msg).toContain(`pid ${pid}`);
      await open.commitTransaction();
      expect(await c.runUntilIdle()).toBe(2);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
    }
  });

  it('does not step past an event taken by a younger transaction when an older one commits a higher id', async () => {
    const c = h.consumer('crossing', 'probe.crossing');
    const older = h.sales.createQueryRunner();
    const younger = h.sales.createQueryRunner();
    try {
      await older.startTransaction();
      await older.query('SELECT pg_current_xact_id()'); // takes the older transaction id
      await younger.startTransaction();
      await setTenant(younger.manager, TENANT);
      const low = await insertOne(younger.manager, event('probe.crossing', 1)); // lower id, younger txid
      await setTenant(older.manager, TENANT);
      const high = await insertOne(older.manager, event('probe.crossing', 2)); // higher id, older txid
      await older.commitTransaction();
      // The committed event is settled (its transaction is older than any still open): applied.
      await until('the older transaction’s event', async () => {
        await c.runBatch();
        return (await h.applied('crossing')).has(high.toString());
      });
      // An id-ordered cursor would now stand at `high` and never see `low`.
      await younger.commitTransaction();
      await c.runUntilIdle();
      expect([...(await h.applied('crossing')).entries()]).toEqual([
        [high.toString(), 1],
        [low.toString(), 1],
      ]);
    } finally {
      for (const qr of [older, younger]) {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
        await qr.release();
      }
    }
  });

  /** Batch handler recording each call (tenant set, events) and the events with one INSERT. */
  function recordBatches(label: string, calls: { tenant: string; setting: string; ids: string[] }[]) {
    const handleBatch: ConsumerBatchHandler = async (m, events) => {
      const [row] = await m.query("SELECT current_setting('app.tenant_id') AS tenant");
      calls.push({
        tenant: events[0]!.tenantId,
        setting: row.tenant,
        ids: events.map((e) => e.id.toString()),
      });
      expect(new Set(events.map((e) => e.tenantId)).size).toBe(1);
      await m.query('INSERT INTO inventory.probe (event_id, label) SELECT unnest($1::bigint[]), $2', [
        events.map((e) => e.id.toString()),
        label,
      ]);
    };
    return handleBatch;
  }

  it('applies a batch of several tenants through handleBatch: one call per tenant, in log order, exactly once', async () => {
    const first = await h.append('probe.batch', 3);
    const other = await inTenant(h.sales, OTHER_TENANT, (m) =>
      insertEvents(m, [event('probe.batch', 10, OTHER_TENANT), event('probe.batch', 11, OTHER_TENANT)]),
    );
    const last = await h.append('probe.batch', 2);
    const calls: { tenant: string; setting: string; ids: string[] }[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const handleBatch = recordBatches('batch', calls);
    // Another suite's transaction opened between our appends would settle only a prefix of the
    // seven events; wait until every one is below the snapshot horizon, so one batch takes all.
    const ids = [...first, ...other, ...last].map(String);
    for (;;) {
      const [row] = await h.db.admin<{ settled: boolean }>(
        `SELECT bool_and(txid < pg_snapshot_xmin(pg_current_snapshot())) AS settled
           FROM events.event WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      if (row?.settled) break;
      await sleep(25);
    }
    const c = h.consumer('batch', 'probe.batch', {
      handleBatch: async (m, events, context) => {
        entered();
        await gate; // hold the batch transaction open
        await handleBatch(m, events, context);
      },
    });
    const running = (async () => {
      // Other suites' open transactions may hold the events back for a moment.
      for (;;) {
        const result = await c.runBatch();
        if (result.applied > 0) return result;
        await sleep(25);
      }
    })();
    await inside;
    // While the batch is open, a second process on the same cursor cannot take the same events:
    // it finds the cursor held (SKIP LOCKED) and applies nothing.
    const rival = h.consumer('batch', 'probe.batch', { handleBatch });
    expect(await rival.runBatch()).toMatchObject({ applied: 0, locked: true });
    release();
    expect(await running).toMatchObject({ applied: 7, locked: false, lastId: last[1] });
    // One call per tenant, with the tenant set, each with its events in log order.
    expect(calls).toEqual([
      { tenant: TENANT, setting: TENANT, ids: [...first, ...last].map(String) },
      { tenant: OTHER_TENANT, setting: OTHER_TENANT, ids: other.map(String) },
    ]);
    expect(await h.cursor('batch')).toBe(last[1]!.toString());
    // Nothing left, nothing applied twice, also by the other process now.
    expect(await c.runUntilIdle()).toBe(0);
    expect(await rival.runUntilIdle()).toBe(0);
    const counts = await h.applied('batch');
    expect([...counts.keys()].sort()).toEqual([...first, ...other, ...last].map(String).sort());
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(c.stats()).toMatchObject({ applied: 7, failures: 0 });
  });

  it('costs a batch one read (cursor lock and events) and one cursor write, whatever its size', async () => {
    const c = h.consumer('lean', 'probe.lean', { handleBatch: recordBatches('lean', []) });
    // The consumer registers its cursor on its first batch (once per process): not measured.
    expect(await c.runBatch()).toMatchObject({ applied: 0 });
    const ids = [
      ...(await h.append('probe.lean', 4, 2)),
      await inTenant(h.sales, OTHER_TENANT, (m) => insertOne(m, event('probe.lean', 9, OTHER_TENANT))),
    ].map(String);
    // One batch should take all five: wait until no open transaction holds any of them back.
    await until('the events settled', async () => {
      const [row] = await h.db.admin<{ settled: boolean }>(
        `SELECT bool_and(txid < pg_snapshot_xmin(pg_current_snapshot())) AS settled
           FROM events.event WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      return row?.settled === true;
    });
    // Every statement of the consumer's transactions, as its query runners send them.
    const statements: string[] = [];
    const create = h.inventory.createQueryRunner.bind(h.inventory);
    h.inventory.createQueryRunner = ((...args: Parameters<typeof create>) => {
      const runner = create(...args);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql.replace(/\s+/g, ' ').trim());
        return (query as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    }) as typeof h.inventory.createQueryRunner;
    try {
      expect(await c.runBatch()).toMatchObject({ applied: 5 });
    } finally {
      h.inventory.createQueryRunner = create;
    }
    expect((await h.applied('lean')).size).toBe(5);
    const touching = (table: string) => statements.filter((s) => s.includes(table));
    // The one read locks the cursor and reads the events; the one write moves the cursor.
    expect(touching('events.event e')).toHaveLength(1);
    expect(touching('events.consumer_cursor')).toEqual([
      expect.stringContaining('FOR UPDATE OF c SKIP LOCKED'),
      expect.stringContaining('UPDATE events.consumer_cursor'),
    ]);
    expect(statements.filter((s) => /SAVEPOINT/.test(s))).toEqual([]);
    // Beside them: the transaction, the tenant once per tenant, the handler's own statements.
    expect(statements.filter((s) => s.includes('set_config'))).toHaveLength(2);
  });

  /** Waits until no open transaction holds any of `ids` back (so a batch may take them all). */
  const settled = (ids: readonly bigint[]) =>
    until('the events settled', async () => {
      const [row] = await h.db.admin<{ settled: boolean }>(
        `SELECT bool_and(txid < pg_snapshot_xmin(pg_current_snapshot())) AS settled
           FROM events.event WHERE id = ANY($1::bigint[])`,
        [ids.map(String)],
      );
      return row?.settled === true;
    });

  it('reads the next batch ahead, and drops it when another process moved the cursor meanwhile', async () => {
    const ids = await h.append('probe.ahead', 12, 4);
    await settled(ids);
    const options = { handleBatch: recordBatches('ahead', []), batchSize: 3 };
    const a = h.consumer('ahead', 'probe.ahead', options);
    const b = h.consumer('ahead', 'probe.ahead', options);
    // A applies events 1–3 and reads 4–6 ahead; B, another process on the same cursor, applies
    // 4–6 first. A's next batch must see the cursor moved and read 7–9 instead of applying 4–6.
    expect(await a.runBatch()).toMatchObject({ applied: 3, lastId: ids[2] });
    expect(await b.runBatch()).toMatchObject({ applied: 3, lastId: ids[5] });
    expect(await a.runBatch()).toMatchObject({ applied: 3, lastId: ids[8] });
    expect(a.stats().readAhead).toBe(0);
    // Nothing moved the cursor between A's batches now: the batch read ahead is applied.
    expect(await a.runBatch()).toMatchObject({ applied: 3, lastId: ids[11] });
    expect(a.stats().readAhead).toBe(1);
    expect(await a.runUntilIdle()).toBe(0);
    expect(await b.runUntilIdle()).toBe(0);
    expect([...(await h.applied('ahead')).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
    expect(await h.cursor('ahead')).toBe(ids[11]!.toString());
  });

  it('reports lag as events behind, seconds behind and position, also as gauges', async () => {
    const registry = new Registry();
    const c = h.consumer('lag', 'probe.lag', { registry });
    const fresh = await c.lag();
    expect(fresh).toEqual({ eventsBehind: 0, secondsBehind: 0, position: 0n });
    const ids = await h.append('probe.lag', 4, 2);
    await h.append('probe.other-type', 3);
    const behind = await c.lag();
    expect(behind.eventsBehind).toBe(4);
    expect(behind.secondsBehind).toBeGreaterThan(0);
    expect(behind.position).toBe(0n);
    const gauge = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.find(
        (v) => v.labels.consumer === 'jowi_inventory:lag',
      )?.value;
    expect(await gauge('jowi_consumer_lag_events')).toBe(4);
    expect(await gauge('jowi_consumer_lag_seconds')).toBeGreaterThan(0);
    expect(await registry.metrics()).toMatch(/jowi_consumer_lag_events\{consumer="jowi_inventory:lag"\} 4/);

    await c.runUntilIdle();
    expect(await c.lag()).toEqual({ eventsBehind: 0, secondsBehind: 0, position: ids[3] });
    await sleep(1_100); // the gauges share one lag reading per second
    expect(await gauge('jowi_consumer_lag_events')).toBe(0);
    expect(await gauge('jowi_consumer_events_applied_total')).toBe(4);
  });

  it('stop() lets the batch in progress commit, then runs nothing more', async () => {
    await h.append('probe.stop', 4);
    let started = false;
    const c = h.consumer('stop', 'probe.stop', {
      pollMs: 20,
      handle: async (m, e) => {
        started = true;
        await sleep(100);
        await record('stop')(m, e);
      },
    });
    await c.start();
    await until('the batch to start', async () => started);
    await c.stop();
    expect((await h.applied('stop')).size).toBe(4);
    await h.append('probe.stop', 1);
    await sleep(300);
    expect((await h.applied('stop')).size).toBe(4);
  });
});
