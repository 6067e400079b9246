import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: `stock_movement_reference_idx` served no read — no query filters movements by
 * `reference` (listings filter by store, product, kind and time, each with its own index; a
 * sale's or refund's movements are found by the source key) — while every movement, six per sale
 * through stock-from-sales, maintained it. Dropped; the column stays (it is shown, not searched).
 */
export class InventoryDropMovementReferenceIndex1765900000400 implements MigrationInterface {
  name = 'InventoryDropMovementReferenceIndex1765900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inventory.stock_movement_reference_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX stock_movement_reference_idx ON inventory.stock_movement (tenant_id, reference) WHERE reference IS NOT NULL',
    );
  }
}
