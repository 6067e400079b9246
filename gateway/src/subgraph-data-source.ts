/**
 * How the gateway calls a subgraph: the gateway-signed identity and the trace id on every
 * request, and a subgraph's refusal of a bad variable kept as what it is.
 *
 * The supergraph's custom scalars (`Money`, `Date`, `DateTime`, `Quantity`) accept any value at
 * the gateway; the owning subgraph parses them. A subgraph refuses a variable it cannot coerce
 * with HTTP 400 and `BAD_USER_INPUT`, which @apollo/gateway would turn into an uncoded
 * "400: Bad Request" error (masked as INTERNAL_SERVER_ERROR). Such refusals are passed on as
 * `BAD_USER_INPUT` with the subgraph's message and reason.
 *
 * Each fetch of a query operation is marked with its sharing scope (subgraph-sharing.ts), so the
 * fetcher may join it to an identical one in flight; a mutation's fetches are never marked and,
 * when they return, start a new sharing generation for the tenant.
 *
 * When the single-fetch passthrough has already sent this operation's one fetch and handed the
 * request on to the usual path (an error, a shape to rebuild), the fetch is marked to be answered
 * with that response instead of being sent again (`context.replay`, taken once).
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { IDENTITY_HEADER, type Identity, TRACE_HEADER } from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { REPLAY_HEADER, SHARE_SCOPE_HEADER } from './subgraph-fetcher.ts';
import type { SubgraphSharing } from './subgraph-sharing.ts';

interface ForwardingContext {
  traceId?: string;
  identityToken?: () => Promise<string>;
  identity?: Identity;
  /** A response the passthrough already received for this subgraph's fetch (single-fetch-passthrough.ts). */
  replay?: { service: string; id: string } | null;
}

type ProcessOptions = Parameters<RemoteGraphQLDataSource<ForwardingContext>['process']>[0];

interface SubgraphErrorBody {
  errors?: { message?: unknown; extensions?: { code?: unknown; reason?: unknown } }[];
}

/** The incoming operation's type (`query`, `mutation`, `subscription`), when there is one. */
function operationOf(options: ProcessOptions): string | undefined {
  // Health checks and schema loading carry no incoming request.
  return 'incomingRequestContext' in options
    ? options.incomingRequestContext.operation?.operation
    : undefined;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<ForwardingContext> {
  private readonly subgraph: string;
  private readonly sharing: SubgraphSharing | null;

  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<ForwardingContext>>[0] & {
      name: string;
      sharing?: SubgraphSharing | null;
    },
  ) {
    const { name, sharing, ...rest } = config;
    super(rest);
    this.subgraph = name;
    this.sharing = sharing ?? null;
  }

  override async process(options: ProcessOptions) {
    if (!this.sharing || operationOf(options) !== 'mutation') return super.process(options);
    try {
      return await super.process(options);
    } finally {
      this.sharing.wrote(options.context.identity?.tenantId);
    }
  }

  override async willSendRequest(options: ProcessOptions) {
    const { request, context } = options;
    if (!context.identityToken) return;
    request.http?.headers.set(IDENTITY_HEADER, await context.identityToken());
    if (context.traceId) request.http?.headers.set(TRACE_HEADER, context.traceId);
    if (context.replay?.service === this.subgraph) {
      request.http?.headers.set(REPLAY_HEADER, context.replay.id);
      context.replay = null;
    }
    const scope = this.sharing?.scope(this.subgraph, context.identity, operationOf(options));
    if (scope) request.http?.headers.set(SHARE_SCOPE_HEADER, scope);
    else request.http?.headers.delete(SHARE_SCOPE_HEADER);
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
