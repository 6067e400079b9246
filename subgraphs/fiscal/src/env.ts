import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';
import { centralEnvSchema } from './central/config.ts';

export const envSchema = subgraphEnvSchema
  .extend({
    PORT: subgraphEnvSchema.shape.PORT.default(4006),
  })
  .extend(centralEnvSchema.shape);
export type FiscalEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): FiscalEnv => loadConfig(envSchema);
