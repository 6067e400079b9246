import { EntitySchema } from 'typeorm';

/** A fiscal module (FM) of the tenant, identified by the terminal id printed on its receipts. */
export interface DeviceRow {
  tenantId: string;
  id: string;
  terminalId: string;
  storeId: string | null;
  model: string | null;
  status: string;
  lastSeenAt: Date | null;
  createdAt: Date;
}

export const DeviceEntity = new EntitySchema<DeviceRow>({
  name: 'FiscalDevice',
  tableName: 'device',
  schema: 'fiscal',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    terminalId: { name: 'terminal_id', type: 'text' },
    storeId: { name: 'store_id', type: 'uuid', nullable: true },
    model: { type: 'text', nullable: true },
    status: { type: 'text', default: 'OK' },
    lastSeenAt: { name: 'last_seen_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
