import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, stores, terminals, staff, the login directory and refresh tokens.
 *
 * Every tenant table is under forced RLS. `tenant` is keyed by its own id, so its policy compares
 * `id` instead of `tenant_id`. `login_directory` is deliberately not tenant data: a login starts
 * with no tenant and must find one from the email; it lives in the identity schema, so only
 * `jowi_identity` can read it.
 */
export class IdentityInit1764300000200 implements MigrationInterface {
  name = 'IdentityInit1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.tenant (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('ALTER TABLE identity.tenant ENABLE ROW LEVEL SECURITY');
    await q.query('ALTER TABLE identity.tenant FORCE ROW LEVEL SECURITY');
    await q.query(`CREATE POLICY tenant_isolation ON identity.tenant
      USING (id = jowi.current_tenant()) WITH CHECK (id = jowi.current_tenant())`);

    await q.query(`CREATE TABLE identity.store (
      tenant_id uuid NOT NULL REFERENCES identity.tenant (id),
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      address text,
      tax_id text CHECK (tax_id ~ '^[0-9]{9}$'),
      time_zone text NOT NULL DEFAULT 'Asia/Tashkent',
      currency text NOT NULL DEFAULT 'UZS' CHECK (currency ~ '^[A-Z]{3}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    // Keyset pagination of `stores` walks (name, id).
    await q.query('CREATE INDEX store_name_idx ON identity.store (tenant_id, name, id)');
    for (const sql of tenantTableSql('identity.store')) await q.query(sql);

    await q.query(`CREATE TABLE identity.terminal (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, store_id) REFERENCES identity.store (tenant_id, id)
    )`);
    await q.query('CREATE INDEX terminal_store_idx ON identity.terminal (tenant_id, store_id)');
    for (const sql of tenantTableSql('identity.terminal')) await q.query(sql);

    await q.query(`CREATE TABLE identity.staff (
      tenant_id uuid NOT NULL REFERENCES identity.tenant (id),
      id uuid NOT NULL,
      email text CHECK (email = lower(email) AND email LIKE '%_@_%'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      roles text[] NOT NULL DEFAULT '{}',
      password_hash text,
      pin_hash text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, email)
    )`);
    for (const sql of tenantTableSql('identity.staff')) await q.query(sql);

    // Not tenant data (no RLS): how an anonymous login finds its tenant. Emails are global here.
    await q.query(`CREATE TABLE identity.login_directory (
      email text PRIMARY KEY CHECK (email = lower(email)),
      tenant_id uuid NOT NULL,
      staff_id uuid NOT NULL,
      FOREIGN KEY (tenant_id, staff_id) REFERENCES identity.staff (tenant_id, id) ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE identity.refresh_token (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      family_id uuid NOT NULL,
      staff_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      replaced_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, staff_id) REFERENCES identity.staff (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query('CREATE INDEX refresh_token_family_idx ON identity.refresh_token (tenant_id, family_id)');
    for (const sql of tenantTableSql('identity.refresh_token')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['refresh_token', 'login_directory', 'staff', 'terminal', 'store', 'tenant']) {
      await q.query(`DROP TABLE identity.${table}`);
    }
  }
}
