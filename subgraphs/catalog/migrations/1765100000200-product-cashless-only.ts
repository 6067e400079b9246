import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Goods that must be paid without cash (issue 14): since 1 April 2026 Uzbek rules forbid cash for
 * alcohol and tobacco. `cashless_only` travels in `catalog.product.upserted`, so the POS blocks
 * the cash method for such a cart and sales can check the payments of a synced sale.
 */
export class ProductCashlessOnly1765100000200 implements MigrationInterface {
  name = 'ProductCashlessOnly1765100000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE catalog.product ADD COLUMN cashless_only boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE catalog.product DROP COLUMN cashless_only');
  }
}
