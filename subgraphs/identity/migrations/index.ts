import { IdentityInit1764300000200 } from './1764300000200-identity-init.ts';
import { SessionsTerminals1764400000100 } from './1764400000100-sessions-terminals.ts';
import { RolesApiKeys1764400000200 } from './1764400000200-roles-api-keys.ts';
import { PeopleDevices1765000000600 } from './1765000000600-people-devices.ts';
import { StaffLanguage1765500000200 } from './1765500000200-staff-language.ts';

/** Every migration of the identity schema, in order. */
export const migrations = [
  IdentityInit1764300000200,
  SessionsTerminals1764400000100,
  RolesApiKeys1764400000200,
  PeopleDevices1765000000600,
  StaffLanguage1765500000200,
];
