'use client';

/**
 * Apollo Client for the back office. It talks only to the admin's own `/api/graphql` (the BFF),
 * which adds the access token from the httpOnly cookie. A 401 from there means the session is
 * gone, so the browser is sent to the login page and comes back afterwards.
 *
 * Lost connection: the cache is persisted to localStorage (apollo3-cache-persist), one key per
 * signed-in person, and restored right after hydration (a layout effect), before the pages
 * mount. The pages then render at once with the first query's data when the page read it on the
 * server (see `server/preload.ts`), written over the restored entries, so data read just now is
 * never replaced by older saved data. A request that cannot reach the API
 * (browser offline, BFF or gateway down) marks the connection lost: pages keep the last data
 * they read (see `use-cached-query.ts`), a banner says so, and actions are disabled until a
 * request succeeds again.
 */
import {
  ApolloClient,
  ApolloLink,
  type FieldPolicy,
  HttpLink,
  InMemoryCache,
  ServerError,
} from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { ApolloProvider } from '@apollo/client/react';
import { Spinner } from '@jowi/ui';
import { CachePersistor, LocalStorageWrapper } from 'apollo3-cache-persist';
import { createContext, type ReactNode, useContext, useEffect, useLayoutEffect, useState } from 'react';
import { tap } from 'rxjs';

interface ConnectionShape {
  edges: readonly unknown[];
}

/**
 * One cache entry per page: filter, order, size and cursor (the product table shows numbered
 * server pages, so a page never merges into another; a refetch replaces its own entry).
 */
const connection: FieldPolicy<ConnectionShape> = {
  keyArgs: ['filter', 'orderBy', 'first', 'after'],
};

/** Statuses of the BFF that mean "the API is not reachable", not "the request was wrong". */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

/** Whether a link error means the API could not be reached (rather than refused the request). */
export function isConnectionError(error: unknown): boolean {
  if (ServerError.is(error)) return UNREACHABLE_STATUSES.has(error.statusCode);
  // fetch() rejects with a TypeError when the network is down or the server is gone.
  return error instanceof TypeError;
}

function createClient(cache: InMemoryCache, report: (online: boolean) => void): ApolloClient {
  const toLogin = new ErrorLink(({ error }) => {
    if (ServerError.is(error) && error.statusCode === 401 && typeof window !== 'undefined') {
      const here = `${window.location.pathname}${window.location.search}`;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
  });
  const connectionStatus = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap({
        next: () => report(true),
        error: (error: unknown) => {
          if (isConnectionError(error)) report(false);
        },
      }),
    ),
  );
  return new ApolloClient({
    link: ApolloLink.from([
      connectionStatus,
      toLogin,
      new HttpLink({ uri: '/api/graphql', credentials: 'same-origin' }),
    ]),
    cache,
  });
}

function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: { fields: { products: connection } },
      // A customer's loyalty has no id of its own: the profile and its ledger pages select
      // different fields of it, which must add up instead of replacing each other.
      CustomerLoyalty: { merge: true },
    },
  });
}

const ConnectionContext = createContext<{ online: boolean }>({ online: true });

/** Whether the API answered the last request; false while only cached data can be shown. */
export function useConnection(): { online: boolean } {
  return useContext(ConnectionContext);
}

/**
 * Provides the back office's Apollo Client to client components below it. `cacheKey` names this
 * person's persisted cache (tenant and staff id), so one browser never shows another's data.
 */
export function AdminApolloProvider({ cacheKey, children }: { cacheKey: string; children: ReactNode }) {
  const [online, setOnline] = useState(true);
  const [state] = useState(() => {
    const cache = createCache();
    return { cache, client: createClient(cache, setOnline) };
  });

  // The pages mount only after hydration: before it, a typed search or a click would be lost
  // (React hydrates controlled inputs with their server value), and the virtualised tables'
  // server rows raced their hydrating twins. The saved cache is restored first (a layout effect,
  // before paint), then the pages render with what the server read for them (`useSeed`), so no
  // request waits for hydration.
  const [hydrated, setHydrated] = useState(false);
  useLayoutEffect(() => {
    restoreUnder(state.cache, storageKey(cacheKey));
    performance.mark('jowi:cache-restored');
    setHydrated(true);
  }, [cacheKey, state]);

  useEffect(() => {
    const persistor = new CachePersistor({
      cache: state.cache,
      storage: new LocalStorageWrapper(window.localStorage),
      key: storageKey(cacheKey),
      // A dashboard and a few lists fit easily; the default 1 MB cap would silently stop saving.
      maxSize: false,
      debounce: 500,
    });
    const offline = () => setOnline(false);
    // Back online: ask again; the answer (or its failure) sets the state.
    const online = () => void state.client.refetchQueries({ include: 'active' }).catch(() => undefined);
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      persistor.pause();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [cacheKey, state]);

  return (
    <ApolloProvider client={state.client}>
      <ConnectionContext value={{ online }}>
        {hydrated ? (
          children
        ) : (
          <div className="grid min-h-64 place-items-center">
            <Spinner size="lg" />
          </div>
        )}
      </ConnectionContext>
    </ApolloProvider>
  );
}

function storageKey(cacheKey: string): string {
  return `jowi.admin.apollo-cache.${cacheKey}`;
}

type NormalizedEntries = Record<string, Record<string, unknown> | undefined>;

/**
 * Restores the saved cache under the current one: every saved entry comes back, but a field the
 * cache already holds (the server's data for this page, an answer that arrived first) wins.
 * A saved cache that cannot be read is dropped.
 */
function restoreUnder(cache: InMemoryCache, key: string): void {
  let saved: NormalizedEntries | null = null;
  try {
    const raw = window.localStorage.getItem(key);
    saved = raw ? (JSON.parse(raw) as NormalizedEntries) : null;
  } catch {
    window.localStorage.removeItem(key);
  }
  if (!saved || typeof saved !== 'object') return;
  const current = cache.extract() as NormalizedEntries;
  const merged: NormalizedEntries = { ...saved };
  for (const [id, entry] of Object.entries(current)) merged[id] = { ...saved[id], ...entry };
  cache.restore(merged as Parameters<InMemoryCache['restore']>[0]);
  // `restore` replaces the store without telling the watching queries; an empty batch does.
  cache.batch({ update: () => undefined });
}
