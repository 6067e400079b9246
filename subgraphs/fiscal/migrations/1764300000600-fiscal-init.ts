import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fiscal devices (fiscal modules, FM) and the fiscal receipts they registered. One receipt per
 * sale is enforced by the database (`UNIQUE (tenant_id, sale_id)`), not only by the service, so
 * concurrent uploads of the same sale can never produce two receipts.
 */
export class FiscalInit1764300000600 implements MigrationInterface {
  name = 'FiscalInit1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fiscal.device (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      terminal_id text NOT NULL CHECK (terminal_id ~ '^[A-Z]{2}[0-9]{12}$'),
      -- Unknown when the device is first seen through a receipt upload; set by the back office.
      store_id uuid,
      model text,
      status text NOT NULL DEFAULT 'OK'
        CHECK (status IN ('OK', 'PAPER_OUT', 'COVER_OPEN', 'OFFLINE', 'MEMORY_FULL', 'LOCKED')),
      last_seen_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, terminal_id)
    )`);
    for (const sql of tenantTableSql('fiscal.device')) await q.query(sql);

    await q.query(`CREATE TABLE fiscal.receipt (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      sale_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'REGISTERED', 'FAILED')),
      terminal_id text CHECK (terminal_id ~ '^[A-Z]{2}[0-9]{12}$'),
      receipt_seq integer CHECK (receipt_seq >= 1),
      fiscal_sign char(12) CHECK (fiscal_sign ~ '^[0-9]{12}$'),
      -- The FM's own clock, exactly as it printed it (yyyyMMddHHmmss, local time).
      fm_date_time text CHECK (fm_date_time ~ '^[0-9]{14}$'),
      qr_url text,
      registered_at timestamptz,
      error_code text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, sale_id),
      -- A registered receipt always carries its full fiscal requisites.
      CHECK (status <> 'REGISTERED' OR (terminal_id IS NOT NULL AND receipt_seq IS NOT NULL
        AND fiscal_sign IS NOT NULL AND fm_date_time IS NOT NULL AND qr_url IS NOT NULL AND registered_at IS NOT NULL))
    )`);
    await q.query(
      'CREATE INDEX receipt_terminal_seq_idx ON fiscal.receipt (tenant_id, terminal_id, receipt_seq)',
    );
    for (const sql of tenantTableSql('fiscal.receipt')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fiscal.receipt');
    await q.query('DROP TABLE fiscal.device');
  }
}
