/**
 * Which store a terminal belongs to, and the store's time zone — read from sales' own
 * projection of identity's directory (`sales.terminal_ref`, `sales.store_ref`, filled from
 * identity's `terminal.upserted` / `store.upserted` events), never from identity's tables.
 */
import type { EntityManager } from '@jowi/server-kit';

/** Time zone of a store identity has not announced yet (ARCHITECTURE §5 default). */
export const DEFAULT_TIME_ZONE = 'Asia/Tashkent';

/** Where a terminal's documents belong. */
export interface TerminalScope {
  terminalId: string;
  storeId: string;
  /** IANA zone of the store: business days and shift reports are counted in it. */
  timeZone: string;
  active: boolean;
}

/** The terminal's scope in the current tenant (RLS), or null when sales does not know it. */
export async function resolveTerminal(m: EntityManager, terminalId: string): Promise<TerminalScope | null> {
  const rows: { storeId: string; timeZone: string | null; active: boolean }[] = await m.query(
    `SELECT t.store_id AS "storeId", s.time_zone AS "timeZone", t.active
       FROM sales.terminal_ref t LEFT JOIN sales.store_ref s ON s.tenant_id = t.tenant_id AND s.id = t.store_id
      WHERE t.id = $1::uuid`,
    [terminalId.toLowerCase()],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    terminalId: terminalId.toLowerCase(),
    storeId: row.storeId,
    timeZone: row.timeZone ?? DEFAULT_TIME_ZONE,
    active: row.active,
  };
}

/** The store's time zone in the current tenant; the default when sales does not know the store. */
/** The zone of a store this tenant has in the projection, or null for any other store id. */
export async function knownStoreTimeZone(m: EntityManager, storeId: string): Promise<string | null> {
  const rows: { timeZone: string }[] = await m.query(
    'SELECT time_zone AS "timeZone" FROM sales.store_ref WHERE id = $1::uuid',
    [storeId.toLowerCase()],
  );
  return rows[0]?.timeZone ?? null;
}

export async function storeTimeZone(m: EntityManager, storeId: string): Promise<string> {
  const rows: { timeZone: string }[] = await m.query(
    'SELECT time_zone AS "timeZone" FROM sales.store_ref WHERE id = $1::uuid',
    [storeId.toLowerCase()],
  );
  return rows[0]?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Records (or updates) a store in the projection; used by the directory consumer and fixtures. */
export async function upsertStoreRef(m: EntityManager, tenantId: string, storeId: string, timeZone: string) {
  await m.query(
    `INSERT INTO sales.store_ref (tenant_id, id, time_zone) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, id) DO UPDATE SET time_zone = EXCLUDED.time_zone, updated_at = now()`,
    [tenantId, storeId.toLowerCase(), timeZone],
  );
}

/** Records (or updates) a terminal in the projection; used by the directory consumer and fixtures. */
export async function upsertTerminalRef(
  m: EntityManager,
  tenantId: string,
  terminalId: string,
  storeId: string,
  active = true,
) {
  await m.query(
    `INSERT INTO sales.terminal_ref (tenant_id, id, store_id, active) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, id) DO UPDATE SET store_id = EXCLUDED.store_id, active = EXCLUDED.active,
       updated_at = now()`,
    [tenantId, terminalId.toLowerCase(), storeId.toLowerCase(), active],
  );
}

/** Records (or updates) a staff member's permissions; used by the directory consumer and fixtures. */
export async function upsertStaffRef(
  m: EntityManager,
  tenantId: string,
  staff: { staffId: string; permissions: readonly string[]; active: boolean },
) {
  await m.query(
    `INSERT INTO sales.staff_ref (tenant_id, id, permissions, active) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, id) DO UPDATE SET permissions = EXCLUDED.permissions, active = EXCLUDED.active,
       updated_at = now()`,
    [tenantId, staff.staffId.toLowerCase(), staff.permissions, staff.active],
  );
}
