/**
 * Verifies the access token in the session cookie before the admin trusts its claims for what
 * to show. The gateway verifies every data call anyway; verifying here too means a forged or
 * tampered cookie cannot even make the admin render a menu, a button or the "access granted"
 * side of a page check. Keys come from identity's published JWKS (cached; a rotated-in key is
 * fetched on first sight of its `kid`).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { adminEnv } from './env.ts';
import type { SessionClaims } from './session.ts';

/** As identity signs them (`@jowi/server-kit` access-token.ts). */
const ISSUER = 'jowi-identity';
const AUDIENCE = 'jowi';

let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;

function identityKeys(): ReturnType<typeof createRemoteJWKSet> {
  keySet ??= createRemoteJWKSet(new URL(adminEnv().identityJwksUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 3_000,
  });
  return keySet;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The claims of a valid, unexpired, identity-signed (EdDSA) access token; null for anything
 * else — a bad signature, another issuer, an expired token, or keys that cannot be fetched
 * (then the visitor signs in again rather than being trusted blindly).
 */
export async function verifyClaims(accessToken: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(accessToken, identityKeys(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
    });
    const { sub, tid, kind, roles, perms } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof kind !== 'string') return null;
    if (!isStringArray(roles) || !isStringArray(perms)) return null;
    return { subject: sub, tenantId: tid, kind, roles, permissions: perms };
  } catch {
    return null;
  }
}
