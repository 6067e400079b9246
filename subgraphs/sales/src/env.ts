import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';
import { z } from 'zod';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4003),
});
export type SalesEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): SalesEnv => loadConfig(envSchema);

/**
 * `syncSales` group commit (services/sync-group.ts), read wherever sales runs (main.ts, the dev
 * launcher, the bench's one-process stack): `SALES_SYNC_GROUP=0` turns it off; `SALES_SYNC_GROUPS`
 * is how many groups of one tenant are written at the same time (default 2).
 */
export const syncGroupEnvSchema = z.object({
  SALES_SYNC_GROUP: z.enum(['0', '1']).default('1'),
  SALES_SYNC_GROUPS: z.coerce.number().int().min(1).max(16).default(2),
});
export const loadSyncGroupEnv = () => syncGroupEnvSchema.parse(process.env);
