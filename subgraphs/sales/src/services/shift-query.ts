/**
 * Reading shifts: by id (per-request loader, also behind `Shift.__resolveReference`), the
 * terminal's open shift, newest-first keyset pages, cash movements and the X/Z figures loader.
 * Every query runs in the request's tenant transaction (row-level security).
 */
import {
  badUserInput,
  beforeTimeIdSql,
  type Connection,
  cursorMicrosSql,
  decodeTimeIdCursor,
  isUuid,
  pageSize,
  type RequestContext,
  requireAnyPermission,
  requireTenant,
  toConnection,
} from '@jowi/server-kit';
import type { ShiftFilter } from '../__generated__/resolvers-types.ts';
import type { CashMovementRow } from '../entities/cash-movement.entity.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';
import {
  CASH_MOVEMENT_COLUMNS,
  OVERDUE_AFTER_MS,
  rawMovementSchema,
  SHIFT_COLUMNS,
  SHIFT_READ_PERMISSIONS,
  toShiftRow,
} from './shift.service.ts';
import { computeShiftFigures, type ShiftFigures } from './shift-report.ts';

/** Throws FORBIDDEN unless the caller may read shifts (`sales:read` or `reports:read`). */
export function requireShiftRead(ctx: RequestContext): string {
  return requireAnyPermission(ctx, SHIFT_READ_PERMISSIONS);
}

/** Open for more than 24 hours (by the server clock against the device opening time). */
export const isOverdue = (shift: ShiftRow, now = Date.now()): boolean =>
  shift.closedAt === null && shift.openedAt.getTime() < now - OVERDUE_AFTER_MS;

/** Batch loader: shifts by id. */
export function shiftLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, ShiftRow | null>('sales.shift', async (keys) => {
    const ids = [...new Set(keys.filter(isUuid).map((k) => k.toLowerCase()))];
    if (ids.length === 0) return keys.map(() => null);
    const raw: unknown[] = await ctx.tx((m) =>
      m.query(`SELECT ${SHIFT_COLUMNS} FROM sales.shift WHERE id = ANY($1::uuid[])`, [ids]),
    );
    const byId = new Map(raw.map(toShiftRow).map((row) => [row.id, row]));
    return keys.map((key) => byId.get(key.toLowerCase()) ?? null);
  });
}

/** Batch loader: X/Z figures by shift id. */
export function shiftFiguresLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, ShiftFigures | null>('sales.shiftFigures', async (keys) => {
    const tenantId = requireTenant(ctx);
    const ids = keys.map((k) => k.toLowerCase());
    const figures = await ctx.tx((m) => computeShiftFigures(m, tenantId, ids));
    return ids.map((id) => figures.get(id) ?? null);
  });
}

/** Batch loader: cash movements of each shift, oldest first. */
export function cashMovementsLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, CashMovementRow[]>('sales.cashMovements', async (shiftIds) => {
    const raw: unknown[] = await ctx.tx((m) =>
      m.query(
        `SELECT ${CASH_MOVEMENT_COLUMNS} FROM sales.cash_movement WHERE shift_id = ANY($1::uuid[])
          ORDER BY device_at, id`,
        [[...new Set(shiftIds)]],
      ),
    );
    const rows = raw.map((r) => rawMovementSchema.parse(r));
    return shiftIds.map((id) => rows.filter((row) => row.shiftId === id));
  });
}

/** `Query.shift`: null when unknown, malformed or another tenant's. */
export async function getShift(ctx: RequestContext, id: string): Promise<ShiftRow | null> {
  requireShiftRead(ctx);
  return shiftLoader(ctx).load(id);
}

/** `Query.openShift`: the terminal's open shift, if any. */
export async function getOpenShift(ctx: RequestContext, terminalId: string): Promise<ShiftRow | null> {
  requireShiftRead(ctx);
  if (!isUuid(terminalId)) throw badUserInput('terminalId must be a UUID', 'terminalId');
  const raw: unknown[] = await ctx.tx((m) =>
    m.query(`SELECT ${SHIFT_COLUMNS} FROM sales.shift WHERE terminal_id = $1::uuid AND closed_at IS NULL`, [
      terminalId.toLowerCase(),
    ]),
  );
  return raw[0] ? toShiftRow(raw[0]) : null;
}

/**
 * `Query.shifts` and `Store.shifts`: newest first by opening time, then id. The cursor carries the
 * opening time in whole microseconds (as PostgreSQL stores it) and the id, like `listSales`.
 */
export async function listShifts(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: ShiftFilter | null },
): Promise<Connection<ShiftRow>> {
  const tenantId = requireShiftRead(ctx);
  const limit = pageSize(args.first);
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const filter = args.filter ?? {};
  for (const key of ['storeId', 'terminalId'] as const) {
    const value = filter[key];
    if (value == null) continue;
    if (!isUuid(value)) throw badUserInput(`${key} must be a UUID`, `filter.${key}`);
    params.push(value.toLowerCase());
    where.push(`${key === 'storeId' ? 'store_id' : 'terminal_id'} = $${params.length}::uuid`);
  }
  if (filter.status === 'OPEN') where.push('closed_at IS NULL');
  if (filter.status === 'CLOSED') where.push('closed_at IS NOT NULL');
  if (filter.overdue != null) {
    params.push(new Date(Date.now() - OVERDUE_AFTER_MS));
    const overdue = `(closed_at IS NULL AND opened_at < $${params.length})`;
    where.push(filter.overdue ? overdue : `NOT ${overdue}`);
  }
  const cursor = decodeTimeIdCursor(args.after);
  if (cursor) where.push(beforeTimeIdSql('opened_at', 'id', cursor, params));
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  params.push(limit + 1);
  const raw: { cursorMicros: string }[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${SHIFT_COLUMNS}, ${cursorMicrosSql('opened_at')} AS "cursorMicros"
         FROM sales.shift WHERE ${where.join(' AND ')}
        ORDER BY opened_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ),
  );
  const rows = raw.map((r) => ({ row: toShiftRow(r), micros: r.cursorMicros }));
  const page = toConnection(rows, limit, (r) => [r.micros, r.row.id]);
  return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.row })), pageInfo: page.pageInfo };
}
