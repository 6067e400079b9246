import { EntitySchema } from 'typeorm';

/** A shop or restaurant of a tenant. */
export interface StoreRow {
  tenantId: string;
  id: string;
  name: string;
  address: string | null;
  /** Taxpayer id (STIR/INN), exactly 9 digits. */
  taxId: string | null;
  timeZone: string;
  currency: string;
  /** False once deactivated: hidden from `stores` by default, its terminals deactivated too. */
  active: boolean;
  createdAt: Date;
}

export const StoreEntity = new EntitySchema<StoreRow>({
  name: 'Store',
  tableName: 'store',
  schema: 'identity',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    address: { type: 'text', nullable: true },
    taxId: { name: 'tax_id', type: 'text', nullable: true },
    timeZone: { name: 'time_zone', type: 'text', default: 'Asia/Tashkent' },
    currency: { type: 'text', default: 'UZS' },
    active: { type: 'boolean', default: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
