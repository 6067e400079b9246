import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The receipt lifecycle and central mode.
 *
 * - A receipt is for a SALE or a REFUND: one per sale, one per refund, enforced by partial
 *   unique indexes, so a replayed `sale.created` / `sale.refunded` can never add a second one.
 * - A receipt waits (PENDING), is REGISTERED, FAILED (the FM refused its contents) or
 *   NEEDS_ATTENTION (dead letter: an operator must act). Attempts and the last error are kept,
 *   with the mode it is fiscalised in and the receipt request the worker sends.
 * - A device has a mode (LOCAL: the POS's own FM; CENTRAL: a fiscal gateway the subgraph calls),
 *   a gateway URL and its last reported health. POS terminals are bound to devices.
 * - Fiscal shifts (Z reports) the central worker opened and closed.
 *
 * The reconciler and the central worker run outside any request, for every tenant. They find
 * due work with the transaction-local setting `app.fiscal_sweep = 'on'`, which opens a
 * read-only view (SELECT policies below) across tenants of receipts and devices; every write
 * still goes through the tenant transaction. Only the fiscal runtime role can reach this schema.
 */
export class FiscalCentral1764900000600 implements MigrationInterface {
  name = 'FiscalCentral1764900000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fiscal.device
      ADD COLUMN mode text NOT NULL DEFAULT 'LOCAL' CHECK (mode IN ('LOCAL', 'CENTRAL')),
      ADD COLUMN gateway_url text CHECK (gateway_url ~ '^https?://'),
      ADD COLUMN paper_ok boolean,
      ADD COLUMN cover_open boolean,
      ADD COLUMN fm_locked boolean,
      ADD COLUMN unsent_count integer,
      ADD COLUMN last_error_code text,
      ADD COLUMN attention_code text,
      ADD COLUMN status_at timestamptz,
      ADD CONSTRAINT device_central_has_gateway CHECK (mode <> 'CENTRAL' OR gateway_url IS NOT NULL)`);

    await q.query(`CREATE TABLE fiscal.pos_terminal (
      tenant_id uuid NOT NULL,
      -- The identity subgraph's Terminal id (the POS), as carried by sale events.
      pos_terminal_id uuid NOT NULL,
      device_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, pos_terminal_id),
      FOREIGN KEY (tenant_id, device_id) REFERENCES fiscal.device (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('fiscal.pos_terminal')) await q.query(sql);

    await q.query(`ALTER TABLE fiscal.receipt
      DROP CONSTRAINT receipt_status_check,
      ADD CONSTRAINT receipt_status_check
        CHECK (status IN ('PENDING', 'REGISTERED', 'FAILED', 'NEEDS_ATTENTION')),
      ADD COLUMN kind text NOT NULL DEFAULT 'SALE' CHECK (kind IN ('SALE', 'REFUND')),
      ADD COLUMN refund_id uuid,
      ADD COLUMN mode text NOT NULL DEFAULT 'LOCAL' CHECK (mode IN ('LOCAL', 'CENTRAL')),
      ADD COLUMN device_id uuid,
      ADD COLUMN pos_terminal_id uuid,
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN error_message text,
      -- What the worker sends to the gateway (central mode), built from the sale event.
      ADD COLUMN request jsonb,
      ADD COLUMN next_attempt_at timestamptz,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT receipt_refund_has_id CHECK ((kind = 'REFUND') = (refund_id IS NOT NULL))`);
    await q.query('ALTER TABLE fiscal.receipt DROP CONSTRAINT receipt_tenant_id_sale_id_key');
    await q.query(
      `CREATE UNIQUE INDEX receipt_sale_uq ON fiscal.receipt (tenant_id, sale_id) WHERE kind = 'SALE'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX receipt_refund_uq ON fiscal.receipt (tenant_id, refund_id) WHERE kind = 'REFUND'`,
    );
    await q.query(`CREATE INDEX receipt_open_idx ON fiscal.receipt (updated_at) WHERE status = 'PENDING'`);
    await q.query('CREATE INDEX receipt_list_idx ON fiscal.receipt (tenant_id, created_at DESC, id DESC)');

    await q.query(`CREATE TABLE fiscal.shift (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      device_id uuid NOT NULL,
      z_number integer NOT NULL CHECK (z_number >= 1),
      opened_at text NOT NULL,
      closed_at text,
      sale_count integer NOT NULL DEFAULT 0,
      refund_count integer NOT NULL DEFAULT 0,
      sale_cash bigint NOT NULL DEFAULT 0,
      sale_card bigint NOT NULL DEFAULT 0,
      sale_vat bigint NOT NULL DEFAULT 0,
      refund_cash bigint NOT NULL DEFAULT 0,
      refund_card bigint NOT NULL DEFAULT 0,
      refund_vat bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, device_id, z_number),
      FOREIGN KEY (tenant_id, device_id) REFERENCES fiscal.device (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('fiscal.shift')) await q.query(sql);

    for (const table of ['fiscal.receipt', 'fiscal.device']) {
      await q.query(
        `CREATE POLICY fiscal_sweep_read ON ${table} FOR SELECT
           USING (current_setting('app.fiscal_sweep', true) = 'on')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['fiscal.receipt', 'fiscal.device']) {
      await q.query(`DROP POLICY fiscal_sweep_read ON ${table}`);
    }
    await q.query('DROP TABLE fiscal.shift');
    await q.query('DROP INDEX fiscal.receipt_list_idx');
    await q.query('DROP INDEX fiscal.receipt_open_idx');
    await q.query('DROP INDEX fiscal.receipt_refund_uq');
    await q.query('DROP INDEX fiscal.receipt_sale_uq');
    await q.query(`DELETE FROM fiscal.receipt WHERE kind = 'REFUND'`);
    await q.query(
      'ALTER TABLE fiscal.receipt ADD CONSTRAINT receipt_tenant_id_sale_id_key UNIQUE (tenant_id, sale_id)',
    );
    await q.query(`UPDATE fiscal.receipt SET status = 'FAILED' WHERE status = 'NEEDS_ATTENTION'`);
    await q.query(`ALTER TABLE fiscal.receipt
      DROP CONSTRAINT receipt_refund_has_id,
      DROP COLUMN kind, DROP COLUMN refund_id, DROP COLUMN mode, DROP COLUMN device_id,
      DROP COLUMN pos_terminal_id, DROP COLUMN attempts, DROP COLUMN error_message, DROP COLUMN request,
      DROP COLUMN next_attempt_at, DROP COLUMN updated_at,
      DROP CONSTRAINT receipt_status_check,
      ADD CONSTRAINT receipt_status_check CHECK (status IN ('PENDING', 'REGISTERED', 'FAILED'))`);
    await q.query('DROP TABLE fiscal.pos_terminal');
    await q.query(`ALTER TABLE fiscal.device DROP CONSTRAINT device_central_has_gateway,
      DROP COLUMN mode, DROP COLUMN gateway_url, DROP COLUMN paper_ok, DROP COLUMN cover_open,
      DROP COLUMN fm_locked, DROP COLUMN unsent_count, DROP COLUMN last_error_code,
      DROP COLUMN attention_code, DROP COLUMN status_at`);
  }
}
