/**
 * Reuses the signed subgraph identity token for identical identities. A token lives 30 s
 * (server-kit `signIdentity`); it is reused for at most REUSE_MS, so every token a subgraph
 * receives still has ≥ 15 s left, and a change of roles or permissions (a new access token)
 * makes a new key at once. The key is the identity itself, never the bearer token, so nothing
 * secret is held beyond what the token already carries. Bounded: cleared when it grows past
 * MAX_ENTRIES (a burst of distinct callers costs a re-sign, never memory).
 */
import type { Identity } from '@jowi/server-kit';

const REUSE_MS = 15_000;
const MAX_ENTRIES = 10_000;

export interface IdentityTokenCache {
  get(identity: Identity): Promise<string>;
}

export function createIdentityTokenCache(
  sign: (identity: Identity) => Promise<string>,
  now: () => number = Date.now,
): IdentityTokenCache {
  const entries = new Map<string, { token: Promise<string>; until: number }>();
  return {
    get(identity) {
      // The whole identity is the key: any field that differs (now or added later) gets its own token.
      const key = JSON.stringify(identity);
      const t = now();
      const hit = entries.get(key);
      if (hit && hit.until > t) return hit.token;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const token = sign(identity);
      entries.set(key, { token, until: t + REUSE_MS });
      // A failed signature must not be served from the cache.
      token.catch(() => entries.delete(key));
      return token;
    },
  };
}
