import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the product list's default order (name, then id) reads its page from the index
 * alone. The name index now carries the columns the back office's list and the POS pages select
 * (sku, price, VAT rate, active, unit) and `products` selects only the columns its selected
 * fields read, so the first page is an index-only scan instead of an index scan plus a heap
 * fetch per product. The old `(tenant_id, name, id)` index is replaced (same key, same uses).
 */
export class ProductNameCoveringIndex1765900000200 implements MigrationInterface {
  name = 'ProductNameCoveringIndex1765900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX product_name_cover_idx ON catalog.product (tenant_id, name, id) INCLUDE (sku, price, vat_rate, active, unit)',
    );
    await q.query('DROP INDEX catalog.product_name_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX product_name_idx ON catalog.product (tenant_id, name, id)');
    await q.query('DROP INDEX catalog.product_name_cover_idx');
  }
}
