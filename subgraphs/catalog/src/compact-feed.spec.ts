/**
 * The compact page of the change feed (format 1): the same changes as `changes { product { … } }`,
 * as positional tuples, paged with the same cursor; archive, price and deletion arrive through it.
 */
import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../scripts/generate.ts';
import {
  ADMIN,
  as,
  create,
  fixture,
  type Gql,
  gqlError,
  type Json,
  product,
  READ,
  useCatalogFixture,
} from './catalog.fixtures.ts';
import { MAX_COMPACT_CHANGES, MAX_PAGE_STARTS, PRODUCT_KEYS_V1 } from './services/compact-feed.ts';

useCatalogFixture();

const COMPACT = `query($since: String, $first: Int, $format: Int!) { catalogChanges(since: $since, first: $first) {
  cursor hasMore compact(format: $format) } }`;
const OBJECTS = `query($since: String) { catalogChanges(since: $since, first: 5000) { cursor hasMore changes { kind entity id
  product { id sku name names { ru en } price vatRate ikpu packageCode unit category { id } active markingRequired cashlessOnly ownerType
  imageUrl barcodes storePrices { storeId price } modifierGroups { id } } } } }`;

/** Every compact page after `since`, with the cursor to continue from. */
async function pullCompact(
  gql: Gql,
  since: string | null,
  first = 5000,
): Promise<{ pages: Json[]; cursor: string }> {
  const pages: Json[] = [];
  for (;;) {
    const page: Json = (await gql(COMPACT, { since, first, format: 1 })).catalogChanges;
    pages.push(page.compact);
    since = page.cursor;
    if (!page.hasMore) return { pages, cursor: page.cursor };
  }
}

/** The products of a compact page as objects: columns zipped, ids decoded from 16-byte UUIDs. */
function products(page: Json): Record<string, unknown>[] {
  const bytes = Buffer.from(page.products.ids, 'base64');
  const ids: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const hex = bytes.subarray(at, at + 16).toString('hex');
    ids.push(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
  }
  return ids.map((id, i) => {
    const product: Record<string, unknown> = { id };
    for (const key of PRODUCT_KEYS_V1.slice(1)) product[key] = page.products[key][i];
    return product;
  });
}

describe('compact change feed (format 1)', () => {
  it('carries every product field the object feed carries, and categories, groups and deletions', async () => {
    const tenant = newId();
    const gql = await as(tenant, ADMIN);
    const categoryId = (
      await gql(`mutation { createCategory(input: { name: "Ichimliklar" }) { category { id } } }`)
    ).createCategory.category.id;
    const doomed = (
      await gql(`mutation { createCategory(input: { name: "Vaqtincha" }) { category { id } } }`)
    ).createCategory.category.id;
    const groupId = (
      await gql(`mutation { createModifierGroup(input: { name: "Hajm", options: [{ name: "Katta", priceDelta: "500.00" }] }) {
        modifierGroup { id } } }`)
    ).createModifierGroup.modifierGroup.id;
    const full = await create(
      gql,
      product('CMP-FULL', {
        barcodes: ['4780000000014'],
        categoryId,
        names: { ru: 'Напиток', en: 'Drink' },
        markingRequired: true,
        cashlessOnly: true,
        imageUrl: 'https://img.example/c.png',
        modifierGroupIds: [groupId],
      }),
    );
    await create(gql, product('CMP-BARE'));
    const store = newId();
    await gql(
      `mutation($p: ID!, $s: ID!) { setStorePrice(input: { productId: $p, storeId: $s, price: "1500.00" }) { errors { code } } }`,
      { p: full, s: store },
    );
    await gql(`mutation($id: ID!) { deleteCategory(input: { id: $id }) { errors { code } } }`, {
      id: doomed,
    });

    const { pages, cursor } = await pullCompact(gql, null);
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page.format).toBe(1);
    expect(Object.keys(page.products)).toEqual(PRODUCT_KEYS_V1);
    expect(page.categories).toEqual([[categoryId, 'Ichimliklar', null, true]]);
    expect(page.modifierGroups).toEqual([
      [groupId, 'Hajm', false, 0, 1, true, [[expect.any(String), 'Katta', '500.00']]],
    ]);
    expect(page.deleted).toEqual([['CATEGORY', doomed]]);

    // Field by field the same as the object feed of the same changes.
    const objects: Json = (await gql(OBJECTS, { since: null })).catalogChanges;
    const expected = objects.changes
      .filter((c: Json) => c.product)
      .map(({ product: p }: Json) => ({
        id: p.id,
        sku: p.sku,
        name: p.name,
        nameRu: p.names.ru,
        nameEn: p.names.en,
        price: p.price,
        vatRate: p.vatRate,
        ikpu: p.ikpu,
        packageCode: p.packageCode,
        unit: p.unit,
        categoryId: p.category?.id ?? null,
        active: p.active,
        markingRequired: p.markingRequired,
        cashlessOnly: p.cashlessOnly,
        ownerType: p.ownerType,
        imageUrl: p.imageUrl,
        barcodes: p.barcodes,
        storePrices: p.storePrices.map((s: Json) => [s.storeId, s.price]),
        modifierGroupIds: p.modifierGroups.map((g: Json) => g.id),
      }));
    const sorted = (list: Json[]) => [...list].sort((a, b) => a.sku.localeCompare(b.sku));
    expect(sorted(products(page))).toEqual(sorted(expected));
    expect(products(page).find((p) => p.id === full)).toMatchObject({
      nameRu: 'Напиток',
      storePrices: [[store, '1500.00']],
      modifierGroupIds: [groupId],
      barcodes: ['4780000000014'],
    });

    // A price change and an archive arrive as the next delta; nothing else is repeated.
    await gql(
      `mutation($id: ID!) { updateProduct(input: { id: $id, price: "1200.00" }) { errors { code } } }`,
      {
        id: full,
      },
    );
    const bare = expected.find((p: Json) => p.sku === 'CMP-BARE').id;
    await gql(`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id: bare });
    const delta = await pullCompact(gql, cursor);
    const changed = delta.pages.flatMap(products);
    expect(sorted(changed).map((p) => [p.sku, p.price, p.active])).toEqual([
      ['CMP-BARE', '1000.00', false],
      ['CMP-FULL', '1200.00', true],
    ]);
    // Asking for the changes beside the compact page: the same page, as change nodes.
    const both: Json = (
      await gql(
        `query($s: String) { catalogChanges(since: $s) { cursor compact changes { kind entity id } } }`,
        {
          s: cursor,
        },
      )
    ).catalogChanges;
    expect(both.cursor).toBe(delta.cursor);
    expect(both.changes.map((c: Json) => c.id).sort()).toEqual(changed.map((p) => p.id).sort());
    expect(await gqlError(gql(COMPACT, { since: null, format: 2 }))).toBe('BAD_USER_INPUT');
  });

  it('pages a generated catalog, products grouped by category within a page', async () => {
    const tenant = newId();
    await generateCatalog({ adminUrl: fixture.db.adminUrl, tenantId: tenant, products: 5200 });
    const gql = await as(tenant, READ);
    const { pages } = await pullCompact(gql, null, 3000);
    expect(pages.map((p) => p.products.sku.length + p.categories.length)).toEqual([3000, 2230]);
    const all = pages.flatMap(products);
    expect(new Set(all.map((p) => p.id)).size).toBe(5200);
    // Grouped by category (similar values side by side compress better): one run per category.
    for (const page of pages) {
      const runs = products(page)
        .map((p) => p.categoryId)
        .filter((id, i, list) => i === 0 || id !== list[i - 1]);
      expect(runs.length).toBe(new Set(runs).size);
    }
    const rows = await fixture.db.admin<{ id: string; price: string }>(
      `SELECT id, to_char(price / 100.0, 'FM9999999999990.00') AS price FROM catalog.product WHERE tenant_id = $1`,
      [tenant],
    );
    expect(new Map(rows.map((r) => [r.id, r.price]))).toEqual(new Map(all.map((p) => [p.id, p.price])));
    // Up to MAX_COMPACT_CHANGES a page when only `compact` is selected; 5000 with `changes`.
    const big: Json = (await gql(COMPACT, { since: null, first: MAX_COMPACT_CHANGES, format: 1 }))
      .catalogChanges;
    expect(big.compact.products.sku).toHaveLength(5200);
    expect(await gqlError(gql(`{ catalogChanges(first: 6000) { compact changes { id } } }`))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('gives the page starts of a pull, so several pages can be in flight and applied in order', async () => {
    const tenant = newId();
    await generateCatalog({ adminUrl: fixture.db.adminUrl, tenantId: tenant, products: 5200 });
    const gql = await as(tenant, ADMIN);
    const STARTS =
      'query($since: String, $first: Int) { catalogChangePageStarts(since: $since, first: $first) }';
    const starts = async (since: string | null, first: number): Promise<string[]> =>
      (await gql(STARTS, { since, first })).catalogChangePageStarts;

    // One after another, each page's cursor is the next page's start: the server gives them ahead.
    const sequential: Json[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Json = (await gql(COMPACT, { since: cursor, first: 400, format: 1 })).catalogChanges;
      sequential.push(page);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const planned = await starts(null, 400); // 5 230 changes: 14 pages, starts in seq order
    expect(planned).toEqual(['0', ...sequential.slice(0, -1).map((p) => p.cursor)]);
    const inFlight: Json[] = await Promise.all(
      planned.map(async (since) => (await gql(COMPACT, { since, first: 400, format: 1 })).catalogChanges),
    );
    expect(inFlight).toEqual(sequential);

    // No empty last page when the changes fill the pages exactly; `since` is the first start.
    expect(await starts(null, 523)).toHaveLength(10);
    expect(await starts(planned[12]!, 400)).toEqual([planned[12], planned[13]]);
    expect(await starts(sequential.at(-1).cursor, 400)).toEqual([sequential.at(-1).cursor]);
    expect(await starts(null, 1)).toHaveLength(MAX_PAGE_STARTS);
    // A change made after the plan moves its product to the last page, which still holds the
    // rest of its changes: applied in order, the archive wins, and nothing is lost.
    const moved = products(inFlight[0].compact)[0]!.id;
    await gql(`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id: moved });
    const last: Json = (await gql(COMPACT, { since: planned.at(-1), first: 400, format: 1 })).catalogChanges;
    expect(products(last.compact).map((p) => p.id)).toEqual(
      expect.arrayContaining([...products(inFlight.at(-1).compact).map((p) => p.id), moved]),
    );
    expect(products(last.compact).find((p) => p.id === moved)?.active).toBe(false);

    // Another tenant sees none of these changes; a page size out of range is refused.
    const other = await as(newId(), READ);
    expect((await other(STARTS, { first: 400 })).catalogChangePageStarts).toEqual(['0']);
    expect(await gqlError(gql(STARTS, { first: MAX_COMPACT_CHANGES + 1 }))).toBe('BAD_USER_INPUT');
    expect(await gqlError((await as(tenant, []))(STARTS, { first: 400 }))).toBe('FORBIDDEN');
  });
});
