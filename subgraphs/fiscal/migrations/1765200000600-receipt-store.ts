import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The store a fiscal receipt's sale was made in (issue 16's `fiscalReceiptUpdated(storeId)`):
 * copied from the sale event that created the receipt, since a fiscal device may serve the
 * terminals of several stores. Null for receipts written before it and for receipts the POS
 * reported before their sale event arrived (their device's store stands in, when it has one).
 */
export class ReceiptStore1765200000600 implements MigrationInterface {
  name = 'ReceiptStore1765200000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE fiscal.receipt ADD COLUMN store_id uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE fiscal.receipt DROP COLUMN store_id');
  }
}
