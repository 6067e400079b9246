import { Redis } from 'ioredis';

export type { Redis };

/**
 * Redis is optional: with no REDIS_URL the service runs single-node with in-process equivalents.
 * The client never queues commands forever when Redis is down — callers see the failure.
 */
export function createRedis(url: string | undefined): Redis | null {
  if (!url) return null;
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
}
