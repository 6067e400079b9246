import { baseEnvSchema, jwkEnv, loadConfig } from '@jowi/server-kit';
import { z } from 'zod';

const jwkList = z.string().transform((value, ctx) => {
  try {
    const parsed = JSON.parse(value) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list as Record<string, unknown>[];
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key or an array of them' });
    return z.NEVER;
  }
});

export const envSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Signs the identity forwarded to subgraphs. */
  GATEWAY_PRIVATE_JWK: jwkEnv,
  /** identity's public key(s), selected by `kid`; list several while rotating. */
  IDENTITY_PUBLIC_JWKS: jwkList.optional(),
  /**
   * identity's published key set (`http://identity:4001/.well-known/jwks.json`), instead of or
   * besides IDENTITY_PUBLIC_JWKS: picks up rotated keys without a restart.
   */
  IDENTITY_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Behind a trusted reverse proxy: take the client IP from `x-forwarded-for`. */
  TRUST_PROXY: z.stringbool().optional(),
  /** Overrides of the subgraph URLs recorded in the supergraph, e.g. SUBGRAPH_CATALOG_URL. */
  SUBGRAPH_IDENTITY_URL: z.url().optional(),
  SUBGRAPH_CATALOG_URL: z.url().optional(),
  SUBGRAPH_SALES_URL: z.url().optional(),
  SUBGRAPH_INVENTORY_URL: z.url().optional(),
  SUBGRAPH_CUSTOMERS_URL: z.url().optional(),
  SUBGRAPH_FISCAL_URL: z.url().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  /**
   * How long a verified API key is trusted without asking identity again. A revoked key keeps
   * working for up to this long on each gateway instance; 0 disables the cache (tests).
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});
export type GatewayEnv = z.infer<typeof envSchema>;
export const loadEnv = (): GatewayEnv => loadConfig(envSchema);

/** The URL override for a subgraph, if configured. */
export function subgraphUrlOverride(env: GatewayEnv, name: string): string | undefined {
  const key = `SUBGRAPH_${name.toUpperCase()}_URL` as keyof GatewayEnv;
  const value = env[key];
  return typeof value === 'string' ? value : undefined;
}
