import { jwkEnv, loadConfig, subgraphEnvSchema } from '@jowi/server-kit';
import { z } from 'zod';

const jwkList = z.string().transform((value, ctx) => {
  try {
    const parsed = JSON.parse(value) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key or an array of them' });
    return z.NEVER;
  }
});

/** A positive whole number of something; optional, so code supplies the default. */
const count = (max: number) => z.coerce.number().int().min(1).max(max).optional();

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4001),
  /** Identity's private signing key (Ed25519 JWK with `kid`) for access tokens. */
  IDENTITY_PRIVATE_JWK: jwkEnv.refine((jwk) => typeof jwk.kid === 'string' && typeof jwk.d === 'string', {
    message: 'must be a private JSON Web Key with a "kid"',
  }),
  /**
   * Further public keys published in the JWKS while rotating (the previous signing key, or the
   * next one). The signing key's public half is always published.
   */
  IDENTITY_PUBLIC_JWKS: jwkList.optional(),
  /** Consecutive failures per account+IP before the first lock (default 5). */
  LOGIN_MAX_FAILURES: count(1000),
  /** First lock, doubled for every further failure (default 60 s). */
  LOGIN_LOCK_BASE_SECONDS: count(86_400),
  /** Longest account+IP lock (default 900 s). */
  LOGIN_LOCK_MAX_SECONDS: count(86_400),
  /** Failures per IP within the window that lock the IP (default 50). */
  LOGIN_IP_MAX_FAILURES: count(100_000),
  /** Window of the per-IP failure count, and the IP lock's length (default 900 s). */
  LOGIN_IP_WINDOW_SECONDS: count(86_400),
  /** How long an already-rotated refresh token still returns its successor (default 10 s). */
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
});
export type IdentityEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): IdentityEnv => loadConfig(envSchema);
