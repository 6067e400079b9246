/**
 * What the stock documents (receipts, transfers, stock-takes, write-offs, corrections) share:
 * input validation with typed errors, reading levels and costs, and the rounding rule.
 */
import { isUuid, type UserError, userError } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { StockMovementEntity, type StockMovementRow } from '../entities/stock-movement.entity.ts';

export const MAX_LINES = 500;
const MAX_NOTE = 1000;

export interface QuantityLine {
  productId: string;
  /** Thousandths. */
  quantity: bigint;
}

/** `n / d` rounded half up (away from zero for negatives), for positive `d`. Never a float. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divRoundHalfUp needs a positive divisor');
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** An optional client id must be a UUID. */
export function validateId(id: string | null | undefined, field = 'id'): UserError[] {
  if (id == null || isUuid(id)) return [];
  return [userError('INVALID_ID', `${field} must be a UUID`, ['input', field])];
}

export function validateStore(storeId: string, field = 'storeId'): UserError[] {
  return isUuid(storeId) ? [] : [userError('INVALID_STORE', `${field} must be a UUID`, ['input', field])];
}

export function validateNote(note: string | null | undefined, field = 'note', required = false): UserError[] {
  if (note == null || note.trim() === '') {
    return required ? [userError('INVALID_NOTE', `${field} is required`, ['input', field])] : [];
  }
  if (note.length > MAX_NOTE) {
    return [userError('INVALID_NOTE', `${field} is at most ${MAX_NOTE} characters`, ['input', field])];
  }
  return [];
}

/**
 * Lines of a document: at least one (unless `allowEmpty`), at most {@link MAX_LINES}, product
 * ids that are UUIDs, each product once, quantities positive (or ≥ 0 with `allowZero`).
 */
export function validateLines(
  lines: readonly QuantityLine[],
  options: { field?: string; allowZero?: boolean; allowEmpty?: boolean } = {},
): UserError[] {
  const field = options.field ?? 'lines';
  const errors: UserError[] = [];
  if (lines.length === 0 && !options.allowEmpty) {
    errors.push(userError('INVALID_LINES', 'At least one line is required', ['input', field]));
  }
  if (lines.length > MAX_LINES) {
    errors.push(userError('INVALID_LINES', `At most ${MAX_LINES} lines`, ['input', field]));
    return errors;
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const at = ['input', field, String(i)];
    if (!isUuid(line.productId)) {
      errors.push(userError('INVALID_PRODUCT', 'productId must be a UUID', [...at, 'productId']));
    } else if (seen.has(line.productId)) {
      errors.push(userError('DUPLICATE_PRODUCT', 'Each product may appear once', [...at, 'productId']));
    }
    seen.add(line.productId);
    if (line.quantity < 0n || (line.quantity === 0n && !options.allowZero)) {
      errors.push(
        userError(
          'INVALID_QUANTITY',
          options.allowZero ? 'Quantity must be zero or more' : 'Quantity must be positive',
          [...at, 'quantity'],
        ),
      );
    }
  });
  return errors;
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
