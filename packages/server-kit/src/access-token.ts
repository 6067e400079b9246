/**
 * Access tokens: short-lived EdDSA JWTs issued by identity and verified by the gateway
 * (with identity's public key, selected by `kid` so keys can rotate). Verification failures
 * carry a stable code for the 401 response.
 */
import { type CryptoKey, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export const ACCESS_TOKEN_ISSUER = 'jowi-identity';
export const ACCESS_TOKEN_AUDIENCE = 'jowi';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const claimsSchema = z.object({
  sub: z.string(),
  tid: z.uuid(),
  kind: z.enum(['staff', 'terminal', 'apikey']),
  roles: z.array(z.string()),
  perms: z.array(z.string()),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

export async function signAccessToken(
  key: CryptoKey,
  kid: string,
  claims: AccessClaims,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    tid: claims.tid,
    kind: claims.kind,
    roles: claims.roles,
    perms: claims.perms,
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

export type TokenFailure = 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_UNKNOWN_KEY' | 'TOKEN_BAD_ALGORITHM';

/** Verifies an access token against keys by `kid`. Only EdDSA is accepted (no `none`, no HS*). */
export async function verifyAccessToken(
  keys: Map<string, CryptoKey>,
  token: string,
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; code: TokenFailure }> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        if (header.alg !== 'EdDSA') throw new errors.JOSEAlgNotAllowed('algorithm not allowed');
        const key = header.kid ? keys.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['EdDSA'] },
    );
    const parsed = claimsSchema.safeParse({ ...(payload as JWTPayload) });
    return parsed.success ? { ok: true, claims: parsed.data } : { ok: false, code: 'TOKEN_INVALID' };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, code: 'TOKEN_EXPIRED' };
    if (error instanceof errors.JWKSNoMatchingKey) return { ok: false, code: 'TOKEN_UNKNOWN_KEY' };
    if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, code: 'TOKEN_BAD_ALGORITHM' };
    return { ok: false, code: 'TOKEN_INVALID' };
  }
}
