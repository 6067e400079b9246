import type { DemoTenant } from '@jowi/demo-data';
import { createLogger, inTenant, systemContext } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { ProductEntity } from './entities/product.entity.ts';
import { recordChanges } from './services/change-feed.service.ts';
import { createProduct } from './services/product-write.service.ts';

/**
 * Seeds categories, products and barcodes of the demo tenants (idempotent), as the runtime role
 * under RLS. Products go through `createProduct`, so demo products are validated and announced
 * on the event log exactly like real ones.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  const log = createLogger('catalog-demo', 'silent');
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      // Parents before children, so the tenant-scoped foreign key always finds its parent.
      const ordered = [...tenant.categories].sort(
        (a, b) => Number(a.parentId !== null) - Number(b.parentId !== null),
      );
      const added: string[] = [];
      for (const c of ordered) {
        const rows: { id: string }[] = await m.query(
          `INSERT INTO catalog.category (tenant_id, id, name, parent_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING id`,
          [tenant.id, c.id, c.name, c.parentId],
        );
        added.push(...rows.map((r) => r.id));
      }
      // New categories enter the change feed, so an offline POS syncing from zero gets them.
      await recordChanges(m, 'CATEGORY', 'UPSERT', added);
    });
    const ctx = systemContext({ db: dataSource, tenantId: tenant.id, log });
    const existing = new Set(
      (await ctx.tx((m) => m.getRepository(ProductEntity).find({ select: { id: true } }))).map((p) => p.id),
    );
    for (const p of tenant.products) {
      if (existing.has(p.id)) continue;
      const result = await createProduct(ctx, { ...p, id: p.id });
      if (result.errors.length > 0) {
        throw new Error(
          `demo product ${p.sku}: ${result.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`,
        );
      }
    }
  }
}
