/**
 * Rate limits as leaky buckets of cost points, one bucket per caller (see config.ts).
 *
 * A bucket holds at most `capacity` points and drains at `refillPerSecond`. A request pours in
 * its requested cost; if that would overflow, it is refused and told how long until it fits
 * (`retryAfterSeconds`). After the response, the difference between the requested and the actual
 * cost is taken back out, so a caller pays for what it got, not for what it might have got.
 *
 * With Redis the bucket is one hash (`level`, `at`) updated by one Lua script, atomic, and shared
 * by every gateway process; the time is the caller's clock (the processes' clocks are
 * NTP-synchronised; tests pass their own). Without Redis, or when a Redis call fails, the bucket
 * lives in the process (as login throttling does, decision 9): limits still hold per process,
 * never fail open.
 *
 * Hand-written rather than a library: the well-kept limiters count requests in fixed or sliding
 * windows; a leaky bucket of variable, refundable costs is these 20 lines of Lua.
 */
import type { Logger, Redis } from '@jowi/server-kit';
import type { Bucket } from './config.ts';

export interface BucketState {
  allowed: boolean;
  /** Points left in the bucket after this request (0 when refused). */
  remaining: number;
  /** Seconds until the request would fit, when refused. */
  retryAfterSeconds: number;
}

// KEYS[1] bucket; ARGV capacity, refill per ms, now (ms), cost (negative: a refund).
// The level drains since `at`; a cost that overflows is refused and leaves the level as it was.
const LEAKY_BUCKET = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1]) or 0
local at = tonumber(state[2]) or now
if now > at then level = math.max(0, level - (now - at) * rate) end
local allowed = 1
local wait = 0
if cost > 0 and level + cost > capacity then
  allowed = 0
  wait = (level + cost - capacity) / rate
else
  level = math.max(0, level + cost)
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return { allowed, tostring(capacity - level), tostring(wait) }
`;

export interface RateLimiter {
  /** Pours `cost` into the caller's bucket (a negative cost refunds). */
  take(key: string, bucket: Bucket, cost: number): Promise<BucketState>;
}

function stateOf(bucket: Bucket, allowed: boolean, level: number, waitMs: number): BucketState {
  return {
    allowed,
    remaining: allowed ? Math.max(0, Math.floor(bucket.capacity - level)) : 0,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

/** The same bucket arithmetic in process memory (bounded: idle full buckets are dropped). */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { level: number; at: number }>();
  const MAX_BUCKETS = 100_000;
  return {
    async take(key, bucket, cost) {
      const time = now();
      const rate = bucket.refillPerSecond / 1000;
      const state = buckets.get(key) ?? { level: 0, at: time };
      let level = time > state.at ? Math.max(0, state.level - (time - state.at) * rate) : state.level;
      const allowed = !(cost > 0 && level + cost > bucket.capacity);
      const waitMs = allowed ? 0 : (level + cost - bucket.capacity) / rate;
      if (allowed) level = Math.max(0, level + cost);
      if (buckets.size >= MAX_BUCKETS && !buckets.has(key)) {
        for (const [k, v] of buckets) if (v.level === 0 || buckets.size >= MAX_BUCKETS) buckets.delete(k);
      }
      buckets.set(key, { level, at: Math.max(time, state.at) });
      return stateOf(bucket, allowed, level, waitMs);
    },
  };
}

/**
 * Buckets in Redis under `prefix` (e.g. `jowi:<database>:rl:`), with the in-process limiter as
 * the fallback while Redis fails. Without Redis, only the in-process limiter.
 */
export function createRateLimiter(options: {
  redis: Redis | null;
  prefix: string;
  log: Logger;
  now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const memory = createMemoryRateLimiter(now);
  const { redis } = options;
  if (!redis) return memory;
  redis.defineCommand('jowiLeakyBucket', { numberOfKeys: 1, lua: LEAKY_BUCKET });
  const run = redis as unknown as {
    jowiLeakyBucket(key: string, ...args: (string | number)[]): Promise<[number, string, string]>;
  };
  let lastWarning = 0;
  return {
    async take(key, bucket, cost) {
      try {
        const [allowed, remaining, wait] = await run.jowiLeakyBucket(
          options.prefix + key,
          bucket.capacity,
          bucket.refillPerSecond / 1000,
          now(),
          cost,
        );
        return stateOf(bucket, allowed === 1, bucket.capacity - Number(remaining), Number(wait));
      } catch (error) {
        if (Date.now() - lastWarning > 30_000) {
          lastWarning = Date.now();
          options.log.warn(
            { err: (error as Error).message },
            'rate limits fall back to this process (Redis failed)',
          );
        }
        return memory.take(key, bucket, cost);
      }
    },
  };
}
