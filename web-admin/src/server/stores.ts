/** The tenant's stores for the header and pages, read once per request. */
import { cache } from 'react';
import { ShellStoresDocument } from '../__generated__/graphql.ts';
import { gatewayRequest } from './gateway.ts';
import type { Session } from './guard.ts';

/** A store as pages need it. */
export interface StoreSummary {
  id: string;
  name: string;
  timeZone: string;
}

/** Business days of a store identity has not told us about are counted in this zone (ARCHITECTURE §5). */
export const DEFAULT_TIME_ZONE = 'Asia/Tashkent';

/** The stores, by name; empty when the gateway cannot say. */
export const loadStores = cache(async (session: Session): Promise<StoreSummary[]> => {
  const result = await gatewayRequest(ShellStoresDocument, {}, session.accessToken);
  return result.ok ? result.data.stores.edges.map(({ node }) => node) : [];
});

/** The zone a page's dates are read in: the chosen store's, else the first store's. */
export function timeZoneOf(stores: readonly StoreSummary[], storeId: string | null): string {
  return (stores.find((store) => store.id === storeId) ?? stores[0])?.timeZone ?? DEFAULT_TIME_ZONE;
}
