import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock from sales events.
 *
 * - A movement caused by another document names it: `source_kind` ('sale' | 'refund'),
 *   `source_id` and `source_line`. Unique per tenant, so a replayed event can never double a
 *   movement even if the consumer's cursor logic failed (inserts use ON CONFLICT DO NOTHING).
 *   Manual movements have no source (NULLs never conflict).
 * - `stock_level.negative` is derived from the quantity, never written: products sold below
 *   zero (offline sales are never refused) are flagged and found through a partial index.
 * - `skipped_event` keeps events the consumer could not turn into stock (e.g. a sale without a
 *   store), so they are visible and can be re-processed once fixed — never silently dropped.
 */
export class StockFromSales1764700000400 implements MigrationInterface {
  name = 'StockFromSales1764700000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory.stock_movement
      ADD COLUMN source_kind text CHECK (source_kind IN ('sale', 'refund')),
      ADD COLUMN source_id uuid,
      ADD COLUMN source_line integer,
      ADD CONSTRAINT stock_movement_source_complete CHECK (
        (source_kind IS NULL AND source_id IS NULL AND source_line IS NULL)
        OR (source_kind IS NOT NULL AND source_id IS NOT NULL AND source_line IS NOT NULL)),
      ADD CONSTRAINT stock_movement_source_key UNIQUE (tenant_id, source_kind, source_id, source_line)`);

    await q.query(
      'ALTER TABLE inventory.stock_level ADD COLUMN negative boolean GENERATED ALWAYS AS (quantity < 0) STORED',
    );
    await q.query(
      'CREATE INDEX stock_level_negative_idx ON inventory.stock_level (tenant_id, store_id, product_id) WHERE negative',
    );

    await q.query(`CREATE TABLE inventory.skipped_event (
      tenant_id uuid NOT NULL,
      event_id bigint NOT NULL,
      type text NOT NULL,
      reason text NOT NULL,
      aggregate_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, event_id)
    )`);
    for (const sql of tenantTableSql('inventory.skipped_event')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inventory.skipped_event');
    await q.query('ALTER TABLE inventory.stock_level DROP COLUMN negative');
    await q.query(`ALTER TABLE inventory.stock_movement
      DROP CONSTRAINT stock_movement_source_key, DROP CONSTRAINT stock_movement_source_complete,
      DROP COLUMN source_line, DROP COLUMN source_id, DROP COLUMN source_kind`);
  }
}
