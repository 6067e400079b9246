'use client';

/**
 * `useQuery` for back-office pages that must never go blank: the cache answers first and the
 * network refreshes behind it (`cache-and-network`); when the network fails, the last data this
 * browser read for the same variables (the persisted cache) is returned with `stale: true`
 * instead of an empty result, and the page shows it read-only under the connection banner.
 */
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';

/** The query's data (fresh or cached), whether it is cached because the network failed, and the rest of `useQuery`. */
export function useCachedQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
) {
  const client = useApolloClient();
  const result = useQuery<TData, TVariables>(document, {
    variables,
    fetchPolicy: 'cache-and-network',
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
