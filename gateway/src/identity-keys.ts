/**
 * Where the gateway gets identity's access-token keys, and who the caller is on the network.
 *
 * Keys: a fixed list (`IDENTITY_PUBLIC_JWKS`) and/or identity's published JWKS
 * (`IDENTITY_JWKS_URL`, fetched lazily, cached 10 minutes, refetched — at most every 30 s — when a
 * token names an unknown `kid`, which is how a rotated-in key is picked up without a restart).
 */
import type { IncomingMessage } from 'node:http';
import { type AccessKeyResolver, type CryptoKey, importKey } from '@jowi/server-kit';
import { createRemoteJWKSet, errors } from 'jose';

/** Imports a fixed list of public JWKs by `kid`. */
export async function importIdentityKeys(jwks: Record<string, unknown>[]): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const jwk of jwks) {
    if (typeof jwk.kid !== 'string') throw new Error('IDENTITY_PUBLIC_JWKS: every key needs a kid');
    keys.set(jwk.kid, await importKey(jwk));
  }
  return keys;
}

/** The keys that verify access tokens: the fixed ones first, then the remote JWKS if configured. */
export async function identityKeySource(env: {
  IDENTITY_PUBLIC_JWKS?: Record<string, unknown>[];
  IDENTITY_JWKS_URL?: string;
}): Promise<Map<string, CryptoKey> | AccessKeyResolver> {
  if (!env.IDENTITY_PUBLIC_JWKS?.length && !env.IDENTITY_JWKS_URL) {
    throw new Error('Set IDENTITY_PUBLIC_JWKS or IDENTITY_JWKS_URL: the gateway cannot verify access tokens');
  }
  const fixed = await importIdentityKeys(env.IDENTITY_PUBLIC_JWKS ?? []);
  if (!env.IDENTITY_JWKS_URL) return fixed;
  const remote = createRemoteJWKSet(new URL(env.IDENTITY_JWKS_URL), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 3_000,
  });
  return async (header) => {
    const key = header.kid ? fixed.get(header.kid) : undefined;
    if (key) return key;
    try {
      return (await remote(header)) as CryptoKey;
    } catch (error) {
      // Several keys for one kid is a misconfigured set, not an outage: the token is unverifiable.
      if (error instanceof errors.JWKSMultipleMatchingKeys) throw new errors.JWKSNoMatchingKey();
      throw error;
    }
  };
}

/**
 * The caller's IP: the socket's peer, or — only behind a trusted proxy (`TRUST_PROXY=true`) —
 * the left-most `x-forwarded-for` entry. Without trust, a client could pick any IP and dodge
 * login throttling.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean | undefined): string | null {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  const peer = req.socket.remoteAddress ?? null;
  // IPv4 peers of a dual-stack socket appear as ::ffff:a.b.c.d.
  return peer?.startsWith('::ffff:') ? peer.slice(7) : peer;
}
