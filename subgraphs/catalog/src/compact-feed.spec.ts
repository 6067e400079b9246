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
import { PRODUCT_FIELDS_V1 } from './services/compact-feed.ts';

useCatalogFixture();

const COMPACT = `query($since: String, $first: Int, $format: Int!) { catalogChanges(since: $since, first: $first) {
  cursor hasMore compact(format: $format) } }`;
const OBJECTS = `query($since: String) { catalogChanges(since: $since, first: 5000) { cursor hasMore changes { kind entity id
  product { id sku name names { ru en } price vatRate ikpu packageCode unit category { id } active markingRequired ownerType
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

/** A compact product tuple as an object keyed by format 1's field names. */
function named(tuple: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(PRODUCT_FIELDS_V1.map((field, i) => [field, tuple[i]]));
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
    expect(page.productFields).toEqual([...PRODUCT_FIELDS_V1]);
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
        ownerType: p.ownerType,
        imageUrl: p.imageUrl,
        barcodes: p.barcodes,
        storePrices: p.storePrices.map((s: Json) => [s.storeId, s.price]),
        modifierGroupIds: p.modifierGroups.map((g: Json) => g.id),
      }));
    expect(page.products.map(named)).toEqual(expected);
    expect(named(page.products.find((t: Json) => t[0] === full))).toMatchObject({
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
    const changed = delta.pages.flatMap((p) => p.products.map(named));
    expect(changed.map((p) => [p.sku, p.price, p.active])).toEqual([
      ['CMP-FULL', '1200.00', true],
      ['CMP-BARE', '1000.00', false],
    ]);
    expect(await gqlError(gql(COMPACT, { since: null, format: 2 }))).toBe('BAD_USER_INPUT');
  });

  it('pages a generated catalog with the same cursor as the object feed', async () => {
    const tenant = newId();
    await generateCatalog({ adminUrl: fixture.db.adminUrl, tenantId: tenant, products: 5200 });
    const gql = await as(tenant, READ);
    const { pages } = await pullCompact(gql, null, 3000);
    expect(pages.map((p) => p.products.length + p.categories.length)).toEqual([3000, 2230]);
    const ids = new Set(pages.flatMap((p) => p.products.map((t: Json) => t[0])));
    expect(ids.size).toBe(5200);
    const rows = await fixture.db.admin<{ id: string; price: string }>(
      `SELECT id, to_char(price / 100.0, 'FM9999999999990.00') AS price FROM catalog.product WHERE tenant_id = $1`,
      [tenant],
    );
    const prices = new Map(pages.flatMap((p) => p.products.map((t: Json) => [t[0], t[5]])));
    expect(new Map(rows.map((r) => [r.id, r.price]))).toEqual(prices);
  });
});
