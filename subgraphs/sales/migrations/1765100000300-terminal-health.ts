import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Terminal sync health (issue 15): per terminal, the latest report a POS sent with a sync or a
 * heartbeat — outbox depth, parked count, app version — and when it was last seen and synced.
 * One row per terminal, overwritten by each report (the back office wants "now", not history).
 */
export class TerminalHealth1765100000300 implements MigrationInterface {
  name = 'TerminalHealth1765100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.terminal_health (
      tenant_id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      store_id uuid NOT NULL,
      outbox_depth integer NOT NULL CHECK (outbox_depth BETWEEN 0 AND 1000000),
      parked_count integer NOT NULL CHECK (parked_count BETWEEN 0 AND 1000000),
      app_version text NOT NULL CHECK (length(app_version) BETWEEN 1 AND 50),
      last_seen_at timestamptz NOT NULL,
      last_sync_at timestamptz,
      PRIMARY KEY (tenant_id, terminal_id)
    )`);
    for (const sql of tenantTableSql('sales.terminal_health')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sales.terminal_health');
  }
}
