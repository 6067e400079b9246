/**
 * Configuration is environment variables, validated once with zod. Every problem is reported
 * together, then the process exits non-zero — an operator fixes them all in one go.
 */
import { z } from 'zod';
import { RUNTIME_SERVICES, type RuntimeService } from './db.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses `source` with `schema`; throws {@link ConfigError} listing every problem. */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  source: Record<string, string | undefined>,
): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

/** Like {@link parseConfig} over `process.env`, but prints the problems and exits with code 78 (config). */
export function loadConfig<T extends z.ZodType>(schema: T): z.infer<T> {
  try {
    return parseConfig(schema, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

const jwk = z.string().transform((value, ctx) => {
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key (JSON)' });
    return z.NEVER;
  }
});

/**
 * Settings every service shares. A service logs in as its own runtime role (`jowi_<service>`):
 * it takes only the server and database from `DATABASE_URL` (give it the address alone, e.g.
 * `postgres://db:5432/jowi`; a user and password in the URL are ignored) and its role's password
 * from `DB_ROLE_PASSWORD`.
 */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/jowi'),
  /** This service's runtime role password (in single-node mode and tests, every role's). */
  DB_ROLE_PASSWORD: z.string().min(1).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Attempts at an event a consumer fails on before it is parked (default 5; see parking.ts). */
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).optional(),
  /** First delay between those attempts in ms, doubled up to 30 s (default 500). */
  CONSUMER_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  /**
   * The operator port serving `/metrics` (0 = a free port); unset, the service exports no
   * metrics. Never the public port: scrapers reach it on the internal network only.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Interface of the operator port (default 127.0.0.1; `0.0.0.0` in containers). */
  METRICS_HOST: z.string().min(1).optional(),
});

/** A subgraph also needs its port and the gateway's public key to verify forwarded identities. */
export const subgraphEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535),
  GATEWAY_PUBLIC_JWK: jwk,
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type SubgraphEnv = z.infer<typeof subgraphEnvSchema>;
export { jwk as jwkEnv };

/**
 * The variable that carries one runtime role's own password in a deployment, e.g.
 * `SALES_DB_PASSWORD` for `jowi_sales`. The migrate job reads all of them; each service is given
 * only its own, as `DB_ROLE_PASSWORD` (see docker/compose.yaml).
 */
export const rolePasswordVariable = (service: RuntimeService): string =>
  `${service.toUpperCase()}_DB_PASSWORD`;

/**
 * Each runtime role's password for migrations and seeding: `<SERVICE>_DB_PASSWORD`, else
 * `DB_ROLE_PASSWORD` (one password for every role), else none (the role keeps what it has).
 */
export function rolePasswordsFromEnv(
  source: Record<string, string | undefined>,
): Partial<Record<RuntimeService, string>> {
  const passwords: Partial<Record<RuntimeService, string>> = {};
  for (const service of RUNTIME_SERVICES) {
    const password = source[rolePasswordVariable(service)] || source.DB_ROLE_PASSWORD;
    if (password) passwords[service] = password;
  }
  return passwords;
}
