import { type DemoTenant, demoId } from '@jowi/demo-data';
import { inTenant } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { recordMovementIn } from './services/movement.service.ts';

/** Reference of the opening-stock adjustments written by the demo seed. */
export const OPENING_BALANCE = 'opening-balance';

/**
 * Seeds opening stock: one ADJUSTMENT of `openingStock` per product and store. Each movement
 * has an id derived from tenant, store and product, so a re-run finds it and adds nothing.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const store of tenant.stores) {
        for (const product of tenant.products) {
          if (product.openingStock === 0n) continue;
          const result = await recordMovementIn(m, tenant.id, 'system', {
            id: demoId(tenant.id, OPENING_BALANCE, store.id, product.id),
            storeId: store.id,
            productId: product.id,
            kind: 'ADJUSTMENT',
            quantity: product.openingStock,
            reference: OPENING_BALANCE,
          });
          if (result.errors.length > 0)
            throw new Error(`opening stock of ${product.sku}: ${result.errors[0]!.message}`);
        }
      }
    });
  }
}
