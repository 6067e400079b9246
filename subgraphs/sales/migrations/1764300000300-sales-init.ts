import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sales, their lines and payments. A sale's id is the client-generated UUID and the idempotency
 * key of `syncSales`: the primary key (tenant_id, id) is what makes a resend — even a concurrent
 * one from another process — land on the existing row instead of creating a second sale.
 * Sales are immutable once stored; corrections are new documents.
 */
export class SalesInit1764300000300 implements MigrationInterface {
  name = 'SalesInit1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.sale (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      shift_id uuid,
      customer_id uuid,
      status text NOT NULL DEFAULT 'COMPLETED' CHECK (status IN ('COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
      total bigint NOT NULL CHECK (total >= 0),
      vat_total bigint NOT NULL CHECK (vat_total >= 0),
      content_hash text NOT NULL,
      device_created_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query('CREATE INDEX sale_listing_idx ON sales.sale (tenant_id, device_created_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX sale_terminal_listing_idx ON sales.sale (tenant_id, terminal_id, device_created_at DESC, id DESC)',
    );

    await q.query(`CREATE TABLE sales.sale_line (
      tenant_id uuid NOT NULL,
      sale_id uuid NOT NULL,
      line_no integer NOT NULL CHECK (line_no >= 1),
      product_id uuid NOT NULL,
      quantity numeric(18,3) NOT NULL CHECK (quantity > 0),
      unit_price bigint NOT NULL CHECK (unit_price >= 0),
      discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0),
      total bigint NOT NULL CHECK (total >= 0),
      vat_rate smallint CHECK (vat_rate BETWEEN 0 AND 100),
      vat_amount bigint NOT NULL DEFAULT 0 CHECK (vat_amount >= 0),
      PRIMARY KEY (tenant_id, sale_id, line_no),
      FOREIGN KEY (tenant_id, sale_id) REFERENCES sales.sale (tenant_id, id)
    )`);

    await q.query(`CREATE TABLE sales.sale_payment (
      tenant_id uuid NOT NULL,
      sale_id uuid NOT NULL,
      line_no integer NOT NULL CHECK (line_no >= 1),
      method text NOT NULL CHECK (method IN ('CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY')),
      amount bigint NOT NULL CHECK (amount > 0),
      PRIMARY KEY (tenant_id, sale_id, line_no),
      FOREIGN KEY (tenant_id, sale_id) REFERENCES sales.sale (tenant_id, id)
    )`);

    for (const table of ['sales.sale', 'sales.sale_line', 'sales.sale_payment']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sales.sale_payment');
    await q.query('DROP TABLE sales.sale_line');
    await q.query('DROP TABLE sales.sale');
  }
}
