import { EntitySchema } from 'typeorm';

/** A customer as the services read it (raw SQL selects exactly these names; see `CUSTOMER_COLUMNS`). */
export interface CustomerRow {
  tenantId: string;
  id: string;
  phone: string;
  name: string | null;
  /** `YYYY-MM-DD` (selected as text: a `date` must never pass through a JS Date and a time zone). */
  birthday: string | null;
  tags: string[];
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
  mergedIntoId: string | null;
  mergedAt: Date | null;
}

/** A customer on its way to the `Customer` type: `phoneRevealed` says whether it may show the full phone. */
export type CustomerNode = CustomerRow & { phoneRevealed?: boolean };

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  schema: 'customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    phone: { type: 'text' },
    name: { type: 'text', nullable: true },
    birthday: { type: 'date', nullable: true },
    tags: { type: 'text', array: true, default: () => "'{}'" },
    notes: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
    mergedIntoId: { name: 'merged_into', type: 'uuid', nullable: true },
    mergedAt: { name: 'merged_at', type: 'timestamptz', nullable: true },
  },
});
