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

const bucketEnv = z
  .string()
  .regex(/^\d+:\d+(\.\d+)?$/, 'must be capacity:refillPerSecond, e.g. 5000:100')
  .transform((value) => {
    const [capacity, refill] = value.split(':').map(Number) as [number, number];
    return { capacity, refillPerSecond: refill };
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
  SUBGRAPH_INTEGRATIONS_URL: z.url().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  // The limits below default in gateway/src/limits/config.ts (figures in docs/api.md).
  /** Largest query text in tokens, counted before parsing (4 000). */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(100_000).optional(),
  /** Largest `/graphql` body of an anonymous caller (bytes; 256 KiB). */
  MAX_BODY_BYTES_ANONYMOUS: z.coerce.number().int().min(1024).optional(),
  /** Largest `/graphql` body of a signed-in caller or API key (1 MiB: a 500-sale `syncSales` batch fits). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).optional(),
  /** Largest cost of one operation for signed-in callers and API keys (25 000; anonymous: 1 000). */
  MAX_QUERY_COST: z.coerce.number().int().min(100).optional(),
  /** Rate limits (leaky buckets of cost points per caller; on); `false` only computes and reports costs. */
  RATE_LIMIT: z.stringbool().optional(),
  /**
   * Bucket overrides per class, `capacity:refillPerSecond` (e.g. `5000:100`); defaults in
   * gateway/src/limits/config.ts and docs/api.md.
   */
  RATE_LIMIT_ANONYMOUS: bucketEnv.optional(),
  RATE_LIMIT_STAFF: bucketEnv.optional(),
  RATE_LIMIT_TERMINAL: bucketEnv.optional(),
  RATE_LIMIT_APIKEY: bucketEnv.optional(),
  /** Whether anonymous callers may introspect and get "Did you mean" hints (default: not in production). */
  ANONYMOUS_INTROSPECTION: z.stringbool().optional(),
  /**
   * Browser origins allowed by CORS, comma-separated. Default: the web admin's and the POS
   * renderer's development origins (ports 3000 and 5173 on localhost and 127.0.0.1).
   */
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .optional(),
  /**
   * How long a verified API key is trusted without asking identity again. A revoked key keeps
   * working for up to this long on each gateway instance; 0 disables the cache (tests).
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * Subscriptions over graphql-ws (on unless false). The gateway then reads the event log as its
   * own role, `jowi_gateway` (DATABASE_URL's address, DB_ROLE_PASSWORD), which can read events
   * and nothing else.
   */
  REALTIME: z.union([z.boolean(), z.stringbool()]).optional(),
  /** How often the realtime reader looks at the log without a Redis wake-up (ms; default 1 000). */
  REALTIME_POLL_MS: z.coerce.number().int().min(10).max(60_000).optional(),
  /**
   * In-flight sharing of identical read-only subgraph fetches (subgraph-sharing.ts; on unless
   * false): concurrent callers of one tenant with the same roles and permissions wait for one
   * subgraph request instead of sending the same one each.
   */
  SUBGRAPH_SHARING: z.union([z.boolean(), z.stringbool()]).optional(),
  /**
   * Operations planned as one fetch to one subgraph answered with that subgraph's data, without
   * the executor (single-fetch-passthrough.ts; on unless false — off only to compare the paths).
   */
  SINGLE_FETCH_PASSTHROUGH: z.union([z.boolean(), z.stringbool()]).optional(),
});
export type GatewayEnv = z.infer<typeof envSchema>;
export const loadEnv = (): GatewayEnv => loadConfig(envSchema);

/** The URL override for a subgraph, if configured. */
export function subgraphUrlOverride(env: GatewayEnv, name: string): string | undefined {
  const key = `SUBGRAPH_${name.toUpperCase()}_URL` as keyof GatewayEnv;
  const value = env[key];
  return typeof value === 'string' ? value : undefined;
}
