import { IdentityInit1764300000200 } from './1764300000200-identity-init.ts';

/** Every migration of the identity schema, in order. */
export const migrations = [IdentityInit1764300000200];
