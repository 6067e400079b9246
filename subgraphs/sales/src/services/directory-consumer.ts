/**
 * The directory consumer: keeps sales' projection of identity's stores, terminals and staff
 * permissions (`sales.store_ref`, `sales.terminal_ref`, `sales.staff_ref`) from identity's
 * `store.upserted` / `terminal.upserted` / `staff.upserted` events. `syncSales` resolves a terminal's store and time zone from it,
 * and answers `UNKNOWN_TERMINAL` (the POS retries) until a just-registered terminal arrives.
 *
 * Each event carries the whole current state and is applied as an upsert, so a replay changes
 * nothing; the runner applies events in log order, so the latest state wins.
 */
import { type ContractEvent, defineConsumer, type EntityManager, runtimeRole } from '@jowi/server-kit';
import { upsertStaffRef, upsertStoreRef, upsertTerminalRef } from './directory.ts';

const TYPES = ['store.upserted', 'terminal.upserted', 'staff.upserted'] as const;

/** Applies one directory event inside the consumer's transaction (tenant set to the event's). */
export async function applyDirectoryEvent(
  m: EntityManager,
  event: ContractEvent<(typeof TYPES)[number]>,
): Promise<void> {
  if (event.type === 'store.upserted') {
    await upsertStoreRef(m, event.tenantId, event.payload.storeId, event.payload.timeZone);
  } else if (event.type === 'staff.upserted') {
    await upsertStaffRef(m, event.tenantId, event.payload);
  } else {
    const terminal = event.payload;
    await upsertTerminalRef(m, event.tenantId, terminal.terminalId, terminal.storeId, terminal.active);
  }
}

/** The consumer as `startSales` registers it. */
export const directoryConsumer = defineConsumer({
  name: `${runtimeRole('sales')}:directory`,
  types: TYPES,
  handle: applyDirectoryEvent,
});
