/**
 * How the catalog sync reaches the server: where the pages of a pull begin
 * (`catalogChangePageStarts`, null from an older server that does not know the query),
 * `catalogChanges { compact(format: 1) }` pages and the store the terminal belongs to, over the gateway with the session's token and the app version
 * (`postGraphQL` sends `x-jowi-client-version`). Failures are `TransportError`s of the sync
 * module's kinds, so the status tells "offline" from "signed out" from "server trouble".
 */
import { z } from 'zod';
import {
  type AuthProvider,
  type GraphQLClientOptions,
  postGraphQL,
  TransportError,
} from '../sync/transport.ts';
import { compactPageSchema, type FeedPage } from './compact-page.ts';

/** The largest compact page the feed serves: fewest round trips for a full pull. */
export const FEED_PAGE_SIZE = 20_000;

const PAGE = `query PosCatalogPage($since: String, $first: Int) {
  catalogChanges(since: $since, first: $first) { cursor hasMore compact(format: 1) } }`;
const STARTS = `query PosCatalogPageStarts($since: String, $first: Int!) {
  catalogChangePageStarts(since: $since, first: $first) }`;
const STORES = `query PosTerminalStore { stores(first: 250) { edges { node { id terminals { id } } } } }`;

const pageSchema = z.object({
  data: z.object({
    catalogChanges: z.object({ cursor: z.string(), hasMore: z.boolean(), compact: compactPageSchema }),
  }),
});
const startsSchema = z.object({ data: z.object({ catalogChangePageStarts: z.array(z.string()) }) });
/** How a server answers a document it cannot validate (a query it does not have yet). */
const validationFailure = z.object({
  errors: z
    .array(z.object({ extensions: z.object({ code: z.literal('GRAPHQL_VALIDATION_FAILED') }) }))
    .min(1),
});
const storesSchema = z.object({
  data: z.object({
    stores: z.object({
      edges: z.array(
        z.object({ node: z.object({ id: z.string(), terminals: z.array(z.object({ id: z.string() })) }) }),
      ),
    }),
  }),
});

/** What the catalog sync needs of the network. */
export interface CatalogFeed {
  /**
   * The cursors where each page of a pull from `since` begins (`since` itself first), or null
   * when the server does not know the query (an older API: pull page after page).
   */
  pageStarts(since: string | null): Promise<string[] | null>;
  page(since: string | null): Promise<FeedPage>;
  /** The store of `terminalId`, or null when the server does not list it. */
  storeOf(terminalId: string): Promise<string | null>;
}

export interface CatalogFeedOptions extends GraphQLClientOptions {
  auth: AuthProvider;
  /** Changes per page (default {@link FEED_PAGE_SIZE}; tests use smaller pages). */
  pageSize?: number;
}

/** The feed over the gateway. */
export function graphQLCatalogFeed(options: CatalogFeedOptions): CatalogFeed {
  const first = options.pageSize ?? FEED_PAGE_SIZE;
  /** The answer's status and body, the session refreshed once if it was refused. */
  const authorized = async (query: string, variables: Record<string, unknown>) => {
    const send = async () => {
      const token = await options.auth.accessToken();
      if (!token) throw new TransportError('unauthenticated', 'no server session on this till');
      return postGraphQL(options, query, variables, token);
    };
    let answer = await send();
    if (answer.status === 401 && (await options.auth.refresh())) answer = await send();
    if (answer.status === 401)
      throw new TransportError('unauthenticated', 'the server refused the session', 401);
    return answer;
  };
  const call = async (query: string, variables: Record<string, unknown>): Promise<unknown> => {
    const answer = await authorized(query, variables);
    if (answer.status !== 200) throw new TransportError('server', `HTTP ${answer.status}`, answer.status);
    return answer.body;
  };
  return {
    async pageStarts(since) {
      const answer = await authorized(STARTS, { since, first });
      if (validationFailure.safeParse(answer.body).success) return null;
      if (answer.status !== 200) throw new TransportError('server', `HTTP ${answer.status}`, answer.status);
      const parsed = startsSchema.safeParse(answer.body);
      if (!parsed.success) throw new TransportError('server', 'unexpected catalogChangePageStarts answer');
      return parsed.data.data.catalogChangePageStarts;
    },
    async page(since) {
      const parsed = pageSchema.safeParse(await call(PAGE, { since, first }));
      if (!parsed.success) throw new TransportError('server', 'unexpected catalogChanges answer');
      const { cursor, hasMore, compact } = parsed.data.data.catalogChanges;
      return { page: compact, cursor, hasMore };
    },
    async storeOf(terminalId) {
      const parsed = storesSchema.safeParse(await call(STORES, {}));
      if (!parsed.success) throw new TransportError('server', 'unexpected stores answer');
      const store = parsed.data.data.stores.edges.find((e) =>
        e.node.terminals.some((t) => t.id === terminalId),
      );
      return store?.node.id ?? null;
    },
  };
}
