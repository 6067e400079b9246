/**
 * The event consumer runner against real PostgreSQL (and Redis when the test run has one):
 * exactly-once under in-flight transactions, crashes and competing processes; poison events;
 * lag; Redis wake-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchHandlerError,
  type Consumer,
  type ConsumerBatchHandler,
  type ConsumerOptions,
  createConsumer,
  startConsumer,
} from './consumer.ts';
import { createRequestContext } from './context.ts';
import { inTenant, setTenant } from './db.ts';
import { appendEvent, appendEvents, EventHandlerError, type NewEvent, type StoredEvent } from './events.ts';
import { createLogger } from './logger.ts';
import { createRedis } from './redis.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

const REDIS_URL = process.env.JOWI_TEST_REDIS_URL;
const TENANT = '0190a000-0000-7000-8000-0000000000c1';
const OTHER_TENANT = '0190a000-0000-7000-8000-0000000000c2';
const CHILD = fileURLToPath(new URL('./testing/consumer-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const silent = createLogger('consumer-spec', 'silent');

let db: TestDatabase;
let sales: DataSource;
let inventory: DataSource;
const started: Consumer[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase([]);
  // Effects table written by the consumers under test, owned like any inventory table.
  await db.admin('SET ROLE jowi_owner');
  await db.admin(`CREATE TABLE inventory.probe (
    event_id bigint NOT NULL, label text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp(), seq bigserial)`);
  await db.admin('RESET ROLE');
  sales = await db.dataSource('sales');
  inventory = await db.dataSource('inventory');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(started.map((c) => c.stop()));
  await db?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const event = (type: string, n: number, tenantId = TENANT): NewEvent => ({
  tenantId,
  type,
  aggregateId: `${type}-${n}`,
  payload: { n },
  source: 'sales',
});

/** Appends `count` events of `type`, in `commits` separate transactions, as the sales role. */
async function append(type: string, count: number, commits = 1): Promise<bigint[]> {
  const ids: bigint[] = [];
  const per = Math.ceil(count / commits);
  for (let from = 0; from < count; from += per) {
    const batch = Array.from({ length: Math.min(per, count - from) }, (_, i) => event(type, from + i));
    ids.push(...(await inTenant(sales, TENANT, (m) => appendEvents(m, batch))));
  }
  return ids;
}

/** Handler that records each event under `label` in the probe table. */
const record =
  (label: string) =>
  async (m: EntityManager, e: { id: bigint }): Promise<void> => {
    await m.query('INSERT INTO inventory.probe (event_id, label) VALUES ($1, $2)', [e.id.toString(), label]);
  };

/** Probe rows of `label`s: event id → how many times it was applied, in application order. */
async function applied(...labels: string[]): Promise<Map<string, number>> {
  const rows = await db.admin<{ event_id: string }>(
    'SELECT event_id::text FROM inventory.probe WHERE label = ANY($1) ORDER BY seq',
    [labels],
  );
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.event_id, (counts.get(r.event_id) ?? 0) + 1);
  return counts;
}

function consumer(name: string, type: string, extra: Partial<ConsumerOptions> = {}): Consumer {
  const c = createConsumer({
    dataSource: inventory,
    name: `jowi_inventory:${name}`,
    types: [type],
    handle: record(name),
    log: silent,
    ...extra,
  });
  started.push(c);
  return c;
}

async function cursor(name: string): Promise<string> {
  const rows = await db.admin<{ position: string }>(
    'SELECT position::text FROM events.consumer_cursor WHERE consumer = $1',
    [`jowi_inventory:${name}`],
  );
  return rows[0]?.position ?? '0';
}

/** Spawns the consumer fixture process; resolves once it has subscribed and started. */
function spawnConsumer(env: Record<string, string>): {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  ready: Promise<void>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      CONSUMER_DB_URL: db.roleUrl('inventory'),
      CONSUMER_TABLE: 'inventory.probe',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    lines.push(parsed);
    if (parsed.ready) onReady();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, ready, exited };
}

describe('appendEvents', () => {
  it('appends many events with one INSERT and returns their ids in input order', async () => {
    const batch = [event('probe.append', 0), event('probe.append', 1), event('probe.append', 2)];
    const statements: string[] = [];
    const ids = await inTenant(sales, TENANT, async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, params?: unknown[]) => {
        statements.push(sql);
        return query(sql, params);
      }) as typeof m.query;
      return appendEvents(m, batch);
    });
    expect(statements.filter((s) => /INSERT INTO events\.event/.test(s))).toHaveLength(1);
    expect(ids).toHaveLength(3);
    const rows = await db.admin<{ id: string; aggregate_id: string; payload: { n: number } }>(
      'SELECT id::text, aggregate_id, payload FROM events.event WHERE id = ANY($1) ORDER BY id',
      [ids.map(String)],
    );
    expect(rows.map((r) => [r.id, r.aggregate_id, r.payload.n])).toEqual(
      ids.map((id, n) => [id.toString(), `probe.append-${n}`, n]),
    );
    expect(await inTenant(sales, TENANT, (m) => appendEvents(m, []))).toEqual([]);
  });
});

describe('event consumer', { timeout: 120_000 }, () => {
  it('applies every event once, in order, across tenants, and advances its cursor with the effects', async () => {
    const ids = await append('probe.basic', 5, 3);
    await inTenant(sales, OTHER_TENANT, (m) => appendEvent(m, event('probe.basic', 9, OTHER_TENANT)));
    const tenants: string[] = [];
    const c = consumer('basic', 'probe.basic', {
      handle: async (m, e) => {
        tenants.push(e.tenantId);
        await record('basic')(m, e);
      },
    });
    expect(await c.runUntilIdle()).toBe(6);
    expect(await c.runUntilIdle()).toBe(0);
    const counts = await applied('basic');
    expect([...counts.keys()].slice(0, 5)).toEqual(ids.map(String));
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(tenants.filter((t) => t === OTHER_TENANT)).toHaveLength(1);
    expect(await cursor('basic')).toBe([...counts.keys()][5]);
  });

  it('waits for an event whose transaction commits after a later-numbered one, never skipping it', async () => {
    const c = consumer('inflight', 'probe.inflight');
    const open = sales.createQueryRunner();
    await open.startTransaction();
    try {
      await setTenant(open.manager, TENANT);
      const early = await appendEvent(open.manager, event('probe.inflight', 1));
      const [late] = await append('probe.inflight', 1);
      expect(late!).toBeGreaterThan(early);
      // The later event is committed, but the earlier one is still in flight: hold back both.
      const batch = await c.runBatch();
      expect(batch).toMatchObject({ applied: 0, heldBack: true });
      expect(await applied('inflight')).toEqual(new Map());
      expect(await cursor('inflight')).toBe('0');
      await open.commitTransaction();
      expect(await c.runUntilIdle()).toBe(2);
      expect([...(await applied('inflight')).entries()]).toEqual([
        [early.toString(), 1],
        [late!.toString(), 1],
      ]);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
    }
  });

  it('does not step past an event taken by a younger transaction when an older one commits a higher id', async () => {
    const c = consumer('crossing', 'probe.crossing');
    const older = sales.createQueryRunner();
    const younger = sales.createQueryRunner();
    try {
      await older.startTransaction();
      await older.query('SELECT pg_current_xact_id()'); // takes the older transaction id
      await younger.startTransaction();
      await setTenant(younger.manager, TENANT);
      const low = await appendEvent(younger.manager, event('probe.crossing', 1)); // lower id, younger txid
      await setTenant(older.manager, TENANT);
      const high = await appendEvent(older.manager, event('probe.crossing', 2)); // higher id, older txid
      await older.commitTransaction();
      // The committed event is settled (its transaction is older than any still open): applied.
      await until('the older transaction’s event', async () => {
        await c.runBatch();
        return (await applied('crossing')).has(high.toString());
      });
      // An id-ordered cursor would now stand at `high` and never see `low`.
      await younger.commitTransaction();
      await c.runUntilIdle();
      expect([...(await applied('crossing')).entries()]).toEqual([
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

  it('rolls back a batch whose handler throws, retries with backoff and never skips the event', async () => {
    const ids = await append('probe.poison', 5);
    const registry = new Registry();
    let broken = true;
    const c = consumer('poison', 'probe.poison', {
      registry,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      pollMs: 60_000,
      handle: async (m, e) => {
        await record('poison')(m, e);
        if (broken && e.id === ids[2]) throw new Error('cannot apply this one');
      },
    });
    await c.start();
    await until('three failed attempts', async () => c.stats().failures >= 3);
    // Events before the poison one got through one by one; the poison one and later did not.
    expect([...(await applied('poison')).keys()]).toEqual([ids[0], ids[1]].map(String));
    expect(await cursor('poison')).toBe(ids[1]!.toString());
    const poison = (await registry.getSingleMetric('jowi_consumer_poison_events_total')!.get()).values;
    expect(poison[0]!.value).toBeGreaterThanOrEqual(3);
    expect(
      (await registry.getSingleMetric('jowi_consumer_backoff_seconds')!.get()).values[0]!.value,
    ).toBeGreaterThan(0);

    broken = false;
    await until('recovery', async () => (await applied('poison')).size === 5);
    expect([...(await applied('poison')).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
    await c.stop();
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
    const first = await append('probe.batch', 3);
    const other = await inTenant(sales, OTHER_TENANT, (m) =>
      appendEvents(m, [event('probe.batch', 10, OTHER_TENANT), event('probe.batch', 11, OTHER_TENANT)]),
    );
    const last = await append('probe.batch', 2);
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
    const c = consumer('batch', 'probe.batch', {
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
    // it waits on the cursor row until the batch commits, then finds nothing left.
    const rival = consumer('batch', 'probe.batch', { handleBatch });
    let rivalDone = false;
    const rivalRun = rival.runBatch().finally(() => {
      rivalDone = true;
    });
    await sleep(300);
    expect(rivalDone).toBe(false);
    release();
    expect(await running).toMatchObject({ applied: 7, locked: false, lastId: last[1] });
    expect(await rivalRun).toMatchObject({ applied: 0 });
    // One call per tenant, with the tenant set, each with its events in log order.
    expect(calls).toEqual([
      { tenant: TENANT, setting: TENANT, ids: [...first, ...last].map(String) },
      { tenant: OTHER_TENANT, setting: OTHER_TENANT, ids: other.map(String) },
    ]);
    expect(await cursor('batch')).toBe(last[1]!.toString());
    // Nothing left, nothing applied twice, also by the other process now.
    expect(await c.runUntilIdle()).toBe(0);
    expect(await rival.runUntilIdle()).toBe(0);
    const counts = await applied('batch');
    expect([...counts.keys()].sort()).toEqual([...first, ...other, ...last].map(String).sort());
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(c.stats()).toMatchObject({ applied: 7, failures: 0 });
  });

  it('rolls back a failed batch and applies its events one by one, so a poison event is isolated', async () => {
    const ids = await append('probe.batch-poison', 5);
    const poisonId = ids[2]!;
    let broken = true;
    const sizes: number[] = [];
    const calls: { tenant: string; setting: string; ids: string[] }[] = [];
    const record = recordBatches('batch-poison', calls);
    const handleBatch: ConsumerBatchHandler = async (m, events: readonly StoredEvent[], context) => {
      sizes.push(events.length);
      await record(m, events, context); // written, then rolled back with the batch
      if (broken && events.some((e) => e.id === poisonId)) throw new Error('cannot apply this one');
    };

    // Outside the loop: runBatch throws the batch failure; runUntilIdle isolates the event.
    const tool = consumer('batch-poison', 'probe.batch-poison', { handleBatch });
    let batchError: unknown = null;
    await until('the batch to fail', async () => {
      batchError = await tool.runBatch().then(
        () => null,
        (e: unknown) => e,
      );
      return batchError !== null;
    });
    expect(batchError).toBeInstanceOf(BatchHandlerError);
    expect(batchError).toMatchObject({
      events: 5,
      firstEventId: ids[0],
      lastEventId: ids[4],
      tenantId: TENANT,
    });
    expect(await applied('batch-poison')).toEqual(new Map());
    const error = await tool.runUntilIdle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventHandlerError);
    expect((error as EventHandlerError).eventId).toBe(poisonId);
    expect([...(await applied('batch-poison')).entries()]).toEqual([
      [ids[0]!.toString(), 1],
      [ids[1]!.toString(), 1],
    ]);
    expect(await cursor('batch-poison')).toBe(ids[1]!.toString());
    // The whole batch first (5), then one at a time: 1, 1 applied, 1 failing.
    expect(sizes).toEqual([5, 5, 1, 1, 1]);

    // The loop: same isolation, then backoff on the poison event, and recovery once fixed.
    const more = await append('probe.batch-poison', 2);
    const registry = new Registry();
    sizes.length = 0;
    const c = consumer('batch-poison', 'probe.batch-poison', {
      handleBatch,
      registry,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      pollMs: 60_000,
    });
    await c.start();
    await until('three failed attempts', async () => c.stats().failures >= 3);
    expect(await cursor('batch-poison')).toBe(ids[1]!.toString());
    expect([...(await applied('batch-poison')).keys()]).toEqual([ids[0], ids[1]].map(String));
    // Pinpointed: after the first failure, every attempt holds the poison event alone.
    expect(sizes.slice(1).every((n) => n === 1)).toBe(true);
    const poison = (await registry.getSingleMetric('jowi_consumer_poison_events_total')!.get()).values;
    expect(poison[0]!.value).toBeGreaterThanOrEqual(2);
    broken = false;
    await until('recovery', async () => (await applied('batch-poison')).size === 7);
    expect([...(await applied('batch-poison')).entries()]).toEqual(
      [...ids, ...more].map((id) => [id.toString(), 1]),
    );
    await c.stop();
  });

  it('reports lag as events behind, seconds behind and position, also as gauges', async () => {
    const registry = new Registry();
    const c = consumer('lag', 'probe.lag', { registry });
    const fresh = await c.lag();
    expect(fresh).toEqual({ eventsBehind: 0, secondsBehind: 0, position: 0n });
    const ids = await append('probe.lag', 4, 2);
    await append('probe.other-type', 3);
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
    await append('probe.stop', 4);
    let started = false;
    const c = consumer('stop', 'probe.stop', {
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
    expect((await applied('stop')).size).toBe(4);
    await append('probe.stop', 1);
    await sleep(300);
    expect((await applied('stop')).size).toBe(4);
  });

  it('loses and doubles nothing when its process is killed mid-batch and restarted', async () => {
    const ids = await append('probe.kill', 40, 4);
    const env = {
      CONSUMER_NAME: 'jowi_inventory:kill',
      CONSUMER_TYPES: 'probe.kill',
      CONSUMER_LABEL: 'kill',
      CONSUMER_BATCH: '10',
      CONSUMER_SLEEP_MS: '40',
    };
    const first = spawnConsumer(env);
    await first.ready;
    // The 15th handler call is in the second batch, whose transaction cannot have committed.
    await until(
      'the second batch to be under way',
      async () => first.lines.filter((l) => l.applying).length >= 15,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    const afterCrash = await applied('kill');
    expect(afterCrash.size).toBe(10);
    expect(await cursor('kill')).toBe(ids[9]!.toString());

    const second = spawnConsumer(env);
    await second.ready;
    await until('all 40 events', async () => (await applied('kill')).size === 40);
    second.child.kill('SIGTERM');
    await second.exited;
    expect([...(await applied('kill')).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
  });

  it('applies each event exactly once with two processes on the same cursor', async () => {
    const env = {
      CONSUMER_NAME: 'jowi_inventory:pair',
      CONSUMER_TYPES: 'probe.pair',
      CONSUMER_BATCH: '5',
      CONSUMER_SLEEP_MS: '10',
      CONSUMER_POLL_MS: '20',
    };
    const a = spawnConsumer({ ...env, CONSUMER_LABEL: 'pair' });
    const b = spawnConsumer({ ...env, CONSUMER_LABEL: 'pair' });
    await Promise.all([a.ready, b.ready]);
    const ids = await append('probe.pair', 60, 6);
    await until('all 60 events', async () => (await applied('pair')).size === 60);
    await sleep(300); // room for a double to show up
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    expect([...(await applied('pair')).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
    const stats = [a, b].map(
      (p) => p.lines.find((l) => l.stats)!.stats as { applied: number; locked: number },
    );
    expect(stats[0]!.applied + stats[1]!.applied).toBe(60);
    // They really competed: attempts found the cursor held by the other process.
    expect(stats[0]!.locked + stats[1]!.locked).toBeGreaterThan(0);
  });

  it.skipIf(!REDIS_URL)(
    'wakes through Redis right after a commit with events, long before its poll',
    async () => {
      const redis = createRedis(REDIS_URL)!;
      try {
        await once(redis, 'ready');
        const c = await startConsumer({
          dataSource: inventory,
          name: 'jowi_inventory:wake',
          types: ['probe.wake'],
          handle: record('wake'),
          redis: REDIS_URL,
          pollMs: 60_000,
          log: silent,
        });
        started.push(c);
        await sleep(200); // the first drain found nothing; the loop now sleeps for 60 s
        const before = c.stats().batches;
        const ctx = createRequestContext({
          identity: { kind: 'system', tenantId: TENANT, subject: null, roles: [], permissions: ['*'] },
          traceId: 'wake',
          log: silent,
          db: sales,
          redis,
        });
        const committedAt = Date.now();
        const id = await ctx.tx((m) => appendEvent(m, event('probe.wake', 1)));
        await until('the woken consumer', async () => (await applied('wake')).has(id.toString()), 10_000);
        expect(Date.now() - committedAt).toBeLessThan(10_000);
        expect(c.stats().batches).toBeGreaterThan(before);
        await c.stop();
      } finally {
        redis.disconnect();
      }
    },
  );

  it.skipIf(!REDIS_URL)(
    'publishes only after the commit, and a dead Redis does not fail the transaction',
    async () => {
      const redis = createRedis(REDIS_URL)!;
      const listener = createRedis(REDIS_URL)!;
      const dead = createRedis('redis://127.0.0.1:1')!;
      dead.on('error', () => undefined);
      try {
        const messages: number[] = [];
        await Promise.all([redis, listener].map((r) => (r.status === 'ready' ? null : once(r, 'ready'))));
        await listener.subscribe(`jowi:${db.name}:events`);
        listener.on('message', () => messages.push(Date.now()));
        const ctx = (r: typeof redis) =>
          createRequestContext({
            identity: { kind: 'system', tenantId: TENANT, subject: null, roles: [], permissions: ['*'] },
            traceId: 'publish',
            log: silent,
            db: sales,
            redis: r,
          });
        let insideAt = 0;
        await ctx(redis).tx(async (m) => {
          await appendEvent(m, event('probe.publish', 1));
          await sleep(150);
          insideAt = Date.now();
        });
        await until('the wake-up message', async () => messages.length === 1, 5_000);
        expect(messages[0]!).toBeGreaterThanOrEqual(insideAt);
        // No events appended: no message.
        await ctx(redis).tx((m) => m.query('SELECT 1'));
        await sleep(150);
        expect(messages).toHaveLength(1);
        const id = await ctx(dead).tx((m) => appendEvent(m, event('probe.publish', 2)));
        expect(id).toBeGreaterThan(0n);
      } finally {
        for (const r of [redis, listener, dead]) r.disconnect();
      }
    },
  );
});
