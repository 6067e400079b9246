/**
 * Reads of the tenant's directory: stores, terminals, staff and the tenant itself. All go
 * through the request's tenancy transaction and per-request loaders, so `_entities` batches
 * and never sees another tenant's rows.
 */
import {
  badUserInput,
  byKeys,
  type Connection,
  decodeCursor,
  inTenant,
  isUuid,
  pageSize,
  type RequestContext,
  requireTenant,
  toConnection,
} from '@jowi/server-kit';
import { type EntitySchema, type FindOptionsOrder, type FindOptionsWhere, In } from 'typeorm';
import { StaffEntity, type StaffRow } from '../entities/staff.entity.ts';
import { StoreEntity, type StoreRow } from '../entities/store.entity.ts';
import { TenantEntity, type TenantRow } from '../entities/tenant.entity.ts';
import { TerminalEntity, type TerminalRow } from '../entities/terminal.entity.ts';

/**
 * Loads rows of `entity` whose `column` is one of `keys`, in the request's tenant. Keys that are
 * not UUIDs simply have no row (they never reach PostgreSQL, where they would be a cast error).
 */
async function rowsWhereIn<T extends { tenantId: string }>(
  ctx: RequestContext,
  entity: EntitySchema<T>,
  column: keyof T & string,
  keys: readonly string[],
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  const ids = [...new Set(keys.filter((key) => isUuid(key)))];
  if (ids.length === 0) return [];
  return ctx.tx((m) =>
    m.getRepository(entity).find({ where: { [column]: In(ids) } as FindOptionsWhere<T>, order }),
  );
}

export function storeLoader(ctx: RequestContext) {
  requireTenant(ctx);
  return ctx.loaders.get<string, StoreRow | null>('store', async (ids) => {
    const rows = await rowsWhereIn(ctx, StoreEntity, 'id', ids);
    return byKeys(ids, rows, (r) => r.id);
  });
}

export function terminalLoader(ctx: RequestContext) {
  requireTenant(ctx);
  return ctx.loaders.get<string, TerminalRow | null>('terminal', async (ids) => {
    const rows = await rowsWhereIn(ctx, TerminalEntity, 'id', ids);
    return byKeys(ids, rows, (r) => r.id);
  });
}

export function staffLoader(ctx: RequestContext) {
  requireTenant(ctx);
  return ctx.loaders.get<string, StaffRow | null>('staff', async (ids) => {
    const rows = await rowsWhereIn(ctx, StaffEntity, 'id', ids);
    return byKeys(ids, rows, (r) => r.id);
  });
}

/** The terminals of each store, by name. */
export function terminalsByStoreLoader(ctx: RequestContext) {
  requireTenant(ctx);
  return ctx.loaders.get<string, TerminalRow[]>('terminalsByStore', async (storeIds) => {
    const rows = await rowsWhereIn(ctx, TerminalEntity, 'storeId', storeIds, { name: 'ASC', id: 'ASC' });
    return storeIds.map((storeId) => rows.filter((r) => r.storeId === storeId));
  });
}

/**
 * Tenants by id, each read under its own id. Callers pass only ids they are entitled to: the
 * request's tenant, or the `tenantId` of a row that was itself read under RLS (a staff row in a
 * sign-in payload, where the request is still anonymous).
 */
function trustedTenantLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, TenantRow | null>('tenant', (ids) =>
    Promise.all(
      ids.map((id) => inTenant(ctx.db, id, (m) => m.getRepository(TenantEntity).findOneBy({ id }))),
    ),
  );
}

/** A tenant reference from the gateway: only the caller's own tenant resolves. */
export function resolveTenant(ctx: RequestContext, id: string): Promise<TenantRow | null> | null {
  return id === requireTenant(ctx) ? trustedTenantLoader(ctx).load(id) : null;
}

/** The tenant of a row that was loaded under that tenant's RLS. */
export function tenantOfRow(ctx: RequestContext, row: { tenantId: string }): Promise<TenantRow | null> {
  return trustedTenantLoader(ctx).load(row.tenantId);
}

/**
 * The signed-in staff member; null for anonymous callers, terminals, API keys and system
 * callers (so a client can ask "who am I?" before signing in).
 */
export async function me(ctx: RequestContext): Promise<StaffRow | null> {
  if (ctx.identity.kind !== 'staff' || !ctx.identity.subject) return null;
  return staffLoader(ctx).load(ctx.identity.subject);
}

/** The tenant's stores ordered by (name, id), as a keyset-paginated connection. */
export async function listStores(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; includeInactive?: boolean | null },
): Promise<Connection<StoreRow>> {
  requireTenant(ctx);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, 2);
  const [afterName, afterId] = after ?? [];
  if (after && (typeof afterName !== 'string' || typeof afterId !== 'string' || !isUuid(afterId))) {
    throw badUserInput('Invalid cursor', 'after');
  }
  const rows = await ctx.tx((m) => {
    const query = m
      .getRepository(StoreEntity)
      .createQueryBuilder('s')
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('(s.name, s.id) > (:afterName, :afterId)', { afterName, afterId });
    if (!args.includeInactive) query.andWhere('s.active');
    return query.getMany();
  });
  return toConnection(rows, limit, (s) => [s.name, s.id]);
}
