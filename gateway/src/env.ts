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
  IDENTITY_PUBLIC_JWKS: jwkList,
  /** Overrides of the subgraph URLs recorded in the supergraph, e.g. SUBGRAPH_CATALOG_URL. */
  SUBGRAPH_IDENTITY_URL: z.url().optional(),
  SUBGRAPH_CATALOG_URL: z.url().optional(),
  SUBGRAPH_SALES_URL: z.url().optional(),
  SUBGRAPH_INVENTORY_URL: z.url().optional(),
  SUBGRAPH_CUSTOMERS_URL: z.url().optional(),
  SUBGRAPH_FISCAL_URL: z.url().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
});
export type GatewayEnv = z.infer<typeof envSchema>;
export const loadEnv = (): GatewayEnv => loadConfig(envSchema);

/** The URL override for a subgraph, if configured. */
export function subgraphUrlOverride(env: GatewayEnv, name: string): string | undefined {
  const key = `SUBGRAPH_${name.toUpperCase()}_URL` as keyof GatewayEnv;
  const value = env[key];
  return typeof value === 'string' ? value : undefined;
}
