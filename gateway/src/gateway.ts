/**
 * The public entry point: Apollo Gateway over the committed supergraph (no introspection of
 * subgraphs at run time). It verifies the caller's access token, then forwards identity to
 * subgraphs as a gateway-signed token they verify themselves. Client-sent identity or tenant
 * headers are never forwarded: subgraph requests carry only what the gateway sets.
 *
 * Every request passes the limits before anything runs (limits/): the body size for its kind
 * of caller before the body is read, the query text's length and tokens before parsing, the
 * operation's shape at validation, its cost and the caller's rate limit before execution.
 *
 * Subscriptions run over graphql-ws on the same `/graphql` path (realtime/): the gateway follows
 * the event log and executes each event's selection as a query through this same Apollo Server.
 *
 * `startGateway` reads as its steps: keys and clients, the Apollo Gateway, the limits, Apollo
 * Server, the HTTP service, realtime, the operator port.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import {
  createErrorMasker,
  createHttpService,
  createLogger,
  createRedis,
  errorTracePlugin,
  executeApollo,
  type GraphQLHttpRequest,
  HttpRefusal,
  type Identity,
  importKey,
  type Logger,
  type Redis,
  type RunningService,
  roleUrl,
  ServiceMetrics,
  sendRefusal,
  serveMetrics,
  signIdentity,
  stringifyWithRawJson,
  verifyAccessToken,
} from '@jowi/server-kit';
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import { createAccessTokenCache } from './access-token-cache.ts';
import { createApiKeyAuthenticator } from './api-keys.ts';
import { type Authenticator, createAuthenticator } from './authenticate.ts';
import { compactPassthroughPlugin } from './compact-passthrough.ts';
import { type GatewayEnv, subgraphUrlOverride } from './env.ts';
import { identityKeySource } from './identity-keys.ts';
import { createIdentityTokenCache } from './identity-token-cache.ts';
import {
  bucketSubject,
  CORS_ALLOW_HEADERS,
  callerClass,
  DEFAULT_CORS_ORIGINS,
  type LimitsConfig,
  limitsConfig,
} from './limits/config.ts';
import { readCostDirectives } from './limits/cost.ts';
import { LIMIT_CODES, limitErrorOf } from './limits/errors.ts';
import { createSourceGate } from './limits/gate.ts';
import {
  APQ_TTL_SECONDS,
  createSafelistStore,
  redisKeyValueCache,
  redisPrefix,
  type SafelistStore,
} from './limits/persisted.ts';
import { type Caller, limitsPlugin } from './limits/plugin.ts';
import { createRateLimiter } from './limits/rate-limit.ts';
import { EventTail } from './realtime/event-tail.ts';
import { FEED_EVENT_TYPES } from './realtime/feeds.ts';
import { attachRealtime } from './realtime/server.ts';
import { apolloExecutor, reportsRoute } from './reports-route.ts';
import { createSingleFetchPlanner } from './single-fetch.ts';
import { singleFetchPassthroughPlugin } from './single-fetch-passthrough.ts';
import { createStaffStatusCheck, refuseDisabledStaff } from './staff-status.ts';
import { SubgraphDataSource } from './subgraph-data-source.ts';
import { createSubgraphFetcher, type SubgraphFetcher } from './subgraph-fetcher.ts';
import { createSubgraphSharing, type SubgraphSharing } from './subgraph-sharing.ts';

export interface GatewayContext {
  identity: Identity;
  caller: Caller;
  traceId: string;
  /** The signed identity for subgraphs, made once per request. */
  identityToken: () => Promise<string>;
  /** A subgraph response the single-fetch passthrough hands to the executor (taken once). */
  replay?: { service: string; id: string } | null;
}

export function loadSupergraph(): string {
  return readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
}

/** Each subgraph's own SDL by name (what the single-fetch passthrough compares inputs with). */
export function loadSubgraphSdls(supergraphSdl: string): Map<string, string> {
  const names = [...supergraphSdl.matchAll(/@join__graph\(name: "([a-z-]+)"/g)].map((m) => m[1]!);
  return new Map(
    names.map((name) => [
      name,
      readFileSync(new URL(`../../schema/${name}.graphql`, import.meta.url), 'utf8'),
    ]),
  );
}

/** The public API schema (what subscriptions are validated against). */
const loadApiSchema = (): string =>
  readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8');

export interface StartedGateway extends RunningService {
  /** The limits in force (tests and the benchmark read them). */
  limits: LimitsConfig;
  /** Safelists of API keys, when Redis is configured. */
  safelist: SafelistStore | null;
  /** Subgraph fetches sent as sharable and fetches that joined one in flight (live counts). */
  subgraphSharing: { sent: number; joined: number };
}

/** What every request shares: keys, caches, clients, metrics. */
interface GatewayDeps {
  env: GatewayEnv;
  log: Logger;
  metrics: ServiceMetrics;
  redis: Redis | null;
  subgraphUrls: Map<string, string>;
  subgraphFetcher: SubgraphFetcher;
  /** In-flight sharing of identical reads (null when SUBGRAPH_SHARING=false). */
  sharing: SubgraphSharing | null;
  authenticator: Authenticator;
  signIdentityToken: (identity: Identity) => Promise<string>;
}

async function createDeps(env: GatewayEnv, log: Logger): Promise<GatewayDeps> {
  const identityKeys = await identityKeySource(env);
  const signingKey = await importKey(env.GATEWAY_PRIVATE_JWK);
  const signingKid =
    typeof env.GATEWAY_PRIVATE_JWK.kid === 'string' ? env.GATEWAY_PRIVATE_JWK.kid : undefined;
  const redis = createRedis(env.REDIS_URL);
  redis?.on('error', (error) => log.warn({ err: error.message }, 'redis error'));
  const subgraphUrls = new Map<string, string>();
  const apiKeys = createApiKeyAuthenticator({
    identityUrl: () => subgraphUrls.get('identity'),
    signingKey,
    signingKid,
    cacheSeconds: env.API_KEY_CACHE_SECONDS,
    log,
  });
  // Kept-alive subgraph connections, remembered token verdicts and reused identity tokens: see
  // docs/performance.md.
  const staffActive = createStaffStatusCheck({
    identityUrl: () => subgraphUrls.get('identity'),
    signingKey,
    signingKid,
    log,
  });
  const verifyBearer = createAccessTokenCache(
    refuseDisabledStaff((token) => verifyAccessToken(identityKeys, token), staffActive),
  );
  const identityTokens = createIdentityTokenCache((id) => signIdentity(signingKey, signingKid, id));
  return {
    env,
    log,
    metrics: new ServiceMetrics('gateway'),
    redis,
    subgraphUrls,
    subgraphFetcher: createSubgraphFetcher(),
    sharing: env.SUBGRAPH_SHARING === false ? null : createSubgraphSharing(),
    authenticator: createAuthenticator({ apiKeys, verifyBearer, trustProxy: env.TRUST_PROXY }),
    signIdentityToken: (identity) => identityTokens.get(identity),
  };
}

function createGateway(deps: GatewayDeps, supergraphSdl: string): ApolloGateway {
  // @apollo/gateway otherwise reports usage to Apollo and probes cloud metadata endpoints from
  // its constructor. A POS gateway talks only to its own subgraphs.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway({
    supergraphSdl,
    buildService({ name, url }) {
      const target = subgraphUrlOverride(deps.env, name) ?? url;
      if (target) deps.subgraphUrls.set(name, target);
      return new SubgraphDataSource({
        url: target,
        fetcher: deps.subgraphFetcher.fetcher,
        name,
        sharing: deps.sharing,
      });
    },
  });
}

function createLimits(deps: GatewayDeps, supergraphSdl: string) {
  const config = limitsConfig(deps.env);
  const prefix = redisPrefix(deps.env.DATABASE_URL);
  const { redis, log } = deps;
  const safelist = redis ? createSafelistStore(redis, prefix) : null;
  const plugin = limitsPlugin({
    config,
    directives: readCostDirectives(supergraphSdl),
    rateLimiter: createRateLimiter({ redis, prefix: `${prefix}rl:`, log }),
    metrics: deps.metrics,
  });
  const gate = createSourceGate({ limits: config.operation, safelist, metrics: deps.metrics });
  const persistedQueries = {
    cache: redis ? redisKeyValueCache(redis, prefix, log) : new InMemoryLRUCache<string>(),
    ttl: APQ_TTL_SECONDS,
  };
  return { config, safelist, plugin, gate, persistedQueries };
}

/** Limit refusals keep their code and details; other errors go through the masker. */
function formatErrors(log: Logger, expose: boolean) {
  const mask = createErrorMasker({ log, expose });
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limit = limitErrorOf(error);
    if (limit) {
      const { http: _http, ...extensions } = limit.extensions;
      return { ...formatted, message: limit.message, extensions };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && LIMIT_CODES.has(code)) return formatted;
    return mask(formatted, error);
  };
}

async function createApollo(
  deps: GatewayDeps,
  gateway: ApolloGateway,
  limits: ReturnType<typeof createLimits>,
  supergraphSdl: string,
): Promise<ApolloServer<GatewayContext>> {
  const parsed: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          deps.metrics.documentsParsed.inc();
        },
      };
    },
  };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Shutdown is ours (closeOnSignals / the launcher): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    // Authenticated callers may introspect; anonymous ones per the limits (plugin.ts).
    introspection: true,
    csrfPrevention: true,
    parseOptions: { maxTokens: limits.config.operation.tokens },
    persistedQueries: limits.persistedQueries,
    formatError: formatErrors(deps.log, deps.env.NODE_ENV === 'development'),
    // The lean catalog pull's page is written as the subgraph sent it (compact-passthrough.ts).
    stringifyResult: (value) => `${stringifyWithRawJson(value)}\n`,
    plugins: [
      // Subgraphs send no cache hints: no policy to compute per request and per subgraph call.
      ApolloServerPluginCacheControlDisabled(),
      // Masked errors name the request's trace id (errors.ts).
      errorTracePlugin(),
      limits.plugin,
      parsed,
      // After the limits plugin: an operation is admitted before it is answered.
      compactPassthroughPlugin<GatewayContext>({
        catalogUrl: () => deps.subgraphUrls.get('catalog'),
        fetcher: deps.subgraphFetcher.fetcher,
        metrics: deps.metrics,
      }),
      ...singleFetchPlugins(deps, gateway, supergraphSdl),
    ],
  });
  await apollo.start();
  return apollo;
}

/** Operations planned as one fetch to one subgraph: that subgraph's answer, unshaped. */
function singleFetchPlugins(
  deps: GatewayDeps,
  gateway: ApolloGateway,
  supergraphSdl: string,
): ApolloServerPlugin<GatewayContext>[] {
  if (deps.env.SINGLE_FETCH_PASSTHROUGH === false) return [];
  // The gateway's own planner (its one public accessor is `__testing`): the same plans as the
  // executor's, and no second set of query graphs in memory.
  const gatewayPlanner = () => gateway.__testing().queryPlanner;
  return [
    singleFetchPassthroughPlugin<GatewayContext>({
      planner: createSingleFetchPlanner(supergraphSdl, loadSubgraphSdls(supergraphSdl), gatewayPlanner),
      subgraphUrl: (name) => deps.subgraphUrls.get(name),
      fetcher: deps.subgraphFetcher,
      sharing: deps.sharing,
      metrics: deps.metrics,
    }),
  ];
}

function readinessChecks(deps: GatewayDeps) {
  const { redis } = deps;
  return {
    subgraphs: async () => {
      const down: string[] = [];
      await Promise.all(
        [...deps.subgraphUrls].map(async ([name, url]) => {
          const health = url.replace(/\/graphql$/, '/health/live');
          const ok = await fetch(health, { signal: AbortSignal.timeout(1500) })
            .then((r) => r.ok)
            .catch(() => false);
          if (!ok) down.push(name);
        }),
      );
      if (down.length) throw new Error(`unreachable: ${down.sort().join(', ')}`);
    },
    ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
  };
}

/**
 * One `/graphql` request: the caller from the headers, the body within the caller's limit, the
 * text and shape limits (gate.ts), then Apollo Server.
 */
function graphqlHandler(
  deps: GatewayDeps,
  apollo: ApolloServer<GatewayContext>,
  limits: ReturnType<typeof createLimits>,
) {
  return async (req: IncomingMessage, res: ServerResponse, { traceId, readJson }: GraphQLHttpRequest) => {
    const identity = await deps.authenticator.authenticate(req, res);
    if (!identity) return;
    const caller = callerOf(identity, limits);
    const body = await readJson(caller.limits.bodyBytes);
    const search = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const refusal = await limits.gate.admit(body, search, caller);
    if (refusal) {
      const { http: _http, ...extensions } = refusal.extensions as Record<string, unknown>;
      sendRefusal(res, new HttpRefusal(refusal.status, refusal.code, refusal.message, extensions));
      deps.metrics.countOperation(null, 'refused');
      return;
    }
    const context = async () => requestContext(deps, identity, caller, traceId);
    await executeApollo(apollo, req, res, body, context, { compress: true });
  };
}

/** The caller as the limits see it: class, bucket and that class's limits. */
function callerOf(identity: Identity, limits: ReturnType<typeof createLimits>): Caller {
  const kind = callerClass(identity);
  return { identity, kind, subject: bucketSubject(identity, kind), limits: limits.config.classes[kind] };
}

function requestContext(
  deps: GatewayDeps,
  identity: Identity,
  caller: Caller,
  traceId: string,
): GatewayContext {
  let token: Promise<string> | undefined;
  return {
    identity,
    caller,
    traceId,
    identityToken: () => {
      token ??= deps.signIdentityToken(identity);
      return token;
    },
  };
}

/**
 * The realtime reader of the event log (as `jowi_gateway`), or null when realtime is off. It
 * starts in the background: until it has read the log's head, subscriptions are refused.
 */
function startEventTail(deps: GatewayDeps): { tail: EventTail; pool: pg.Pool } | null {
  const { env } = deps;
  if (env.REALTIME === false) return null;
  const pool = new pg.Pool({
    connectionString: roleUrl(env.DATABASE_URL, 'jowi_gateway', env.DB_ROLE_PASSWORD),
    max: 3,
    connectionTimeoutMillis: 3_000,
    application_name: 'jowi-gateway-realtime',
  });
  pool.on('error', (error) => deps.log.warn({ err: error.message }, 'realtime pool error'));
  const tail = new EventTail(pool, FEED_EVENT_TYPES, deps.log);
  const database = new URL(env.DATABASE_URL).pathname.slice(1) || 'jowi';
  void tail.start(deps.redis, database, env.REALTIME_POLL_MS ?? 1_000);
  return { tail, pool };
}

/** One query through Apollo Server as `identity` (a subscription event's selection). */
function queryRunner(deps: GatewayDeps, limits: ReturnType<typeof createLimits>) {
  return async (
    apollo: ApolloServer<GatewayContext>,
    identity: Identity,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<ExecutionResult> => {
    const contextValue = requestContext(deps, identity, callerOf(identity, limits), randomUUID());
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') return { errors: [] };
    return response.body.singleResult as ExecutionResult;
  };
}

export async function startGateway(
  env: GatewayEnv,
  options: { host?: string; log?: Logger } = {},
): Promise<StartedGateway> {
  const log = options.log ?? createLogger('gateway', env.LOG_LEVEL);
  const deps = await createDeps(env, log);
  const supergraphSdl = loadSupergraph();
  const limits = createLimits(deps, supergraphSdl);
  const apollo = await createApollo(deps, createGateway(deps, supergraphSdl), limits, supergraphSdl);
  const http = createHttpService({
    name: 'gateway',
    log,
    metrics: deps.metrics,
    cors: { origins: env.CORS_ORIGINS ?? DEFAULT_CORS_ORIGINS, allowHeaders: CORS_ALLOW_HEADERS },
    readiness: readinessChecks(deps),
    graphql: graphqlHandler(deps, apollo, limits),
    routes: reportsRoute({
      log,
      authenticate: (req, res) => deps.authenticator.authenticate(req, res),
      salesUrl: () => deps.subgraphUrls.get('sales'),
      identityToken: (identity) => deps.signIdentityToken(identity),
      execute: apolloExecutor(apollo, (identity) =>
        requestContext(deps, identity, callerOf(identity, limits), randomUUID()),
      ),
    }),
  });
  const events = startEventTail(deps);
  const realtime = attachRealtime({
    server: http.server,
    apiSchemaSdl: loadApiSchema(),
    authenticator: deps.authenticator,
    apollo,
    runQuery: queryRunner(deps, limits),
    tail: events?.tail ?? null,
    log,
  });
  const port = await http.listen(env.PORT, options.host);
  const metricsServer =
    env.METRICS_PORT === undefined
      ? null
      : await serveMetrics(deps.metrics, env.METRICS_PORT, env.METRICS_HOST);
  log.info({ port, metricsPort: metricsServer?.port }, 'gateway ready');
  return {
    name: 'gateway',
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    metricsUrl: metricsServer?.url,
    dataSource: null,
    log,
    limits: limits.config,
    safelist: limits.safelist,
    subgraphSharing: deps.subgraphFetcher.sharing,
    async close() {
      await realtime.close();
      await events?.tail.stop();
      await events?.pool.end();
      await http.close();
      await metricsServer?.close();
      await apollo.stop();
      await deps.subgraphFetcher.close();
      deps.redis?.disconnect();
    },
  };
}
