import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4002),
});
export type CatalogEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): CatalogEnv => loadConfig(envSchema);
