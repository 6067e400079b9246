/**
 * The lean catalog pull (`catalogChanges { cursor hasMore compact(format:) }`, docs/api.md "Lean
 * catalog pull") answered with the catalog subgraph's own response text.
 *
 * Every field of such an operation is owned by the catalog subgraph, and `compact` is one JSON
 * value of several megabytes that PostgreSQL wrote. Through the query planner the gateway would
 * parse each page the subgraph sent, walk it to shape the result, serialise it again and collect
 * the garbage — CPU of the order of the subgraph's own per pull (docs/performance.md). Here, after
 * the operation is parsed, validated and admitted by the limits (cost, rate limit: the limits
 * plugin's `didResolveOperation` runs before `responseForOperation`), the operation is sent as the
 * client wrote it to the catalog subgraph with the gateway-signed identity, and the subgraph's
 * `data` is written into the gateway's response as it is (`RawJson`). The limits plugin still
 * reports the cost, and its extensions are added as for any response.
 *
 * Only a narrow shape qualifies — a query whose only root field is `catalogChanges`, selecting only
 * `cursor`, `hasMore`, `compact` and `__typename`, with `compact` among them, with no fragments and
 * no directives — and only a plain success of the subgraph: HTTP 200, a body that starts with the
 * field's `data` and holds no `errors` or `extensions` key. Anything else (an error, a refused
 * format, the subgraph unreachable) takes the usual path through the query planner, which answers
 * it as before; the pull is a read, so asking twice changes nothing.
 */
import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import { IDENTITY_HEADER, RawJson, type ServiceMetrics, TRACE_HEADER } from '@jowi/server-kit';
import { type FieldNode, Kind, type OperationDefinitionNode, print } from 'graphql';

/** The fields of `CatalogChangePage` the subgraph's answer may be passed through for. */
const PAGE_FIELDS = new Set(['cursor', 'hasMore', 'compact', '__typename']);

interface PassthroughContext {
  traceId?: string;
  identityToken?: () => Promise<string>;
}

export interface CompactPassthroughOptions {
  /** The catalog subgraph's GraphQL URL (known once the gateway has built its services). */
  catalogUrl: () => string | undefined;
  fetcher: Fetcher;
  metrics: ServiceMetrics;
}

/** The root field when `operation` is a lean pull as described above, else null. */
export function leanPullField(operation: OperationDefinitionNode): FieldNode | null {
  if (operation.operation !== 'query' || operation.directives?.length) return null;
  const roots = operation.selectionSet.selections;
  if (roots.length !== 1) return null;
  const root = roots[0]!;
  if (root.kind !== Kind.FIELD || root.name.value !== 'catalogChanges' || root.directives?.length)
    return null;
  const fields = root.selectionSet?.selections ?? [];
  let compact = false;
  for (const field of fields) {
    if (field.kind !== Kind.FIELD || field.directives?.length || !PAGE_FIELDS.has(field.name.value))
      return null;
    if (field.name.value === 'compact') compact = true;
  }
  return compact ? root : null;
}

/**
 * The subgraph's value of `key` when `text` is exactly `{"data":{"<key>":<value>}}` (a trailing
 * newline allowed), else null. `errors` would come first (Apollo Server writes errors before
 * data); an `errors` or `extensions` key anywhere refuses the body (inside strings quotes are
 * escaped, and format 1 has no such key), so only a plain answer is passed through.
 */
export function dataValueOf(text: string, key: string): string | null {
  const prefix = `{"data":{${JSON.stringify(key)}:`;
  const body = text.trimEnd();
  if (!body.startsWith(prefix) || !body.endsWith('}}')) return null;
  if (body.includes('"errors":') || body.includes('"extensions":')) return null;
  return body.slice(prefix.length, -2);
}

/**
 * The page as its JSON text, with the selected response keys present for the limits plugin's
 * actual-cost walk (it counts the fields a response holds; their values are in the text).
 */
class PassedPage extends RawJson {
  [key: string]: unknown;
  constructor(text: string, keys: readonly string[]) {
    super(text);
    for (const key of keys) this[key] = true;
  }
}

export function compactPassthroughPlugin<TContext extends PassthroughContext>(
  options: CompactPassthroughOptions,
): ApolloServerPlugin<TContext> {
  const outcomes = options.metrics.counter(
    'jowi_gateway_compact_passthrough_total',
    'Lean catalog pulls answered with the catalog subgraph response as is (answered) or through the query planner (fallback)',
    ['outcome'],
  );

  async function answer(rc: GraphQLRequestContext<TContext>): Promise<GraphQLResponse | null> {
    const operation = rc.operation;
    // Only requests that came over HTTP: an in-process `executeOperation` reads the result as objects.
    if (!operation || !rc.request.http) return null;
    const field = leanPullField(operation);
    const url = options.catalogUrl();
    if (!field || !url) return null;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (rc.contextValue.identityToken) headers[IDENTITY_HEADER] = await rc.contextValue.identityToken();
    if (rc.contextValue.traceId) headers[TRACE_HEADER] = rc.contextValue.traceId;
    let text: string;
    try {
      const response = await options.fetcher(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: print(operation),
          variables: rc.request.variables ?? {},
          ...(operation.name ? { operationName: operation.name.value } : {}),
        }),
      });
      text = await response.text();
      if (response.status !== 200) return null;
    } catch {
      return null;
    }
    const key = field.alias?.value ?? field.name.value;
    const value = dataValueOf(text, key);
    if (value === null) return null;
    const keys = (field.selectionSet?.selections ?? []).map((s) => {
      const f = s as FieldNode;
      return f.alias?.value ?? f.name.value;
    });
    return {
      http: { status: undefined, headers: new HeaderMap() },
      body: { kind: 'single', singleResult: { data: { [key]: new PassedPage(value, keys) } } },
    };
  }

  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          if (!rc.operation || !leanPullField(rc.operation)) return null;
          const response = await answer(rc);
          outcomes.inc({ outcome: response ? 'answered' : 'fallback' });
          return response;
        },
      };
    },
  };
}
