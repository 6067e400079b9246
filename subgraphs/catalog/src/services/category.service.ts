/**
 * Categories: a tree per tenant. Moves are serialised per tenant with a transaction advisory
 * lock, so two concurrent moves (A under B, B under A) cannot together close a cycle that each
 * alone would not.
 */
import {
  actorOf,
  appendAudit,
  isUuid,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  type UserError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { CategoryEntity, type CategoryRow } from '../entities/category.entity.ts';
import { type CatalogUserError, invalidId, unknownCategory, userError } from '../errors/index.ts';
import { recordChanges } from './change-feed.service.ts';

export const CATALOG_READ = 'catalog:read';
const CATALOG_WRITE = 'catalog:write';

/** Categories of the caller's tenant, by name; `active` true/false keeps only active/archived ones. */
export async function listCategories(
  ctx: RequestContext,
  args: { active?: boolean | null } = {},
): Promise<CategoryRow[]> {
  requirePermission(ctx, CATALOG_READ);
  const where = args.active == null ? {} : { active: args.active };
  return ctx.tx((m) => m.getRepository(CategoryEntity).find({ where, order: { name: 'ASC', id: 'ASC' } }));
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

/** Direct children of a category, by name, through this request's loader. */
export function loadChildren(ctx: RequestContext, id: string): Promise<CategoryRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.loaders
    .get<string, CategoryRow[]>('catalog.categoryChildren', async (ids) => {
      const rows = await ctx.tx((m) =>
        m
          .getRepository(CategoryEntity)
          .find({ where: { parentId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }),
      );
      return ids.map((key) => rows.filter((r) => r.parentId === key));
    })
    .load(id);
}

export interface CategoryPayload {
  category: CategoryRow | null;
  /** Why nothing was written; the write kit returns what the write was rejected with. */
  errors: UserError[];
}

const cleanName = (name: string) => name.trim().replace(/\s+/g, ' ');
const invalidName = () => userError('INVALID_NAME', 'Name must be 1–100 characters', ['input', 'name']);
const lockTree = (m: EntityManager, tenantId: string) =>
  m.query("SELECT pg_advisory_xact_lock(hashtextextended('catalog-tree:' || $1, 0))", [tenantId]);

/** Whether `parentId` is `selfId` or lies below it (then moving `selfId` under it closes a cycle). */
async function wouldCycle(m: EntityManager, selfId: string, parentId: string): Promise<boolean> {
  const rows = await m.query(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 1 AS depth FROM catalog.category WHERE id = $1
       UNION ALL
       SELECT c.id, c.parent_id, up.depth + 1 FROM catalog.category c JOIN up ON c.id = up.parent_id WHERE up.depth < 1000
     ) SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
    [parentId, selfId],
  );
  return rows.length > 0;
}

async function announce(
  m: EntityManager,
  ctx: RequestContext,
  row: CategoryRow,
  action: string,
): Promise<void> {
  await recordChanges(m, 'CATEGORY', action === 'category.delete' ? 'DELETE' : 'UPSERT', [row.id]);
  await appendAudit(m, {
    tenantId: row.tenantId,
    actor: actorOf(ctx),
    action,
    entityType: 'category',
    entityId: row.id,
    data: { id: row.id, name: row.name, parentId: row.parentId, active: row.active },
    source: 'catalog',
  });
}

async function checkParent(m: EntityManager, parentId: string | null): Promise<CatalogUserError | null> {
  if (parentId === null) return null;
  const field = ['input', 'parentId'];
  if (!isUuid(parentId)) return invalidId(field);
  const known = (await m.query('SELECT 1 FROM catalog.category WHERE id = $1', [parentId])).length > 0;
  return known ? null : unknownCategory(field, 'No such parent category');
}

export async function createCategory(
  ctx: RequestContext,
  input: { name: string; parentId?: string | null },
): Promise<CategoryPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const name = cleanName(input.name);
  if (!name || name.length > 100) return { category: null, errors: [invalidName()] };
  const parentId = input.parentId?.trim() || null;
  const result = await runWrite(ctx, async (m) => {
    const bad = await checkParent(m, parentId);
    if (bad) reject(bad);
    const id = newId();
    await m.query('INSERT INTO catalog.category (tenant_id, id, name, parent_id) VALUES ($1, $2, $3, $4)', [
      tenantId,
      id,
      name,
      parentId,
    ]);
    const row = await m.getRepository(CategoryEntity).findOneByOrFail({ id });
    await announce(m, ctx, row, 'category.create');
    return row;
  });
  return payloadOf('category', result);
}

export async function updateCategory(
  ctx: RequestContext,
  input: { id: string; name?: string | null; parentId?: string | null },
): Promise<CategoryPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(input.id)) return { category: null, errors: [invalidId()] };
  const name = input.name == null ? undefined : cleanName(input.name);
  if (name !== undefined && (!name || name.length > 100)) return { category: null, errors: [invalidName()] };
  const parentId = input.parentId === undefined ? undefined : input.parentId?.trim() || null;
  const result = await runWrite(ctx, async (m) => {
    await lockTree(m, tenantId);
    const exists = await m.getRepository(CategoryEntity).findOneBy({ id: input.id });
    if (!exists) reject(unknownCategory());
    if (parentId !== undefined) {
      const bad = await checkParent(m, parentId);
      if (bad) reject(bad);
      if (parentId !== null && (await wouldCycle(m, input.id, parentId))) {
        reject(
          userError('CATEGORY_CYCLE', 'A category cannot be moved under itself or its own subcategory', [
            'input',
            'parentId',
          ]),
        );
      }
    }
    await m.query(
      `UPDATE catalog.category SET name = COALESCE($2, name),
         parent_id = CASE WHEN $3 THEN $4::uuid ELSE parent_id END, updated_at = now() WHERE id = $1`,
      [input.id, name ?? null, parentId !== undefined, parentId ?? null],
    );
    const row = await m.getRepository(CategoryEntity).findOneByOrFail({ id: input.id });
    await announce(m, ctx, row, 'category.update');
    return row;
  });
  return payloadOf('category', result);
}

/** Deletes a category that has no products (archived ones included) and no children. */
export async function deleteCategory(ctx: RequestContext, id: string): Promise<CategoryPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return { category: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    await lockTree(m, tenantId);
    const row = await m.getRepository(CategoryEntity).findOneBy({ id });
    if (!row) reject(unknownCategory());
    const used = await m.query(
      `SELECT 1 FROM catalog.product WHERE category_id = $1
       UNION ALL SELECT 1 FROM catalog.category WHERE parent_id = $1 LIMIT 1`,
      [id],
    );
    if (used.length > 0) {
      reject(
        userError('CATEGORY_IN_USE', 'The category still has products or subcategories', ['input', 'id']),
      );
    }
    await m.query('DELETE FROM catalog.category WHERE id = $1', [id]);
    await announce(m, ctx, row, 'category.delete');
    return row;
  });
  // The payload returns the deleted category as it was.
  return payloadOf('category', result);
}

/**
 * Archives (active = false) or restores a category. Its products and subcategories are left as
 * they are: archiving only hides the category from the back office's active lists. Doing it
 * twice is a no-op, not an error (nothing is recorded).
 */
export async function setCategoryActive(
  ctx: RequestContext,
  id: string,
  active: boolean,
): Promise<CategoryPayload> {
  requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return { category: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    const before = await m
      .getRepository(CategoryEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!before) reject(unknownCategory());
    if (before.active === active) return before;
    await m.query('UPDATE catalog.category SET active = $2, updated_at = now() WHERE id = $1', [id, active]);
    const row = await m.getRepository(CategoryEntity).findOneByOrFail({ id });
    await announce(m, ctx, row, active ? 'category.restore' : 'category.archive');
    return row;
  });
  return payloadOf('category', result);
}
