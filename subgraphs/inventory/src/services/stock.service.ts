/**
 * Stock reads. The gateway asks for `stock`/`stockLevels` of a whole page of products in one
 * `_entities` call; every product's levels (all stores) come from one query per request through
 * a DataLoader keyed by product id, and `stock(storeId)` is summed from them in memory.
 */
import { forbidden, isUuid, pageSize, type RequestContext, requireTenant } from '@jowi/server-kit';
import { In } from 'typeorm';
import { StockLevelEntity, type StockLevelRow } from '../entities/stock-level.entity.ts';
import { StockMovementEntity, type StockMovementRow } from '../entities/stock-movement.entity.ts';

const READ_PERMISSIONS = ['inventory:read', 'catalog:read', '*'];

/** Stock is readable with `inventory:read`, or with `catalog:read` (stock is shown beside products). */
export function requireStockRead(ctx: RequestContext): string {
  const tenantId = requireTenant(ctx);
  if (!ctx.identity.permissions.some((p) => READ_PERMISSIONS.includes(p))) {
    throw forbidden('Missing permission inventory:read');
  }
  return tenantId;
}

/** Levels of one product in every store of the tenant, via this request's loader. */
export function loadLevels(ctx: RequestContext, productId: string): Promise<StockLevelRow[]> {
  requireStockRead(ctx);
  if (!isUuid(productId)) return Promise.resolve([]);
  return ctx.loaders
    .get<string, StockLevelRow[]>('inventory.levelsByProduct', async (ids) => {
      const rows = await ctx.tx((m) =>
        m
          .getRepository(StockLevelEntity)
          .find({ where: { productId: In([...ids]) }, order: { storeId: 'ASC' } }),
      );
      const byProduct = new Map<string, StockLevelRow[]>();
      for (const row of rows) byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row]);
      return ids.map((id) => byProduct.get(id) ?? []);
    })
    .load(productId);
}

/** Quantity on hand in one store, or over all stores when `storeId` is omitted (0 when none). */
export async function stockOf(
  ctx: RequestContext,
  productId: string,
  storeId?: string | null,
): Promise<bigint> {
  const levels = await loadLevels(ctx, productId);
  return levels.filter((l) => !storeId || l.storeId === storeId).reduce((sum, l) => sum + l.quantity, 0n);
}

/**
 * Products below zero (sold more than was recorded), optionally in one store: the `negative`
 * flag the database derives from each level. Worst first.
 */
export async function listNegativeStock(
  ctx: RequestContext,
  args: { storeId?: string | null; first?: number | null } = {},
): Promise<StockLevelRow[]> {
  requireStockRead(ctx);
  if (args.storeId && !isUuid(args.storeId)) return [];
  return ctx.tx((m) =>
    m.getRepository(StockLevelEntity).find({
      where: { negative: true, ...(args.storeId ? { storeId: args.storeId } : {}) },
      order: { quantity: 'ASC', storeId: 'ASC', productId: 'ASC' },
      take: pageSize(args.first),
    }),
  );
}

/** Ledger of one product, newest first. */
export async function listMovements(
  ctx: RequestContext,
  args: { productId: string; storeId?: string | null; first?: number | null },
): Promise<StockMovementRow[]> {
  requireStockRead(ctx);
  const limit = pageSize(args.first);
  if (!isUuid(args.productId) || (args.storeId && !isUuid(args.storeId))) return [];
  return ctx.tx((m) =>
    m.getRepository(StockMovementEntity).find({
      where: { productId: args.productId, ...(args.storeId ? { storeId: args.storeId } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    }),
  );
}
