import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People and devices administered from the back office (issue 18).
 *
 * - `store.active`, `terminal.active`: deactivation instead of deletion (sales, shifts and fiscal
 *   receipts keep pointing at them). A deactivated terminal refuses PIN sign-ins and `syncSales`.
 * - `staff.store_ids`: the stores a person may work in; empty means every store. A PIN sign-in
 *   on a terminal of a store outside the list is refused like a wrong PIN.
 * - `staff.disabled_at`: when `active` last became false (shown in the staff list).
 */
export class PeopleDevices1765000000600 implements MigrationInterface {
  name = 'PeopleDevices1765000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.store ADD COLUMN active boolean NOT NULL DEFAULT true');
    await q.query('ALTER TABLE identity.store ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()');
    await q.query('ALTER TABLE identity.terminal ADD COLUMN active boolean NOT NULL DEFAULT true');
    await q.query('ALTER TABLE identity.terminal ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()');
    await q.query(`ALTER TABLE identity.staff ADD COLUMN store_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query('ALTER TABLE identity.staff ADD COLUMN disabled_at timestamptz');
    // The staff list walks (lower(name), id); deactivating a terminal revokes its live sessions.
    await q.query('CREATE INDEX staff_name_idx ON identity.staff (tenant_id, lower(name), id)');
    await q.query(`CREATE INDEX refresh_token_terminal_live_idx ON identity.refresh_token (tenant_id, terminal_id)
      WHERE revoked_at IS NULL AND terminal_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX identity.refresh_token_terminal_live_idx');
    await q.query('DROP INDEX identity.staff_name_idx');
    await q.query('ALTER TABLE identity.staff DROP COLUMN disabled_at');
    await q.query('ALTER TABLE identity.staff DROP COLUMN store_ids');
    await q.query('ALTER TABLE identity.terminal DROP COLUMN updated_at');
    await q.query('ALTER TABLE identity.terminal DROP COLUMN active');
    await q.query('ALTER TABLE identity.store DROP COLUMN updated_at');
    await q.query('ALTER TABLE identity.store DROP COLUMN active');
  }
}
