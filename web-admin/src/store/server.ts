import { cookies } from 'next/headers';
import { isStoreId, STORE_COOKIE } from './store.ts';

/** The store chosen in the header, or null for every store. */
export async function getSelectedStoreId(): Promise<string | null> {
  const value = (await cookies()).get(STORE_COOKIE)?.value;
  return isStoreId(value) ? value : null;
}
