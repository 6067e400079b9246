/**
 * Keyed hashes derived from identity's signing key (HKDF over the private scalar), for values
 * that must be recomputable by every identity instance yet unforgeable without the key:
 *
 * - a refresh token's successor is HMAC(old token): a client that refreshes twice with the same
 *   token inside the grace window gets the very same successor, with nothing but hashes stored;
 * - pairing codes (8 digits, 10^8 values) are stored as HMACs, so a leaked table cannot be
 *   brute-forced into a usable code without the key.
 *
 * Rotating the signing key changes these: a successor reissued across a rotation is refused (the
 * client signs in again) and pairing codes issued before it stop working (issue a new one).
 */
import { createHmac, hkdfSync } from 'node:crypto';

export interface TokenSecrets {
  /** The successor of refresh token `token` (same tenant prefix, 43 base64url characters). */
  successorRefreshToken(token: string, tenantId: string): string;
  /** Hex HMAC of a pairing code. */
  pairingCodeHash(code: string): string;
}

export function createTokenSecrets(privateJwk: Record<string, unknown>): TokenSecrets {
  const d = privateJwk.d;
  if (typeof d !== 'string') throw new Error('IDENTITY_PRIVATE_JWK must be a private key');
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(d, 'base64url'), 'jowi-identity', purpose, 32));
  const successorKey = derive('refresh-token-successor');
  const pairingKey = derive('terminal-pairing-code');
  return {
    successorRefreshToken: (token, tenantId) =>
      `${tenantId}.${createHmac('sha256', successorKey).update(token).digest('base64url')}`,
    pairingCodeHash: (code) => createHmac('sha256', pairingKey).update(code).digest('hex'),
  };
}
