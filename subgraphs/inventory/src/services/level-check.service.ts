/**
 * The ledger invariant, checked: every `stock_level` equals the sum of its `stock_movement`s.
 * Writers keep it by moving both in one statement; this is the independent audit
 * (`npm run inventory:verify`, and the specs after every scenario).
 */
import { inTenant } from '@jowi/server-kit';
import type { DataSource, EntityManager } from 'typeorm';

export interface LevelMismatch {
  tenantId: string;
  storeId: string;
  productId: string;
  /** Decimal strings, three decimals. */
  level: string;
  ledger: string;
}

export interface LevelCheck {
  /** Store/product pairs compared. */
  checked: number;
  mismatches: LevelMismatch[];
}

/**
 * Levels that differ from their ledger sum (a level row with no movements must be 0, a ledger
 * with no level row must sum to 0). Sees what `manager` sees: every tenant for a role that
 * bypasses row-level security (the admin, as in the verify script), else the current tenant.
 */
export async function verifyLevels(manager: EntityManager): Promise<LevelCheck> {
  const rows: (LevelMismatch & { checked: number; differs: boolean })[] = await manager.query(
    `WITH ledger AS (
       SELECT tenant_id, store_id, product_id, sum(quantity) AS quantity
         FROM inventory.stock_movement GROUP BY tenant_id, store_id, product_id
     )
     SELECT tenant_id AS "tenantId", store_id AS "storeId", product_id AS "productId",
            coalesce(l.quantity, 0)::numeric(18,3)::text AS level,
            coalesce(m.quantity, 0)::numeric(18,3)::text AS ledger,
            coalesce(l.quantity, 0) <> coalesce(m.quantity, 0) AS differs,
            count(*) OVER ()::int AS checked
       FROM inventory.stock_level l FULL JOIN ledger m USING (tenant_id, store_id, product_id)
      ORDER BY differs DESC, 1, 2, 3`,
  );
  return {
    checked: rows[0]?.checked ?? 0,
    mismatches: rows
      .filter((r) => r.differs)
      .map(({ tenantId, storeId, productId, level, ledger }) => ({
        tenantId,
        storeId,
        productId,
        level,
        ledger,
      })),
  };
}

/** {@link verifyLevels} for one tenant, through the tenancy transaction (runtime role is enough). */
export function verifyTenantLevels(dataSource: DataSource, tenantId: string): Promise<LevelCheck> {
  return inTenant(dataSource, tenantId, (m) => verifyLevels(m));
}
