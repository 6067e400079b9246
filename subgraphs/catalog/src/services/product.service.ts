/**
 * Product reads. Lists page by keyset on (sort key, id) — NAME, PRICE or UPDATED_AT, either
 * direction — so a page continues strictly after the last row it saw: rows inserted or deleted
 * between pages never make it skip or repeat one, and every depth costs the same. Text search
 * matches each word against `search_text` (names in every language, SKU, barcodes, normalised by
 * `catalog.search_norm`: lower case, Cyrillic transliterated to Uzbek Latin), served by a GIN
 * trigram index. Everything a page's products need (barcodes, category, store prices, modifier
 * groups, entity references) is batched through per-request DataLoaders.
 */

import { createHash } from 'node:crypto';
import {
  badUserInput,
  type Connection,
  decodeCursor,
  hasPermission,
  isUuid,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import { In } from 'typeorm';
import {
  PRODUCT_COLUMNS,
  PRODUCT_SELECT,
  type ProductColumn,
  ProductEntity,
  type ProductRow,
  toPartialProductRow,
  toProductRow,
} from '../entities/product.entity.ts';
import { ProductBarcodeEntity } from '../entities/product-barcode.entity.ts';
import { CATALOG_READ } from './category.service.ts';
import { pageInOneTrip } from './page-trip.ts';

export const CATALOG_COST = 'catalog:cost';

export interface ProductFilterInput {
  search?: string | null;
  categoryId?: string | null;
  barcode?: string | null;
  sku?: string | null;
  tag?: string | null;
  active?: boolean | null;
}

export type ProductOrderField = 'NAME' | 'PRICE' | 'UPDATED_AT';
export interface ProductOrderInput {
  field: ProductOrderField;
  direction?: 'ASC' | 'DESC' | null;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (word: string): string => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** How each order field is compared and put into a cursor (exact: updated_at in microseconds). */
const ORDER: Record<ProductOrderField, { expr: string; param: string }> = {
  NAME: { expr: 'p.name', param: '$X::text' },
  PRICE: { expr: 'p.price', param: '$X::bigint' },
  UPDATED_AT: {
    expr: 'p.updated_at',
    param: "(timestamptz 'epoch' + $X::bigint * interval '1 microsecond')",
  },
};
const SORT_KEY: Record<ProductOrderField, string> = {
  NAME: 'p.name',
  PRICE: 'p.price::text',
  UPDATED_AT: '(extract(epoch FROM p.updated_at) * 1000000)::bigint::text',
};

function afterKey(
  after: string | null | undefined,
  field: ProductOrderField,
): { key: string; id: string } | null {
  const values = decodeCursor(after, 3);
  if (!values) return null;
  const [f, key, id] = values;
  if (f !== field || typeof key !== 'string' || typeof id !== 'string' || !isUuid(id)) {
    throw badUserInput('Invalid cursor for this order', 'after');
  }
  if (field !== 'NAME' && !/^-?\d{1,19}$/.test(key)) {
    throw badUserInput('Invalid cursor', 'after');
  }
  return { key, id };
}

/** Normalised words of a search, the same way `search_text` is built (one tiny query, no drift). */
async function searchWords(ctx: RequestContext, search: string | null | undefined): Promise<string[]> {
  const words = (search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return [];
  const rows: { w: string }[] = await ctx.tx((m) =>
    m.query(
      'SELECT catalog.search_norm(w) AS w FROM unnest($1::text[]) WITH ORDINALITY AS u(w, o) ORDER BY o',
      [words],
    ),
  );
  return rows.map((r) => r.w).filter(Boolean);
}

/**
 * A filter's conditions (after the tenant and the cursor), adding their values with `param`.
 * `valueDependent`: some condition's best plan depends on its value (a search word, a category,
 * a SKU, a tag, a barcode); `active` alone does not.
 */
function filterConditions(
  filter: ProductFilterInput,
  words: readonly string[],
  param: (value: unknown) => string,
): { conditions: string[]; valueDependent: boolean } {
  const conditions: string[] = [];
  for (const word of words) conditions.push(`p.search_text LIKE ${param(`%${likeEscape(word)}%`)}`);
  if (filter.categoryId) {
    conditions.push(`p.category_id IN (
      WITH RECURSIVE sub AS (
        SELECT id FROM catalog.category WHERE tenant_id = $1 AND id = ${param(filter.categoryId)}::uuid
        UNION SELECT c.id FROM catalog.category c JOIN sub ON c.parent_id = sub.id WHERE c.tenant_id = $1
      ) SELECT id FROM sub)`);
  }
  if (filter.sku?.trim()) conditions.push(`p.sku = ${param(filter.sku.trim())}`);
  if (filter.tag?.trim())
    conditions.push(`p.tags @> ARRAY[${param(filter.tag.trim().toLowerCase())}]::text[]`);
  if (filter.barcode?.trim()) {
    conditions.push(`EXISTS (SELECT 1 FROM catalog.product_barcode b
      WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id AND b.barcode = ${param(filter.barcode.trim())})`);
  }
  const valueDependent = conditions.length > 0;
  if (filter.active !== null && filter.active !== undefined)
    conditions.push(`p.active = ${param(filter.active)}`);
  return { conditions, valueDependent };
}

/** Page statements named so far, by text (each connection prepares a name on first use). */
const PAGE_NAMES = new Map<string, string>();
/** Distinct page statements (orders × directions × selected columns) kept prepared at most. */
const MAX_PREPARED_PAGES = 200;

/**
 * Runs a page statement. A plain list (no search or filter but `active`: one plan fits every
 * tenant and cursor) runs as a named prepared statement in one round trip (`pageInOneTrip`), so
 * PostgreSQL parses it once per connection and, after five runs, keeps the generic plan — the same
 * index-only scan of the name index (bench/catalog-page-probe.ts prints both plans) — instead of
 * planning every page. A search or filter keeps a custom plan per call in the tenant transaction:
 * its best plan depends on the values (a rare word, a small category).
 */
async function pageQuery(
  ctx: RequestContext,
  tenantId: string,
  text: string,
  params: unknown[],
  plain: boolean,
): Promise<Record<string, unknown>[]> {
  let name = PAGE_NAMES.get(text);
  if (!name && plain && PAGE_NAMES.size < MAX_PREPARED_PAGES) {
    name = `catalog_page_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    PAGE_NAMES.set(text, name);
  }
  const rows = name ? await pageInOneTrip(ctx.db, tenantId, name, text, params) : null;
  return rows ?? ctx.tx((m) => m.query(text, params));
}

/**
 * A page of products in the requested order, then id. With `columns` (what the selected
 * `Product` fields read, see resolvers/product-fields.ts) only those are read, so the default
 * order's page comes from the covering name index alone; without, every column.
 */
export async function listProducts(
  ctx: RequestContext,
  args: {
    first?: number | null;
    after?: string | null;
    filter?: ProductFilterInput | null;
    orderBy?: ProductOrderInput | null;
  },
  columns?: readonly ProductColumn[],
): Promise<Connection<ProductRow>> {
  const tenantId = requirePermission(ctx, CATALOG_READ);
  const limit = pageSize(args.first);
  const field = args.orderBy?.field ?? 'NAME';
  const desc = args.orderBy?.direction === 'DESC';
  const after = afterKey(args.after, field);
  const filter = args.filter ?? {};
  const empty: Connection<ProductRow> = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  if (filter.categoryId && !isUuid(filter.categoryId)) return empty;

  const words = await searchWords(ctx, filter.search);
  const where: string[] = ['p.tenant_id = $1'];
  const params: unknown[] = [tenantId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { expr } = ORDER[field];
  if (after) {
    const keyParam = ORDER[field].param.replace('$X', param(after.key));
    where.push(`(${expr}, p.id) ${desc ? '<' : '>'} (${keyParam}, ${param(after.id)}::uuid)`);
  }
  const filtered = filterConditions(filter, words, param);
  where.push(...filtered.conditions);
  const dir = desc ? 'DESC' : 'ASC';
  const select = columns
    ? [...new Set<ProductColumn>(['id', ...columns])].map((c) => PRODUCT_COLUMNS[c]).join(', ')
    : PRODUCT_SELECT;
  const text = `SELECT ${select}, ${SORT_KEY[field]} AS "sortKey" FROM catalog.product p
        WHERE ${where.join(' AND ')}
        ORDER BY ${expr} ${dir}, p.id ${dir} LIMIT ${limit + 1}`;
  const plain = !filtered.valueDependent;
  const rows = await pageQuery(ctx, tenantId, text, params, plain);
  const toRow = columns ? toPartialProductRow : toProductRow;
  const products = rows.map((raw) => ({ row: toRow(raw), key: raw.sortKey as string }));
  const connection = toConnection(products, limit, (p) => [field, p.key, p.row.id]);
  return {
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.row })),
    pageInfo: connection.pageInfo,
  };
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
  const rows: Record<string, unknown>[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${PRODUCT_SELECT} FROM catalog.product_barcode b
         JOIN catalog.product p ON p.tenant_id = b.tenant_id AND p.id = b.product_id
        WHERE b.tenant_id = $1 AND b.barcode = $2`,
      [ctx.tenantId, code],
    ),
  );
  return rows[0] ? toProductRow(rows[0]) : null;
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

export interface StorePriceRow {
  storeId: string;
  price: bigint;
}

/** Store price overrides of a product, through this request's loader. */
export function loadStorePrices(ctx: RequestContext, productId: string): Promise<StorePriceRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.loaders
    .get<string, StorePriceRow[]>('catalog.storePrices', async (ids) => {
      const rows: { productId: string; storeId: string; price: string }[] = await ctx.tx((m) =>
        m.query(
          `SELECT product_id AS "productId", store_id AS "storeId", price::text AS price FROM catalog.store_price
            WHERE product_id = ANY($1::uuid[]) ORDER BY store_id`,
          [[...ids]],
        ),
      );
      return ids.map((id) =>
        rows.filter((r) => r.productId === id).map((r) => ({ storeId: r.storeId, price: BigInt(r.price) })),
      );
    })
    .load(productId);
}

/**
 * The price of a product in a store: its override there, else the base price (synchronous
 * without a store, so a page of products resolves its prices without a promise each).
 */
export function priceIn(
  ctx: RequestContext,
  row: ProductRow,
  storeId: string | null | undefined,
): bigint | Promise<bigint> {
  if (!storeId || !isUuid(storeId)) return row.price;
  return loadStorePrices(ctx, row.id).then(
    (overrides) => overrides.find((o) => o.storeId === storeId)?.price ?? row.price,
  );
}

/** Cost price for callers holding `catalog:cost`; null for everyone else (cashiers). */
export function visibleCost(ctx: RequestContext, row: ProductRow): bigint | null {
  return hasPermission(ctx.identity.permissions, CATALOG_COST) ? row.costPrice : null;
}

export interface PriceChangeRow {
  id: string;
  storeId: string | null;
  oldPrice: bigint | null;
  newPrice: bigint | null;
  actor: string | null;
  source: string;
  changedAt: Date;
}

/** Price changes of a product, newest first. */
export async function priceHistory(
  ctx: RequestContext,
  productId: string,
  first: number | null | undefined,
): Promise<PriceChangeRow[]> {
  requirePermission(ctx, CATALOG_READ);
  if (!isUuid(productId)) return [];
  const limit = pageSize(first);
  const rows: (Omit<PriceChangeRow, 'oldPrice' | 'newPrice'> & {
    oldPrice: string | null;
    newPrice: string | null;
  })[] = await ctx.tx((m) =>
    m.query(
      `SELECT id, store_id AS "storeId", old_price::text AS "oldPrice", new_price::text AS "newPrice", actor, source,
                changed_at AS "changedAt"
           FROM catalog.price_history WHERE product_id = $1 ORDER BY changed_at DESC, id DESC LIMIT $2`,
      [productId, limit],
    ),
  );
  return rows.map((r) => ({
    ...r,
    oldPrice: r.oldPrice === null ? null : BigInt(r.oldPrice),
    newPrice: r.newPrice === null ? null : BigInt(r.newPrice),
  }));
}
