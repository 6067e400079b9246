import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/** Direction of a cash movement (the CASH_IN / CASH_OUT values of `ShiftEventKind`). */
export type CashMovementKind = 'CASH_IN' | 'CASH_OUT';

/** Cash put into or taken out of a shift's drawer. */
export interface CashMovementRow {
  tenantId: string;
  id: string;
  shiftId: string;
  kind: CashMovementKind;
  /** Tiyin, more than zero. */
  amount: bigint;
  reason: string;
  staffId: string | null;
  /** Device time. */
  at: Date;
  contentHash: string;
  receivedAt: Date;
}

export const CashMovementEntity = new EntitySchema<CashMovementRow>({
  name: 'CashMovement',
  tableName: 'cash_movement',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    shiftId: { name: 'shift_id', type: 'uuid' },
    kind: { type: 'text' },
    amount: { type: 'bigint', transformer: moneyColumn },
    reason: { type: 'text' },
    staffId: { name: 'staff_id', type: 'uuid', nullable: true },
    at: { name: 'device_at', type: 'timestamptz' },
    contentHash: { name: 'content_hash', type: 'text' },
    receivedAt: { name: 'received_at', type: 'timestamptz' },
  },
});
