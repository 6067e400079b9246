import { EntitySchema } from 'typeorm';

/**
 * Email → tenant and staff. Not tenant data: a sign-in starts without a tenant and finds it
 * here. No RLS; only the identity runtime role can read the identity schema at all.
 */
export interface LoginDirectoryRow {
  email: string;
  tenantId: string;
  staffId: string;
}

export const LoginDirectoryEntity = new EntitySchema<LoginDirectoryRow>({
  name: 'LoginDirectory',
  tableName: 'login_directory',
  schema: 'identity',
  columns: {
    email: { type: 'text', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    staffId: { name: 'staff_id', type: 'uuid' },
  },
});
