/**
 * The directory consumer: keeps sales' projection of identity's stores and terminals
 * (`sales.store_ref`, `sales.terminal_ref`) from identity's `store.upserted` /
 * `terminal.upserted` events. `syncSales` resolves a terminal's store and time zone from it,
 * and answers `UNKNOWN_TERMINAL` (the POS retries) until a just-registered terminal arrives.
 *
 * Each event carries the whole current state and is applied as an upsert, so a replay changes
 * nothing; the runner applies events in log order, so the latest state wins.
 */
import { type ConsumerDefinition, type EntityManager, runtimeRole, type StoredEvent } from '@jowi/server-kit';
import { z } from 'zod';
import { upsertStoreRef, upsertTerminalRef } from './directory.ts';

export const STORE_UPSERTED = 'store.upserted';
export const TERMINAL_UPSERTED = 'terminal.upserted';

const storeUpserted = z.object({
  storeId: z.uuid(),
  name: z.string().optional(),
  timeZone: z.string().min(1),
});
const terminalUpserted = z.object({
  terminalId: z.uuid(),
  storeId: z.uuid(),
  active: z.boolean().default(true),
});

/** Applies one directory event inside the consumer's transaction (tenant set to the event's). */
export async function applyDirectoryEvent(m: EntityManager, event: StoredEvent): Promise<void> {
  if (event.type === STORE_UPSERTED) {
    const store = storeUpserted.parse(event.payload);
    await upsertStoreRef(m, event.tenantId, store.storeId, store.timeZone);
  } else if (event.type === TERMINAL_UPSERTED) {
    const terminal = terminalUpserted.parse(event.payload);
    await upsertTerminalRef(m, event.tenantId, terminal.terminalId, terminal.storeId, terminal.active);
  }
}

/** The consumer as `startSales` registers it. */
export const directoryConsumer: ConsumerDefinition = {
  name: `${runtimeRole('sales')}:directory`,
  types: [STORE_UPSERTED, TERMINAL_UPSERTED],
  handle: (m, event) => applyDirectoryEvent(m, event),
};
