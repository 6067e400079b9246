import { type DemoProduct, type DemoTenant, demoId } from '@jowi/demo-data';
import { inTenant } from '@jowi/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { type NewMovement, validateMovement, writeMovements } from './services/movement.service.ts';
import { updateAverageCosts } from './services/stock-levels.ts';

/** Reference of the opening-stock adjustments written by the demo seed. */
export const OPENING_BALANCE = 'opening-balance';

/**
 * What the demo pays for a unit, as a percentage of its shelf price, per category: kitchen
 * dishes cost their ingredients, bought goods (drinks, the bazaar) most of their price.
 */
const COST_PERCENT: Record<string, bigint> = {
  Taomlar: 40n,
  Pishiriqlar: 35n,
  Ichimliklar: 65n,
  Salatlar: 40n,
  Shirinliklar: 55n,
  Bozor: 80n,
};
const DEFAULT_COST_PERCENT = 60n;
const SUM = 100n; // tiyin in a so'm

/**
 * The demo's cost price of one unit of `product` in tiyin: its category's share of the shelf
 * price, rounded down to a whole so'm — integers only.
 */
export function demoUnitCost(product: DemoProduct, categoryName: string | undefined): bigint {
  const percent = (categoryName && COST_PERCENT[categoryName]) || DEFAULT_COST_PERCENT;
  return ((product.price * percent) / 100n / SUM) * SUM;
}

/** The opening-stock movements of one store, each with its cost and an id derived from tenant, store and product. */
function openingMovements(tenant: DemoTenant, storeId: string): NewMovement[] {
  const categories = new Map(tenant.categories.map((c) => [c.id, c.name]));
  return tenant.products
    .filter((product) => product.openingStock !== 0n)
    .map((product) => ({
      id: demoId(tenant.id, OPENING_BALANCE, storeId, product.id),
      storeId,
      productId: product.id,
      kind: 'ADJUSTMENT',
      quantity: product.openingStock,
      unitCost: demoUnitCost(product, categories.get(product.categoryId)),
      reference: OPENING_BALANCE,
    }));
}

/**
 * Writes one store's opening stock through the ledger writer, then starts the moving average
 * cost from it as a goods receipt does. A movement that already exists (a re-run) is not
 * written again and does not move the average.
 */
async function seedOpeningStock(m: EntityManager, tenant: DemoTenant, storeId: string): Promise<void> {
  const movements = openingMovements(tenant, storeId);
  for (const movement of movements) {
    const [error] = validateMovement(movement);
    if (error) throw new Error(`opening stock of ${movement.productId}: ${error.message}`);
  }
  const { inserted } = await writeMovements(m, tenant.id, 'system', movements);
  const fresh = new Set(inserted);
  await updateAverageCosts(
    m,
    storeId,
    movements
      .filter((movement) => fresh.has(movement.id!))
      .map(({ productId, quantity, unitCost }) => ({ productId, quantity, unitCost: unitCost ?? null })),
  );
}

/**
 * Seeds opening stock: one costed ADJUSTMENT of `openingStock` per product and store, so the
 * demo's stock has a value from the start. Ids derive from tenant, store and product, so a re-run
 * finds them and adds nothing.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const store of tenant.stores) await seedOpeningStock(m, tenant, store.id);
    });
  }
}
