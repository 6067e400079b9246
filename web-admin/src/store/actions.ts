'use server';

import { cookies } from 'next/headers';
import { ALL_STORES, isStoreId, STORE_COOKIE } from './store.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * Remembers the chosen store (or every store). Setting a cookie in a server action re-renders
 * the current page, so its figures follow the switch in the same round trip.
 */
export async function selectStore(storeId: string): Promise<void> {
  const jar = await cookies();
  if (storeId === ALL_STORES) jar.delete(STORE_COOKIE);
  else if (isStoreId(storeId))
    jar.set(STORE_COOKIE, storeId, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax' });
}
