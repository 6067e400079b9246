import type { DemoTenant } from '@jowi/demo-data';
import { inTenant } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';

/** Seeds this subgraph's part of the demo data (idempotent), as its runtime role under RLS. */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const c of tenant.customers) {
        await m.query(
          `INSERT INTO customers.customer (tenant_id, id, phone, name) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [tenant.id, c.id, c.phone, c.name],
        );
      }
    });
  }
}
