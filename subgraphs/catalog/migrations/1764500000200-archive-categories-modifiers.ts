import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Categories and modifier groups can be archived like products (issue 4): `active` false hides
 * them from the back office's default lists while products and old receipts that point at them
 * keep working. Archive and restore are UPSERTs in the change feed, so offline clients learn of
 * them without losing the row.
 */
export class ArchiveCategoriesModifiers1764500000200 implements MigrationInterface {
  name = 'ArchiveCategoriesModifiers1764500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE catalog.category ADD COLUMN active boolean NOT NULL DEFAULT true');
    await q.query('ALTER TABLE catalog.modifier_group ADD COLUMN active boolean NOT NULL DEFAULT true');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE catalog.modifier_group DROP COLUMN active');
    await q.query('ALTER TABLE catalog.category DROP COLUMN active');
  }
}
