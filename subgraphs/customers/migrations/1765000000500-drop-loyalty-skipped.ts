import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The loyalty consumer no longer records events it cannot apply in its own table: it throws, and
 * the consumer runner retries, parks and (on an operator's request) retries them again, for every
 * consumer alike (`events.parked_event`, server-kit's parking.ts). Rows recorded before are not
 * carried over: their events stay in the log.
 */
export class CustomersDropLoyaltySkipped1765000000500 implements MigrationInterface {
  name = 'CustomersDropLoyaltySkipped1765000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customers.loyalty_skipped');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers.loyalty_skipped (
      tenant_id uuid NOT NULL,
      event_id bigint NOT NULL,
      event_type text NOT NULL,
      source_id text NOT NULL,
      reason text NOT NULL CHECK (reason IN ('UNKNOWN_CUSTOMER', 'NO_SALE_ENTRY', 'INVALID_PAYLOAD')),
      customer_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, event_id)
    )`);
    for (const sql of tenantTableSql('customers.loyalty_skipped')) await q.query(sql);
  }
}
