import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The category a line was sold under (issue 18, reports by category). `syncSales` stores the
 * product's category from sales' catalog projection as it is when the sale arrives, so a later
 * move of the product to another category does not rewrite past reports. Refund lines take the
 * category of the sale line they return.
 *
 * Existing lines get their product's current category (the best there is for old data); lines
 * of products the projection does not know stay uncategorised (null).
 */
export class LineCategory1765210000300 implements MigrationInterface {
  name = 'LineCategory1765210000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sales.sale_line ADD COLUMN category_id uuid');
    await q.query(`UPDATE sales.sale_line l SET category_id = p.category_id
      FROM sales.product_ref p
      WHERE p.tenant_id = l.tenant_id AND p.id = l.product_id AND p.category_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sales.sale_line DROP COLUMN category_id');
  }
}
