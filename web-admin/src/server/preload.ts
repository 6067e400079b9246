/**
 * A page's first query, read on the server while the page renders, so the browser gets the data
 * in the HTML instead of asking for it after hydration (one round trip and the whole JS start-up
 * off the critical path). The client seeds its Apollo cache with the result (`useCachedQuery`'s
 * `seed`); when the read fails the page is rendered without it and the browser asks as before
 * (and falls back to the persisted cache when the API cannot be reached).
 */
import type { TypedDocumentNode } from '@apollo/client';
import { addTypenameToDocument } from '@apollo/client/utilities';
import type { QuerySeed } from '../lib/use-cached-query.ts';
import { gatewayRequest } from './gateway.ts';
import type { Session } from './guard.ts';

const withTypenames = new WeakMap<object, TypedDocumentNode<unknown, unknown>>();

/**
 * The result of `document` for `variables` as the signed-in person, or null when the gateway did
 * not answer it. The document gets the `__typename` fields the client cache adds to its own
 * queries, so the result can be written to that cache as it is.
 */
export async function preloadQuery<TData, TVariables>(
  session: Session,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<QuerySeed<TData, TVariables> | null> {
  let typed = withTypenames.get(document) as TypedDocumentNode<TData, TVariables> | undefined;
  if (!typed) {
    typed = addTypenameToDocument(document) as TypedDocumentNode<TData, TVariables>;
    withTypenames.set(document, typed as TypedDocumentNode<unknown, unknown>);
  }
  const result = await gatewayRequest(typed, variables, session.accessToken);
  return result.ok ? { data: result.data, variables } : null;
}
