import { isUuid } from '@jowi/server-kit';

/**
 * The keys that can name a row (uuid columns): anything else cannot match, and sending it to
 * PostgreSQL would fail the whole batch with a cast error instead of answering "not found".
 */
export function validUuids(keys: readonly string[]): string[] {
  return [...new Set(keys.filter((key) => isUuid(key)))];
}
