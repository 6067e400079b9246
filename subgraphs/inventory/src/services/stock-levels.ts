/**
 * Stock levels and costs as the stock documents (receipts, transfers, stock-takes, write-offs,
 * corrections) read and move them: levels per store, the products inventory knows, a document's
 * movements, and the moving average cost with its rounding rule.
 */
import type { EntityManager } from 'typeorm';
import { StockMovementEntity, type StockMovementRow } from '../entities/stock-movement.entity.ts';

/** `n / d` rounded half up (away from zero for negatives), for positive `d`. Never a float. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divRoundHalfUp needs a positive divisor');
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Level and moving average cost per product in one store (missing: level 0, no cost). */
export async function levelsIn(
  manager: EntityManager,
  storeId: string,
  productIds: readonly string[],
  lock = false,
): Promise<Map<string, { quantity: bigint; avgCost: bigint | null }>> {
  const rows: { product_id: string; quantity: string; avg_cost: string | null }[] = await manager.query(
    `SELECT product_id, (quantity * 1000)::bigint::text AS quantity, avg_cost::text AS avg_cost
       FROM inventory.stock_level WHERE store_id = $1 AND product_id = ANY($2::uuid[])
      ORDER BY product_id${lock ? ' FOR UPDATE' : ''}`,
    [storeId, [...productIds]],
  );
  return new Map(
    rows.map((r) => [
      r.product_id,
      { quantity: BigInt(r.quantity), avgCost: r.avg_cost == null ? null : BigInt(r.avg_cost) },
    ]),
  );
}

/**
 * Products this tenant's inventory knows: those with a ledger (a level row in any store), a
 * recipe, or a threshold. Inventory owns no product rows; a product of another tenant has none
 * of these here (row-level security hides theirs), so it is unknown.
 */
export async function knownProducts(
  manager: EntityManager,
  productIds: readonly string[],
): Promise<Set<string>> {
  const rows: { id: string }[] = await manager.query(
    `SELECT DISTINCT id FROM (
       SELECT product_id AS id FROM inventory.stock_level WHERE product_id = ANY($1::uuid[])
       UNION ALL SELECT product_id FROM inventory.recipe WHERE product_id = ANY($1::uuid[])
       UNION ALL SELECT product_id FROM inventory.stock_threshold WHERE product_id = ANY($1::uuid[])
     ) known`,
    [[...productIds]],
  );
  return new Set(rows.map((r) => r.id));
}

/** Movements of one source document, in line order. */
export function movementsOfSource(
  manager: EntityManager,
  sourceKind: StockMovementRow['sourceKind'],
  sourceId: string,
): Promise<StockMovementRow[]> {
  return manager.getRepository(StockMovementEntity).find({
    where: { sourceKind: sourceKind ?? undefined, sourceId },
    order: { sourceLine: 'ASC', sourcePart: 'ASC' },
  });
}

/** Moves the moving average cost of one store's products after costed stock came in. */
export async function updateAverageCosts(
  manager: EntityManager,
  storeId: string,
  incoming: readonly { productId: string; quantity: bigint; unitCost: bigint | null }[],
): Promise<void> {
  // Per product: Σq and Σ(q × c) over the costed lines (a line without cost does not move it).
  const byProduct = new Map<string, { q: bigint; qc: bigint }>();
  for (const line of incoming) {
    if (line.unitCost == null || line.quantity <= 0n) continue;
    const sum = byProduct.get(line.productId) ?? { q: 0n, qc: 0n };
    sum.q += line.quantity;
    sum.qc += line.quantity * line.unitCost;
    byProduct.set(line.productId, sum);
  }
  if (byProduct.size === 0) return;
  // The levels already include the incoming quantities (same transaction, rows locked).
  const levels = await levelsIn(manager, storeId, [...byProduct.keys()], true);
  const products: string[] = [];
  const costs: string[] = [];
  for (const [productId, { q, qc }] of byProduct) {
    const level = levels.get(productId);
    const after = level?.quantity ?? q;
    products.push(productId);
    costs.push(movingAverage(after - q, level?.avgCost ?? null, q, qc).toString());
  }
  await manager.query(
    `UPDATE inventory.stock_level l SET avg_cost = c.cost
       FROM unnest($2::uuid[], $3::bigint[]) AS c(product_id, cost)
      WHERE l.store_id = $1 AND l.product_id = c.product_id`,
    [storeId, products, costs],
  );
}

/**
 * Moving average cost per unit (tiyin), all integers:
 *
 *   A' = round_half_up((L × A + Σ qᵢ × cᵢ) / (L + Σ qᵢ))
 *
 * with L the level before (thousandths), A the average before, qᵢ the quantities coming in
 * (thousandths) and cᵢ their unit costs. When there was nothing to average with (L ≤ 0, or no
 * average yet) the new average is just the incoming one: Σ qᵢcᵢ / Σ qᵢ, rounded half up.
 */
export function movingAverage(before: bigint, average: bigint | null, q: bigint, qc: bigint): bigint {
  if (before <= 0n || average === null) return divRoundHalfUp(qc, q);
  return divRoundHalfUp(before * average + qc, before + q);
}
