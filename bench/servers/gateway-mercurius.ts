/**
 * `@mercuriusjs/gateway` (fastify) over the same subgraphs, with default settings. Each
 * service call carries a gateway-signed identity (signed once per request, like ours), and the
 * start-up `_service { sdl }` query gets one too. Mercurius composes Federation 1 SDL, so the
 * services' own SDL is fetched here and handed to it rewritten (`federation1-sdl.ts`); requests
 * still go to the same subgraphs.
 *
 * With `identityPublicJwk` (the realistic mix: each caller its own access token) every request's
 * bearer token is verified with identity's public key and the caller's own identity is signed
 * for the subgraphs — both remembered for 15 s per token, as our gateway remembers its verdicts
 * and signed identities — instead of the one fixed identity.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { IDENTITY_HEADER, type Identity, importKey, signIdentity, verifyAccessToken } from '@jowi/server-kit';
import type { StackKeys } from '@jowi/system';
import mercuriusGateway from '@mercuriusjs/gateway';
import Fastify from 'fastify';
import { input, ready } from './common.ts';
import { toFederation1 } from './federation1-sdl.ts';

interface Input {
  keys: StackKeys;
  urls: Record<string, string>;
  identity: Identity;
  /** The subgraphs to compose (the bench uses the ones its queries need). */
  services: string[];
  /** Verify each caller's bearer token (identity's public key) and sign its own identity. */
  identityPublicJwk?: Record<string, unknown>;
}

const { keys, urls, identity, services, identityPublicJwk } = input<Input>();
const key = await importKey(keys.gateway.privateJwk);
const kid = keys.gateway.privateJwk.kid;
const accessKeys = identityPublicJwk
  ? new Map([[identityPublicJwk.kid as string, await importKey(identityPublicJwk)]])
  : null;
const perCaller = new Map<string, { token: Promise<string>; until: number }>();
/** The caller's own signed identity, from its `authorization` header. */
function callerToken(authorization: string | undefined): Promise<string> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!bearer || !accessKeys) return Promise.reject(new Error('no bearer token'));
  const now = Date.now();
  const hit = perCaller.get(bearer);
  if (hit && hit.until > now) return hit.token;
  const token = verifyAccessToken(accessKeys, bearer).then((verdict) => {
    if (!verdict.ok) throw new Error(`token refused: ${verdict.code}`);
    const { claims } = verdict;
    return signIdentity(key, kid, {
      kind: claims.kind,
      tenantId: claims.tid,
      subject: claims.sub,
      roles: claims.roles,
      permissions: claims.perms,
      terminalId: claims.term ?? null,
    });
  });
  perCaller.set(bearer, { token, until: now + 15_000 });
  return token;
}
const tokens = new WeakMap<object, Promise<string>>();
const tokenFor = (context: object | undefined, headers?: IncomingHttpHeaders) => {
  // The start-up SDL query comes without a request context.
  if (!context) return signIdentity(key, kid, identity);
  let token = tokens.get(context);
  if (!token) {
    token = accessKeys ? callerToken(headers?.authorization) : signIdentity(key, kid, identity);
    tokens.set(context, token);
  }
  return token;
};

const sdls = await Promise.all(
  services.map(async (name) => {
    const res = await fetch(urls[name]!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await tokenFor(undefined),
      },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const body = (await res.json()) as { data?: { _service: { sdl: string } } };
    if (!body.data) throw new Error(`${name}: no SDL (${JSON.stringify(body).slice(0, 200)})`);
    return body.data._service.sdl;
  }),
);
const schemas = toFederation1(sdls);

// Warnings (e.g. why a service's SDL was refused) go to stderr, which the parent reports.
const app = Fastify({ logger: { level: 'warn', stream: process.stderr } });
await app.register(mercuriusGateway, {
  gateway: {
    services: services.map((name, index) => ({
      name,
      url: urls[name]!,
      schema: schemas[index]!,
      mandatory: true,
      initHeaders: async () => ({ [IDENTITY_HEADER]: await tokenFor(undefined) }),
      // `headers` are the incoming request's.
      rewriteHeaders: async (headers: IncomingHttpHeaders, context: object | undefined) => ({
        [IDENTITY_HEADER]: await tokenFor(context, headers),
      }),
    })),
    retryServicesCount: 0,
  },
});
await app.ready();
const address = await app.listen({ port: 0, host: '127.0.0.1' });
ready({ url: `${address}/graphql` }, () => app.close());
