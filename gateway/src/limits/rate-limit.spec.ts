/**
 * The leaky buckets on a real Redis with a clock the test moves, and the budgets real clients
 * need: a POS pulling a 100 000-product catalog in 5 000-change pages within 10 s, and a terminal
 * catching up a day of offline sales in 500-sale batches, are never throttled in the terminal
 * class — and the same traffic from an API key is, so the test can fail.
 */
import { readFileSync } from 'node:fs';
import { createLogger, createRedis } from '@jowi/server-kit';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASS_LIMITS } from './config.ts';
import { compileCostPlan, readCostDirectives, requestedCost } from './cost.ts';
import { createMemoryRateLimiter, createRateLimiter, type RateLimiter } from './rate-limit.ts';

const redisUrl = process.env.JOWI_TEST_REDIS_URL;
const redis = createRedis(redisUrl);
afterAll(() => redis?.disconnect());
const log = createLogger('rate-limit-spec', 'silent');
const run = `${process.pid}-${Date.now()}`;

const schemaFile = (name: string) =>
  readFileSync(new URL(`../../../schema/${name}`, import.meta.url), 'utf8');
const schema = buildSchema(schemaFile('api.graphql'));
const directives = readCostDirectives(schemaFile('supergraph.graphql'));
const costOf = (query: string) => {
  const document = parse(query);
  return requestedCost(compileCostPlan(schema, directives, document, getOperationAST(document)!), {});
};

/** The POS's catalog pull and sync upload (ARCHITECTURE §5 shapes). */
const CATALOG_PAGE = `query CatalogChanges($since: String) { catalogChanges(first: 5000, since: $since) {
  cursor hasMore changes { kind entity id product { id sku name price vatRate ikpu barcodes } } } }`;
const SYNC_BATCH = `mutation SyncSales($input: SyncSalesInput!) { syncSales(input: $input) {
  results { id status error { code message } } errors { code message } } }`;

function limiters(clock: { now: number }): [string, RateLimiter][] {
  const list: [string, RateLimiter][] = [['memory', createMemoryRateLimiter(() => clock.now)]];
  if (redis)
    list.push([
      'redis',
      createRateLimiter({ redis, prefix: `jowi:spec:${run}:`, log, now: () => clock.now }),
    ]);
  else if (process.env.CI) throw new Error('JOWI_TEST_REDIS_URL is not set');
  return list;
}

describe('leaky bucket', () => {
  it('refuses what overflows, says when it fits, and drains with time', async () => {
    const clock = { now: 1_000_000 };
    for (const [name, limiter] of limiters(clock)) {
      const bucket = { capacity: 100, refillPerSecond: 10 };
      const key = `drain-${name}`;
      expect(await limiter.take(key, bucket, 60)).toEqual({
        allowed: true,
        remaining: 40,
        retryAfterSeconds: 0,
      });
      expect(await limiter.take(key, bucket, 40)).toEqual({
        allowed: true,
        remaining: 0,
        retryAfterSeconds: 0,
      });
      // Full: one more point needs 0.1 s, a 25-point request 2.5 s (rounded up).
      expect(await limiter.take(key, bucket, 25)).toEqual({
        allowed: false,
        remaining: 0,
        retryAfterSeconds: 3,
      });
      clock.now += 2500;
      expect(await limiter.take(key, bucket, 25)).toMatchObject({ allowed: true, remaining: 0 });
      // A refund gives points back at once.
      expect(await limiter.take(key, bucket, -30)).toMatchObject({ allowed: true, remaining: 30 });
      clock.now -= 2500;
    }
  });
});

describe('budgets that let real clients work', () => {
  const pageCost = costOf(CATALOG_PAGE);
  const batchCost = costOf(SYNC_BATCH);

  it('prices the POS operations as expected', () => {
    expect(pageCost).toBe(1 + 5000 * 2);
    // 10 for the mutation, 2 per possible result (result + error), 10 assumed batch errors.
    expect(batchCost).toBe(10 + 500 * 2 + 10);
    // One page or batch is far below the per-operation limit of signed-in callers.
    expect(pageCost).toBeLessThan(DEFAULT_CLASS_LIMITS.terminal.maxCost);
  });

  /** 20 pages of 5 000 (100 000 products) spread over 9.5 s, the pull's time budget. */
  async function pullCatalog(
    limiter: RateLimiter,
    key: string,
    kind: 'terminal' | 'apikey',
    clock: { now: number },
  ) {
    const refused: number[] = [];
    for (let page = 0; page < 20; page++) {
      const state = await limiter.take(key, DEFAULT_CLASS_LIMITS[kind].bucket, pageCost);
      if (!state.allowed) refused.push(page);
      clock.now += 500;
    }
    return refused;
  }

  it('a terminal pulls 100 000 products in 5 000-change pages within 10 s without throttling', async () => {
    const clock = { now: 2_000_000 };
    for (const [name, limiter] of limiters(clock)) {
      expect(await pullCatalog(limiter, `pull-terminal-${name}`, 'terminal', clock), name).toEqual([]);
      // An integrator's key doing the same is throttled: the budgets differ.
      expect(
        (await pullCatalog(limiter, `pull-apikey-${name}`, 'apikey', clock)).length,
        name,
      ).toBeGreaterThan(0);
    }
  });

  it('a terminal catches up a day of offline sales (4 000 sales in 500-sale batches) at once', async () => {
    const clock = { now: 3_000_000 };
    for (const [name, limiter] of limiters(clock)) {
      const key = `catch-up-${name}`;
      // Right after a catalog pull, the worst moment.
      await pullCatalog(limiter, key, 'terminal', clock);
      for (let batch = 0; batch < 8; batch++) {
        const state = await limiter.take(key, DEFAULT_CLASS_LIMITS.terminal.bucket, batchCost);
        expect(state.allowed, `${name} batch ${batch}`).toBe(true);
      }
    }
  });
});
