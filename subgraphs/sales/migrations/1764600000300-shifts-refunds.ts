import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full receipt (store, cashier, receipt number, receipt discount, snapshots, modifiers,
 * cash tendered/change, card brand, business day, flags), shifts with cash movements, and
 * refunds — plus the directory projection (stores and terminals as identity announces them in
 * `store.upserted` / `terminal.upserted` events) that tells sales which store a terminal
 * belongs to and in which time zone its business day runs.
 *
 * Invariants held by the database itself, so that concurrent requests in different processes
 * cannot break them:
 * - one open shift per terminal (partial unique index);
 * - a line is never refunded beyond what was sold (`refunded_quantity <= quantity`);
 * - every document's id is its idempotency key (primary keys).
 */
export class ShiftsRefunds1764600000300 implements MigrationInterface {
  name = 'ShiftsRefunds1764600000300';

  async up(q: QueryRunner): Promise<void> {
    // Directory projection, fed by identity's events (never by reading identity's tables).
    await q.query(`CREATE TABLE sales.store_ref (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      time_zone text NOT NULL DEFAULT 'Asia/Tashkent',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE sales.terminal_ref (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      active boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);

    // Pre-release databases may hold sales without a store; they get the nil store id.
    await q.query(`ALTER TABLE sales.sale
      ADD COLUMN store_id uuid,
      ADD COLUMN cashier_id uuid,
      ADD COLUMN receipt_number integer CHECK (receipt_number >= 0),
      ADD COLUMN subtotal bigint,
      ADD COLUMN discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0),
      ADD COLUMN refunded_total bigint NOT NULL DEFAULT 0 CHECK (refunded_total >= 0),
      ADD COLUMN business_date date,
      ADD COLUMN catalog_version text,
      ADD COLUMN flags text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE sales.sale SET store_id = '00000000-0000-0000-0000-000000000000',
      subtotal = total, business_date = (device_created_at AT TIME ZONE 'Asia/Tashkent')::date`);
    await q.query(`ALTER TABLE sales.sale
      ALTER COLUMN store_id SET NOT NULL,
      ALTER COLUMN subtotal SET NOT NULL,
      ALTER COLUMN business_date SET NOT NULL,
      ADD CONSTRAINT sale_refund_bound CHECK (refunded_total <= total),
      ADD CONSTRAINT sale_discount_bound CHECK (total = subtotal - discount)`);
    await q.query('CREATE INDEX sale_store_day_idx ON sales.sale (tenant_id, store_id, business_date)');
    await q.query(
      'CREATE INDEX sale_customer_listing_idx ON sales.sale (tenant_id, customer_id, device_created_at DESC, id DESC) WHERE customer_id IS NOT NULL',
    );
    await q.query(
      'CREATE INDEX sale_shift_idx ON sales.sale (tenant_id, shift_id) WHERE shift_id IS NOT NULL',
    );

    await q.query(`ALTER TABLE sales.sale_line
      ADD COLUMN name text,
      ADD COLUMN ikpu text,
      ADD COLUMN package_code text CHECK (package_code ~ '^[0-9]{1,20}$'),
      ADD COLUMN owner_type text CHECK (owner_type IN ('RESALE', 'OWN_PRODUCTION', 'SERVICE')),
      ADD COLUMN modifiers jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN receipt_discount bigint NOT NULL DEFAULT 0 CHECK (receipt_discount >= 0),
      ADD COLUMN refunded_quantity numeric(18,3) NOT NULL DEFAULT 0 CHECK (refunded_quantity >= 0),
      ADD CONSTRAINT sale_line_refund_bound CHECK (refunded_quantity <= quantity)`);

    await q.query(`ALTER TABLE sales.sale_payment
      ADD COLUMN tendered bigint CHECK (tendered >= amount),
      ADD COLUMN change bigint CHECK (change >= 0),
      ADD COLUMN card_brand text CHECK (card_brand IN ('UZCARD', 'HUMO', 'VISA', 'MASTERCARD', 'OTHER')),
      ADD COLUMN reference text CHECK (length(reference) <= 100)`);

    await q.query(`CREATE TABLE sales.shift (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      number integer NOT NULL CHECK (number >= 1),
      opened_by uuid,
      opened_at timestamptz NOT NULL,
      opening_float bigint NOT NULL CHECK (opening_float >= 0),
      open_hash text NOT NULL,
      closed_by uuid,
      closed_at timestamptz,
      counted_cash bigint CHECK (counted_cash >= 0),
      closing_note text,
      close_hash text,
      received_at timestamptz NOT NULL DEFAULT now(),
      close_received_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, terminal_id, number),
      CHECK ((closed_at IS NULL) = (close_hash IS NULL)),
      CHECK ((closed_at IS NULL) = (counted_cash IS NULL))
    )`);
    await q.query(
      'CREATE UNIQUE INDEX shift_one_open_per_terminal ON sales.shift (tenant_id, terminal_id) WHERE closed_at IS NULL',
    );
    await q.query('CREATE INDEX shift_listing_idx ON sales.shift (tenant_id, opened_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX shift_terminal_time_idx ON sales.shift (tenant_id, terminal_id, opened_at DESC)',
    );

    await q.query(`CREATE TABLE sales.cash_movement (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      shift_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('CASH_IN', 'CASH_OUT')),
      amount bigint NOT NULL CHECK (amount > 0),
      reason text NOT NULL,
      staff_id uuid,
      device_at timestamptz NOT NULL,
      content_hash text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, shift_id) REFERENCES sales.shift (tenant_id, id)
    )`);
    await q.query(
      'CREATE INDEX cash_movement_shift_idx ON sales.cash_movement (tenant_id, shift_id, device_at)',
    );

    await q.query(`CREATE TABLE sales.refund (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      sale_id uuid NOT NULL,
      store_id uuid NOT NULL,
      terminal_id uuid NOT NULL,
      shift_id uuid,
      cashier_id uuid,
      reason text,
      total bigint NOT NULL CHECK (total >= 0),
      vat_total bigint NOT NULL CHECK (vat_total >= 0),
      content_hash text NOT NULL,
      device_created_at timestamptz NOT NULL,
      business_date date NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, sale_id) REFERENCES sales.sale (tenant_id, id)
    )`);
    await q.query('CREATE INDEX refund_sale_idx ON sales.refund (tenant_id, sale_id)');
    await q.query('CREATE INDEX refund_store_day_idx ON sales.refund (tenant_id, store_id, business_date)');
    await q.query(
      'CREATE INDEX refund_shift_idx ON sales.refund (tenant_id, shift_id) WHERE shift_id IS NOT NULL',
    );

    await q.query(`CREATE TABLE sales.refund_line (
      tenant_id uuid NOT NULL,
      refund_id uuid NOT NULL,
      line_no integer NOT NULL CHECK (line_no >= 1),
      sale_line_no integer NOT NULL CHECK (sale_line_no >= 1),
      product_id uuid NOT NULL,
      quantity numeric(18,3) NOT NULL CHECK (quantity > 0),
      amount bigint NOT NULL CHECK (amount >= 0),
      vat_amount bigint NOT NULL CHECK (vat_amount >= 0),
      PRIMARY KEY (tenant_id, refund_id, line_no),
      FOREIGN KEY (tenant_id, refund_id) REFERENCES sales.refund (tenant_id, id)
    )`);

    await q.query(`CREATE TABLE sales.refund_payment (
      tenant_id uuid NOT NULL,
      refund_id uuid NOT NULL,
      line_no integer NOT NULL CHECK (line_no >= 1),
      method text NOT NULL CHECK (method IN ('CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY')),
      amount bigint NOT NULL CHECK (amount > 0),
      card_brand text CHECK (card_brand IN ('UZCARD', 'HUMO', 'VISA', 'MASTERCARD', 'OTHER')),
      reference text CHECK (length(reference) <= 100),
      PRIMARY KEY (tenant_id, refund_id, line_no),
      FOREIGN KEY (tenant_id, refund_id) REFERENCES sales.refund (tenant_id, id)
    )`);

    for (const table of [
      'sales.store_ref',
      'sales.terminal_ref',
      'sales.shift',
      'sales.cash_movement',
      'sales.refund',
      'sales.refund_line',
      'sales.refund_payment',
    ]) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'sales.refund_payment',
      'sales.refund_line',
      'sales.refund',
      'sales.cash_movement',
      'sales.shift',
      'sales.terminal_ref',
      'sales.store_ref',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE sales.sale_payment DROP COLUMN tendered, DROP COLUMN change,
      DROP COLUMN card_brand, DROP COLUMN reference`);
    await q.query(`ALTER TABLE sales.sale_line DROP CONSTRAINT sale_line_refund_bound, DROP COLUMN name,
      DROP COLUMN ikpu, DROP COLUMN package_code, DROP COLUMN owner_type, DROP COLUMN modifiers, DROP COLUMN receipt_discount, DROP COLUMN refunded_quantity`);
    await q.query(
      'DROP INDEX sales.sale_store_day_idx, sales.sale_customer_listing_idx, sales.sale_shift_idx',
    );
    await q.query(`ALTER TABLE sales.sale DROP CONSTRAINT sale_refund_bound, DROP CONSTRAINT sale_discount_bound,
      DROP COLUMN store_id, DROP COLUMN cashier_id, DROP COLUMN receipt_number, DROP COLUMN subtotal,
      DROP COLUMN discount, DROP COLUMN refunded_total, DROP COLUMN business_date, DROP COLUMN catalog_version,
      DROP COLUMN flags`);
  }
}
