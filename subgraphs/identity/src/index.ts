import { type Resolvers, type RunningService, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { entities } from './entities/index.ts';
import type { IdentityEnv } from './env.ts';
import { createResolvers } from './resolvers/index.ts';
import { SessionService } from './services/session.service.ts';
import { createAccessTokenSigner } from './services/tokens.ts';

export { applyDemoData } from './demo.ts';
export type { IdentityEnv } from './env.ts';
export { hashSecret, verifySecret } from './services/password.ts';
export {
  PERMISSIONS,
  type Permission,
  permissionsFor,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from './services/permissions.ts';
export { entities, migrations };

/** Starts the identity subgraph (used by main.ts, the dev launcher and tests). */
export async function startIdentity(env: IdentityEnv, host?: string): Promise<RunningService> {
  const sessions = new SessionService(await createAccessTokenSigner(env.IDENTITY_PRIVATE_JWK));
  return startSubgraph({
    name: 'identity',
    env,
    resolvers: createResolvers(sessions) as Resolvers,
    entities,
    host,
  });
}
