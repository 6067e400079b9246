import { z } from 'zod';

/**
 * Central-mode settings (environment, with defaults). Tests shrink the intervals; production
 * keeps the defaults: 8 attempts with exponential backoff from 2 s (≈ 4 min in all), stale
 * PENDING receipts re-enqueued after 30 s, local receipts dead-lettered after 24 h.
 */
export const centralEnvSchema = z.object({
  /** Run the BullMQ worker (and the reconciler) in this process. */
  FISCAL_WORKER: z.enum(['on', 'off']).default('on'),
  /** Attempts before a retryable failure becomes NEEDS_ATTENTION. */
  FISCAL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** First retry delay; doubled per attempt. */
  FISCAL_BACKOFF_MS: z.coerce.number().int().min(1).default(2_000),
  /** Reconciler interval. */
  FISCAL_RECONCILE_MS: z.coerce.number().int().min(50).default(10_000),
  /** A central PENDING receipt unchanged this long is enqueued again. */
  FISCAL_STALE_PENDING_MS: z.coerce.number().int().min(0).default(30_000),
  /** A local PENDING receipt the POS has not reported after this long needs attention. */
  FISCAL_LOCAL_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  /** BullMQ job lock: a worker killed mid-job releases it after this long. */
  FISCAL_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often workers look for stalled (lock-expired) jobs. */
  FISCAL_STALLED_CHECK_MS: z.coerce.number().int().min(100).default(15_000),
  /** Jobs a worker runs at once. */
  FISCAL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Per-call timeout towards a fiscal gateway. */
  FISCAL_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
});
export type CentralEnv = z.infer<typeof centralEnvSchema>;

/** Central settings out of a (possibly partial) environment object. */
export function centralConfig(env: Record<string, unknown>): CentralEnv {
  const picked = Object.fromEntries(
    Object.keys(centralEnvSchema.shape).map((key) => [key, env[key] === undefined ? undefined : env[key]]),
  );
  return centralEnvSchema.parse(picked);
}
