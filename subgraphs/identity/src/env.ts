import { jwkEnv, loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4001),
  /** Identity's private signing key (Ed25519 JWK with `kid`) for access tokens. */
  IDENTITY_PRIVATE_JWK: jwkEnv.refine((jwk) => typeof jwk.kid === 'string' && typeof jwk.d === 'string', {
    message: 'must be a private JSON Web Key with a "kid"',
  }),
});
export type IdentityEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): IdentityEnv => loadConfig(envSchema);
