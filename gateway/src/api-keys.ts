/**
 * Integrator API keys at the gateway. A key arrives as `Authorization: Bearer jowi_…` or
 * `x-api-key: jowi_…`. The gateway cannot read identity's tables, so it asks identity
 * (`POST /internal/api-keys/verify`, authenticated with a gateway-signed `system` identity)
 * and caches each successful answer in memory for `API_KEY_CACHE_SECONDS` (30 s by default).
 *
 * Consequence, by design: a revoked key keeps working on a gateway instance for up to the cache
 * time after revocation. Failures are never cached (a key created a moment ago works at once),
 * and when identity cannot be reached the request is refused (fail closed), not let through.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type CryptoKey, IDENTITY_HEADER, type Identity, type Logger, signIdentity } from '@jowi/server-kit';
import { z } from 'zod';
import { ExpiringCache } from './expiring-cache.ts';

export const API_KEY_PREFIX = 'jowi_';
const VERIFY_PATH = '/internal/api-keys/verify';
/** Bound on cached keys per gateway instance; the oldest entries go first. */
const MAX_CACHED = 10_000;
const VERIFY_TIMEOUT_MS = 3000;

const verifiedSchema = z.object({
  tenantId: z.uuid(),
  keyId: z.uuid(),
  permissions: z.array(z.string()),
});

/** The API key a request presents, if any (a Bearer value that is not a key is an access token). */
export function presentedApiKey(req: IncomingMessage): string | null {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer?.startsWith(API_KEY_PREFIX) ? bearer : null;
}

export type ApiKeyVerdict =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'API_KEY_INVALID' | 'API_KEY_UNVERIFIABLE' };

export interface ApiKeyAuthenticatorOptions {
  /** identity's GraphQL URL (the verify route lives beside it); resolved lazily. */
  identityUrl: () => string | undefined;
  signingKey: CryptoKey;
  signingKid: string | undefined;
  cacheSeconds: number;
  log: Logger;
}

/** Verifies API keys against identity, with a short in-memory cache of successes. */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions) {
  // Keyed by the key's SHA-256, so the process never holds a table of plaintext secrets.
  const cache = new ExpiringCache<Identity>(MAX_CACHED);
  const caller: Identity = { kind: 'system', tenantId: null, subject: 'gateway', roles: [], permissions: [] };

  async function verifyRemotely(secret: string): Promise<ApiKeyVerdict> {
    const base = options.identityUrl();
    if (!base) return { ok: false, reason: 'API_KEY_UNVERIFIABLE' };
    try {
      const response = await fetch(new URL(VERIFY_PATH, base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(options.signingKey, options.signingKid, caller),
        },
        body: JSON.stringify({ key: secret }),
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
      if (response.status === 404) return { ok: false, reason: 'API_KEY_INVALID' };
      if (!response.ok) {
        options.log.error({ status: response.status }, 'api key verification refused by identity');
        return { ok: false, reason: 'API_KEY_UNVERIFIABLE' };
      }
      const parsed = verifiedSchema.safeParse(await response.json());
      if (!parsed.success) return { ok: false, reason: 'API_KEY_UNVERIFIABLE' };
      const { tenantId, keyId, permissions } = parsed.data;
      return { ok: true, identity: { kind: 'apikey', tenantId, subject: keyId, roles: [], permissions } };
    } catch (error) {
      options.log.error({ err: (error as Error).message }, 'api key verification failed');
      return { ok: false, reason: 'API_KEY_UNVERIFIABLE' };
    }
  }

  return {
    async authenticate(secret: string): Promise<ApiKeyVerdict> {
      if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200)
        return { ok: false, reason: 'API_KEY_INVALID' };
      const cacheKey = createHash('sha256').update(secret).digest('hex');
      const now = Date.now();
      const hit = cache.get(cacheKey, now);
      if (hit) return { ok: true, identity: hit };
      const verdict = await verifyRemotely(secret);
      if (verdict.ok && options.cacheSeconds > 0)
        cache.set(cacheKey, verdict.identity, now + options.cacheSeconds * 1000);
      return verdict;
    },
  };
}
