import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a synced sale needs for review (issue 14):
 *
 * - `sale_line.marking_codes`: the marking codes ("Asl belgisi") of the units sold, one per unit,
 *   as the POS scanned them; fiscal receipts carry them.
 * - `staff_ref`: sales' projection of identity's staff permissions, fed by `staff.upserted`
 *   events (never identity's tables). A synced sale with a discount is flagged
 *   `DISCOUNT_NOT_PERMITTED` when its cashier does not hold `sales:discount` here.
 */
export class SaleReview1765100000300 implements MigrationInterface {
  name = 'SaleReview1765100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales.sale_line ADD COLUMN marking_codes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE TABLE sales.staff_ref (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      permissions text[] NOT NULL,
      active boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('sales.staff_ref')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sales.staff_ref');
    await q.query('ALTER TABLE sales.sale_line DROP COLUMN marking_codes');
  }
}
