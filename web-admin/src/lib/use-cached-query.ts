'use client';

/**
 * `useQuery` for back-office pages that must never go blank: the cache answers first and the
 * network refreshes behind it (`cache-and-network`); when the network fails, the last data this
 * browser read for the same variables (the persisted cache) is returned with `stale: true`
 * instead of an empty result, and the page shows it read-only under the connection banner.
 *
 * `seed`: the same query's result read on the server for this render (`preloadQuery`). It is
 * written to the cache before the first read, so the server's HTML already shows the data and
 * the browser does not ask again for those variables.
 */
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';

/** A query's result read on the server, with the variables it was read for. */
export interface QuerySeed<TData, TVariables> {
  data: TData;
  variables: TVariables;
}

/**
 * Writes `seed` to the client's cache once, during the first render (on the server for the HTML,
 * and again in the browser before hydration reads it). Returns whether there was one.
 */
export function useSeed<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  seed: QuerySeed<TData, TVariables> | null | undefined,
): boolean {
  const client = useApolloClient();
  const [seeded] = useState(() => {
    if (!seed) return false;
    client.writeQuery({ query: document, variables: seed.variables, data: seed.data } as Parameters<
      typeof client.writeQuery<TData, TVariables>
    >[0]);
    return true;
  });
  return seeded;
}

/** The query's data (fresh or cached), whether it is cached because the network failed, and the rest of `useQuery`. */
export function useCachedQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: { skip?: boolean; seed?: QuerySeed<TData, TVariables> | null } = {},
) {
  const client = useApolloClient();
  const seeded = useSeed(document, options.seed);
  const result = useQuery<TData, TVariables>(document, {
    variables,
    // Data the server has just read need not be asked for again; other variables (a new range,
    // a store switch) are answered from the cache and refreshed from the network as before.
    fetchPolicy: seeded ? 'cache-first' : 'cache-and-network',
    initialFetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
    skip: options.skip,
  } as useQuery.Options<TData, TVariables>);
  const failed = Boolean(result.error);
  // A cache read is cheap, and only happens while the network is failing.
  const cached = failed ? client.readQuery<TData, TVariables>({ query: document, variables }) : null;
  const data = (result.data as TData | undefined) ?? cached ?? undefined;
  return { ...result, data, stale: failed && data !== undefined };
}
