/**
 * The event consumer runner across processes: a consumer killed mid-batch and restarted, two
 * processes on one cursor, and (when the test run has Redis) wake-ups published after commits.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  consumerHarness,
  event,
  insertOne,
  record,
  silent,
  sleep,
  TENANT,
  until,
} from './consumer.fixtures.ts';
import { startConsumer } from './consumer.ts';
import { createRequestContext } from './context.ts';
import { createRedis } from './redis.ts';

const REDIS_URL = process.env.JOWI_TEST_REDIS_URL;
const h = consumerHarness();

describe('event consumer processes', { timeout: 120_000 }, () => {
  it.each([
    ['one event per handler call', 'kill', 'event'],
    ['a batch handler', 'kill-batch', 'batch'],
  ])(
    'loses and doubles nothing when its process is killed mid-batch and restarted (%s)',
    async (_, name, mode) => {
      const ids = await h.append(`probe.${name}`, 40, 4);
      const env = {
        CONSUMER_NAME: `jowi_inventory:${name}`,
        CONSUMER_TYPES: `probe.${name}`,
        CONSUMER_LABEL: name,
        CONSUMER_MODE: mode,
        CONSUMER_BATCH: '10',
        CONSUMER_SLEEP_MS: '40',
      };
      const first = h.spawnConsumer(env);
      await first.ready;
      // The 15th handler call is in the second batch, whose transaction cannot have committed.
      await until(
        'the second batch to be under way',
        async () => first.lines.filter((l) => l.applying).length >= 15,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const afterCrash = await h.applied(name);
      expect(afterCrash.size).toBe(10);
      expect(await h.cursor(name)).toBe(ids[9]!.toString());

      const second = h.spawnConsumer(env);
      await second.ready;
      await until('all 40 events', async () => (await h.applied(name)).size === 40);
      second.child.kill('SIGTERM');
      await second.exited;
      expect([...(await h.applied(name)).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
      // A batch handler reads its next batch ahead (the killed one had read its second batch so).
      const stats = second.lines.find((l) => l.stats)!.stats as { readAhead: number };
      expect(stats.readAhead > 0).toBe(mode === 'batch');
    },
  );

  it.each([
    ['one event per handler call', 'pair', 'event'],
    // Each reads the next batch ahead while applying one; the other process moves the cursor meanwhile.
    ['a batch handler reading ahead', 'pair-batch', 'batch'],
  ])('applies each event exactly once with two processes on the same cursor (%s)', async (_, name, mode) => {
    const env = {
      CONSUMER_NAME: `jowi_inventory:${name}`,
      CONSUMER_TYPES: `probe.${name}`,
      CONSUMER_MODE: mode,
      CONSUMER_BATCH: '5',
      CONSUMER_SLEEP_MS: '10',
      CONSUMER_POLL_MS: '20',
    };
    const a = h.spawnConsumer({ ...env, CONSUMER_LABEL: name });
    const b = h.spawnConsumer({ ...env, CONSUMER_LABEL: name });
    await Promise.all([a.ready, b.ready]);
    const ids = await h.append(`probe.${name}`, 60, 6);
    await until('all 60 events', async () => (await h.applied(name)).size === 60);
    await sleep(300); // room for a double to show up
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    expect([...(await h.applied(name)).entries()]).toEqual(ids.map((id) => [id.toString(), 1]));
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
          dataSource: h.inventory,
          name: 'jowi_inventory:wake',
          types: ['probe.wake'],
          handle: record('wake'),
          redis: REDIS_URL,
          pollMs: 60_000,
          log: silent,
        });
        await sleep(200); // the first drain found nothing; the loop now sleeps for 60 s
        const before = c.stats().batches;
        const ctx = createRequestContext({
          identity: { kind: 'system', tenantId: TENANT, subject: null, roles: [], permissions: ['*'] },
          traceId: 'wake',
          log: silent,
          db: h.sales,
          redis,
        });
        const committedAt = Date.now();
        const id = await ctx.tx((m) => insertOne(m, event('probe.wake', 1)));
        await until('the woken consumer', async () => (await h.applied('wake')).has(id.toString()), 10_000);
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
        await listener.subscribe(`jowi:${h.db.name}:events`);
        listener.on('message', () => messages.push(Date.now()));
        const ctx = (r: typeof redis) =>
          createRequestContext({
            identity: { kind: 'system', tenantId: TENANT, subject: null, roles: [], permissions: ['*'] },
            traceId: 'publish',
            log: silent,
            db: h.sales,
            redis: r,
          });
        let insideAt = 0;
        await ctx(redis).tx(async (m) => {
          await insertOne(m, event('probe.publish', 1));
          await sleep(150);
          insideAt = Date.now();
        });
        await until('the wake-up message', async () => messages.length === 1, 5_000);
        expect(messages[0]!).toBeGreaterThanOrEqual(insideAt);
        // No events appended: no message.
        await ctx(redis).tx((m) => m.query('SELECT 1'));
        await sleep(150);
        expect(messages).toHaveLength(1);
        const id = await ctx(dead).tx((m) => insertOne(m, event('probe.publish', 2)));
        expect(id).toBeGreaterThan(0n);
      } finally {
        for (const r of [redis, listener, dead]) r.disconnect();
      }
    },
  );
});
