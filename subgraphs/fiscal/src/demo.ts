import { inTenant, newId } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';

/** The part of a demo tenant this subgraph seeds from (structurally a `DemoTenant`). */
export interface DemoFiscalTenant {
  id: string;
  stores: { id: string }[];
}

/** Demo fiscal module ids: `UZ1912115010` + a two-digit number, unique across the demo tenants. */
export const demoTerminalId = (index: number): string => `UZ1912115010${String(index).padStart(2, '0')}`;

/**
 * Seeds one fiscal module per demo store (idempotent: a device is keyed by its terminal id),
 * as the runtime role under RLS. Receipts are not seeded: they come from sales.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoFiscalTenant[]): Promise<void> {
  let index = 0;
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const store of tenant.stores) {
        index += 1;
        await m.query(
          `INSERT INTO fiscal.device (tenant_id, id, terminal_id, store_id, model, status)
           VALUES ($1, $2, $3, $4, 'Jowi FM simulator', 'OK')
           ON CONFLICT (tenant_id, terminal_id) DO NOTHING`,
          [tenant.id, newId(), demoTerminalId(index), store.id],
        );
      }
    });
  }
}
