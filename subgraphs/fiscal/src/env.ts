import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4006),
});
export type FiscalEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): FiscalEnv => loadConfig(envSchema);
