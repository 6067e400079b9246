/**
 * The compact page of the change feed (`CatalogChangePage.compact`, format 1): the lean pull a POS
 * uses to hold a whole catalog.
 *
 * A full pull of 100 000 products as GraphQL objects spent most of its time in per-field work —
 * ten resolvers per product in the subgraph, then the gateway walking and re-serialising every
 * field — and most of its bytes in repeated keys and per-change `kind`/`entity`/`seq`. Here the
 * page's statement reads each product with everything a till needs (barcodes, store prices,
 * modifier group ids aggregated in the same lookup) and the page goes out as one scalar of
 * positional tuples, which neither the subgraph nor the gateway looks inside.
 *
 * The contract is public and versioned (docs/api.md, "Lean catalog pull"): a format only gains
 * positions at the end, so clients read by position and ignore extra ones; anything else is a new
 * format number.
 */

import { formatMoney } from '@jowi/receipt';
import { badUserInput, type RequestContext } from '@jowi/server-kit';
import type { ProductColumn, ProductRow } from '../entities/product.entity.ts';
import { loadCategory } from './category.service.ts';
import type { CatalogChangeNode, ProductRead } from './change-feed.service.ts';
import { loadModifierGroup, loadOptions } from './modifier.service.ts';

export const COMPACT_FORMATS = [1] as const;

/** Product positions of format 1, in order; `productFields` of every page repeats them. */
export const PRODUCT_FIELDS_V1 = [
  'id',
  'sku',
  'name',
  'nameRu',
  'nameEn',
  'price',
  'vatRate',
  'ikpu',
  'packageCode',
  'unit',
  'categoryId',
  'active',
  'markingRequired',
  'ownerType',
  'imageUrl',
  'barcodes',
  'storePrices',
  'modifierGroupIds',
] as const;

const COMPACT_COLUMNS: readonly ProductColumn[] = [
  'sku',
  'name',
  'nameRu',
  'nameEn',
  'price',
  'vatRate',
  'ikpu',
  'packageCode',
  'unit',
  'categoryId',
  'active',
  'markingRequired',
  'ownerType',
  'imageUrl',
];

/** What the page's statement must read of each product for a compact page (merged with `changes`). */
export function compactRead(other: ProductRead | undefined): ProductRead {
  return {
    columns: [...new Set([...(other?.columns ?? []), ...COMPACT_COLUMNS])],
    barcodes: true,
    storePrices: true,
    modifierGroupIds: true,
  };
}

type ProductTuple = readonly unknown[];
type CategoryTuple = readonly [string, string, string | null, boolean];
type OptionTuple = readonly [string, string, string];
type GroupTuple = readonly [string, string, boolean, number, number, boolean, OptionTuple[]];

export interface CompactPageV1 {
  format: 1;
  productFields: typeof PRODUCT_FIELDS_V1;
  products: ProductTuple[];
  categories: CategoryTuple[];
  modifierGroups: GroupTuple[];
  deleted: [string, string][];
}

function productTuple(p: ProductRow): ProductTuple {
  return [
    p.id,
    p.sku,
    p.name,
    p.nameRu,
    p.nameEn,
    formatMoney(p.price),
    p.vatRate,
    p.ikpu,
    p.packageCode,
    p.unit,
    p.categoryId,
    p.active,
    p.markingRequired,
    p.ownerType,
    p.imageUrl,
    p.barcodes ?? [],
    (p.storePriceList ?? []).map(([store, tiyin]) => [store, formatMoney(BigInt(tiyin))]),
    p.modifierGroupIds ?? [],
  ];
}

/**
 * The page's changes as format 1. Products were read by the page's statement; the few categories
 * and modifier groups of a page come through their loaders (one query per kind).
 */
export async function compactPage(
  ctx: RequestContext,
  changes: readonly CatalogChangeNode[],
  format: number,
): Promise<CompactPageV1> {
  if (!(COMPACT_FORMATS as readonly number[]).includes(format)) {
    throw badUserInput(`Unknown compact format ${format} (known: ${COMPACT_FORMATS.join(', ')})`, 'format');
  }
  const page: CompactPageV1 = {
    format: 1,
    productFields: PRODUCT_FIELDS_V1,
    products: [],
    categories: [],
    modifierGroups: [],
    deleted: [],
  };
  const categoryIds: string[] = [];
  const groupIds: string[] = [];
  for (const change of changes) {
    if (change.kind === 'DELETE') page.deleted.push([change.entity, change.id]);
    else if (change.entity === 'PRODUCT' && change.product) page.products.push(productTuple(change.product));
    else if (change.entity === 'CATEGORY') categoryIds.push(change.id);
    else if (change.entity === 'MODIFIER_GROUP') groupIds.push(change.id);
  }
  page.categories = await compactCategories(ctx, categoryIds, page.deleted);
  page.modifierGroups = await compactGroups(ctx, groupIds, page.deleted);
  return page;
}

/** Categories as tuples; one gone since the page was read is sent as deleted. */
async function compactCategories(
  ctx: RequestContext,
  ids: readonly string[],
  deleted: [string, string][],
): Promise<CategoryTuple[]> {
  const rows = await Promise.all(ids.map((id) => loadCategory(ctx, id)));
  const tuples: CategoryTuple[] = [];
  rows.forEach((row, i) => {
    if (row) tuples.push([row.id, row.name, row.parentId, row.active]);
    else deleted.push(['CATEGORY', ids[i]!]);
  });
  return tuples;
}

/** Modifier groups with their options as tuples; one gone since the page was read is sent as deleted. */
async function compactGroups(
  ctx: RequestContext,
  ids: readonly string[],
  deleted: [string, string][],
): Promise<GroupTuple[]> {
  const rows = await Promise.all(ids.map((id) => loadModifierGroup(ctx, id)));
  const options = await Promise.all(ids.map((id) => loadOptions(ctx, id)));
  const tuples: GroupTuple[] = [];
  rows.forEach((g, i) => {
    if (!g) {
      deleted.push(['MODIFIER_GROUP', ids[i]!]);
      return;
    }
    const opts = options[i]!.map((o): OptionTuple => [o.id, o.name, formatMoney(o.priceDelta)]);
    tuples.push([g.id, g.name, g.required, g.minSelections, g.maxSelections, g.active, opts]);
  });
  return tuples;
}
