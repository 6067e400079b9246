/**
 * Apollo Client for the till.
 *
 * The signed-in client's cache is persisted to localStorage (apollo3-cache-persist), one key
 * per tenant, and restored *before* the first render: after a restart the product list is on
 * screen at once and is refreshed from the network behind it. Logging out keeps the tenant's
 * catalog (the next cashier of the same restaurant needs it) but forgets the tokens.
 *
 * Every request carries the session's access token. On 401 the refresh token is rotated once
 * (single-flight, shared by concurrent requests) and the request retried; a refused refresh
 * signs the till out, while an unreachable server leaves the session alone (we may be offline).
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { CachePersistor, LocalStorageWrapper } from 'apollo3-cache-persist';
import { print } from 'graphql';
import { RefreshSessionDocument, type RefreshSessionMutation } from '../__generated__/graphql.ts';
import { sessionStore } from './session.ts';

type RefreshOutcome = 'refreshed' | 'refused' | 'unreachable';

let refreshing: Promise<RefreshOutcome> | null = null;

async function refreshTokens(gatewayUrl: string): Promise<RefreshOutcome> {
  const session = sessionStore.get();
  if (!session) return 'refused';
  let body: { data?: RefreshSessionMutation | null };
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(RefreshSessionDocument),
        variables: { input: { refreshToken: session.refreshToken } },
      }),
    });
    if (response.status >= 500) return 'unreachable';
    body = (await response.json()) as typeof body;
  } catch {
    return 'unreachable';
  }
  const payload = body.data?.refreshSession;
  if (!payload?.accessToken || !payload.refreshToken) return 'refused';
  sessionStore.updateTokens(payload.accessToken, payload.refreshToken);
  return 'refreshed';
}

/** `fetch` with the bearer token and one refresh-and-retry on 401. */
export function authenticatedFetch(gatewayUrl: string): typeof fetch {
  const send = (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const session = sessionStore.get();
    if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
    return fetch(input, { ...init, headers });
  };
  return async (input, init) => {
    const response = await send(input, init);
    if (response.status !== 401 || !sessionStore.get()) return response;
    refreshing ??= refreshTokens(gatewayUrl).finally(() => {
      refreshing = null;
    });
    const outcome = await refreshing;
    if (outcome === 'refreshed') return send(input, init);
    if (outcome === 'refused') sessionStore.set(null);
    return response;
  };
}

/** A client without a session, for the login screen. */
export function createAnonymousClient(gatewayUrl: string): ApolloClient {
  return new ApolloClient({ cache: new InMemoryCache(), link: new HttpLink({ uri: gatewayUrl }) });
}

/** The cache's localStorage key for one tenant. */
export const cacheKey = (tenantId: string) => `jowi.apollo-cache.${tenantId}`;

/**
 * The signed-in client, with its cache restored from localStorage before it is returned.
 * A corrupt persisted cache is dropped rather than blocking the till.
 */
export async function createSessionClient(gatewayUrl: string, tenantId: string): Promise<ApolloClient> {
  const cache = new InMemoryCache();
  const persistor = new CachePersistor({
    cache,
    storage: new LocalStorageWrapper(window.localStorage),
    key: cacheKey(tenantId),
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
    link: new HttpLink({ uri: gatewayUrl, fetch: authenticatedFetch(gatewayUrl) }),
  });
}
