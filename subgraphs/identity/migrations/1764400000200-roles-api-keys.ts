import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom roles and integrator API keys.
 *
 * `role` holds a tenant's roles. The four built-in roles get a row too (created on first use,
 * so they have ids and reserve their names), but their permissions live in code
 * (`src/services/permissions.ts`), never in the row: the CHECK keeps built-in rows empty.
 *
 * `api_key` stores only the SHA-256 of each secret. `api_key_directory` is, like
 * `login_directory`, deliberately not tenant data: the gateway's verification starts with no
 * tenant and finds it from the key's public prefix; the key row itself is then read under RLS.
 */
export class RolesApiKeys1764400000200 implements MigrationInterface {
  name = 'RolesApiKeys1764400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.role (
      tenant_id uuid NOT NULL REFERENCES identity.tenant (id),
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 64),
      permissions text[] NOT NULL DEFAULT '{}',
      built_in boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (NOT built_in OR permissions = '{}')
    )`);
    // Names are unique per tenant regardless of case, so "Owner" cannot pose as "owner".
    await q.query('CREATE UNIQUE INDEX role_name_idx ON identity.role (tenant_id, lower(name))');
    for (const sql of tenantTableSql('identity.role')) await q.query(sql);

    await q.query(`CREATE TABLE identity.api_key (
      tenant_id uuid NOT NULL REFERENCES identity.tenant (id),
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      prefix text NOT NULL CHECK (prefix ~ '^[a-z0-9]{8}$'),
      secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
      scopes text[] NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, prefix)
    )`);
    await q.query('CREATE INDEX api_key_created_idx ON identity.api_key (tenant_id, created_at DESC, id)');
    for (const sql of tenantTableSql('identity.api_key')) await q.query(sql);

    // Not tenant data (no RLS): public prefix → tenant and key. Holds no secret material.
    await q.query(`CREATE TABLE identity.api_key_directory (
      prefix text PRIMARY KEY,
      tenant_id uuid NOT NULL,
      key_id uuid NOT NULL,
      FOREIGN KEY (tenant_id, key_id) REFERENCES identity.api_key (tenant_id, id) ON DELETE CASCADE
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['api_key_directory', 'api_key', 'role'])
      await q.query(`DROP TABLE identity.${table}`);
  }
}
