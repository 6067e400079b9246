/**
 * Configuration is environment variables, validated once with zod. Every problem is reported
 * together, then the process exits non-zero — an operator fixes them all in one go.
 */
import { z } from 'zod';

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

/** Settings every service shares. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/jowi'),
  DB_ROLE_PASSWORD: z.string().min(1).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
});

/** A subgraph also needs its port and the gateway's public key to verify forwarded identities. */
export const subgraphEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535),
  GATEWAY_PUBLIC_JWK: jwk,
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type SubgraphEnv = z.infer<typeof subgraphEnvSchema>;
export { jwk as jwkEnv };
