/**
 * Boots an Apollo subgraph: runtime-role data source, schema from `schema/<name>.graphql`,
 * identity verification on every request, error masking, health and metrics.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type DocumentNode, parse } from 'graphql';
import type { DataSource, EntitySchema } from 'typeorm';
import { type CryptoKey, createIdentityVerifier, IDENTITY_HEADER, importKey } from './auth.ts';
import { type ConsumerDefinition, startConsumers } from './consumer.ts';
import { createRequestContext, type RequestContext } from './context.ts';
import { createDataSource, roleUrl, runtimeRole, type SubgraphName } from './db.ts';
import type { SubgraphEnv } from './env.ts';
import { createErrorMasker, errorTracePlugin } from './errors.ts';
import { createHttpService, executeApollo, type HttpServiceOptions, sendJson, serveMetrics } from './http.ts';
import { createLogger, type Logger } from './logger.ts';
import { ServiceMetrics } from './metrics.ts';
import { stringifyWithRawJson } from './raw-json.ts';
import { createRedis, type Redis } from './redis.ts';

export type Resolvers = GraphQLResolverMap<RequestContext>;

/**
 * An entity another subgraph owns, as a subgraph holds it: only its key. Codegen maps such
 * entities to this, so every field the subgraph adds to them needs a resolver.
 */
export interface EntityReference {
  id: string;
}

/** Reads `schema/<name>.graphql` from the repository (or the image, which keeps the layout). */
export function loadSchema(name: string): DocumentNode {
  const file = new URL(`../../../schema/${name}.graphql`, import.meta.url);
  return parse(readFileSync(file, 'utf8'));
}

export interface RunningService {
  name: string;
  port: number;
  url: string;
  /** `/metrics` on the service's operator port, when `METRICS_PORT` is set. */
  metricsUrl?: string;
  dataSource: DataSource | null;
  log: Logger;
  close(): Promise<void>;
}

export interface SubgraphOptions {
  name: SubgraphName;
  env: SubgraphEnv;
  resolvers: Resolvers;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
  entities: EntitySchema<any>[];
  host?: string;
  log?: Logger;
  /** Extra HTTP routes outside GraphQL (e.g. identity's JWKS); return true when handled. */
  routes?: HttpServiceOptions['routes'];
  /**
   * Extra HTTP routes that need the connected subgraph (its data source, the gateway's key to
   * verify a forwarded identity), e.g. sales' report downloads; tried after `routes`.
   */
  serviceRoutes?: (runtime: SubgraphRuntime) => NonNullable<HttpServiceOptions['routes']>;
  /**
   * Event consumers of this subgraph, started once the server listens (migrations have run by
   * then) on its data source, Redis and metrics registry, and stopped (current batch finished)
   * on close. Cursor names must start with the subgraph's runtime role.
   */
  consumers?: ConsumerDefinition[];
  /** Extra Apollo Server plugins (e.g. catalog's page answered before execution). */
  plugins?: ApolloServerPlugin<RequestContext>[];
  /** Other background work started after the server listens; stopped on close. */
  background?: (deps: { dataSource: DataSource; redis: Redis | null; log: Logger }) => {
    stop(): Promise<void>;
  };
}

/** What every subgraph process holds, whatever serves its HTTP (Apollo or mercurius). */
export interface SubgraphRuntime {
  log: Logger;
  dataSource: DataSource;
  redis: Redis | null;
  /** The gateway's public key, to verify forwarded identities. */
  gatewayKey: CryptoKey;
  metrics: ServiceMetrics;
}

/** Connects as the subgraph's runtime role, opens Redis if configured, loads the gateway key. */
export async function createSubgraphRuntime(options: {
  name: SubgraphName;
  env: SubgraphEnv;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
  entities: EntitySchema<any>[];
  log?: Logger;
}): Promise<SubgraphRuntime> {
  const { env, name } = options;
  const log = options.log ?? createLogger(name, env.LOG_LEVEL);
  if (env.NODE_ENV === 'production' && new URL(env.DATABASE_URL).password) {
    log.warn(
      'DATABASE_URL carries a password this service never uses (it logs in as its own role with ' +
        'DB_ROLE_PASSWORD): give services the database address only',
    );
  }
  const dataSource = createDataSource({
    url: roleUrl(env.DATABASE_URL, runtimeRole(name), env.DB_ROLE_PASSWORD),
    schema: name,
    entities: options.entities,
    poolSize: env.DB_POOL_SIZE,
    applicationName: `jowi-${name}`,
  });
  await dataSource.initialize();
  const redis = createRedis(env.REDIS_URL);
  redis?.on('error', (error) => log.warn({ err: error.message }, 'redis error'));
  return {
    log,
    dataSource,
    redis,
    gatewayKey: await importKey(env.GATEWAY_PUBLIC_JWK),
    metrics: new ServiceMetrics(name),
  };
}

/** The poison-event policy's settings from the environment (unset: the runner's defaults). */
export function consumerPolicy(env: SubgraphEnv): { maxAttempts?: number; initialBackoffMs?: number } {
  return { maxAttempts: env.CONSUMER_MAX_ATTEMPTS, initialBackoffMs: env.CONSUMER_BACKOFF_MS };
}

/** Refuses consumers whose cursor is not named `<runtime role>:<name>` (the role owns the cursor row). */
export function checkConsumerNames(name: SubgraphName, consumers: readonly ConsumerDefinition[] = []): void {
  for (const consumer of consumers) {
    if (!consumer.name.startsWith(`${runtimeRole(name)}:`)) {
      throw new Error(`consumer ${consumer.name} of ${name} must be named "${runtimeRole(name)}:<name>"`);
    }
  }
}

export async function startSubgraph(options: SubgraphOptions): Promise<RunningService> {
  const { env, name } = options;
  checkConsumerNames(name, options.consumers);
  const runtime = await createSubgraphRuntime(options);
  const { log, dataSource, redis, gatewayKey, metrics } = runtime;
  // The gateway reuses a signed identity for 15 s: each token is verified once (auth.ts).
  const verifyGatewayIdentity = createIdentityVerifier(gatewayKey);
  const serviceRoutes = options.serviceRoutes?.(runtime);

  const apollo = new ApolloServer<RequestContext>({
    schema: buildSubgraphSchema({
      typeDefs: loadSchema(name),
      resolvers: options.resolvers as GraphQLResolverMap<unknown>,
    }),
    formatError: createErrorMasker({ log, expose: env.NODE_ENV === 'development' }),
    // Shutdown is ours (closeOnSignals / the launcher): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    introspection: env.NODE_ENV !== 'production',
    csrfPrevention: false,
    // A resolver may return JSON text it already holds (raw-json.ts): written as is, not re-serialised.
    stringifyResult: (value) => `${stringifyWithRawJson(value)}\n`,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No type or field carries cache hints; the default plugin would still wrap every
      // resolver to compute a policy (≈ 1 s of CPU per 100 000-product change-feed pull).
      ApolloServerPluginCacheControlDisabled(),
      errorTracePlugin(),
      {
        async requestDidStart() {
          return {
            async willSendResponse(rc) {
              const outcome =
                rc.response.body.kind === 'single' && rc.response.body.singleResult.errors ? 'error' : 'ok';
              // The resolved name only: `operationName` as sent may name nothing in the document.
              metrics.countOperation(rc.operationName, outcome);
            },
          };
        },
      },
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  const http = createHttpService({
    name,
    log,
    metrics,
    routes: async (req, res) =>
      Boolean((await options.routes?.(req, res)) || (await serviceRoutes?.(req, res))),
    readiness: {
      postgres: async () => {
        await dataSource.query('SELECT 1');
      },
      ...(redis
        ? {
            redis: async () => {
              await redis.ping();
            },
          }
        : {}),
    },
    async graphql(req, res, { traceId, readJson }) {
      const identity = await verifyGatewayIdentity(req.headers[IDENTITY_HEADER] as string | undefined);
      if (!identity) {
        sendJson(res, 401, {
          errors: [
            { message: 'Missing or invalid gateway identity', extensions: { code: 'UNAUTHENTICATED' } },
          ],
        });
        return;
      }
      const body = await readJson();
      await executeApollo(apollo, req, res, body, async () =>
        createRequestContext({ identity, traceId, log, db: dataSource, redis }),
      );
    },
  });
  const port = await http.listen(env.PORT, options.host);
  const metricsServer =
    env.METRICS_PORT === undefined ? null : await serveMetrics(metrics, env.METRICS_PORT, env.METRICS_HOST);
  const consumers = await startConsumers(options.consumers ?? [], {
    dataSource,
    redis,
    log,
    registry: metrics.registry,
    ...consumerPolicy(env),
  });
  const background = options.background?.({ dataSource, redis, log });
  log.info({ port }, `${name} subgraph ready`);
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    metricsUrl: metricsServer?.url,
    dataSource,
    log,
    async close() {
      await consumers.stop();
      await background?.stop();
      await http.close();
      await metricsServer?.close();
      await apollo.stop();
      await dataSource.destroy();
      redis?.disconnect();
    },
  };
}
