import { loadConfig, subgraphEnvSchema } from '@jowi/server-kit';

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4004),
});
export type InventoryEnv = ReturnType<typeof envSchema.parse>;
export const loadEnv = (): InventoryEnv => loadConfig(envSchema);
