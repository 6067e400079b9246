import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fiscal subgraph's own projection of the catalog facts a receipt line needs (issue 13 §1),
 * fed by catalog's `catalog.product.upserted` events — the fiscal role cannot read catalog's or
 * sales' tables. A sale line that reached fiscal without an IKPU is filled from it when its
 * receipt is built, and again by `retryFiscalization`. `seq` is the change-feed sequence of the
 * catalog write the row reflects (null when unknown); a row only moves forward.
 */
export class CatalogProjection1765000000600 implements MigrationInterface {
  name = 'CatalogProjection1765000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fiscal.product_ref (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      name text,
      ikpu text,
      package_code text,
      owner_type text CHECK (owner_type IN ('RESALE', 'OWN_PRODUCTION', 'SERVICE')),
      vat_rate smallint CHECK (vat_rate BETWEEN 0 AND 100),
      marking_required boolean NOT NULL DEFAULT false,
      seq bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('fiscal.product_ref')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fiscal.product_ref');
  }
}
