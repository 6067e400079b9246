import { EntitySchema } from 'typeorm';

/** A business using Jowi. Its own id is the tenant key (RLS: `id = current tenant`). */
export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

export const TenantEntity = new EntitySchema<TenantRow>({
  name: 'Tenant',
  tableName: 'tenant',
  schema: 'identity',
  columns: {
    id: { type: 'uuid', primary: true },
    slug: { type: 'text' },
    name: { type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
