import { EntitySchema } from 'typeorm';

export interface CustomerRow {
  tenantId: string;
  id: string;
  phone: string;
  name: string | null;
  createdAt: Date;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  schema: 'customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    phone: { type: 'text' },
    name: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
