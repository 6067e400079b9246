/**
 * Operations whose query plan is one fetch to one subgraph (single-fetch.ts), answered without
 * the gateway's executor: the catalog page, the sales list, `syncSales`.
 *
 * Through the executor such an operation costs the gateway more than the subgraph's answer is
 * worth to it: the API-schema coercion of every variable (≈ 1.7 ms for a 50-sale `syncSales`
 * batch), the plan's execution, a data source building fetch Request and Headers objects, and the
 * result shaped field by field into a new object. Here, after the operation is parsed, validated
 * and admitted by the limits (cost, rate limit: `didResolveOperation` runs before
 * `responseForOperation`), the plugin sends the very request the executor would send — the
 * planner's fetch text, the variables it uses, the gateway-signed identity, the trace id and the
 * sharing scope — and when the subgraph answers HTTP 200 with `data` alone (no `errors`, no
 * `extensions`), that data, less the `__typename` fields the planner added, is the answer: the
 * executor would have produced the same object from it.
 *
 * Anything else — an error in the body, another status, a failed connection, a shape the planner
 * changed — is handed to the usual path with the response already received kept as a *replay*:
 * the executor's fetch for this subgraph is answered with it instead of being sent again
 * (subgraph-fetcher.ts), so the client gets exactly what Apollo's path gives, errors, codes and
 * masking included, and a mutation is never sent twice. A mutation, answered or replayed, starts
 * a new sharing generation for its tenant, as the data source does.
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { IDENTITY_HEADER, type Identity, type ServiceMetrics, TRACE_HEADER } from '@jowi/server-kit';
import { leanPullField } from './compact-passthrough.ts';
import { applyTypenameMask, type SingleFetch, type SingleFetchPlanner } from './single-fetch.ts';
import { type Replay, SHARE_SCOPE_HEADER, type SubgraphFetcher } from './subgraph-fetcher.ts';
import type { SubgraphSharing } from './subgraph-sharing.ts';

interface PassthroughContext {
  identity: Identity;
  traceId: string;
  identityToken: () => Promise<string>;
  replay?: { service: string; id: string } | null;
}

export interface SingleFetchPassthroughOptions {
  planner: SingleFetchPlanner;
  /** A subgraph's GraphQL URL by name (known once the gateway has built its services). */
  subgraphUrl: (name: string) => string | undefined;
  fetcher: Pick<SubgraphFetcher, 'fetcher' | 'replays'>;
  sharing: SubgraphSharing | null;
  metrics: ServiceMetrics;
}

/** The request body the executor's data source would send for `single` (same key order). */
export function fetchBody(single: SingleFetch, provided: Record<string, unknown> | undefined): string {
  const { fetch } = single;
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined)
      variables[name] = provided[name];
  }
  return JSON.stringify({ query: fetch.operation, variables, operationName: fetch.operationName });
}

/** The fetch's data when the body is `{"data":{…}}` alone, else null. */
function plainData(text: string): Record<string, unknown> | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const { data, ...rest } = body as { data?: unknown };
  if (Object.keys(rest).length || !data || typeof data !== 'object' || Array.isArray(data)) return null;
  return data as Record<string, unknown>;
}

async function headersOf(context: PassthroughContext, scope: string | null): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [IDENTITY_HEADER]: await context.identityToken(),
  };
  if (context.traceId) headers[TRACE_HEADER] = context.traceId;
  if (scope) headers[SHARE_SCOPE_HEADER] = scope;
  return headers;
}

export function singleFetchPassthroughPlugin<TContext extends PassthroughContext>(
  options: SingleFetchPassthroughOptions,
): ApolloServerPlugin<TContext> {
  const outcomes = options.metrics.counter(
    'jowi_gateway_single_fetch_total',
    'Single-fetch operations answered with the subgraph data as is (answered) or shaped by the executor from the response received (replayed)',
    ['outcome'],
  );

  /** Sends the fetch once; the outcome, whatever it is, is what the executor would have got. */
  async function send(rc: GraphQLRequestContext<TContext>, single: SingleFetch, url: string, body: string) {
    const context = rc.contextValue;
    const mutation = single.operationKind === 'mutation';
    const scope = options.sharing?.scope(single.fetch.serviceName, context.identity, single.operationKind);
    let outcome: Replay['outcome'];
    try {
      const headers = await headersOf(context, scope ?? null);
      const response = await options.fetcher.fetcher(url, { method: 'POST', headers, body });
      await response.text();
      outcome = { response };
    } catch (error) {
      outcome = { error };
    } finally {
      if (mutation) options.sharing?.wrote(context.identity.tenantId);
    }
    return outcome;
  }

  async function answer(
    rc: GraphQLRequestContext<TContext>,
    single: SingleFetch,
    url: string,
  ): Promise<GraphQLResponse | null> {
    const body = fetchBody(single, rc.request.variables);
    const outcome = await send(rc, single, url, body);
    if ('response' in outcome && outcome.response.status === 200 && single.sameShape) {
      const data = plainData(await outcome.response.text());
      if (data) {
        applyTypenameMask(data, single.mask);
        outcomes.inc({ outcome: 'answered' });
        return {
          http: { status: undefined, headers: new HeaderMap() },
          body: { kind: 'single', singleResult: { data } },
        };
      }
    }
    const id = randomUUID();
    options.fetcher.replays.set(id, { body, outcome });
    rc.contextValue.replay = { service: single.fetch.serviceName, id };
    outcomes.inc({ outcome: 'replayed' });
    return null;
  }

  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          const { operation, document } = rc;
          // Only requests that came over HTTP, as the lean pull (which compact-passthrough.ts answers).
          if (!operation || !document || !rc.request.http || leanPullField(operation)) return null;
          const single = options.planner.plan(
            `${rc.queryHash}\n${rc.operationName ?? ''}`,
            document,
            operation,
          );
          const url = single && options.subgraphUrl(single.fetch.serviceName);
          if (!single || !url) return null;
          return answer(rc, single, url);
        },
        async willSendResponse(rc) {
          // A replay the executor did not take (it refused the variables first) is dropped.
          const replay = rc.contextValue.replay;
          if (replay) options.fetcher.replays.delete(replay.id);
        },
      };
    },
  };
}
