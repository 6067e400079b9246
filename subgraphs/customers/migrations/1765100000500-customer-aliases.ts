import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers registered at a till offline (issue 14, `syncCustomers`): the till gives each a client
 * UUID and may name it on sales before the upload. When the phone already belongs to a customer,
 * the client UUID becomes an alias of that customer instead of a duplicate: loyalty accrues to
 * the customer the alias points at, and a resend of the registration answers the same customer.
 */
export class CustomerAliases1765100000500 implements MigrationInterface {
  name = 'CustomerAliases1765100000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers.customer_alias (
      tenant_id uuid NOT NULL,
      client_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      phone text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, client_id),
      FOREIGN KEY (tenant_id, customer_id) REFERENCES customers.customer (tenant_id, id)
    )`);
    for (const sql of tenantTableSql('customers.customer_alias')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customers.customer_alias');
  }
}
