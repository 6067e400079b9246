export { createApiKeyAuthenticator, presentedApiKey } from './api-keys.ts';
export { envSchema, type GatewayEnv } from './env.ts';
export { startGateway } from './gateway.ts';
