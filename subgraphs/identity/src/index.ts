import { createLogger, importKey, type RunningService, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { entities } from './entities/index.ts';
import type { IdentityEnv } from './env.ts';
import { createResolvers } from './resolvers/index.ts';
import { apiKeyVerifyRoute } from './services/apikey-route.ts';
import { jwksRoute, publicJwks } from './services/jwks.ts';
import { LoginThrottle, throttlePrefix, throttleSettings } from './services/login-throttle.ts';
import { SessionService } from './services/session.service.ts';
import { staffStatusRoute } from './services/staff-status-route.ts';
import { TerminalService } from './services/terminal.service.ts';
import { createTokenSecrets } from './services/token-secrets.ts';
import { createAccessTokenSigner } from './services/tokens.ts';

export { applyDemoData } from './demo.ts';
export type { IdentityEnv } from './env.ts';
export { API_KEY_VERIFY_PATH } from './services/apikey-route.ts';
export { API_KEY_SCOPES, type ApiKeyScope, permissionsForScopes } from './services/apikey-scopes.ts';
export { JWKS_PATH, publicJwks } from './services/jwks.ts';
export { hashSecret, verifySecret } from './services/password.ts';
export {
  PERMISSIONS,
  type Permission,
  permissionsFor,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from './services/permissions.ts';
export { STAFF_STATUS_PATH } from './services/staff-status-route.ts';
export { entities, migrations };

/** Starts the identity subgraph (used by main.ts, the dev launcher and tests). */
export async function startIdentity(env: IdentityEnv, host?: string): Promise<RunningService> {
  const secrets = createTokenSecrets(env.IDENTITY_PRIVATE_JWK);
  const jwks = jwksRoute(publicJwks(env.IDENTITY_PRIVATE_JWK, env.IDENTITY_PUBLIC_JWKS));
  const log = createLogger('identity', env.LOG_LEVEL);
  const throttle = new LoginThrottle(throttleSettings(env), throttlePrefix(env.DATABASE_URL), log);
  const sessions = new SessionService(
    await createAccessTokenSigner(env.IDENTITY_PRIVATE_JWK),
    secrets,
    throttle,
    { graceSeconds: env.REFRESH_GRACE_SECONDS ?? 10 },
  );
  const terminals = new TerminalService(sessions, secrets);
  // The route needs the service's data source, which exists once startSubgraph returns.
  let running: RunningService | null = null;
  const verifyRoute = apiKeyVerifyRoute({
    gatewayKey: await importKey(env.GATEWAY_PUBLIC_JWK),
    db: () => running?.dataSource ?? null,
    log: () => running?.log ?? null,
  });
  const statusRoute = staffStatusRoute({
    gatewayKey: await importKey(env.GATEWAY_PUBLIC_JWK),
    db: () => running?.dataSource ?? null,
  });
  running = await startSubgraph({
    name: 'identity',
    env,
    resolvers: createResolvers(sessions, terminals),
    entities,
    host,
    log,
    routes: async (req, res) =>
      jwks(req, res) || (await verifyRoute(req, res)) || (await statusRoute(req, res)),
  });
  return running;
}
