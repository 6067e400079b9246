import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory's own documents: recipes (versioned), suppliers and goods receipts, transfers,
 * stock-takes, write-offs and corrections, low-stock thresholds.
 *
 * - Every movement kind of the ledger; a movement may carry a unit cost (tiyin per unit), a
 *   write-off reason and a note.
 * - A source line may expand into several movements (a dish sold deducts each ingredient), so
 *   the idempotency key gains `source_part` (0: the line's own product; i: its i-th ingredient).
 * - `stock_level.avg_cost`: the moving average cost per unit in that store (receipts and
 *   transfers in update it), null before the first costed receipt.
 * - `stock_threshold.low` remembers which side of the threshold the level was on, so a
 *   `stock.low` event is appended once per crossing, not once per movement below it.
 */
export class InventoryDocuments1764800000400 implements MigrationInterface {
  name = 'InventoryDocuments1764800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory.stock_movement
      DROP CONSTRAINT stock_movement_kind_check,
      ADD CONSTRAINT stock_movement_kind_check CHECK (kind IN ('ADJUSTMENT', 'RECEIPT', 'SALE', 'REFUND',
        'TRANSFER_OUT', 'TRANSFER_IN', 'WRITE_OFF', 'CORRECTION')),
      DROP CONSTRAINT stock_movement_source_kind_check,
      ADD CONSTRAINT stock_movement_source_kind_check CHECK (source_kind IN ('sale', 'refund', 'goods_receipt',
        'transfer_out', 'transfer_in', 'stock_take', 'write_off', 'correction')),
      DROP CONSTRAINT stock_movement_source_key,
      ADD COLUMN source_part integer NOT NULL DEFAULT 0,
      ADD COLUMN unit_cost bigint CHECK (unit_cost >= 0),
      ADD COLUMN reason text,
      ADD COLUMN note text`);
    await q.query(`ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_source_key
      UNIQUE (tenant_id, source_kind, source_id, source_line, source_part)`);
    await q.query(
      'CREATE INDEX stock_movement_store_idx ON inventory.stock_movement (tenant_id, store_id, created_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX stock_movement_time_idx ON inventory.stock_movement (tenant_id, created_at DESC, id DESC)',
    );
    await q.query('ALTER TABLE inventory.stock_level ADD COLUMN avg_cost bigint');

    await q.query(`CREATE TABLE inventory.recipe (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      product_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      valid_from timestamptz NOT NULL,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, product_id, version)
    )`);
    await q.query(
      'CREATE INDEX recipe_valid_idx ON inventory.recipe (tenant_id, product_id, valid_from DESC, version DESC)',
    );
    await q.query(`CREATE TABLE inventory.recipe_component (
      tenant_id uuid NOT NULL,
      recipe_id uuid NOT NULL,
      position integer NOT NULL,
      modifier_id text,
      product_id uuid NOT NULL,
      quantity numeric(18,3) NOT NULL CHECK (quantity <> 0),
      PRIMARY KEY (tenant_id, recipe_id, position),
      FOREIGN KEY (tenant_id, recipe_id) REFERENCES inventory.recipe (tenant_id, id)
    )`);
    // Which recipe version and modifiers a sold line was deducted with: its refund returns the same.
    await q.query(`CREATE TABLE inventory.sale_recipe_line (
      tenant_id uuid NOT NULL,
      sale_id uuid NOT NULL,
      line_no integer NOT NULL,
      recipe_id uuid NOT NULL,
      modifier_ids text[] NOT NULL,
      PRIMARY KEY (tenant_id, sale_id, line_no)
    )`);

    await q.query(`CREATE TABLE inventory.supplier (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      phone text,
      tax_id text,
      note text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query('CREATE UNIQUE INDEX supplier_name_key ON inventory.supplier (tenant_id, lower(name))');

    await q.query(`CREATE TABLE inventory.goods_receipt (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      supplier_id uuid NOT NULL,
      note text,
      total bigint NOT NULL,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, supplier_id) REFERENCES inventory.supplier (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE inventory.goods_receipt_line (
      tenant_id uuid NOT NULL,
      receipt_id uuid NOT NULL,
      line_no integer NOT NULL,
      product_id uuid NOT NULL,
      quantity numeric(18,3) NOT NULL CHECK (quantity > 0),
      unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
      PRIMARY KEY (tenant_id, receipt_id, line_no),
      FOREIGN KEY (tenant_id, receipt_id) REFERENCES inventory.goods_receipt (tenant_id, id)
    )`);

    await q.query(`CREATE TABLE inventory.transfer (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      from_store_id uuid NOT NULL,
      to_store_id uuid NOT NULL CHECK (to_store_id <> from_store_id),
      status text NOT NULL CHECK (status IN ('IN_TRANSIT', 'RECEIVED')),
      note text,
      sent_by text,
      sent_at timestamptz NOT NULL DEFAULT now(),
      received_by text,
      received_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query('CREATE INDEX transfer_sent_idx ON inventory.transfer (tenant_id, sent_at DESC, id DESC)');
    await q.query(`CREATE TABLE inventory.transfer_line (
      tenant_id uuid NOT NULL,
      transfer_id uuid NOT NULL,
      line_no integer NOT NULL,
      product_id uuid NOT NULL,
      quantity_sent numeric(18,3) NOT NULL CHECK (quantity_sent > 0),
      quantity_received numeric(18,3) CHECK (quantity_received >= 0 AND quantity_received <= quantity_sent),
      unit_cost bigint,
      PRIMARY KEY (tenant_id, transfer_id, line_no),
      FOREIGN KEY (tenant_id, transfer_id) REFERENCES inventory.transfer (tenant_id, id)
    )`);
    await q.query(
      'CREATE INDEX transfer_line_open_idx ON inventory.transfer_line (tenant_id, product_id) WHERE quantity_received IS NULL',
    );

    await q.query(`CREATE TABLE inventory.stock_take (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      store_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'POSTED')),
      partial boolean NOT NULL,
      note text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      posted_by text,
      posted_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE inventory.stock_take_line (
      tenant_id uuid NOT NULL,
      stock_take_id uuid NOT NULL,
      product_id uuid NOT NULL,
      position integer NOT NULL,
      expected numeric(18,3) NOT NULL,
      counted numeric(18,3) CHECK (counted >= 0),
      counted_by text,
      counted_at timestamptz,
      level_at_posting numeric(18,3),
      adjustment numeric(18,3),
      PRIMARY KEY (tenant_id, stock_take_id, product_id),
      FOREIGN KEY (tenant_id, stock_take_id) REFERENCES inventory.stock_take (tenant_id, id)
    )`);

    await q.query(`CREATE TABLE inventory.stock_threshold (
      tenant_id uuid NOT NULL,
      store_id uuid NOT NULL,
      product_id uuid NOT NULL,
      threshold numeric(18,3) NOT NULL CHECK (threshold >= 0),
      low boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, store_id, product_id)
    )`);

    for (const table of [
      'recipe',
      'recipe_component',
      'sale_recipe_line',
      'supplier',
      'goods_receipt',
      'goods_receipt_line',
      'transfer',
      'transfer_line',
      'stock_take',
      'stock_take_line',
      'stock_threshold',
    ]) {
      for (const sql of tenantTableSql(`inventory.${table}`)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'stock_threshold',
      'stock_take_line',
      'stock_take',
      'transfer_line',
      'transfer',
      'goods_receipt_line',
      'goods_receipt',
      'supplier',
      'sale_recipe_line',
      'recipe_component',
      'recipe',
    ]) {
      await q.query(`DROP TABLE inventory.${table}`);
    }
    await q.query('ALTER TABLE inventory.stock_level DROP COLUMN avg_cost');
    await q.query('DROP INDEX inventory.stock_movement_time_idx');
    await q.query('DROP INDEX inventory.stock_movement_store_idx');
    await q.query(`ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_source_key,
      DROP COLUMN note, DROP COLUMN reason, DROP COLUMN unit_cost, DROP COLUMN source_part,
      DROP CONSTRAINT stock_movement_source_kind_check, DROP CONSTRAINT stock_movement_kind_check,
      ADD CONSTRAINT stock_movement_kind_check CHECK (kind IN ('ADJUSTMENT', 'RECEIPT', 'SALE', 'REFUND')),
      ADD CONSTRAINT stock_movement_source_kind_check CHECK (source_kind IN ('sale', 'refund'))`);
    await q.query(`ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_source_key
      UNIQUE (tenant_id, source_kind, source_id, source_line)`);
  }
}
