import { EntitySchema } from 'typeorm';

/** A registered POS device, bound to one store of the same tenant. */
export interface TerminalRow {
  tenantId: string;
  id: string;
  storeId: string;
  name: string;
  /** False once deactivated: PIN sign-ins and `syncSales` are refused with `TERMINAL_INACTIVE`. */
  active: boolean;
  createdAt: Date;
}

export const TerminalEntity = new EntitySchema<TerminalRow>({
  name: 'Terminal',
  tableName: 'terminal',
  schema: 'identity',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid' },
    name: { type: 'text' },
    active: { type: 'boolean', default: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
