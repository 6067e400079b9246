/**
 * Identity announces its directory to the other subgraphs through the event log: whenever a
 * store or a terminal is created or changed, `store.upserted` / `terminal.upserted` is appended
 * in the same transaction, and `staff.upserted` (the staff member's flattened permissions)
 * whenever a staff member is created or their permissions may have changed. Sales keeps its own
 * projection of them (which store a terminal belongs to, the store's time zone, who may give
 * discounts) and never reads identity's tables.
 *
 * Payloads carry the whole current state, not a diff, so applying the latest one is enough and
 * a replay is harmless.
 */
import { appendEvent, type EntityManager } from '@jowi/server-kit';

export const STORE_UPSERTED = 'store.upserted';
export const TERMINAL_UPSERTED = 'terminal.upserted';
/** Appended by `announceStaff` (role.service.ts, beside the permission rules it flattens). */
export const STAFF_UPSERTED = 'staff.upserted';

/** Appends `store.upserted` `{ storeId, name, timeZone }` inside the caller's tenant transaction. */
export async function announceStore(
  m: EntityManager,
  tenantId: string,
  store: { id: string; name: string; timeZone: string },
): Promise<void> {
  await appendEvent(m, {
    tenantId,
    type: STORE_UPSERTED,
    aggregateId: store.id,
    source: 'identity',
    payload: { storeId: store.id, name: store.name, timeZone: store.timeZone },
  });
}

/** Appends `terminal.upserted` `{ terminalId, storeId, active }` inside the caller's tenant transaction. */
export async function announceTerminal(
  m: EntityManager,
  tenantId: string,
  terminal: { id: string; storeId: string; active: boolean },
): Promise<void> {
  await appendEvent(m, {
    tenantId,
    type: TERMINAL_UPSERTED,
    aggregateId: terminal.id,
    source: 'identity',
    payload: { terminalId: terminal.id, storeId: terminal.storeId, active: terminal.active },
  });
}
