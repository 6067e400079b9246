import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomersInit1764300000100 implements MigrationInterface {
  name = 'CustomersInit1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers.customer (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      phone text NOT NULL CHECK (phone ~ '^\\+[0-9]{8,15}$'),
      name text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, phone)
    )`);
    for (const sql of tenantTableSql('customers.customer')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customers.customer');
  }
}
