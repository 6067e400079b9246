export { envSchema, type GatewayEnv } from './env.ts';
export { startGateway } from './gateway.ts';
