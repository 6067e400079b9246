/**
 * Realtime over graphql-ws on the gateway's `/graphql` path (WebSocket upgrade; HTTP stays as it
 * is). A connection signs in with its `connection_init` payload — `{ authorization: "Bearer
 * <access token>" }` or `{ apiKey }` (also `authorization: "Bearer jowi_…"`) — and is closed with
 * 4403 otherwise. Only subscriptions run here; each is checked against the public schema, needs
 * its feed's permission and sees its own tenant's events only. Each event's selection is executed
 * as a query through Apollo Server with the subscriber's identity, so the supergraph resolves it
 * and the same limits and checks as for any query apply.
 */
import type { Server as HttpServer } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { hasPermission, type Identity, type Logger } from '@jowi/server-kit';
import {
  buildSchema,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { API_KEY_PREFIX } from '../api-keys.ts';
import type { Authenticator } from '../authenticate.ts';
import type { EventTail, TailEvent } from './event-tail.ts';
import { planSubscription, type SubscriptionPlan } from './plan.ts';
import { decodePosition } from './position.ts';
import { EventStream } from './stream.ts';

/** Runs one query as `identity` through the gateway (Apollo Server with its plugins). */
export type RunQuery<C extends BaseContext> = (
  apollo: ApolloServer<C>,
  identity: Identity,
  query: string,
  variables: Record<string, unknown>,
) => Promise<ExecutionResult>;

export interface RealtimeOptions<C extends BaseContext> {
  server: HttpServer;
  apiSchemaSdl: string;
  authenticator: Authenticator;
  apollo: ApolloServer<C>;
  runQuery: RunQuery<C>;
  /** Null when the gateway has no access to the event log: subscriptions are refused. */
  tail: EventTail | null;
  log: Logger;
}

type ConnectionExtra = Record<PropertyKey, unknown> & { identity?: Identity };

const failure = (message: string, code: string): ExecutionResult => ({
  errors: [new GraphQLError(message, { extensions: { code } })],
});

/** `connection_init` credentials → identity (null: refused or anonymous). */
async function signIn(authenticator: Authenticator, params: Record<string, unknown> | undefined) {
  const authorization = typeof params?.authorization === 'string' ? params.authorization : null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const apiKey =
    typeof params?.apiKey === 'string' ? params.apiKey : bearer?.startsWith(API_KEY_PREFIX) ? bearer : null;
  const verdict = await authenticator.fromCredentials({
    authorization: apiKey ? null : authorization,
    apiKey,
  });
  return verdict.ok && verdict.identity.kind !== 'anonymous' && verdict.identity.tenantId
    ? verdict.identity
    : null;
}

/** How long a shared entity answer is reused by subscribers that ask for it a little later. */
const SHARED_ANSWER_MS = 2_000;

/**
 * Runs entity queries, sharing one execution among subscribers that ask the same query with the
 * same identity for the same event (the usual case: many screens of one tenant following one
 * feed). The answer depends only on those, so sharing it changes nothing they see; it is charged
 * to the bucket once. The event is part of the key: two events of one entity in quick succession
 * (a receipt's PENDING then REGISTERED) ask the same query, and the later one must read afresh.
 */
function sharedQueries<C extends BaseContext>(options: RealtimeOptions<C>) {
  const inFlight = new Map<string, Promise<ExecutionResult>>();
  return (identity: Identity, event: TailEvent, query: string, variables: Record<string, unknown>) => {
    const key = JSON.stringify([
      event.cursor,
      identity.tenantId,
      identity.kind,
      identity.subject,
      identity.terminalId ?? null,
      [...identity.permissions].sort(),
      query,
      variables,
    ]);
    let answer = inFlight.get(key);
    if (!answer) {
      answer = options.runQuery(options.apollo, identity, query, variables);
      inFlight.set(key, answer);
      const forget = () => setTimeout(() => inFlight.delete(key), SHARED_ANSWER_MS).unref();
      answer.then(forget, forget);
    }
    return answer;
  };
}

type SharedQuery = ReturnType<typeof sharedQueries>;

/** The result of one event: the envelope, with the entity read through the supergraph. */
async function eventResult(
  run: SharedQuery,
  identity: Identity,
  plan: SubscriptionPlan,
  event: TailEvent,
): Promise<ExecutionResult | null> {
  const { query, variables, picks } = plan.entityQuery(event.payload);
  const answer = await run(identity, event, query, variables);
  if (answer.errors?.length && !answer.data) return { data: null, errors: answer.errors };
  const entities = picks.map((pick, i) =>
    pick((answer.data as Record<string, unknown> | null)?.[`entity${i}`]),
  );
  if (entities.some((e) => e === null || e === undefined)) {
    return answer.errors?.length ? { data: null, errors: answer.errors } : null;
  }
  const shown = (field: SubscriptionPlan['envelope'][number]) => {
    if (field.kind === 'cursor') return event.cursor;
    if (field.kind === 'typename') return plan.feed.typename;
    if (field.kind === 'payload') return event.payload[field.field];
    return entities[field.index];
  };
  const envelope = Object.fromEntries(plan.envelope.map((field) => [field.key, shown(field)]));
  return { data: { [plan.rootKey]: envelope }, ...(answer.errors?.length ? { errors: answer.errors } : {}) };
}

/** graphql-ws's `subscribe`: the plan, the permission, then the stream. */
function subscribeWith<C extends BaseContext>(options: RealtimeOptions<C>) {
  const run = sharedQueries(options);
  return async (args: ExecutionArgs) => {
    const identity = (args.contextValue as ConnectionExtra).identity!;
    const operation = args.document.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
    )!;
    const plan = planSubscription(
      args.document,
      operation,
      (args.variableValues ?? {}) as Record<string, unknown>,
    );
    if (plan instanceof GraphQLError) return { errors: [plan] };
    if (!plan.feed.permissions.some((p) => hasPermission(identity.permissions, p))) {
      return failure(`Missing permission ${plan.feed.permissions.join(' or ')}`, 'FORBIDDEN');
    }
    const tail = options.tail;
    if (!tail?.position) return failure('Subscriptions are unavailable right now', 'SERVICE_UNAVAILABLE');
    let after = null;
    try {
      after = typeof plan.args.after === 'string' ? decodePosition(plan.args.after) : null;
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    return new EventStream({
      tail,
      tenantId: identity.tenantId!,
      types: plan.feed.types,
      after,
      keeps: (event) => plan.feed.keeps(event.payload, plan.args),
      resolve: (event) => eventResult(run, identity, plan, event),
    });
  };
}

/** Serves graphql-ws on `/graphql` of `server`; returns its shutdown. */
export function attachRealtime<C extends BaseContext>(
  options: RealtimeOptions<C>,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.server, path: '/graphql' });
  const schema = buildSchema(options.apiSchemaSdl);
  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      async onConnect(ctx) {
        const identity = await signIn(options.authenticator, ctx.connectionParams);
        if (!identity) return false;
        ctx.extra.identity = identity;
        return true;
      },
      // Parsed and validated here, with this module's graphql: graphql-ws may load another copy
      // of graphql (its ESM build), whose checks would not recognise our schema object.
      onSubscribe(ctx, _id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
          contextValue: { identity: ctx.extra.identity },
        };
      },
      execute: () =>
        failure('Only subscriptions run over WebSocket; send queries and mutations over HTTP', 'BAD_REQUEST'),
      subscribe: subscribeWith(options),
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
