/**
 * Reuses the signed subgraph identity token for identical identities. A token lives 30 s
 * (server-kit `signIdentity`); it is reused for at most REUSE_MS, so every token a subgraph
 * receives still has ≥ 15 s left, and a change of roles or permissions (a new access token)
 * makes a new key at once. The key is the identity itself, never the bearer token, so nothing
 * secret is held beyond what the token already carries. Bounded (see ExpiringCache): a burst of
 * distinct callers costs a re-sign, never memory.
 */
import type { Identity } from '@jowi/server-kit';
import { ExpiringCache } from './expiring-cache.ts';

const REUSE_MS = 15_000;
const MAX_ENTRIES = 10_000;

export interface IdentityTokenCache {
  get(identity: Identity): Promise<string>;
}

export function createIdentityTokenCache(
  sign: (identity: Identity) => Promise<string>,
  now: () => number = Date.now,
): IdentityTokenCache {
  const tokens = new ExpiringCache<Promise<string>>(MAX_ENTRIES);
  return {
    get(identity) {
      // The whole identity is the key: any field that differs (now or added later) gets its own token.
      const key = JSON.stringify(identity);
      const t = now();
      const hit = tokens.get(key, t);
      if (hit) return hit;
      const token = sign(identity);
      tokens.set(key, token, t + REUSE_MS);
      // A failed signature must not be served from the cache.
      token.catch(() => tokens.deleteIf(key, token));
      return token;
    },
  };
}
