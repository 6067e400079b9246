/**
 * Product reads. Lists page by keyset on (name, id) — the index `product_name_idx` serves any
 * depth at the same cost — and everything a page's products need (barcodes, category, entity
 * references from the gateway) is batched through per-request DataLoaders: one query per kind
 * per request, never one per product.
 */
import {
  type Connection,
  decodeCursor,
  isUuid,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import { ProductEntity, type ProductRow } from '../entities/product.entity.ts';
import { ProductBarcodeEntity } from '../entities/product-barcode.entity.ts';
import { CATALOG_READ } from './category.service.ts';

export interface ProductFilterInput {
  search?: string | null;
  categoryId?: string | null;
  barcode?: string | null;
  active?: boolean | null;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (word: string): string => word.replace(/[\\%_]/g, (c) => `\\${c}`);

function afterKey(after: string | null | undefined): { name: string; id: string } | null {
  const values = decodeCursor(after, 2);
  if (!values) return null;
  const [name, id] = values;
  if (typeof name !== 'string' || typeof id !== 'string' || !isUuid(id)) {
    throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  }
  return { name, id };
}

/** A page of products ordered by name, then id. */
export async function listProducts(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: ProductFilterInput | null },
): Promise<Connection<ProductRow>> {
  const tenantId = requirePermission(ctx, CATALOG_READ);
  const limit = pageSize(args.first);
  const after = afterKey(args.after);
  const filter = args.filter ?? {};
  const empty: Connection<ProductRow> = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  if (filter.categoryId && !isUuid(filter.categoryId)) return empty;

  const rows = await ctx.tx((m) => {
    // tenant_id is also enforced by RLS; naming it here lets the planner use the (tenant_id, name, id) index.
    const qb = m
      .getRepository(ProductEntity)
      .createQueryBuilder('p')
      .where('p.tenantId = :tenantId', { tenantId })
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit + 1);
    if (after)
      qb.andWhere('(p.name, p.id) > (:afterName, :afterId)', { afterName: after.name, afterId: after.id });
    const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
    words.forEach((word, i) => {
      qb.andWhere(`(p.name ILIKE :w${i} OR p.sku ILIKE :w${i})`, { [`w${i}`]: `%${likeEscape(word)}%` });
    });
    if (filter.categoryId) qb.andWhere('p.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.active !== null && filter.active !== undefined)
      qb.andWhere('p.active = :active', { active: filter.active });
    if (filter.barcode?.trim()) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM catalog.product_barcode b
                  WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id AND b.barcode = :barcode)`,
        { barcode: filter.barcode.trim() },
      );
    }
    return qb.getMany();
  });
  return toConnection(rows, limit, (row) => [row.name, row.id]);
}

/** One product by id through this request's loader (null when unknown or another tenant's). */
export function loadProduct(ctx: RequestContext, id: string): Promise<ProductRow | null> {
  requirePermission(ctx, CATALOG_READ);
  if (!isUuid(id)) return Promise.resolve(null);
  return ctx.loaders
    .get<string, ProductRow | null>('catalog.productById', async (ids) => {
      const rows = await ctx.tx((m) => m.getRepository(ProductEntity).findBy({ id: In([...ids]) }));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((key) => byId.get(key) ?? null);
    })
    .load(id);
}

/** The product a scanned code belongs to, or null. */
export async function findByBarcode(ctx: RequestContext, barcode: string): Promise<ProductRow | null> {
  requirePermission(ctx, CATALOG_READ);
  const code = barcode.trim();
  if (!code) return null;
  return ctx.tx((m) =>
    m
      .getRepository(ProductEntity)
      .createQueryBuilder('p')
      .where(
        `EXISTS (SELECT 1 FROM catalog.product_barcode b
                  WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id AND b.barcode = :code)`,
        { code },
      )
      .getOne(),
  );
}

/** Barcodes of a product, in the order they were added, through this request's loader. */
export function loadBarcodes(ctx: RequestContext, productId: string): Promise<string[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.loaders
    .get<string, string[]>('catalog.barcodesByProduct', async (ids) => {
      const rows = await ctx.tx((m) =>
        m.getRepository(ProductBarcodeEntity).find({
          where: { productId: In([...ids]) },
          order: { createdAt: 'ASC', barcode: 'ASC' },
        }),
      );
      const byProduct = new Map<string, string[]>();
      for (const row of rows)
        byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row.barcode]);
      return ids.map((id) => byProduct.get(id) ?? []);
    })
    .load(productId);
}
