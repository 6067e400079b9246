/**
 * Login throttling: consecutive failures per subject+IP (subject = an account's email hash, a
 * terminal, or pairing) with a growing lock, and failures per IP in a fixed window with an IP
 * lock. Counters live in Redis when there is one (atomic Lua), else in this process.
 *
 * Redis unreachable ⇒ this process falls back to its own in-memory counters and logs a warning
 * (docs/decisions.md, "Login throttling when Redis is unreachable"): limits still apply per
 * process — never "unlimited" — and nobody is locked out merely because Redis is down.
 */
import { createHash } from 'node:crypto';
import type { Logger, Redis } from '@jowi/server-kit';

export interface ThrottleSettings {
  /** Consecutive failures per subject+IP before the first lock. */
  maxFailures: number;
  /** First lock; doubles with every further failure. */
  lockBaseSeconds: number;
  lockMaxSeconds: number;
  /** Failures per IP within `ipWindowSeconds` that lock the IP for `ipWindowSeconds`. */
  ipMaxFailures: number;
  ipWindowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  maxFailures: 5,
  lockBaseSeconds: 60,
  lockMaxSeconds: 15 * 60,
  ipMaxFailures: 50,
  ipWindowSeconds: 15 * 60,
};

export type ThrottleVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/** How long a run of consecutive failures is remembered after the last one. */
const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;
/** A Redis outage is logged at most this often. */
const WARN_EVERY_MS = 30_000;

interface Keys {
  failures: string;
  lock: string;
  ipFailures: string;
  ipLock: string;
}

// KEYS: failures, lock, ipFailures, ipLock. ARGV: maxFailures, base, max, ipMax, ipWindow, memory.
const FAILURE_SCRIPT = `
local f = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[6])
local threshold = tonumber(ARGV[1])
if f >= threshold then
  local steps = math.min(f - threshold, 20)
  local lock = math.min(tonumber(ARGV[2]) * (2 ^ steps), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], f, 'EX', math.floor(lock))
end
local n = redis.call('INCR', KEYS[3])
if n == 1 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
if n >= tonumber(ARGV[4]) then redis.call('SET', KEYS[4], n, 'EX', ARGV[5]) end
return f`;

/** In-process counters with expiry: the single-node store and the fallback when Redis is down. */
class MemoryStore {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();

  private live(key: string, now: number) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Remaining lifetime in ms (0 when absent). */
  ttlMs(key: string, now = Date.now()): number {
    const entry = this.live(key, now);
    return entry ? entry.expiresAt - now : 0;
  }

  failure(keys: Keys, s: ThrottleSettings, now = Date.now()): void {
    this.sweep(now);
    const failures = (this.live(keys.failures, now)?.value ?? 0) + 1;
    this.entries.set(keys.failures, { value: failures, expiresAt: now + FAILURE_MEMORY_SECONDS * 1000 });
    if (failures >= s.maxFailures) {
      const lock = Math.min(
        s.lockBaseSeconds * 2 ** Math.min(failures - s.maxFailures, 20),
        s.lockMaxSeconds,
      );
      this.entries.set(keys.lock, { value: failures, expiresAt: now + Math.floor(lock) * 1000 });
    }
    const ip = this.live(keys.ipFailures, now);
    const count = (ip?.value ?? 0) + 1;
    this.entries.set(keys.ipFailures, {
      value: count,
      expiresAt: ip?.expiresAt ?? now + s.ipWindowSeconds * 1000,
    });
    if (count >= s.ipMaxFailures) {
      this.entries.set(keys.ipLock, { value: count, expiresAt: now + s.ipWindowSeconds * 1000 });
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops expired entries once the map grows, so a flood of distinct keys cannot pin memory. */
  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/** One per identity process; every method takes the request's Redis client (null = single node). */
export class LoginThrottle {
  private readonly memory = new MemoryStore();
  private lastWarning = 0;

  constructor(
    private readonly settings: ThrottleSettings,
    /** Namespaces the Redis keys (one deployment, one namespace). */
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  /** Whether `subject` from `ip` may try now. */
  async check(redis: Redis | null, subject: string, ip: string | null | undefined): Promise<ThrottleVerdict> {
    const keys = this.keys(subject, ip);
    const ttls = await this.withFallback(
      redis,
      async (r) => Promise.all([r.pttl(keys.lock), r.pttl(keys.ipLock)]),
      () => [this.memory.ttlMs(keys.lock), this.memory.ttlMs(keys.ipLock)],
    );
    const ms = Math.max(0, ...ttls);
    return ms > 0 ? { locked: true, retryAfterSeconds: Math.ceil(ms / 1000) } : { locked: false };
  }

  /** Counts a failed attempt. */
  async failure(redis: Redis | null, subject: string, ip: string | null | undefined): Promise<void> {
    const keys = this.keys(subject, ip);
    const s = this.settings;
    await this.withFallback(
      redis,
      async (r) => {
        await r.eval(
          FAILURE_SCRIPT,
          4,
          keys.failures,
          keys.lock,
          keys.ipFailures,
          keys.ipLock,
          s.maxFailures,
          s.lockBaseSeconds,
          s.lockMaxSeconds,
          s.ipMaxFailures,
          s.ipWindowSeconds,
          FAILURE_MEMORY_SECONDS,
        );
      },
      () => this.memory.failure(keys, s),
    );
  }

  /** A success ends the subject+IP run of failures (the per-IP window is left alone). */
  async success(redis: Redis | null, subject: string, ip: string | null | undefined): Promise<void> {
    const keys = this.keys(subject, ip);
    await this.withFallback(
      redis,
      async (r) => {
        await r.del(keys.failures);
      },
      () => this.memory.reset(keys.failures),
    );
  }

  private keys(subject: string, ip: string | null | undefined): Keys {
    // Hashed: keys reveal neither emails nor terminal ids; the IP stays readable for operators.
    const who = createHash('sha256').update(subject).digest('hex').slice(0, 32);
    const from = ip || 'unknown';
    return {
      failures: `${this.prefix}:fail:${who}:${from}`,
      lock: `${this.prefix}:lock:${who}:${from}`,
      ipFailures: `${this.prefix}:ipfail:${from}`,
      ipLock: `${this.prefix}:iplock:${from}`,
    };
  }

  private async withFallback<T>(
    redis: Redis | null,
    remote: (r: Redis) => Promise<T>,
    local: () => T,
  ): Promise<T> {
    if (!redis) return local();
    try {
      return await remote(redis);
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = now;
        this.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'login throttle: Redis unreachable, using this process’s in-memory limiter',
        );
      }
      return local();
    }
  }
}

/** Throttle settings from identity's env (unset values take the defaults). */
export function throttleSettings(env: {
  LOGIN_MAX_FAILURES?: number;
  LOGIN_LOCK_BASE_SECONDS?: number;
  LOGIN_LOCK_MAX_SECONDS?: number;
  LOGIN_IP_MAX_FAILURES?: number;
  LOGIN_IP_WINDOW_SECONDS?: number;
}): ThrottleSettings {
  return {
    maxFailures: env.LOGIN_MAX_FAILURES ?? DEFAULT_THROTTLE.maxFailures,
    lockBaseSeconds: env.LOGIN_LOCK_BASE_SECONDS ?? DEFAULT_THROTTLE.lockBaseSeconds,
    lockMaxSeconds: env.LOGIN_LOCK_MAX_SECONDS ?? DEFAULT_THROTTLE.lockMaxSeconds,
    ipMaxFailures: env.LOGIN_IP_MAX_FAILURES ?? DEFAULT_THROTTLE.ipMaxFailures,
    ipWindowSeconds: env.LOGIN_IP_WINDOW_SECONDS ?? DEFAULT_THROTTLE.ipWindowSeconds,
  };
}

/**
 * Redis key namespace: one per database, so deployments (and test runs) sharing a Redis never
 * share lockouts. Emails are global within a deployment, so the key needs no tenant.
 */
export function throttlePrefix(databaseUrl: string): string {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'jowi';
  return `jowi:${database}:login`;
}
