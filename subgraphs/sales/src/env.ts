import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4003),
});
export type SalesEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): SalesEnv => loadConfig(envSchema);
