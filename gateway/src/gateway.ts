/**
 * The public entry point: Apollo Gateway over the committed supergraph (no introspection of
 * subgraphs at run time). It verifies the caller's access token, then forwards identity to
 * subgraphs as a gateway-signed token they verify themselves. Client-sent identity or tenant
 * headers are never forwarded: subgraph requests carry only what the gateway sets.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  ANONYMOUS,
  createErrorMasker,
  createHttpService,
  createLogger,
  createRedis,
  executeApollo,
  IDENTITY_HEADER,
  type Identity,
  importKey,
  type Logger,
  type RunningService,
  ServiceMetrics,
  sendJson,
  signIdentity,
  TRACE_HEADER,
  verifyAccessToken,
} from '@jowi/server-kit';
import { createAccessTokenCache } from './access-token-cache.ts';
import { createApiKeyAuthenticator, presentedApiKey } from './api-keys.ts';
import { depthLimit } from './depth-limit.ts';
import { type GatewayEnv, subgraphUrlOverride } from './env.ts';
import { clientIp, identityKeySource } from './identity-keys.ts';
import { createIdentityTokenCache } from './identity-token-cache.ts';
import { createSubgraphFetcher } from './subgraph-fetcher.ts';

export interface GatewayContext {
  identity: Identity;
  traceId: string;
  /** The signed identity for subgraphs, made once per request. */
  identityToken: () => Promise<string>;
}

export function loadSupergraph(): string {
  return readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
}

export async function startGateway(
  env: GatewayEnv,
  options: { host?: string; log?: Logger } = {},
): Promise<RunningService> {
  const log = options.log ?? createLogger('gateway', env.LOG_LEVEL);
  const metrics = new ServiceMetrics('gateway');
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
  const subgraphFetcher = createSubgraphFetcher();
  const verifyBearer = createAccessTokenCache((token) => verifyAccessToken(identityKeys, token));
  const identityTokens = createIdentityTokenCache((id) => signIdentity(signingKey, signingKid, id));
  // @apollo/gateway otherwise reports usage to Apollo and probes cloud metadata endpoints from
  // its constructor. A POS gateway talks only to its own subgraphs.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: loadSupergraph(),
    buildService({ name, url }) {
      const target = subgraphUrlOverride(env, name) ?? url;
      if (target) subgraphUrls.set(name, target);
      return new RemoteGraphQLDataSource<GatewayContext>({
        url: target,
        fetcher: subgraphFetcher.fetcher,
        async willSendRequest({ request, context }) {
          if (!context.identityToken) return;
          request.http?.headers.set(IDENTITY_HEADER, await context.identityToken());
          request.http?.headers.set(TRACE_HEADER, context.traceId);
        },
      });
    },
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Shutdown is ours (closeOnSignals / the launcher): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    introspection: true,
    csrfPrevention: true,
    validationRules: [depthLimit(env.MAX_QUERY_DEPTH)],
    formatError: createErrorMasker({ log, expose: env.NODE_ENV === 'development' }),
    plugins: [
      // Subgraphs send no cache hints: no policy to compute per request and per subgraph call.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart(request) {
          return {
            async willSendResponse(rc) {
              const failed = rc.response.body.kind === 'single' && rc.response.body.singleResult.errors;
              metrics.graphqlOperations.inc({
                operation: rc.operationName ?? request.request.operationName ?? 'anonymous',
                outcome: failed ? 'error' : 'ok',
              });
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const http = createHttpService({
    name: 'gateway',
    log,
    metrics,
    cors: true,
    readiness: {
      subgraphs: async () => {
        const down: string[] = [];
        await Promise.all(
          [...subgraphUrls].map(async ([name, url]) => {
            const health = url.replace(/\/graphql$/, '/health/live');
            const ok = await fetch(health, { signal: AbortSignal.timeout(1500) })
              .then((r) => r.ok)
              .catch(() => false);
            if (!ok) down.push(name);
          }),
        );
        if (down.length) throw new Error(`unreachable: ${down.sort().join(', ')}`);
      },
      ...(redis
        ? {
            redis: async () => {
              await redis.ping();
            },
          }
        : {}),
    },
    async graphql(req, res, body, traceId) {
      let identity: Identity = ANONYMOUS;
      const authorization = req.headers.authorization;
      const apiKey = presentedApiKey(req);
      if (apiKey) {
        const verdict = await apiKeys.authenticate(apiKey);
        if (!verdict.ok) {
          const unavailable = verdict.reason === 'API_KEY_UNVERIFIABLE';
          sendJson(res, unavailable ? 503 : 401, {
            errors: [
              {
                message: unavailable ? 'API keys cannot be verified right now' : 'Invalid or revoked API key',
                extensions: {
                  code: unavailable ? 'SERVICE_UNAVAILABLE' : 'UNAUTHENTICATED',
                  reason: verdict.reason,
                },
              },
            ],
          });
          return;
        }
        identity = verdict.identity;
      } else if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        const verdict = match
          ? await verifyBearer(match[1]!)
          : ({ ok: false, code: 'TOKEN_INVALID' } as const);
        if (!verdict.ok) {
          sendJson(
            res,
            401,
            {
              errors: [
                {
                  message: 'Invalid or expired access token',
                  extensions: { code: 'UNAUTHENTICATED', reason: verdict.code },
                },
              ],
            },
            {
              'www-authenticate': `Bearer error="invalid_token", error_description="${verdict.code}"`,
            },
          );
          return;
        }
        const { claims } = verdict;
        identity = {
          kind: claims.kind,
          tenantId: claims.tid,
          subject: claims.sub,
          roles: claims.roles,
          permissions: claims.perms,
          // A PIN sign-in on a paired terminal binds the session to that terminal.
          terminalId: claims.term ?? null,
        };
      }
      // Subgraphs see where the request came from (identity throttles sign-ins by IP).
      identity = { ...identity, clientIp: clientIp(req, env.TRUST_PROXY) };
      let token: Promise<string> | undefined;
      await executeApollo(
        apollo,
        req,
        res,
        body,
        async () => ({
          identity,
          traceId,
          identityToken: () => {
            token ??= identityTokens.get(identity);
            return token;
          },
        }),
        { compress: true },
      );
    },
  });
  const port = await http.listen(env.PORT, options.host);
  log.info({ port }, 'gateway ready');
  return {
    name: 'gateway',
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    dataSource: null,
    log,
    async close() {
      await http.close();
      await apollo.stop();
      await subgraphFetcher.close();
      redis?.disconnect();
    },
  };
}
