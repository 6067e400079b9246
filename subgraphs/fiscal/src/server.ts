/**
 * The fiscal subgraph runs on fastify + mercurius (@mercuriusjs/federation, Federation v1 SDL)
 * rather than Apollo Server. This file is the mercurius twin of server-kit's `startSubgraph`
 * and keeps its contract: a runtime-role data source, `/graphql` guarded by the gateway's
 * identity token (401 before GraphQL runs), a fresh `RequestContext` per request, unexpected
 * errors masked with a trace id, `/health` (PostgreSQL, Redis), `/health/live`, `/metrics` on
 * the operator port (`METRICS_PORT`), and a graceful close that drains in-flight requests before the pools go.
 *
 * Mercurius quirks handled here:
 * - it calls `__resolveReference(reference, {}, context, info)`, not Apollo's
 *   `(reference, context, info)` that codegen types — `toMercuriusResolvers` adapts;
 * - its response schema types error `path` items as strings, which would turn the `_entities`
 *   index into `"0"` and break the gateway's error path mapping — responses are serialised
 *   with plain `JSON.stringify` instead;
 * - it installs its error handler and hooks on the scope it is registered in, so GraphQL lives
 *   in its own encapsulated scope, away from the health and metrics routes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ConsumerDefinition,
  checkConsumerNames,
  consumerPolicy,
  createErrorMasker,
  createRequestContext,
  createSubgraphRuntime,
  IDENTITY_HEADER,
  type Identity,
  type Logger,
  type Redis,
  type RequestContext,
  type RunningService,
  type SubgraphEnv,
  type SubgraphName,
  type SubgraphRuntime,
  serveMetrics,
  startConsumers,
  TRACE_HEADER,
  verifyIdentity,
} from '@jowi/server-kit';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import {
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLResolveInfo,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
} from 'graphql';
import type { IResolvers, MercuriusContext } from 'mercurius';
import type { DataSource, EntitySchema } from 'typeorm';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads `schema/<name>.graphql` as text: mercurius serves it verbatim as `_service { sdl }`. */
export function loadSdl(name: string): string {
  return readFileSync(new URL(`../../../schema/${name}.graphql`, import.meta.url), 'utf8');
}

type ApolloReferenceResolver = (reference: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * Turns Apollo-shaped resolvers (as typed by codegen) into mercurius resolvers: only
 * `__resolveReference` differs — mercurius passes an empty args object before the context.
 */
export function toMercuriusResolvers(resolvers: object): IResolvers {
  const adapted: Record<string, unknown> = {};
  for (const [typeName, value] of Object.entries(resolvers)) {
    const typeResolvers = value as Record<string, unknown>;
    const reference = typeResolvers.__resolveReference as ApolloReferenceResolver | undefined;
    if (!reference || typeof value !== 'object') {
      adapted[typeName] = value;
      continue;
    }
    adapted[typeName] = {
      ...typeResolvers,
      __resolveReference: (ref: unknown, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
        reference(ref, context, info),
    };
  }
  return adapted as IResolvers;
}

/** Codes graphql-js and mercurius use for requests that never reached a resolver. */
function requestErrorCode(original: { code?: unknown } | undefined, message: string): string {
  if (original?.code === 'MER_ERR_GQL_VALIDATION') {
    // Mercurius coerces variables itself and reports failures with the validation errors.
    if (message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
    return message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  }
  return 'BAD_REQUEST';
}

interface ErrorFormatterOptions {
  log: Logger;
  expose: boolean;
}

type MercuriusExecution = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>;

/**
 * Mercurius `errorFormatter`: request errors (parse, validation, bad variables, bad HTTP body)
 * keep their message with a standard code; resolver errors go through server-kit's masker, so
 * expected codes pass and anything else becomes INTERNAL_SERVER_ERROR with the trace id.
 */
export function createErrorFormatter(options: ErrorFormatterOptions) {
  return (execution: MercuriusExecution, context: MercuriusContext) => {
    const ctx = context as MercuriusContext & Partial<RequestContext>;
    const traceId = ctx.traceId ?? ctx.reply?.request.id;
    const mask = createErrorMasker({ log: ctx.log ?? options.log, expose: options.expose });
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors) {
      const original = error.originalError as
        | { errors?: unknown; statusCode?: unknown; code?: unknown }
        | undefined;
      if (original && Array.isArray(original.errors)) {
        // Mercurius wraps parse/validation failures in one error carrying the graphql-js errors.
        for (const inner of original.errors as {
          message?: unknown;
          locations?: GraphQLFormattedError['locations'];
        }[]) {
          const message = String(inner.message ?? 'Invalid request');
          errors.push({
            message,
            ...(inner.locations ? { locations: inner.locations } : {}),
            extensions: { code: requestErrorCode(original, message) },
          });
        }
      } else if (!original && !error.path) {
        // graphql-js request errors (e.g. variables that do not coerce): the caller's fault.
        const formatted = error.toJSON();
        errors.push({ ...formatted, extensions: { code: 'BAD_USER_INPUT', ...formatted.extensions } });
      } else if (!error.path && typeof original?.statusCode === 'number' && original.statusCode < 500) {
        // Fastify/mercurius HTTP-level refusals (unparseable body, missing query, GET mutation).
        errors.push({ message: error.message, extensions: { code: 'BAD_REQUEST' } });
      } else {
        // The masker reads the trace id from the error (server-kit's errorTracePlugin is an
        // Apollo Server plugin); expected errors keep it too, which helps support.
        const formatted = error.toJSON();
        errors.push(mask({ ...formatted, extensions: { ...formatted.extensions, traceId } }, error));
      }
    }
    // GraphQL-over-HTTP: 200 whenever there is data; a lone request-level failure keeps its status.
    let statusCode = 200;
    if (!execution.data && execution.errors.length === 1) {
      const status = (execution.errors[0]?.originalError as { statusCode?: unknown } | undefined)?.statusCode;
      if (typeof status === 'number' && status >= 400) statusCode = status;
    }
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}

export interface MercuriusSubgraphOptions {
  name: SubgraphName;
  env: SubgraphEnv;
  /** Apollo-shaped resolvers; adapted with {@link toMercuriusResolvers}. */
  resolvers: object;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
  entities: EntitySchema<any>[];
  host?: string;
  log?: Logger;
  /**
   * Event consumers, started once the server listens and stopped (current batch finished)
   * first on close. Cursor names must start with the subgraph's runtime role.
   */
  consumers?: ConsumerDefinition[];
  /** Other background work (workers, reconcilers) started after the consumers; stopped on close. */
  background?: (deps: { dataSource: DataSource; redis: Redis | null; log: Logger }) => {
    stop(): Promise<void>;
  };
}

/**
 * The fastify app with the service-wide hooks: the trace id (taken from the gateway or made up)
 * on every response, request durations in the metrics, draining once close begins, JSON 404s.
 */
/** The fastify app, typed with the service's pino logger. */
type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

function createApp(runtime: SubgraphRuntime): { app: App; draining: () => boolean } {
  let draining = false;
  const app = Fastify({
    loggerInstance: runtime.log,
    // Like the Apollo subgraphs: no per-request access log lines; fastify's own logs carry `traceId`.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'traceId' }),
    bodyLimit: MAX_BODY_BYTES,
    // The request id is the trace id: taken from the caller (the gateway) or made up here.
    genReqId: (req) => {
      const header = req.headers[TRACE_HEADER];
      return (typeof header === 'string' && header.slice(0, 64)) || randomUUID();
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(TRACE_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    runtime.metrics.httpDuration.observe(
      { route: request.routeOptions.url ?? 'other', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  return { app, draining: () => draining };
}

/** `/health/live`, and `/health`: PostgreSQL and Redis answer and the service is not draining. */
function addHealthRoutes(app: App, name: string, runtime: SubgraphRuntime, draining: () => boolean): void {
  const { dataSource, redis } = runtime;
  const readiness: Record<string, () => Promise<unknown>> = {
    postgres: () => dataSource.query('SELECT 1'),
    ...(redis ? { redis: () => redis.ping() } : {}),
  };
  app.get('/health/live', async () => ({ status: 'ok', service: name }));
  app.get('/health', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ok = !draining();
    await Promise.all(
      Object.entries(readiness).map(async ([check, run]) => {
        try {
          await run();
          checks[check] = 'ok';
        } catch (error) {
          ok = false;
          checks[check] = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const status = ok ? 'ok' : draining() ? 'draining' : 'unavailable';
    return reply.code(ok ? 200 : 503).send({ status, service: name, checks });
  });
}

/**
 * `/graphql` in its own scope: the gateway identity is verified before the body is parsed (401
 * without it), each operation is counted by its parsed name and outcome, and mercurius runs with
 * a fresh `RequestContext` per request and the masking error formatter.
 */
async function addGraphql(app: App, options: MercuriusSubgraphOptions, runtime: SubgraphRuntime) {
  const { env, name } = options;
  const { log, dataSource, redis, gatewayKey, metrics } = runtime;
  await app.register(async (scope) => {
    const identities = new WeakMap<FastifyRequest, Identity>();
    const erroredRequests = new WeakSet<FastifyRequest>();
    // Named from the parsed document, so `mutation Record { … }` counts as "Record" even when
    // the client sends no separate operationName — and only so: a name as sent may name nothing.
    const operationNames = new WeakMap<FastifyRequest, string>();
    // Runs before body parsing and before mercurius: no token, no GraphQL.
    scope.addHook('onRequest', async (request, reply) => {
      const header = request.headers[IDENTITY_HEADER];
      const identity = await verifyIdentity(gatewayKey, typeof header === 'string' ? header : undefined);
      if (!identity) {
        return reply.code(401).send({
          errors: [
            { message: 'Missing or invalid gateway identity', extensions: { code: 'UNAUTHENTICATED' } },
          ],
        });
      }
      identities.set(request, identity);
    });
    scope.addHook('onResponse', async (request, reply) => {
      metrics.countOperation(
        operationNames.get(request),
        reply.statusCode === 401 ? 'unauthenticated' : erroredRequests.has(request) ? 'error' : 'ok',
      );
    });
    const formatErrors = createErrorFormatter({ log, expose: env.NODE_ENV === 'development' });

    await scope.register(mercuriusFederationPlugin, {
      schema: loadSdl(name),
      resolvers: toMercuriusResolvers(options.resolvers),
      path: '/graphql',
      graphiql: false,
      ide: false,
      validationRules: env.NODE_ENV === 'production' ? [NoSchemaIntrospectionCustomRule] : [],
      additionalRouteOptions: { serializerCompiler: () => (data: unknown) => JSON.stringify(data) },
      context: (request: FastifyRequest, _reply: FastifyReply) => {
        const identity = identities.get(request);
        if (!identity) throw new Error('GraphQL reached without a verified identity');
        return createRequestContext({ identity, traceId: request.id, log, db: dataSource, redis });
      },
      errorFormatter: (execution: MercuriusExecution, context: MercuriusContext) => {
        if (context.reply) erroredRequests.add(context.reply.request);
        return formatErrors(execution, context);
      },
    });
    scope.graphql.addHook('preExecution', async (_schema, document, context) => {
      const request = context.reply?.request;
      if (!request) return;
      const body = request.body as { operationName?: unknown } | undefined;
      const wanted = typeof body?.operationName === 'string' ? body.operationName : undefined;
      const operation = getOperationAST(document, wanted)?.name?.value;
      if (operation) operationNames.set(request, operation);
    });
  });
}

/** Boots a mercurius federation subgraph with the same contract as server-kit's `startSubgraph`. */
export async function startMercuriusSubgraph(options: MercuriusSubgraphOptions): Promise<RunningService> {
  const { env, name } = options;
  checkConsumerNames(name, options.consumers);
  const runtime = await createSubgraphRuntime(options);
  const { log, dataSource, redis, metrics } = runtime;
  const { app, draining } = createApp(runtime);
  addHealthRoutes(app, name, runtime, draining);
  await addGraphql(app, options, runtime);

  await app.listen({ port: env.PORT, host: options.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const metricsServer =
    env.METRICS_PORT === undefined ? null : await serveMetrics(metrics, env.METRICS_PORT, env.METRICS_HOST);
  // Background first: a consumer may hand work to it (the fiscal queue) in its first batch.
  const background = options.background?.({ dataSource, redis, log });
  const consumers = await startConsumers(options.consumers ?? [], {
    dataSource,
    redis,
    log,
    registry: metrics.registry,
    ...consumerPolicy(env),
  });
  log.info({ port }, `${name} subgraph ready (mercurius)`);

  let closed: Promise<void> | null = null;
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    metricsUrl: metricsServer?.url,
    dataSource,
    log,
    close() {
      closed ??= (async () => {
        await consumers.stop();
        await background?.stop();
        await app.close();
        await metricsServer?.close();
        await dataSource.destroy();
        redis?.disconnect();
      })();
      return closed;
    },
  };
}
