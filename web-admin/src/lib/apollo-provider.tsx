'use client';

/**
 * Apollo Client for the back office. It talks only to the admin's own `/api/graphql` (the BFF),
 * which adds the access token from the httpOnly cookie. A 401 from there means the session is
 * gone, so the browser is sent to the login page and comes back afterwards.
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
import { type ReactNode, useState } from 'react';

interface ConnectionShape {
  edges: readonly unknown[];
}

/**
 * One cache entry per filter; pages fetched with `after` are appended, a fetch without `after`
 * (first page, refetch) replaces the list.
 */
const connection: FieldPolicy<ConnectionShape> = {
  keyArgs: ['filter'],
  merge(existing, incoming, { args }) {
    if (!existing || !args?.after) return incoming;
    return { ...incoming, edges: [...existing.edges, ...incoming.edges] };
  },
};

function createClient(): ApolloClient {
  const toLogin = new ErrorLink(({ error }) => {
    if (ServerError.is(error) && error.statusCode === 401 && typeof window !== 'undefined') {
      const here = `${window.location.pathname}${window.location.search}`;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
  });
  return new ApolloClient({
    link: ApolloLink.from([toLogin, new HttpLink({ uri: '/api/graphql', credentials: 'same-origin' })]),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { products: connection } } } }),
  });
}

/** Provides the back office's Apollo Client to client components below it. */
export function AdminApolloProvider({ children }: { children: ReactNode }) {
  // One client per tab, kept across re-renders. (Server rendering builds one too but never fetches:
  // the products query runs with `ssr: false`.)
  const [client] = useState(createClient);
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}
