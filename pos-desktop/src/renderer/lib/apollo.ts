/**
 * Apollo Client for the till's catalog reads.
 *
 * Tokens live in the POS host only: every request asks `window.pos.session.accessToken()` for a
 * current one (the host refreshes it with the refresh token it keeps) and holds it in memory for
 * that request alone. Offline the host answers null and the request goes out without one — the
 * persisted cache is what the cashier sells from then.
 *
 * The catalog is not in this cache: its queries (`features/catalog/catalog.graphql`) are `@client`
 * fields that LocalState resolves from the POS host's SQLite store, online and offline alike.
 * The cache (session-sized data) is persisted to localStorage (apollo3-cache-persist), one key per
 * paired terminal, and restored *before* the first render.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { CachePersistor, LocalStorageWrapper } from 'apollo3-cache-persist';
import { catalogLocalState } from '../features/catalog/local-resolvers.ts';
import { posApi } from './bridge.ts';

/** `fetch` with the host's current access token, when it has one. */
export function hostAuthenticatedFetch(): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const token = await posApi().session.accessToken();
    if (token.ok && token.value) headers.set('authorization', `Bearer ${token.value}`);
    return fetch(input, { ...init, headers });
  };
}

/** The cache's localStorage key for one paired terminal. */
export const cacheKey = (terminalId: string) => `jowi.apollo-cache.${terminalId}`;

/**
 * The till's client, with its cache restored from localStorage before it is returned.
 * A corrupt persisted cache is dropped rather than blocking the till.
 */
export async function createTillClient(gatewayUrl: string, terminalId: string): Promise<ApolloClient> {
  const cache = new InMemoryCache();
  const persistor = new CachePersistor({
    cache,
    storage: new LocalStorageWrapper(window.localStorage),
    key: cacheKey(terminalId),
    // The default 1 MB cap would silently stop persisting a real catalog.
    maxSize: false,
    debounce: 500,
  });
  try {
    await persistor.restore();
  } catch {
    await persistor.purge();
  }
  return new ApolloClient({
    cache,
    link: new HttpLink({ uri: gatewayUrl, fetch: hostAuthenticatedFetch() }),
    // The catalog's `@client` fields resolve against the POS host's store, never the network.
    localState: catalogLocalState(() => posApi().catalog),
  });
}
