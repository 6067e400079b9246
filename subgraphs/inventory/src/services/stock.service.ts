/**
 * Stock reads. The gateway asks for `stock`/`stockLevels` of a whole page of products in one
 * `_entities` call; every product's levels (all stores) come from one query per request through
 * a DataLoader keyed by product id, and `stock(storeId)` is summed from them in memory.
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
  toConnection,
} from '@jowi/server-kit';
import { In } from 'typeorm';
import { StockLevelEntity, type StockLevelRow } from '../entities/stock-level.entity.ts';
import { StockMovementEntity, type StockMovementRow } from '../entities/stock-movement.entity.ts';

/** Stock is readable with `inventory:read`, or with `catalog:read` (stock is shown beside products). */
export function requireStockRead(ctx: RequestContext): string {
  return requireAnyPermission(ctx, ['inventory:read', 'catalog:read']);
}

/** Inventory's own reads (documents, movements, lag) need `inventory:read` (or `inventory:write`). */
export function requireInventoryRead(ctx: RequestContext): string {
  return requireAnyPermission(ctx, ['inventory:read', 'inventory:write']);
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

export interface MovementFilter {
  storeId?: string | null;
  productId?: string | null;
  kind?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const MOVEMENT_COLUMNS = `id, store_id AS "storeId", product_id AS "productId", kind,
  (quantity * 1000)::bigint::text AS quantity, reference, created_at AS "createdAt", created_by AS "createdBy",
  source_kind AS "sourceKind", source_id AS "sourceId", source_line AS "sourceLine", source_part AS "sourcePart",
  unit_cost::text AS "unitCost", reason, note,
  ${cursorMicrosSql('created_at')} AS micros`;

type RawMovement = Omit<StockMovementRow, 'quantity' | 'unitCost' | 'tenantId'> & {
  quantity: string;
  unitCost: string | null;
  micros: string;
};

/** A raw movement row (see MOVEMENT_COLUMNS) as a StockMovementRow. */
function toMovement(r: RawMovement, tenantId: string): StockMovementRow {
  const { micros: _micros, ...rest } = r;
  return {
    ...rest,
    tenantId,
    quantity: BigInt(r.quantity),
    unitCost: r.unitCost == null ? null : BigInt(r.unitCost),
  };
}

/**
 * `movements(filter, first, after)`: newest first, keyset on (created_at, id) with the time in
 * microseconds in the cursor (a JS Date would lose them and repeat or skip rows).
 */
export async function movementConnection(
  ctx: RequestContext,
  args: { filter?: MovementFilter | null; first?: number | null; after?: string | null },
): Promise<Connection<StockMovementRow>> {
  const tenantId = requireInventoryRead(ctx);
  const limit = pageSize(args.first);
  const f = args.filter ?? {};
  if (f.storeId && !isUuid(f.storeId)) throw badUserInput('filter.storeId must be a UUID', 'filter.storeId');
  if (f.productId && !isUuid(f.productId))
    throw badUserInput('filter.productId must be a UUID', 'filter.productId');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('$?', `$${params.length}`));
  };
  if (f.storeId) add('store_id = $?', f.storeId);
  if (f.productId) add('product_id = $?', f.productId);
  if (f.kind) add('kind = $?', f.kind);
  if (f.from) add('created_at >= $?', f.from);
  if (f.to) add('created_at < $?', f.to);
  const cursor = decodeTimeIdCursor(args.after);
  if (cursor) where.push(beforeTimeIdSql('created_at', 'id', cursor, params));
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  params.push(limit + 1);
  const rows: RawMovement[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${MOVEMENT_COLUMNS} FROM inventory.stock_movement
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ),
  );
  const page = toConnection(rows, limit, (r) => [r.micros, r.id]);
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: toMovement(e.node, tenantId) })),
    pageInfo: page.pageInfo,
  };
}

/** Quantity in transit to a store (or to any store) of one product, via this request's loader. */
export async function inTransitOf(
  ctx: RequestContext,
  productId: string,
  storeId?: string | null,
): Promise<bigint> {
  requireStockRead(ctx);
  if (!isUuid(productId) || (storeId && !isUuid(storeId))) return 0n;
  const rows = await ctx.loaders
    .get<string, { storeId: string; quantity: bigint }[]>('inventory.inTransitByProduct', async (ids) => {
      const found: { product_id: string; to_store_id: string; quantity: string }[] = await ctx.tx((m) =>
        m.query(
          `SELECT l.product_id, t.to_store_id, (sum(l.quantity_sent) * 1000)::bigint::text AS quantity
             FROM inventory.transfer_line l
             JOIN inventory.transfer t ON t.tenant_id = l.tenant_id AND t.id = l.transfer_id
            WHERE l.product_id = ANY($1::uuid[]) AND l.quantity_received IS NULL AND t.status = 'IN_TRANSIT'
            GROUP BY l.product_id, t.to_store_id`,
          [[...ids]],
        ),
      );
      return ids.map((id) =>
        found
          .filter((r) => r.product_id === id)
          .map((r) => ({ storeId: r.to_store_id, quantity: BigInt(r.quantity) })),
      );
    })
    .load(productId);
  return rows.filter((r) => !storeId || r.storeId === storeId).reduce((sum, r) => sum + r.quantity, 0n);
}

/** Thresholds of one product per store, via this request's loader. */
export async function thresholdOf(
  ctx: RequestContext,
  productId: string,
  storeId: string,
): Promise<bigint | null> {
  const rows = await ctx.loaders
    .get<string, { storeId: string; threshold: bigint }[]>('inventory.thresholdsByProduct', async (ids) => {
      const found: { product_id: string; store_id: string; threshold: string }[] = await ctx.tx((m) =>
        m.query(
          `SELECT product_id, store_id, (threshold * 1000)::bigint::text AS threshold
             FROM inventory.stock_threshold WHERE product_id = ANY($1::uuid[])`,
          [[...ids]],
        ),
      );
      return ids.map((id) =>
        found
          .filter((r) => r.product_id === id)
          .map((r) => ({ storeId: r.store_id, threshold: BigInt(r.threshold) })),
      );
    })
    .load(productId);
  return rows.find((r) => r.storeId === storeId)?.threshold ?? null;
}

/** `lowStock(storeId)`: levels below their threshold (a product with a threshold and no level counts as 0). */
export async function listLowStock(ctx: RequestContext, storeId: string): Promise<StockLevelRow[]> {
  const tenantId = requireInventoryRead(ctx);
  if (!isUuid(storeId)) throw badUserInput('storeId must be a UUID', 'storeId');
  const rows: {
    productId: string;
    quantity: string;
    avgCost: string | null;
    updatedAt: Date;
  }[] = await ctx.tx((m) =>
    m.query(
      `SELECT t.product_id AS "productId", (coalesce(l.quantity, 0) * 1000)::bigint::text AS quantity,
              l.avg_cost::text AS "avgCost", coalesce(l.updated_at, t.updated_at) AS "updatedAt"
         FROM inventory.stock_threshold t
         LEFT JOIN inventory.stock_level l
           ON l.tenant_id = t.tenant_id AND l.store_id = t.store_id AND l.product_id = t.product_id
        WHERE t.store_id = $1 AND coalesce(l.quantity, 0) < t.threshold
        ORDER BY coalesce(l.quantity, 0) - t.threshold, t.product_id
        LIMIT 1000`,
      [storeId],
    ),
  );
  return rows.map((r) => ({
    tenantId,
    storeId,
    productId: r.productId,
    quantity: BigInt(r.quantity),
    negative: BigInt(r.quantity) < 0n,
    avgCost: r.avgCost == null ? null : BigInt(r.avgCost),
    updatedAt: r.updatedAt,
  }));
}
