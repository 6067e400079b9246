import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions on paired terminals, pairing codes and device credentials.
 *
 * - `refresh_token.terminal_id`: a PIN sign-in's session stays bound to its terminal across
 *   refreshes (the access token's `term` claim).
 * - `terminal_pairing_code`: one-time codes issued from the back office (tenant data, RLS).
 * - `pairing_directory`: code hash → tenant, like `login_directory` global by design — the POS
 *   pairs anonymously and the code is all it has. Rows are deleted when used.
 * - `terminal_device`: the long-lived credential of a paired device (only its SHA-256 is stored).
 */
export class SessionsTerminals1764400000100 implements MigrationInterface {
  name = 'SessionsTerminals1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.refresh_token ADD COLUMN terminal_id uuid');
    // "Sign out everywhere" revokes a person's live tokens.
    await q.query(`CREATE INDEX refresh_token_staff_live_idx ON identity.refresh_token (tenant_id, staff_id)
      WHERE revoked_at IS NULL`);

    await q.query(`CREATE TABLE identity.terminal_pairing_code (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      created_by uuid,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, terminal_id) REFERENCES identity.terminal (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('identity.terminal_pairing_code')) await q.query(sql);

    await q.query(`CREATE TABLE identity.pairing_directory (
      code_hash text PRIMARY KEY,
      tenant_id uuid NOT NULL,
      pairing_id uuid NOT NULL,
      expires_at timestamptz NOT NULL,
      FOREIGN KEY (tenant_id, pairing_id) REFERENCES identity.terminal_pairing_code (tenant_id, id)
        ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE identity.terminal_device (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, terminal_id) REFERENCES identity.terminal (tenant_id, id)
    )`);
    await q.query(
      'CREATE INDEX terminal_device_terminal_idx ON identity.terminal_device (tenant_id, terminal_id)',
    );
    for (const sql of tenantTableSql('identity.terminal_device')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.terminal_device');
    await q.query('DROP TABLE identity.pairing_directory');
    await q.query('DROP TABLE identity.terminal_pairing_code');
    await q.query('DROP INDEX identity.refresh_token_staff_live_idx');
    await q.query('ALTER TABLE identity.refresh_token DROP COLUMN terminal_id');
  }
}
