import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers merged away (customers' `customer.merged` events): receipts keep the customer id
 * they were sold to, and `Customer.sales` of the kept customer also lists the merged ones' sales
 * through this alias table. Chains are flattened on arrival (A→B then B→C leaves A→C, B→C).
 */
export class CustomerAliases1764950000300 implements MigrationInterface {
  name = 'CustomerAliases1764950000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales.customer_alias (
      tenant_id uuid NOT NULL,
      merged_id uuid NOT NULL,
      kept_id uuid NOT NULL CHECK (kept_id <> merged_id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, merged_id)
    )`);
    await q.query('CREATE INDEX customer_alias_kept_idx ON sales.customer_alias (tenant_id, kept_id)');
    for (const sql of tenantTableSql('sales.customer_alias')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sales.customer_alias');
  }
}
