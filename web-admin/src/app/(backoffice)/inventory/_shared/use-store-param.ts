'use client';

/** The store an inventory page shows: `?store=` in the URL, else the header's store, else the first. */
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { useSetSearchParams } from '../../../../lib/url-state.ts';
import type { StoreOption } from './store-picker.tsx';

export function useStoreParam(
  stores: readonly StoreOption[],
  defaultStoreId: string | null,
): [string | undefined, (storeId: string) => void] {
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const known = (id: string | null | undefined) =>
    id && stores.some((store) => store.id === id) ? id : undefined;
  const storeId = known(params.get('store')) ?? known(defaultStoreId) ?? stores[0]?.id;
  const setStore = useCallback((next: string) => setParams({ store: next }), [setParams]);
  return [storeId, setStore];
}
