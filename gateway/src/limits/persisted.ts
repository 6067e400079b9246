/**
 * Automatic persisted queries (APQ) and safelists.
 *
 * APQ: a client sends `extensions.persistedQuery.sha256Hash` alone; if the gateway does not know
 * the hash it answers `PERSISTED_QUERY_NOT_FOUND` and the client sends the text with the hash
 * once, which is stored. Apollo Server runs the protocol; the store is Redis (shared by every
 * gateway process, entries kept 7 days since last registration), or process memory without
 * Redis. A Redis failure reads as "not found" (the client then sends the text), never as an error.
 *
 * Safelist mode, per API key: an integrator's key can be restricted to a list of operations
 * (`npm run safelist -- add <keyId> <file.graphql>…`). Such a key may run only those
 * documents — sent by hash or as text — and anything else is `PERSISTED_QUERY_NOT_ALLOWED`.
 * Safelisted documents are stored without expiry. A key's list is read from Redis at most every
 * {@link SAFELIST_CACHE_MS} per gateway process.
 */
import { createHash } from 'node:crypto';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger, Redis } from '@jowi/server-kit';
import { ExpiringCache } from '../expiring-cache.ts';

export const APQ_TTL_SECONDS = 7 * 24 * 3600;
export const SAFELIST_CACHE_MS = 10_000;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The Redis key prefix of a deployment's database: test runs and deployments never share state. */
export function redisPrefix(databaseUrl: string): string {
  const database = new URL(databaseUrl).pathname.replace(/^\//, '') || 'jowi';
  return `jowi:${database}:`;
}

/** Apollo Server's `persistedQueries.cache` on Redis; Apollo prefixes its keys with `apq:`. */
export function redisKeyValueCache(redis: Redis, prefix: string, log: Logger): KeyValueCache<string> {
  const warn = (error: unknown) =>
    log.warn({ err: (error as Error).message }, 'persisted-query store failed');
  return {
    async get(key) {
      try {
        return (await redis.get(prefix + key)) ?? undefined;
      } catch (error) {
        warn(error);
        return undefined;
      }
    },
    async set(key, value, options?: KeyValueCacheSetOptions) {
      try {
        // A safelisted document (no TTL) is never shortened to the APQ lifetime.
        if (options?.ttl) await redis.set(prefix + key, value, 'EX', options.ttl, 'NX');
        else await redis.set(prefix + key, value);
      } catch (error) {
        warn(error);
      }
    },
    async delete(key) {
      try {
        return (await redis.del(prefix + key)) > 0;
      } catch (error) {
        warn(error);
        return false;
      }
    },
  };
}

/** Safelists of API keys, managed by `npm run safelist` and read by the gateway. */
export interface SafelistStore {
  /** The hashes a key may run, or null when the key is not in safelist mode. */
  hashesOf(keyId: string): Promise<ReadonlySet<string> | null>;
  /** Adds documents to a key's list (switching it to safelist mode); returns their hashes. */
  add(keyId: string, documents: string[]): Promise<string[]>;
  /** Ends safelist mode for a key. */
  clear(keyId: string): Promise<void>;
}

export function createSafelistStore(redis: Redis, prefix: string): SafelistStore {
  const listKey = (keyId: string) => `${prefix}safelist:${keyId}`;
  const cache = new ExpiringCache<ReadonlySet<string> | null>(10_000);
  return {
    async hashesOf(keyId) {
      const now = Date.now();
      const hit = cache.get(keyId, now);
      if (hit !== undefined) return hit;
      const members = await redis.smembers(listKey(keyId));
      const hashes = members.length ? new Set(members) : null;
      cache.set(keyId, hashes, now + SAFELIST_CACHE_MS);
      return hashes;
    },
    async add(keyId, documents) {
      const hashes = documents.map(sha256Hex);
      const multi = redis.multi();
      for (const [i, document] of documents.entries()) multi.set(`${prefix}apq:${hashes[i]}`, document);
      multi.sadd(listKey(keyId), ...hashes);
      await multi.exec();
      return hashes;
    },
    async clear(keyId) {
      await redis.del(listKey(keyId));
    },
  };
}
