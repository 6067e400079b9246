import { isUuid, type RequestContext, requirePermission } from '@jowi/server-kit';
import { In } from 'typeorm';
import { CategoryEntity, type CategoryRow } from '../entities/category.entity.ts';

export const CATALOG_READ = 'catalog:read';

/** All categories of the caller's tenant, by name. */
export async function listCategories(ctx: RequestContext): Promise<CategoryRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.tx((m) => m.getRepository(CategoryEntity).find({ order: { name: 'ASC', id: 'ASC' } }));
}

/** One category by id through this request's loader (null when unknown or another tenant's). */
export function loadCategory(
  ctx: RequestContext,
  id: string | null | undefined,
): Promise<CategoryRow | null> {
  requirePermission(ctx, CATALOG_READ);
  if (!id || !isUuid(id)) return Promise.resolve(null);
  return ctx.loaders
    .get<string, CategoryRow | null>('catalog.categoryById', async (ids) => {
      const rows = await ctx.tx((m) => m.getRepository(CategoryEntity).findBy({ id: In([...ids]) }));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((key) => byId.get(key) ?? null);
    })
    .load(id);
}
