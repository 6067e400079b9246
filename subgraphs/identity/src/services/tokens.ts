/**
 * Token material. Access tokens are EdDSA JWTs signed with identity's private key (selected by
 * `kid` so keys can rotate). Refresh tokens are opaque: `<tenantId>.<32 random bytes>`. The
 * tenant prefix lets an anonymous refresh find its tenant, so the lookup itself runs under RLS;
 * only the SHA-256 of the whole token is stored, so a database leak yields no usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type CryptoKey, importKey, isUuid } from '@jowi/server-kit';
import type { JWK } from 'jose';

/** How long a refresh token stays valid (each rotation starts a new 30 days). */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The key that signs access tokens, with its `kid`. */
export interface AccessTokenSigner {
  kid: string;
  key: CryptoKey;
}

/** Imports identity's private JWK; it must carry a `kid` so verifiers can pick the right key. */
export async function createAccessTokenSigner(jwk: Record<string, unknown>): Promise<AccessTokenSigner> {
  if (typeof jwk.kid !== 'string' || !jwk.kid) throw new Error('IDENTITY_PRIVATE_JWK must have a "kid"');
  if (typeof jwk.d !== 'string') throw new Error('IDENTITY_PRIVATE_JWK must be a private key (no "d")');
  return { kid: jwk.kid, key: await importKey(jwk as JWK) };
}

/** A fresh opaque refresh token for `tenantId`. */
export function newRefreshToken(tenantId: string): string {
  return `${tenantId}.${randomBytes(32).toString('base64url')}`;
}

/** What is stored for a refresh token: hex SHA-256 (the token has 256 bits of entropy, no salt needed). */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const REFRESH_TOKEN_SHAPE = /^([0-9a-fA-F-]{36})\.[A-Za-z0-9_-]{43}$/;

/** The tenant a refresh token claims to belong to, or null when it is not shaped like one. */
export function tenantOfRefreshToken(token: string): string | null {
  const match = REFRESH_TOKEN_SHAPE.exec(token);
  const tenantId = match?.[1];
  return tenantId && isUuid(tenantId) ? tenantId.toLowerCase() : null;
}
