import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Categories, products and barcodes. Foreign keys include `tenant_id`, so a product can never
 * point at another tenant's category. Prices are integer tiyin; VAT and IKPU are checked here
 * as well as in the service, so no writer can store a product a fiscal receipt would reject.
 */
export class CatalogInit1764300000200 implements MigrationInterface {
  name = 'CatalogInit1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.category (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      parent_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, parent_id) REFERENCES catalog.category (tenant_id, id),
      CHECK (parent_id IS DISTINCT FROM id)
    )`);
    await q.query('CREATE INDEX category_name_idx ON catalog.category (tenant_id, name, id)');

    await q.query(`CREATE TABLE catalog.product (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      sku text NOT NULL CHECK (length(btrim(sku)) > 0),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      price bigint NOT NULL CHECK (price >= 0),
      vat_rate smallint NOT NULL CHECK (vat_rate IN (0, 12)),
      ikpu text NOT NULL CHECK (ikpu ~ '^[0-9]{17}$'),
      package_code text NOT NULL CHECK (length(btrim(package_code)) > 0),
      unit text NOT NULL DEFAULT 'pcs' CHECK (length(btrim(unit)) > 0),
      category_id uuid,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, sku),
      FOREIGN KEY (tenant_id, category_id) REFERENCES catalog.category (tenant_id, id)
    )`);
    // Keyset paging: ORDER BY name, id continues strictly after (name, id) of the last row.
    await q.query('CREATE INDEX product_name_idx ON catalog.product (tenant_id, name, id)');
    await q.query('CREATE INDEX product_category_idx ON catalog.product (tenant_id, category_id, name, id)');

    await q.query(`CREATE TABLE catalog.product_barcode (
      tenant_id uuid NOT NULL,
      barcode text NOT NULL CHECK (barcode ~ '^[!-~]{1,64}$'),
      product_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, barcode),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(
      'CREATE INDEX product_barcode_product_idx ON catalog.product_barcode (tenant_id, product_id)',
    );

    for (const table of ['catalog.category', 'catalog.product', 'catalog.product_barcode']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE catalog.product_barcode');
    await q.query('DROP TABLE catalog.product');
    await q.query('DROP TABLE catalog.category');
  }
}
