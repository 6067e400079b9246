import { EntitySchema } from 'typeorm';
import type { FiscalMode } from '../services/receipt-state.ts';

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
  mode: FiscalMode;
  /** The fiscal gateway's base URL (central mode). */
  gatewayUrl: string | null;
  paperOk: boolean | null;
  coverOpen: boolean | null;
  fmLocked: boolean | null;
  unsentCount: number | null;
  lastErrorCode: string | null;
  /** Why an operator must act (a dead-lettered receipt's code); null when nothing is asked. */
  attentionCode: string | null;
  statusAt: Date | null;
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
    mode: { type: 'text', default: 'LOCAL' },
    gatewayUrl: { name: 'gateway_url', type: 'text', nullable: true },
    paperOk: { name: 'paper_ok', type: 'boolean', nullable: true },
    coverOpen: { name: 'cover_open', type: 'boolean', nullable: true },
    fmLocked: { name: 'fm_locked', type: 'boolean', nullable: true },
    unsentCount: { name: 'unsent_count', type: 'integer', nullable: true },
    lastErrorCode: { name: 'last_error_code', type: 'text', nullable: true },
    attentionCode: { name: 'attention_code', type: 'text', nullable: true },
    statusAt: { name: 'status_at', type: 'timestamptz', nullable: true },
  },
});

/** Whether an operator must look at the device: a dead letter, a lock, no paper, cover open. */
export function deviceNeedsAttention(d: DeviceRow): boolean {
  return d.attentionCode !== null || d.fmLocked === true || d.paperOk === false || d.coverOpen === true;
}
