import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';
import { z } from 'zod';

const flag = z.union([z.boolean(), z.stringbool()]);

/**
 * The webhook sender's settings. Every one has a default, so the single-node launcher and tests
 * pass only what they change.
 */
export const webhookSettingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * Deliver to private, loopback and link-local addresses. Refused in production (SSRF: a
   * tenant's URL must not reach the internal network); allowed elsewhere unless set to false.
   */
  WEBHOOK_ALLOW_PRIVATE_URLS: flag.optional(),
  /** How long a failing delivery is retried before it is marked FAILED (seconds; 24 h). */
  WEBHOOK_RETRY_WINDOW_S: z.coerce.number().int().min(1).default(86_400),
  /** The first retry delay (ms), doubled after each failure up to WEBHOOK_MAX_BACKOFF_MS. */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(10_000),
  WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(1).default(3_600_000),
  /** A receiver that has not answered within this time has failed the attempt (ms). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the sender looks for due deliveries when idle (ms). */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  /** Deliveries in flight at once (each to a different endpoint). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Run the sender in this process (default on; a deployment may run it apart). */
  WEBHOOK_WORKER: flag.default(true),
});

/** The webhook settings as the services use them. */
export interface WebhookSettings {
  allowPrivateUrls: boolean;
  retryWindowMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  pollMs: number;
  concurrency: number;
  worker: boolean;
}

/** Reads the webhook settings from a (validated or raw) environment. */
export function webhookSettings(env: Record<string, unknown>): WebhookSettings {
  const parsed = webhookSettingsSchema.parse(env);
  return {
    allowPrivateUrls: parsed.WEBHOOK_ALLOW_PRIVATE_URLS ?? parsed.NODE_ENV !== 'production',
    retryWindowMs: parsed.WEBHOOK_RETRY_WINDOW_S * 1000,
    backoffMs: parsed.WEBHOOK_BACKOFF_MS,
    maxBackoffMs: parsed.WEBHOOK_MAX_BACKOFF_MS,
    timeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
    pollMs: parsed.WEBHOOK_POLL_MS,
    concurrency: parsed.WEBHOOK_CONCURRENCY,
    worker: parsed.WEBHOOK_WORKER,
  };
}

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4007),
  ...webhookSettingsSchema.omit({ NODE_ENV: true }).shape,
});
export type IntegrationsEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): IntegrationsEnv => loadConfig(envSchema);
