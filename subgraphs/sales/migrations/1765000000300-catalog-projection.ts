import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sales' read-only projection of the catalog (issue 13 §1), fed by catalog's
 * `catalog.product.upserted` and `catalog.changed` events — never by reading catalog's tables.
 *
 * - `product_ref`: per product, the facts a receipt needs (name, IKPU, package code, owner type,
 *   VAT rate, marking and cash-less flags) and its category. `syncSales` fills a line's missing
 *   snapshots from it. `seq` is the change-feed sequence of the catalog write the row reflects
 *   (null when unknown: seeded rows, events from before the catalog sent it); a row only moves
 *   forward (newer wins).
 * - `catalog_state`: per tenant, the catalog version as a POS sees it — the highest change-feed
 *   sequence sales has heard of, i.e. the `catalogChanges` cursor after the latest change.
 *   `SyncSalesPayload.catalogVersion` answers it, so a POS whose catalog is behind pulls at once.
 */
export class CatalogProjection1765000000300 implements MigrationInterface {
  name = 'CatalogProjection1765000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.product_ref (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      name text,
      ikpu text,
      package_code text,
      owner_type text CHECK (owner_type IN ('RESALE', 'OWN_PRODUCTION', 'SERVICE')),
      vat_rate smallint CHECK (vat_rate BETWEEN 0 AND 100),
      marking_required boolean NOT NULL DEFAULT false,
      cashless_only boolean NOT NULL DEFAULT false,
      category_id uuid,
      seq bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE sales.catalog_state (
      tenant_id uuid NOT NULL PRIMARY KEY,
      version bigint NOT NULL CHECK (version >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const table of ['sales.product_ref', 'sales.catalog_state']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sales.catalog_state');
    await q.query('DROP TABLE sales.product_ref');
  }
}
