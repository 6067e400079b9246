import type { MigrationInterface, QueryRunner } from 'typeorm';

const RUNTIME =
  'jowi_identity, jowi_catalog, jowi_sales, jowi_inventory, jowi_customers, jowi_fiscal, jowi_gateway';

/**
 * Typed event contracts and the poison-event policy (see consumer.ts and parking.ts):
 *
 * - `events.event.version`: the contract version the payload was written as (`@jowi/events`);
 *   every event written before this column existed is version 1.
 * - `events.consumer_cursor.types`: the event types a consumer follows (null: all), so its lag can
 *   be computed by any service; cursors hold no tenant data, so every runtime role may read them
 *   (only the owning role may still write its own).
 * - `events.parked_event`: an event a consumer failed on — counting attempts while it retries
 *   (`FAILING`, the cursor waits at it), then set aside (`PARKED`, the cursor moved past it in the
 *   same transaction), and `RETRY_REQUESTED` once an operator asked for another try. A tenant
 *   table under RLS; the consumer's own role also sees its rows of every tenant (it follows every
 *   tenant's events), while writes stay tenant-checked.
 */
export class KitParking1765000000000 implements MigrationInterface {
  name = 'KitParking1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE events.event ADD COLUMN version smallint NOT NULL DEFAULT 1',
      'ALTER TABLE events.consumer_cursor ADD COLUMN types text[]',
      'CREATE POLICY cursor_read ON events.consumer_cursor FOR SELECT USING (true)',
      `CREATE TABLE events.parked_event (
         consumer text NOT NULL,
         event_id bigint NOT NULL,
         tenant_id uuid NOT NULL,
         type text NOT NULL,
         state text NOT NULL CHECK (state IN ('FAILING', 'PARKED', 'RETRY_REQUESTED')),
         error text NOT NULL,
         attempts integer NOT NULL CHECK (attempts > 0),
         first_failed_at timestamptz NOT NULL DEFAULT now(),
         last_failed_at timestamptz NOT NULL DEFAULT now(),
         parked_at timestamptz,
         retry_requested_at timestamptz,
         retry_requested_by text,
         PRIMARY KEY (consumer, event_id)
       )`,
      'CREATE INDEX parked_event_tenant_idx ON events.parked_event (tenant_id, consumer, event_id)',
      'ALTER TABLE events.parked_event ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE events.parked_event FORCE ROW LEVEL SECURITY',
      `CREATE POLICY parked_tenant ON events.parked_event
         USING (tenant_id = jowi.current_tenant() OR split_part(consumer, ':', 1) = current_user)
         WITH CHECK (tenant_id = jowi.current_tenant())`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON events.parked_event TO ${RUNTIME}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE events.parked_event');
    await q.query('DROP POLICY cursor_read ON events.consumer_cursor');
    await q.query('ALTER TABLE events.consumer_cursor DROP COLUMN types');
    await q.query('ALTER TABLE events.event DROP COLUMN version');
  }
}
