import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: endpoints, deliveries and their attempts (issue 16).
 *
 * - An endpoint keeps its signing secret in clear: every delivery is signed with it (HMAC), so a
 *   hash would not do. Only this schema's role can read it, and the API shows it once.
 * - A delivery is one event for one endpoint, with the exact body that is POSTed (the signature
 *   covers these bytes). `seq` orders an endpoint's deliveries: the delivery consumer inserts them
 *   in event-log order and is the only inserter apart from replays, which go to the end. One
 *   original delivery per (endpoint, event), so a replayed consumer batch adds nothing.
 * - A delivery is PENDING until a receiver answers 2xx (DELIVERED) or its retry window ends
 *   (FAILED). `locked_until` is a sender's lease: a sender that dies mid-POST loses it, and the
 *   delivery is attempted again (at least once).
 *
 * The delivery worker runs outside any request, for every tenant. It finds due deliveries with the
 * transaction-local setting `app.webhook_sweep = 'on'`, which opens a read-only view (the SELECT
 * policies below) across tenants; its writes still go through the tenant transaction.
 */
export class IntegrationsWebhooks1765200000700 implements MigrationInterface {
  name = 'IntegrationsWebhooks1765200000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE integrations.webhook_endpoint (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
      events text[] NOT NULL CHECK (cardinality(events) > 0),
      description text CHECK (length(description) <= 500),
      secret text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE integrations.webhook_delivery (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      seq bigserial NOT NULL,
      endpoint_id uuid NOT NULL,
      event_id bigint NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      replay_of uuid,
      last_status_code integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, endpoint_id) REFERENCES integrations.webhook_endpoint (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(
      `CREATE UNIQUE INDEX webhook_delivery_once_uq ON integrations.webhook_delivery (tenant_id, endpoint_id, event_id)
         WHERE replay_of IS NULL`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_queue_idx ON integrations.webhook_delivery (endpoint_id, seq) WHERE status = 'PENDING'`,
    );
    await q.query(
      'CREATE INDEX webhook_delivery_list_idx ON integrations.webhook_delivery (tenant_id, endpoint_id, seq DESC)',
    );
    await q.query(`CREATE TABLE integrations.webhook_attempt (
      tenant_id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      number integer NOT NULL CHECK (number >= 1),
      attempted_at timestamptz NOT NULL,
      status_code integer,
      latency_ms integer NOT NULL CHECK (latency_ms >= 0),
      error text,
      PRIMARY KEY (tenant_id, delivery_id, number),
      FOREIGN KEY (tenant_id, delivery_id) REFERENCES integrations.webhook_delivery (tenant_id, id) ON DELETE CASCADE
    )`);
    for (const table of ['webhook_endpoint', 'webhook_delivery', 'webhook_attempt']) {
      for (const sql of tenantTableSql(`integrations.${table}`)) await q.query(sql);
    }
    for (const table of ['webhook_endpoint', 'webhook_delivery']) {
      await q.query(
        `CREATE POLICY webhook_sweep_read ON integrations.${table} FOR SELECT
           USING (current_setting('app.webhook_sweep', true) = 'on')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE integrations.webhook_attempt');
    await q.query('DROP TABLE integrations.webhook_delivery');
    await q.query('DROP TABLE integrations.webhook_endpoint');
  }
}
