import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock from sales no longer records events it cannot apply in its own table: a sales event
 * without a store breaks its contract (`@jowi/events`) and is parked by the consumer runner, like
 * every event any consumer cannot apply (`events.parked_event`, server-kit's parking.ts). Rows
 * recorded before are not carried over: their events stay in the log.
 */
export class InventoryDropSkippedEvent1765000000400 implements MigrationInterface {
  name = 'InventoryDropSkippedEvent1765000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inventory.skipped_event');
  }

  async down(q: QueryRunner): Promise<void> {
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
}
