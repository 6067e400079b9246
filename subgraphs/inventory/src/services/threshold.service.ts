/**
 * Low-stock thresholds per product per store. Setting one records which side of it the level
 * is on now (`low`), without an event; from then on every movement that takes the level from at
 * or above the threshold to below it appends one `stock.low` (see `writeMovements`), and coming
 * back to or above it re-arms the threshold.
 */
import { formatQuantity, isUuid, type RequestContext, requirePermission } from '@jowi/server-kit';
import type { StockLevelRow } from '../entities/stock-level.entity.ts';
import { type InventoryUserError, invalidId, userError } from '../errors/index.ts';
import { INVENTORY_WRITE } from './movement.service.ts';

export interface ThresholdLevel extends StockLevelRow {
  threshold: bigint | null;
}

export async function setStockThreshold(
  ctx: RequestContext,
  input: { storeId: string; productId: string; threshold?: bigint | null },
): Promise<{ level: ThresholdLevel | null; errors: InventoryUserError[] }> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors: InventoryUserError[] = [];
  if (!isUuid(input.storeId)) errors.push(invalidId(['input', 'storeId']));
  if (!isUuid(input.productId)) errors.push(invalidId(['input', 'productId']));
  if (input.threshold != null && input.threshold < 0n) {
    errors.push(userError('INVALID_QUANTITY', 'A threshold is zero or more', ['input', 'threshold']));
  }
  if (errors.length > 0) return { level: null, errors };
  return ctx.tx(async (m) => {
    if (input.threshold == null) {
      await m.query('DELETE FROM inventory.stock_threshold WHERE store_id = $1 AND product_id = $2', [
        input.storeId,
        input.productId,
      ]);
    } else {
      await m.query(
        `INSERT INTO inventory.stock_threshold (tenant_id, store_id, product_id, threshold, low)
         SELECT $1, $2, $3, $4::numeric,
                coalesce((SELECT quantity FROM inventory.stock_level WHERE store_id = $2 AND product_id = $3), 0) < $4::numeric
         ON CONFLICT (tenant_id, store_id, product_id)
         DO UPDATE SET threshold = EXCLUDED.threshold, low = EXCLUDED.low, updated_at = now()`,
        [tenantId, input.storeId, input.productId, formatQuantity(input.threshold)],
      );
    }
    const [row] = (await m.query(
      `SELECT (coalesce(l.quantity, 0) * 1000)::bigint::text AS quantity, l.avg_cost::text AS avg_cost,
              coalesce(l.updated_at, now()) AS updated_at, (t.threshold * 1000)::bigint::text AS threshold
         FROM (SELECT $1::uuid AS store_id, $2::uuid AS product_id) k
         LEFT JOIN inventory.stock_level l ON l.store_id = k.store_id AND l.product_id = k.product_id
         LEFT JOIN inventory.stock_threshold t ON t.store_id = k.store_id AND t.product_id = k.product_id`,
      [input.storeId, input.productId],
    )) as { quantity: string; avg_cost: string | null; updated_at: Date; threshold: string | null }[];
    const quantity = BigInt(row!.quantity);
    return {
      level: {
        tenantId,
        storeId: input.storeId,
        productId: input.productId,
        quantity,
        negative: quantity < 0n,
        avgCost: row!.avg_cost == null ? null : BigInt(row!.avg_cost),
        updatedAt: row!.updated_at,
        threshold: row!.threshold == null ? null : BigInt(row!.threshold),
      },
      errors: [],
    };
  });
}
