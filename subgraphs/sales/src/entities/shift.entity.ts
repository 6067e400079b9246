import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

/**
 * A stored shift. Open while `closedAt` is null; the database allows one open shift per terminal
 * (partial unique index `shift_one_open_per_terminal`). Expected cash, the difference and the
 * X/Z figures are not stored: they are computed from the shift's sales, refunds and cash
 * movements when read, so a sale that arrives late for a closed shift still counts in its Z report.
 */
export interface ShiftRow {
  tenantId: string;
  id: string;
  storeId: string;
  terminalId: string;
  /** 1, 2, … per terminal, in opening order. */
  number: number;
  openedBy: string | null;
  /** Device time of the OPEN event. */
  openedAt: Date;
  /** Tiyin. */
  openingFloat: bigint;
  /** Content hash of the OPEN event (DUPLICATE vs CONFLICT on a resend). */
  openHash: string;
  closedBy: string | null;
  /** Device time of the CLOSE event; null while open. */
  closedAt: Date | null;
  /** Tiyin counted in the drawer at closing. */
  countedCash: bigint | null;
  closingNote: string | null;
  /** Content hash of the CLOSE event. */
  closeHash: string | null;
  /** Server time the OPEN arrived. */
  receivedAt: Date;
  /** Server time the CLOSE arrived. */
  closeReceivedAt: Date | null;
}

export const ShiftEntity = new EntitySchema<ShiftRow>({
  name: 'Shift',
  tableName: 'shift',
  schema: 'sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid' },
    terminalId: { name: 'terminal_id', type: 'uuid' },
    number: { type: 'integer' },
    openedBy: { name: 'opened_by', type: 'uuid', nullable: true },
    openedAt: { name: 'opened_at', type: 'timestamptz' },
    openingFloat: { name: 'opening_float', type: 'bigint', transformer: moneyColumn },
    openHash: { name: 'open_hash', type: 'text' },
    closedBy: { name: 'closed_by', type: 'uuid', nullable: true },
    closedAt: { name: 'closed_at', type: 'timestamptz', nullable: true },
    countedCash: { name: 'counted_cash', type: 'bigint', nullable: true, transformer: moneyColumn },
    closingNote: { name: 'closing_note', type: 'text', nullable: true },
    closeHash: { name: 'close_hash', type: 'text', nullable: true },
    receivedAt: { name: 'received_at', type: 'timestamptz' },
    closeReceivedAt: { name: 'close_received_at', type: 'timestamptz', nullable: true },
  },
});
