/**
 * The public keys that verify identity's access tokens, served at `/.well-known/jwks.json`.
 * During a rotation the env lists the other key(s) too: publish the next key before signing
 * with it, and keep the previous one until its last token has expired (15 minutes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@jowi/server-kit';

export const JWKS_PATH = '/.well-known/jwks.json';

/** Members of a JWK that only a private key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

export type PublicJwk = Record<string, unknown> & { kid: string };

/** The published key set: the signing key's public half first, then `extra`, one per `kid`. */
export function publicJwks(
  signingJwk: Record<string, unknown>,
  extra: Record<string, unknown>[] = [],
): PublicJwk[] {
  const keys = new Map<string, PublicJwk>();
  for (const [index, jwk] of [signingJwk, ...extra].entries()) {
    if (typeof jwk.kid !== 'string' || !jwk.kid) throw new Error(`JWKS key ${index} has no "kid"`);
    if (index > 0 && PRIVATE_MEMBERS.some((m) => m in jwk)) {
      // A private key pasted into the public list would be published: refuse to start.
      throw new Error(`IDENTITY_PUBLIC_JWKS key "${jwk.kid}" is a private key`);
    }
    const pub = Object.fromEntries(
      Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)),
    ) as PublicJwk;
    if (!keys.has(pub.kid)) keys.set(pub.kid, { alg: 'EdDSA', use: 'sig', ...pub });
  }
  return [...keys.values()];
}

/** An HTTP route for `startSubgraph({ routes })` that serves `keys`. */
export function jwksRoute(keys: PublicJwk[]) {
  const body = { keys };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== JWKS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    // Short cache: verifiers refetch on an unknown kid anyway, and a rotation should spread fast.
    sendJson(res, 200, body, { 'cache-control': 'public, max-age=300' });
    return true;
  };
}
