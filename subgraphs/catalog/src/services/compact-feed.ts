/**
 * The compact page of the change feed (`CatalogChangePage.compact`, format 1): the lean pull a POS
 * uses to hold a whole catalog.
 *
 * A full pull of 100 000 products as GraphQL objects spent its time in per-field work — a resolver
 * per field per product in the subgraph, then the gateway walking and re-serialising every field —
 * and its bytes in keys, per-change `kind`/`entity`/`seq` and UUID text. Here one statement reads
 * the page and builds the whole answer as JSON text inside PostgreSQL, which the subgraph writes into
 * its response as it is (`RawJson`: no parse, no serialisation of megabytes of arrays), and the
 * shape is chosen for gzip:
 *
 * - products are **columns** (`sku: [...]`, `price: [...]`), sorted by category then name, so
 *   similar values sit next to each other (prices, VAT rates, units, IKPU codes, names of one
 *   brand) and compress to little;
 * - product ids, random by nature, are one base64 string of 16-byte UUIDs (16 bytes each instead
 *   of 36 characters);
 * - a page may hold up to {@link MAX_COMPACT_CHANGES} changes (fewer round trips, longer runs).
 *
 * The contract is public and versioned (docs/api.md, "Lean catalog pull"): format 1 only ever gains
 * keys; anything else is a new format number.
 */
import { badUserInput, RawJson, type RequestContext, requirePermission } from '@jowi/server-kit';
import type { CatalogChangeNode, CatalogEntityKind, ChangeKind } from '../models/catalog-change.model.ts';
import { CATALOG_READ } from './category.service.ts';
import { MAX_CHANGES, pageSize, sinceSeq } from './change-feed.service.ts';

export const COMPACT_FORMATS = [1] as const;
/** Largest page when only `compact` is selected. */
export const MAX_COMPACT_CHANGES = 20_000;

/** Format 1 (see the SDL's `CompactCatalogChanges` and docs/api.md). */
export interface CompactPageV1 {
  format: 1;
  products: {
    /** Base64 of the products' 16-byte UUIDs, concatenated in column order. */
    ids: string;
    [column: string]: unknown;
  };
  categories: [string, string, string | null, boolean][];
  modifierGroups: [string, string, boolean, number, number, boolean, [string, string, string][]][];
  deleted: [CatalogEntityKind, string][];
}

/** A page read for `compact`: the page, plus its changes when the operation selects them too. */
export interface CompactChangePage {
  changes: CatalogChangeNode[];
  cursor: string;
  hasMore: boolean;
  /** The {@link CompactPageV1} as PostgreSQL wrote it: neither parsed nor serialised again here. */
  compact: RawJson;
}

/** Tiyin (bigint) as a `Money` string, in SQL: `1250000` → `"12500.00"`. */
const money = (expr: string) => `((${expr})::numeric / 100)::numeric(20, 2)::text`;

/**
 * Product columns of format 1: JSON key → the `catalog.product_feed` column that holds each
 * product's value as the JSON text the page writes (see the 1766000000300 migration, which also
 * says how they are computed and kept current).
 */
const PRODUCT_COLUMNS_V1: Readonly<Record<string, string>> = {
  sku: 'j_sku',
  name: 'j_name',
  nameRu: 'j_name_ru',
  nameEn: 'j_name_en',
  price: 'j_price',
  vatRate: 'j_vat_rate',
  ikpu: 'j_ikpu',
  packageCode: 'j_package_code',
  unit: 'j_unit',
  categoryId: 'j_category_id',
  active: 'j_active',
  markingRequired: 'j_marking_required',
  cashlessOnly: 'j_cashless_only',
  ownerType: 'j_owner_type',
  imageUrl: 'j_image_url',
  barcodes: 'j_barcodes',
  storePrices: 'j_store_prices',
  modifierGroupIds: 'j_modifier_group_ids',
};

/** Keys of a format 1 product column set, in the order they are documented. */
export const PRODUCT_KEYS_V1 = ['ids', ...Object.keys(PRODUCT_COLUMNS_V1)];

// Each column is its stored pieces joined by commas, without the space PostgreSQL's json_agg puts
// after every comma (the page is passed to the POS as this text: 8 % fewer bytes to send and gzip).
const productsJson = () => {
  const columns = Object.entries(PRODUCT_COLUMNS_V1)
    .map(([key, column]) => `'${key}', ('[' || coalesce(string_agg(p.${column}, ','), '') || ']')::json`)
    .join(',\n');
  return `json_build_object(
    'ids', coalesce(replace(encode(string_agg(uuid_send(p.product_id), ''::bytea), 'base64'), E'\\n', ''), ''),
    ${columns})`;
};

// One statement, one snapshot. `kept` is the page (one more row tells whether more follow); each
// upserted product's ready row is read from `catalog.product_feed` by a primary-key lookup per
// change (a product without one is gone: sent as deleted). The product columns are aggregated from
// one sorted scan (by category, then name): every column in the same order without a sort per
// column.
export const COMPACT_SQL = (withChanges: boolean) => `
WITH page AS (
  SELECT c.seq, c.entity, c.entity_id, c.kind FROM catalog.change c
   WHERE c.tenant_id = $1 AND c.seq > $2 ORDER BY c.seq LIMIT $3 + 1),
kept AS MATERIALIZED (SELECT * FROM page ORDER BY seq LIMIT $3),
prod AS MATERIALIZED (
  SELECT f.* FROM kept k
    JOIN LATERAL (SELECT * FROM catalog.product_feed y WHERE y.tenant_id = $1 AND y.product_id = k.entity_id LIMIT 1) f ON true
   WHERE k.entity = 'PRODUCT' AND k.kind = 'UPSERT'),
cat AS MATERIALIZED (
  SELECT x.id, x.name, x.parent_id, x.active FROM kept k
    JOIN catalog.category x ON x.tenant_id = $1 AND x.id = k.entity_id
   WHERE k.entity = 'CATEGORY' AND k.kind = 'UPSERT'),
grp AS MATERIALIZED (
  SELECT g.id, g.name, g.required, g.min_select, g.max_select, g.active FROM kept k
    JOIN catalog.modifier_group g ON g.tenant_id = $1 AND g.id = k.entity_id
   WHERE k.entity = 'MODIFIER_GROUP' AND k.kind = 'UPSERT'),
kinds AS MATERIALIZED (
  SELECT k.seq, k.entity, k.entity_id,
         CASE WHEN coalesce(pr.product_id, ca.id, gr.id) IS NULL THEN 'DELETE' ELSE 'UPSERT' END AS kind
    FROM kept k
    LEFT JOIN prod pr ON k.entity = 'PRODUCT' AND pr.product_id = k.entity_id
    LEFT JOIN cat ca ON k.entity = 'CATEGORY' AND ca.id = k.entity_id
    LEFT JOIN grp gr ON k.entity = 'MODIFIER_GROUP' AND gr.id = k.entity_id)
SELECT (SELECT count(*) FROM page) > $3 AS "hasMore",
       (SELECT max(seq)::text FROM kept) AS "lastSeq",
       json_build_object(
         'format', 1,
         'products', (SELECT ${productsJson()} FROM (SELECT * FROM prod ORDER BY category_id NULLS FIRST, name, product_id) p),
         'categories', (SELECT coalesce(json_agg(json_build_array(c.id, c.name, c.parent_id, c.active) ORDER BY c.name, c.id), '[]')
            FROM cat c),
         'modifierGroups', (SELECT coalesce(json_agg(json_build_array(g.id, g.name, g.required, g.min_select, g.max_select, g.active,
                 (SELECT coalesce(json_agg(json_build_array(o.id, o.name, ${money('o.price_delta')}) ORDER BY o.position), '[]')
                    FROM catalog.modifier_option o WHERE o.tenant_id = $1 AND o.group_id = g.id)) ORDER BY g.name, g.id), '[]')
            FROM grp g),
         'deleted', (SELECT coalesce(json_agg(json_build_array(k.entity, k.entity_id) ORDER BY k.seq), '[]')
            FROM kinds k WHERE k.kind = 'DELETE'))::text AS compact,
       ${
         withChanges
           ? `(SELECT coalesce(json_agg(json_build_array(k.seq::text, k.entity, k.entity_id, k.kind) ORDER BY k.seq), '[]')
          FROM kinds k)`
           : `'[]'::json`
       } AS changes`;

interface CompactRow {
  hasMore: boolean;
  lastSeq: string | null;
  /** The {@link CompactPageV1} as JSON text, as PostgreSQL wrote it. */
  compact: string;
  changes: [string, CatalogEntityKind, string, ChangeKind][];
}

/**
 * The page after `since` as format 1 (and as change nodes when `withChanges`). Pages hold up to
 * {@link MAX_COMPACT_CHANGES} changes unless `changes` is selected too (then the feed's usual cap).
 */
export async function readCompactPage(
  ctx: RequestContext,
  args: { since?: string | null; first?: number | null },
  withChanges: boolean,
): Promise<CompactChangePage> {
  const tenantId = requirePermission(ctx, CATALOG_READ);
  const since = sinceSeq(args.since);
  const first = pageSize(args.first, withChanges ? MAX_CHANGES : MAX_COMPACT_CHANGES);
  const [row] = (await ctx.tx(async (m) => {
    // JIT compiles this statement's expressions for ~30 ms a page and saves less than that.
    await m.query('SET LOCAL jit = off');
    // A 20 000-row page sorts and materialises in memory instead of spilling to temp files.
    await m.query("SET LOCAL work_mem = '64MB'");
    return m.query(COMPACT_SQL(withChanges), [tenantId, since.toString(), first]);
  })) as CompactRow[];
  const { hasMore, lastSeq, changes, compact } = row!;
  return {
    changes: changes.map(([seq, entity, id, kind]) => ({ seq, entity, id, kind })),
    cursor: lastSeq ?? since.toString(),
    hasMore,
    compact: new RawJson(compact),
  };
}

/** Most page starts one `catalogChangePageStarts` answer holds (a pull continues past them). */
export const MAX_PAGE_STARTS = 100;

// An index-only range read of `(tenant_id, seq)`: the seq after every `first` changes, within the
// next MAX_PAGE_STARTS pages; none where only nothing would follow (an empty last page).
const PAGE_STARTS_SQL = `
SELECT seq::text AS seq FROM (
  SELECT c.seq, row_number() OVER (ORDER BY c.seq) AS n, count(*) OVER () AS total
    FROM (SELECT seq FROM catalog.change WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3::int * $4::int) c) w
 WHERE w.n % $3::int = 0 AND w.n < w.total
 ORDER BY w.n`;

/**
 * Where the pages of a pull of `first` changes each begin after `since` (issue 17): `since` itself,
 * then the cursor after every `first` changes — at most {@link MAX_PAGE_STARTS}. A client asks for
 * those pages at once (two or three in flight) and applies them in this order; see docs/api.md
 * "Lean catalog pull", "Pages in flight".
 */
export async function listPageStarts(
  ctx: RequestContext,
  args: { since?: string | null; first?: number | null },
): Promise<string[]> {
  const tenantId = requirePermission(ctx, CATALOG_READ);
  const since = sinceSeq(args.since);
  const first = pageSize(args.first, MAX_COMPACT_CHANGES);
  const rows = (await ctx.tx((m) =>
    m.query(PAGE_STARTS_SQL, [tenantId, since.toString(), first, MAX_PAGE_STARTS]),
  )) as { seq: string }[];
  return [since.toString(), ...rows.map((r) => r.seq)];
}

/** The compact value of a page in the asked format (only 1 exists). */
export function compactIn(page: { compact?: object }, format: number): object {
  if (!(COMPACT_FORMATS as readonly number[]).includes(format)) {
    throw badUserInput(`Unknown compact format ${format} (known: ${COMPACT_FORMATS.join(', ')})`, 'format');
  }
  return page.compact ?? {};
}
