export { type GatewayEnv, envSchema } from './env.ts';
export { startGateway } from './gateway.ts';
