/** Cookie holding the store the back office shows; absent (or unknown) means every store. */
export const STORE_COOKIE = 'jowi_store';

/** The value the store switcher uses for "all stores". */
export const ALL_STORES = 'all';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Narrows an untrusted cookie or action argument to a store id. */
export function isStoreId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
