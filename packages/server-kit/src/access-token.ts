/**
 * Access tokens: short-lived EdDSA JWTs issued by identity and verified by the gateway
 * (with identity's public key, selected by `kid` so keys can rotate). Verification failures
 * carry a stable code for the 401 response.
 */
import { type CryptoKey, errors, type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { HttpRefusal } from './http-refusal.ts';

export const ACCESS_TOKEN_ISSUER = 'jowi-identity';
export const ACCESS_TOKEN_AUDIENCE = 'jowi';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const claimsSchema = z.object({
  sub: z.string(),
  tid: z.uuid(),
  kind: z.enum(['staff', 'terminal', 'apikey']),
  roles: z.array(z.string()),
  perms: z.array(z.string()),
  /** The paired terminal a cashier signed in on (PIN login); absent for back-office sessions. */
  term: z.uuid().optional(),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

export async function signAccessToken(
  key: CryptoKey,
  kid: string,
  claims: AccessClaims,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  /** Issue time in epoch seconds (default now): a fixed time re-signs a byte-identical token. */
  issuedAt = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: Date }> {
  const now = issuedAt;
  const token = await new SignJWT({
    tid: claims.tid,
    kind: claims.kind,
    roles: claims.roles,
    perms: claims.perms,
    ...(claims.term ? { term: claims.term } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
    .setSubject(claims.sub)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key);
  return { token, expiresAt: new Date((now + ttlSeconds) * 1000) };
}

/** `STAFF_DISABLED`: a valid token of a person disabled since (the gateway asks identity). */
export type TokenFailure =
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'TOKEN_UNKNOWN_KEY'
  | 'TOKEN_BAD_ALGORITHM'
  | 'STAFF_DISABLED';

/** The verification keys could not be fetched: the service shell answers 503 `SERVICE_UNAVAILABLE`. */
export class KeySourceUnavailable extends HttpRefusal {
  constructor(cause: unknown) {
    super(503, 'SERVICE_UNAVAILABLE', 'access-token verification keys are unavailable');
    this.cause = cause;
  }
}

/**
 * Finds the verification key for a token header (e.g. jose's `createRemoteJWKSet`); throws
 * `JWKSNoMatchingKey` for an unknown `kid`.
 */
export type AccessKeyResolver = (header: JWTHeaderParameters) => Promise<CryptoKey>;

/** `expiresAt`: the token's `exp` in epoch seconds. */
export type AccessTokenVerdict =
  | { ok: true; claims: AccessClaims; expiresAt: number }
  | { ok: false; code: TokenFailure };

/**
 * Verifies an access token against keys by `kid` (a fixed map, or a resolver such as a remote
 * JWKS). Only EdDSA is accepted (no `none`, no HS*).
 */
export async function verifyAccessToken(
  keys: Map<string, CryptoKey> | AccessKeyResolver,
  token: string,
): Promise<AccessTokenVerdict> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        if (header.alg !== 'EdDSA') throw new errors.JOSEAlgNotAllowed('algorithm not allowed');
        if (typeof keys === 'function') {
          if (!header.kid) throw new errors.JWKSNoMatchingKey();
          try {
            return await keys(header);
          } catch (error) {
            if (error instanceof errors.JWKSNoMatchingKey) throw error;
            // The key source is down (network, non-200, bad JSON): that is our outage, not a bad
            // token, so it must not answer 401 and make clients throw their sessions away.
            throw new KeySourceUnavailable(error);
          }
        }
        const key = header.kid ? keys.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['EdDSA'] },
    );
    const parsed = claimsSchema.safeParse({ ...(payload as JWTPayload) });
    // jose has checked `exp` against the clock; a token without one is not ours.
    if (!parsed.success || typeof payload.exp !== 'number') return { ok: false, code: 'TOKEN_INVALID' };
    return { ok: true, claims: parsed.data, expiresAt: payload.exp };
  } catch (error) {
    if (error instanceof KeySourceUnavailable) throw error;
    if (error instanceof errors.JWTExpired) return { ok: false, code: 'TOKEN_EXPIRED' };
    if (error instanceof errors.JWKSNoMatchingKey) return { ok: false, code: 'TOKEN_UNKNOWN_KEY' };
    if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, code: 'TOKEN_BAD_ALGORITHM' };
    return { ok: false, code: 'TOKEN_INVALID' };
  }
}
