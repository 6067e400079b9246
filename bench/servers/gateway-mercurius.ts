/**
 * `@mercuriusjs/gateway` (fastify) over the same subgraphs, with default settings. Each
 * service call carries a gateway-signed identity (signed once per request, like ours), and the
 * start-up `_service { sdl }` query gets one too. Mercurius composes Federation 1 SDL; the
 * child reports a start-up failure if it cannot compose our Federation 2 subgraphs.
 */
import { IDENTITY_HEADER, type Identity, importKey, signIdentity } from '@jowi/server-kit';
import type { StackKeys } from '@jowi/stack';
import mercuriusGateway from '@mercuriusjs/gateway';
import Fastify from 'fastify';
import { input, ready } from './common.ts';

interface Input {
  keys: StackKeys;
  urls: Record<string, string>;
  identity: Identity;
  /** The subgraphs to compose (the bench uses the ones its queries need). */
  services: string[];
}

const { keys, urls, identity, services } = input<Input>();
const key = await importKey(keys.gateway.privateJwk);
const kid = keys.gateway.privateJwk.kid;
const tokens = new WeakMap<object, Promise<string>>();
const tokenFor = (context: object | undefined) => {
  // The start-up SDL query comes without a request context.
  if (!context) return signIdentity(key, kid, identity);
  let token = tokens.get(context);
  if (!token) {
    token = signIdentity(key, kid, identity);
    tokens.set(context, token);
  }
  return token;
};

// Warnings (e.g. why a service's SDL was refused) go to stderr, which the parent reports.
const app = Fastify({ logger: { level: 'warn', stream: process.stderr } });
await app.register(mercuriusGateway, {
  gateway: {
    services: services.map((name) => ({
      name,
      url: urls[name]!,
      mandatory: true,
      initHeaders: async () => ({ [IDENTITY_HEADER]: await signIdentity(key, kid, identity) }),
      rewriteHeaders: async (_headers: unknown, context: object | undefined) => ({
        [IDENTITY_HEADER]: await tokenFor(context),
      }),
    })),
    retryServicesCount: 0,
  },
});
await app.ready();
const address = await app.listen({ port: 0, host: '127.0.0.1' });
ready({ url: `${address}/graphql` }, () => app.close());
