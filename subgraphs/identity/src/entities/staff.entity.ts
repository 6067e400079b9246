import { EntitySchema } from 'typeorm';

/** A person working for a tenant. Hashes never leave the service (the SDL has no field for them). */
export interface StaffRow {
  tenantId: string;
  id: string;
  /** Lower-cased; unique per tenant; null for PIN-only cashiers. */
  email: string | null;
  name: string;
  roles: string[];
  /** argon2id PHC string; null when the person cannot sign in with a password. */
  passwordHash: string | null;
  /** argon2id PHC string of the POS PIN. */
  pinHash: string | null;
  active: boolean;
  /** Stores the person may work in; empty means every store. */
  storeIds: string[];
  /** When the person was last disabled; null while active. */
  disabledAt: Date | null;
  /** Back-office language (`uz`, `ru`, `en`) the person chose; null until they choose. */
  language: string | null;
  createdAt: Date;
}

export const StaffEntity = new EntitySchema<StaffRow>({
  name: 'Staff',
  tableName: 'staff',
  schema: 'identity',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    email: { type: 'text', nullable: true },
    name: { type: 'text' },
    roles: { type: 'text', array: true },
    passwordHash: { name: 'password_hash', type: 'text', nullable: true },
    pinHash: { name: 'pin_hash', type: 'text', nullable: true },
    active: { type: 'boolean', default: true },
    storeIds: { name: 'store_ids', type: 'uuid', array: true, default: () => "'{}'" },
    disabledAt: { name: 'disabled_at', type: 'timestamptz', nullable: true },
    language: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
