/**
 * Identity travels from the gateway to subgraphs as a short-lived EdDSA-signed JWT in the
 * `x-jowi-identity` header. Subgraphs hold only the gateway's public key: they verify every
 * request themselves, and a request without a valid token never reaches a resolver.
 */
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export type { CryptoKey };
export const IDENTITY_HEADER = 'x-jowi-identity';
export const TRACE_HEADER = 'x-trace-id';
const ISSUER = 'jowi-gateway';
const AUDIENCE = 'jowi-subgraph';

export const identitySchema = z.object({
  kind: z.enum(['anonymous', 'staff', 'terminal', 'apikey', 'system']),
  tenantId: z.uuid().nullable(),
  subject: z.string().nullable(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  /** The caller's IP as the gateway saw it (login throttling); absent for internal calls. */
  clientIp: z.string().max(64).nullable().optional(),
  /** Set when the session was opened by PIN on a paired terminal: the caller acts only there. */
  terminalId: z.string().nullable().optional(),
});
/** Who is calling: verified by the gateway, re-verified by each subgraph. */
export type Identity = z.infer<typeof identitySchema>;

export const ANONYMOUS: Identity = {
  kind: 'anonymous',
  tenantId: null,
  subject: null,
  roles: [],
  permissions: [],
};

export interface KeyPairJwk {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh Ed25519 key pair as JWKs (dev start-up and tests; production passes keys in env). */
export async function generateSigningKeys(kid: string): Promise<KeyPairJwk> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' };
  return { privateJwk, publicJwk };
}

export async function importKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
}

/** Signs an internal identity token (30 s lifetime: it only has to survive one subgraph hop). */
export async function signIdentity(
  key: CryptoKey,
  kid: string | undefined,
  identity: Identity,
): Promise<string> {
  return new SignJWT({ idn: identity })
    .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('30s')
    .sign(key);
}

/** Verifies an internal identity token; returns null when it is missing, forged or expired. */
export async function verifyIdentity(key: CryptoKey, token: string | undefined): Promise<Identity | null> {
  return (await verifyIdentityUntil(key, token))?.identity ?? null;
}

async function verifyIdentityUntil(
  key: CryptoKey,
  token: string | undefined,
): Promise<{ identity: Identity; expiresAt: number } | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
    });
    const parsed = identitySchema.safeParse(payload.idn);
    if (!parsed.success || typeof payload.exp !== 'number') return null;
    return { identity: parsed.data, expiresAt: payload.exp * 1000 };
  } catch {
    return null;
  }
}

const frozen = (identity: Identity): Identity => {
  Object.freeze(identity.roles);
  Object.freeze(identity.permissions);
  return Object.freeze(identity);
};

/**
 * {@link verifyIdentity} that remembers the tokens it verified until each one's own expiry (a
 * subgraph sees the same token many times: the gateway reuses a signed identity for 15 s).
 * Only valid tokens are remembered, keyed by the whole token, so a forged or altered one is always
 * checked; bounded — at `maxEntries` the oldest entry goes. The identities it returns are frozen
 * (one object serves many requests).
 */
export function createIdentityVerifier(
  key: CryptoKey,
  options: { maxEntries?: number; now?: () => number } = {},
): (token: string | undefined) => Promise<Identity | null> {
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? Date.now;
  const verified = new Map<string, { identity: Identity; expiresAt: number }>();
  return async (token) => {
    if (!token) return null;
    const hit = verified.get(token);
    if (hit) {
      if (hit.expiresAt > now()) return hit.identity;
      verified.delete(token);
    }
    const result = await verifyIdentityUntil(key, token);
    if (!result || result.expiresAt <= now()) return null;
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
    const entry = { identity: frozen(result.identity), expiresAt: result.expiresAt };
    verified.set(token, entry);
    return entry.identity;
  };
}
