import type { MigrationInterface, QueryRunner } from 'typeorm';

const RUNTIME =
  'jowi_identity, jowi_catalog, jowi_sales, jowi_inventory, jowi_customers, jowi_fiscal, jowi_gateway';

/** Shared infrastructure: tenancy helper, the event log with consumer cursors, the audit log. */
export class KitInit1764300000000 implements MigrationInterface {
  name = 'KitInit1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE FUNCTION jowi.current_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
         AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`,

      // Event log: append-only, written in the same transaction as the change (outbox).
      `CREATE TABLE events.event (
         id bigserial PRIMARY KEY,
         tenant_id uuid NOT NULL,
         type text NOT NULL,
         aggregate_id text NOT NULL,
         payload jsonb NOT NULL,
         source text NOT NULL,
         txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      'CREATE INDEX event_tenant_type_idx ON events.event (tenant_id, type, id)',
      'ALTER TABLE events.event ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE events.event FORCE ROW LEVEL SECURITY',
      'CREATE POLICY event_append ON events.event FOR INSERT WITH CHECK (tenant_id = jowi.current_tenant())',
      `CREATE POLICY event_read ON events.event FOR SELECT
         USING (tenant_id = jowi.current_tenant() OR pg_has_role(current_user, 'jowi_event_consumer', 'MEMBER'))`,
      `GRANT SELECT, INSERT ON events.event TO ${RUNTIME}`,
      `GRANT USAGE ON SEQUENCE events.event_id_seq TO ${RUNTIME}`,
      `CREATE FUNCTION events.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP
           USING ERRCODE = 'insufficient_privilege'; END $$`,
      `CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON events.event
         FOR EACH ROW EXECUTE FUNCTION events.reject_change()`,
      `CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON events.event
         FOR EACH STATEMENT EXECUTE FUNCTION events.reject_change()`,

      // Per-consumer cursors; a role may only touch cursors named "<its role>:<consumer>".
      `CREATE TABLE events.consumer_cursor (
         consumer text PRIMARY KEY,
         position bigint NOT NULL DEFAULT 0,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      'ALTER TABLE events.consumer_cursor ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE events.consumer_cursor FORCE ROW LEVEL SECURITY',
      `CREATE POLICY own_cursor ON events.consumer_cursor
         USING (split_part(consumer, ':', 1) = current_user) WITH CHECK (split_part(consumer, ':', 1) = current_user)`,
      `GRANT SELECT, INSERT, UPDATE ON events.consumer_cursor TO ${RUNTIME}`,

      // Audit log: INSERT only, hash-chained per tenant.
      `CREATE TABLE audit.entry (
         id bigserial PRIMARY KEY,
         tenant_id uuid NOT NULL,
         seq bigint NOT NULL,
         actor text,
         action text NOT NULL,
         entity_type text NOT NULL,
         entity_id text,
         data jsonb NOT NULL,
         source text NOT NULL,
         created_at timestamptz NOT NULL,
         prev_hash text NOT NULL,
         hash text NOT NULL,
         UNIQUE (tenant_id, seq)
       )`,
      'ALTER TABLE audit.entry ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE audit.entry FORCE ROW LEVEL SECURITY',
      `CREATE POLICY tenant_isolation ON audit.entry
         USING (tenant_id = jowi.current_tenant()) WITH CHECK (tenant_id = jowi.current_tenant())`,
      `CREATE FUNCTION audit.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'audit log is append-only (% rejected)', TG_OP
           USING ERRCODE = 'insufficient_privilege'; END $$`,
      `CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON audit.entry
         FOR EACH ROW EXECUTE FUNCTION audit.reject_change()`,
      `CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON audit.entry
         FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_change()`,
      `GRANT SELECT, INSERT ON audit.entry TO ${RUNTIME}`,
      `GRANT USAGE ON SEQUENCE audit.entry_id_seq TO ${RUNTIME}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit.entry');
    await q.query('DROP TABLE events.consumer_cursor');
    await q.query('DROP TABLE events.event');
    await q.query('DROP FUNCTION jowi.current_tenant()');
  }
}
