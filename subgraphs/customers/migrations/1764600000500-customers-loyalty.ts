import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers in full and the loyalty ledger (issue 6).
 *
 * - `customer` gains birthday, tags, notes, `updated_at` and the merge pointer (`merged_into`,
 *   `merged_at`); trigram indexes serve the name search and the phone prefix/suffix search
 *   (pg_trgm lives in the shared `jowi` schema unless it was installed elsewhere before).
 * - `loyalty_program`: one row per version; a sale accrues by the version in force at its event
 *   time, so a replay of the event log gives the same points after the program changed.
 * - `loyalty_entry`: the points ledger. `(tenant, kind, source_id, reverses)` is unique, so an
 *   event applied twice can never add a second entry. The runtime role may not UPDATE amounts
 *   or DELETE entries: it may only re-point `customer_id`/`moved_from` (a merge).
 * - `loyalty_account`: balance and lifetime spend per customer, updated in the same transaction
 *   as each entry; it must always equal the ledger sums (`verifyLoyaltyAccounts`).
 * - `loyalty_skipped`: events the consumer could not apply (unknown customer, no sale entry,
 *   unreadable payload), one row per event, so they are counted and visible instead of lost.
 */
export class CustomersLoyalty1764600000500 implements MigrationInterface {
  name = 'CustomersLoyalty1764600000500';

  async up(q: QueryRunner): Promise<void> {
    const ext: { schema: string }[] = await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm'`,
    );
    if (ext.length === 0) {
      // Another subgraph's migration may install it concurrently on a fresh database.
      await q.query(`DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA jowi;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; END $$`);
    }
    const found: { schema: string }[] = await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm'`,
    );
    const trgm = found[0]?.schema ?? 'jowi';

    await q.query(`ALTER TABLE customers.customer
      ADD COLUMN birthday date,
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN notes text CHECK (notes IS NULL OR length(notes) <= 2000),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN merged_into uuid,
      ADD COLUMN merged_at timestamptz,
      ADD CONSTRAINT customer_name_length CHECK (name IS NULL OR length(name) <= 200),
      ADD CONSTRAINT customer_not_merged_into_self CHECK (merged_into IS NULL OR merged_into <> id),
      ADD CONSTRAINT customer_merged_pair CHECK ((merged_into IS NULL) = (merged_at IS NULL)),
      ADD CONSTRAINT customer_merged_into_fk FOREIGN KEY (tenant_id, merged_into)
        REFERENCES customers.customer (tenant_id, id)`);
    await q.query(
      `CREATE INDEX customer_name_trgm_idx ON customers.customer USING gin (lower(name) ${trgm}.gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX customer_phone_trgm_idx ON customers.customer USING gin (phone ${trgm}.gin_trgm_ops)`,
    );
    await q.query('CREATE INDEX customer_tags_idx ON customers.customer USING gin (tags)');
    await q.query('CREATE INDEX customer_merged_into_idx ON customers.customer (tenant_id, merged_into)');

    await q.query(`CREATE TABLE customers.loyalty_program (
      tenant_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      enabled boolean NOT NULL,
      accrual_bps integer NOT NULL CHECK (accrual_bps BETWEEN 0 AND 10000),
      max_redeem_percent integer NOT NULL CHECK (max_redeem_percent BETWEEN 0 AND 100),
      tiers jsonb NOT NULL DEFAULT '[]',
      effective_from timestamptz NOT NULL DEFAULT now(),
      created_by text,
      PRIMARY KEY (tenant_id, version)
    )`);
    await q.query(
      'CREATE INDEX loyalty_program_effective_idx ON customers.loyalty_program (tenant_id, effective_from DESC, version DESC)',
    );

    await q.query(`CREATE TABLE customers.loyalty_entry (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      customer_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ACCRUAL', 'REDEMPTION', 'REVERSAL', 'ADJUSTMENT', 'MERGE')),
      points bigint NOT NULL,
      spend bigint NOT NULL DEFAULT 0,
      basis bigint NOT NULL DEFAULT 0,
      source_kind text NOT NULL CHECK (source_kind IN ('SALE', 'REFUND', 'STAFF', 'MERGE')),
      source_id text NOT NULL,
      reverses text CHECK (reverses IN ('ACCRUAL', 'REDEMPTION')),
      sale_id uuid,
      event_id bigint,
      moved_from uuid,
      reason text,
      actor text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, customer_id) REFERENCES customers.customer (tenant_id, id),
      CHECK ((kind = 'REVERSAL') = (reverses IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX loyalty_entry_source_uq
      ON customers.loyalty_entry (tenant_id, kind, source_id, (coalesce(reverses, '')))`);
    await q.query(
      'CREATE INDEX loyalty_entry_customer_idx ON customers.loyalty_entry (tenant_id, customer_id, created_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX loyalty_entry_sale_idx ON customers.loyalty_entry (tenant_id, sale_id) WHERE sale_id IS NOT NULL',
    );
    // Amounts are history: only a merge may re-point an entry; nothing may delete one.
    await q.query('REVOKE UPDATE, DELETE, TRUNCATE ON customers.loyalty_entry FROM jowi_customers');
    await q.query('GRANT UPDATE (customer_id, moved_from) ON customers.loyalty_entry TO jowi_customers');

    await q.query(`CREATE TABLE customers.loyalty_account (
      tenant_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      balance bigint NOT NULL DEFAULT 0,
      lifetime_spend bigint NOT NULL DEFAULT 0,
      overdrafts integer NOT NULL DEFAULT 0,
      last_overdraft_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, customer_id),
      FOREIGN KEY (tenant_id, customer_id) REFERENCES customers.customer (tenant_id, id)
    )`);

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

    for (const table of ['loyalty_program', 'loyalty_entry', 'loyalty_account', 'loyalty_skipped']) {
      for (const sql of tenantTableSql(`customers.${table}`)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customers.loyalty_skipped');
    await q.query('DROP TABLE customers.loyalty_account');
    await q.query('DROP TABLE customers.loyalty_entry');
    await q.query('DROP TABLE customers.loyalty_program');
    await q.query(`ALTER TABLE customers.customer
      DROP COLUMN birthday, DROP COLUMN tags, DROP COLUMN notes, DROP COLUMN updated_at,
      DROP COLUMN merged_into, DROP COLUMN merged_at, DROP CONSTRAINT customer_name_length`);
  }
}
