import { type DemoTenant, demoId } from '@jowi/demo-data';
import { createLogger, inTenant, moneyTimesQuantity, systemContext } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import type { SaleInput } from './__generated__/resolvers-types.ts';
import { type ProductAnnouncement, upsertProductRef } from './services/catalog.ts';
import { upsertStoreRef, upsertTerminalRef } from './services/directory.ts';
import { syncSales } from './services/sync-sales.service.ts';

/** Device time of the demo sale: fixed, so its content hash — and a re-seed — stay stable. */
const DEMO_SALE_TIME = new Date('2026-01-15T07:30:00.000Z');

/** One receipt per tenant on the main terminal: plov ×2, a non (0 % VAT) and 0.350 kg chak-chak. */
function demoSale(tenant: DemoTenant): { terminalId: string; sale: SaleInput } | null {
  const terminalId = tenant.stores[0]?.terminals[0]?.id;
  const picks: [number, bigint][] = [
    [0, 2000n],
    [7, 1000n],
    [16, 350n],
  ];
  const lines = picks.flatMap(([index, quantity]) => {
    const product = tenant.products[index];
    return product
      ? [
          {
            productId: product.id,
            quantity,
            unitPrice: product.price,
            vatRate: product.vatRate,
            // Snapshots, as the POS sends them: the fiscal receipt prints them.
            name: product.name,
            ikpu: product.ikpu,
          },
        ]
      : [];
  });
  if (!terminalId || lines.length === 0) return null;
  const total = lines.reduce((sum, l) => sum + moneyTimesQuantity(l.unitPrice, l.quantity), 0n);
  return {
    terminalId,
    sale: {
      id: demoId(tenant.slug, 'sale', '1'),
      createdAt: DEMO_SALE_TIME,
      lines,
      payments: [{ method: 'CARD', amount: total }],
      total,
      customerId: tenant.customers[0]?.id ?? null,
    },
  };
}

/** A demo product as catalog announces it (catalog's defaults for what the dataset leaves out). */
function demoProductFacts(product: DemoTenant['products'][number]): ProductAnnouncement {
  return {
    id: product.id,
    name: product.name,
    ikpu: product.ikpu,
    packageCode: product.packageCode,
    ownerType: 'RESALE',
    vatRate: product.vatRate,
    markingRequired: false,
    cashlessOnly: false,
    categoryId: product.categoryId,
    seq: null,
  };
}

/**
 * Seeds this subgraph's part of the demo data through the real `syncSales` path (idempotent:
 * a re-seed answers DUPLICATE), as the runtime role under RLS. It also emits `sale.created`, so
 * the consumers (stock, loyalty, fiscal) have one sale to show.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  const log = createLogger('sales', 'warn');
  for (const tenant of tenants) {
    // The directory projection, as identity's `store.upserted` / `terminal.upserted` events would
    // fill it: seeding must not wait for the consumer, or the demo terminals would get
    // UNKNOWN_TERMINAL until it caught up. Upserts, so the events arriving later change nothing.
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const store of tenant.stores) {
        await upsertStoreRef(m, tenant.id, store.id, store.timeZone);
        for (const terminal of store.terminals) await upsertTerminalRef(m, tenant.id, terminal.id, store.id);
      }
      // The catalog projection likewise, as catalog's `catalog.product.upserted` events would fill
      // it, so a sale of demo products gets its snapshots before the consumer has caught up. Only
      // products it does not know yet: what the consumer already learned is as new or newer.
      for (const product of tenant.products)
        await upsertProductRef(m, tenant.id, demoProductFacts(product), { ifAbsent: true });
    });
    const demo = demoSale(tenant);
    if (!demo) continue;
    const ctx = systemContext({ db: dataSource, tenantId: tenant.id, log });
    const outcome = await syncSales(ctx, { terminalId: demo.terminalId, sales: [demo.sale] });
    const result = outcome.results[0];
    if (result?.status === 'REJECTED' || outcome.errors.length > 0) {
      throw new Error(
        `demo sale for ${tenant.slug} was rejected: ${JSON.stringify(result?.error ?? outcome.errors)}`,
      );
    }
    // CONFLICT means an older demo dataset is stored; it is left alone, never overwritten.
    if (result?.status === 'CONFLICT')
      log.warn({ tenant: tenant.slug }, 'demo sale differs from the stored one');
  }
}
