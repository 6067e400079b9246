import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4005),
});
export type CustomersEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): CustomersEnv => loadConfig(envSchema);
