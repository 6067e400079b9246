import { LoginDirectoryEntity } from './login-directory.entity.ts';
import { RefreshTokenEntity } from './refresh-token.entity.ts';
import { StaffEntity } from './staff.entity.ts';
import { StoreEntity } from './store.entity.ts';
import { TenantEntity } from './tenant.entity.ts';
import { TerminalEntity } from './terminal.entity.ts';

export * from './login-directory.entity.ts';
export * from './refresh-token.entity.ts';
export * from './staff.entity.ts';
export * from './store.entity.ts';
export * from './tenant.entity.ts';
export * from './terminal.entity.ts';

/** Every entity of the identity schema. */
export const entities = [
  TenantEntity,
  StoreEntity,
  TerminalEntity,
  StaffEntity,
  LoginDirectoryEntity,
  RefreshTokenEntity,
];
