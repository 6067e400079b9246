import { runtimeRole, tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stock ledger. `stock_movement` is append-only (the runtime role loses UPDATE/DELETE and a
 * trigger rejects them even for the owner); `stock_level` is its running sum per store and
 * product, written in the same statement as each movement, so it always equals the ledger.
 * Product and store ids point into other subgraphs and therefore carry no foreign keys.
 */
export class InventoryInit1764300000400 implements MigrationInterface {
  name = 'InventoryInit1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inventory.stock_movement (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      product_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ADJUSTMENT', 'RECEIPT', 'SALE', 'REFUND')),
      quantity numeric(18,3) NOT NULL CHECK (quantity <> 0),
      reference text,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(
      'CREATE INDEX stock_movement_product_idx ON inventory.stock_movement (tenant_id, product_id, created_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX stock_movement_reference_idx ON inventory.stock_movement (tenant_id, reference) WHERE reference IS NOT NULL',
    );
    await q.query(`CREATE FUNCTION inventory.reject_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'inventory.stock_movement is append-only (% rejected)', TG_OP
        USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON inventory.stock_movement
      FOR EACH ROW EXECUTE FUNCTION inventory.reject_ledger_change()`);
    await q.query(`CREATE TRIGGER stock_movement_no_truncate BEFORE TRUNCATE ON inventory.stock_movement
      FOR EACH STATEMENT EXECUTE FUNCTION inventory.reject_ledger_change()`);
    // The trigger is the guard that holds even if privileges are re-granted; the revoke documents intent.
    await q.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON inventory.stock_movement FROM ${runtimeRole('inventory')}`,
    );

    await q.query(`CREATE TABLE inventory.stock_level (
      tenant_id uuid NOT NULL,
      store_id uuid NOT NULL,
      product_id uuid NOT NULL,
      quantity numeric(18,3) NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, store_id, product_id)
    )`);
    // Product.stock loads every store's level of a page of products in one query by product id.
    await q.query('CREATE INDEX stock_level_product_idx ON inventory.stock_level (tenant_id, product_id)');

    for (const table of ['inventory.stock_movement', 'inventory.stock_level']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inventory.stock_level');
    await q.query('DROP TABLE inventory.stock_movement');
    await q.query('DROP FUNCTION inventory.reject_ledger_change()');
  }
}
