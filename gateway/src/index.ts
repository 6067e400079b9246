export { createApiKeyAuthenticator, presentedApiKey } from './api-keys.ts';
export { envSchema, type GatewayEnv } from './env.ts';
export { type StartedGateway, startGateway } from './gateway.ts';
export { DEFAULT_CLASS_LIMITS, DEFAULT_OPERATION_LIMITS } from './limits/config.ts';
export { createSafelistStore, redisPrefix, type SafelistStore, sha256Hex } from './limits/persisted.ts';
