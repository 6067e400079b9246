/**
 * How the gateway calls a subgraph: the gateway-signed identity and the trace id on every
 * request, and a subgraph's refusal of a bad variable kept as what it is.
 *
 * The supergraph's custom scalars (`Money`, `Date`, `DateTime`, `Quantity`) accept any value at
 * the gateway; the owning subgraph parses them. A subgraph refuses a variable it cannot coerce
 * with HTTP 400 and `BAD_USER_INPUT`, which @apollo/gateway would turn into an uncoded
 * "400: Bad Request" error (masked as INTERNAL_SERVER_ERROR). Such refusals are passed on as
 * `BAD_USER_INPUT` with the subgraph's message and reason.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { IDENTITY_HEADER, TRACE_HEADER } from '@jowi/server-kit';
import { GraphQLError } from 'graphql';

interface ForwardingContext {
  traceId?: string;
  identityToken?: () => Promise<string>;
}

interface SubgraphErrorBody {
  errors?: { message?: unknown; extensions?: { code?: unknown; reason?: unknown } }[];
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<ForwardingContext> {
  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<ForwardingContext>['willSendRequest']>>[0]) {
    if (!context.identityToken) return;
    request.http?.headers.set(IDENTITY_HEADER, await context.identityToken());
    if (context.traceId) request.http?.headers.set(TRACE_HEADER, context.traceId);
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status !== 400) return super.errorFromResponse(response);
    const text = await response.text();
    let body: SubgraphErrorBody | null = null;
    try {
      body = JSON.parse(text) as SubgraphErrorBody;
    } catch {
      // Not GraphQL: reported like any other failure below.
    }
    const first = body?.errors?.[0];
    if (first?.extensions?.code === 'BAD_USER_INPUT' && typeof first.message === 'string') {
      const reason = first.extensions.reason;
      return new GraphQLError(first.message, {
        extensions: { code: 'BAD_USER_INPUT', ...(typeof reason === 'string' ? { reason } : {}) },
      });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`, {
      extensions: { response: { status: response.status, body: text } },
    });
  }
}
