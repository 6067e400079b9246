/**
 * The change feed at catalog scale: pages of up to 5000, products (with their barcodes) read by
 * the page's own statement, and the fields a page reads kept in step with the `Product` type.
 */
import { createLogger, loadSchema, newId, systemContext } from '@jowi/server-kit';
import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../scripts/generate.ts';
import {
  ADMIN,
  as,
  create,
  fixture,
  gqlError,
  type Json,
  product,
  READ,
  useCatalogFixture,
} from './catalog.fixtures.ts';
import { entities } from './index.ts';
import { PRODUCT_FIELD_COLUMNS, productRead } from './resolvers/product-fields.ts';
import { listChanges, MAX_CHANGES } from './services/change-feed.service.ts';

useCatalogFixture();

const FEED = `query($since: String, $first: Int) { catalogChanges(since: $since, first: $first) {
  cursor hasMore changes { kind entity id seq product { id sku barcodes } } } }`;

describe('change feed pages', () => {
  it('pulls a generated catalog in pages of 5000, each product once with its barcodes', async () => {
    const tenant = newId();
    await generateCatalog({ adminUrl: fixture.db.adminUrl, tenantId: tenant, products: 5200 });
    const gql = await as(tenant, READ);
    expect(MAX_CHANGES).toBe(5000);

    const seen = new Map<string, string[]>();
    const sizes: number[] = [];
    let since: string | null = null;
    let lastSeq = 0n;
    for (;;) {
      const page: Json = (await gql(FEED, { since, first: 5000 })).catalogChanges;
      sizes.push(page.changes.length);
      for (const c of page.changes) {
        expect(BigInt(c.seq)).toBeGreaterThan(lastSeq);
        lastSeq = BigInt(c.seq);
        if (c.entity === 'PRODUCT') {
          expect(c.product.id).toBe(c.id);
          seen.set(c.id, c.product.barcodes);
        }
      }
      since = page.cursor;
      if (!page.hasMore) break;
    }
    expect(sizes).toEqual([5000, 230]); // 5200 products and 30 categories
    expect(seen.size).toBe(5200);

    // Barcodes as the database holds them, in the order they were added (every 7th has two).
    const rows = await fixture.db.admin<{ id: string; codes: string[] }>(
      `SELECT product_id AS id, array_agg(barcode ORDER BY created_at, barcode) AS codes
         FROM catalog.product_barcode WHERE tenant_id = $1 GROUP BY product_id`,
      [tenant],
    );
    expect(rows.filter((r) => r.codes.length === 2).length).toBeGreaterThan(700);
    expect(new Map(rows.map((r) => [r.id, r.codes]))).toEqual(seen);

    for (const first of [0, 5001]) expect(await gqlError(gql(FEED, { first }))).toBe('BAD_USER_INPUT');

    // The page's own statement reads the products: only the selected fields' columns, with barcodes.
    const ctx = systemContext({
      db: await fixture.db.dataSource('catalog', entities),
      tenantId: tenant,
      log: createLogger('test', 'silent'),
    });
    const read = productRead(new Set(['id', 'sku', 'barcodes']));
    const page = await listChanges(ctx, { first: 5000 }, { product: read });
    const products = page.changes.filter((c) => c.entity === 'PRODUCT');
    expect(products).toHaveLength(4970);
    for (const c of products) {
      expect(Object.keys(c.product!).sort()).toEqual(['barcodes', 'id', 'sku']);
      expect(c.product!.barcodes).toEqual(seen.get(c.id));
    }
    const withoutProducts = await listChanges(ctx, { first: 5000 });
    expect(withoutProducts.changes.every((c) => c.product === undefined)).toBe(true);
    expect(withoutProducts.changes.map((c) => c.seq)).toEqual(page.changes.map((c) => c.seq));
    // A field the map does not know makes the page read every column.
    expect(productRead(new Set(['id', 'someNewField']))).toMatchObject({ barcodes: true });
    expect(productRead(new Set(['id', 'someNewField']))?.columns).toContain('updatedAt');
  });

  it('sends every Product field as product(id:) does, selected through fragments', async () => {
    const tenant = newId();
    const gql = await as(tenant, ADMIN);
    const categoryId = (
      await gql(`mutation { createCategory(input: { name: "Ichimliklar" }) { category { id } } }`)
    ).createCategory.category.id;
    const groupId = (
      await gql(`mutation { createModifierGroup(input: { name: "Hajm", options: [{ name: "Katta", priceDelta: "500.00" }] }) {
        modifierGroup { id } } }`)
    ).createModifierGroup.modifierGroup.id;
    const full = await create(
      gql,
      product('FEED-FULL', {
        barcodes: ['FEED-B2', 'FEED-A1'],
        categoryId,
        names: { ru: 'Напиток', en: 'Drink' },
        costPrice: '700.00',
        ownerType: 'OWN_PRODUCTION',
        markingRequired: true,
        imageUrl: 'https://img.example/feed.png',
        tags: ['ichimlik', 'sovuq'],
        modifierGroupIds: [groupId],
      }),
    );
    const bare = await create(gql, product('FEED-BARE'));
    const store = newId();
    await gql(
      `mutation($p: ID!, $s: ID!) { setStorePrice(input: { productId: $p, storeId: $s, price: "1500.00" }) { errors { code } } }`,
      { p: full, s: store },
    );

    const FIELDS = `fragment P on Product { __typename id sku name names { uz ru en } price here: price(storeId: $store)
      costPrice storePrices { storeId price } vatRate ownerType markingRequired imageUrl tags modifierGroups { id name }
      ikpu packageCode unit barcodes category { id name } active updatedAt }`;
    const feed: Json = await gql(
      `query($store: ID) { catalogChanges(first: 5000) { changes { entity id ... on CatalogChange { product { ...P } } } } } ${FIELDS}`,
      { store },
    );
    const fromFeed = new Map(
      feed.catalogChanges.changes
        .filter((c: Json) => c.entity === 'PRODUCT')
        .map((c: Json) => [c.id, c.product]),
    );
    for (const id of [full, bare]) {
      const direct: Json = await gql(`query($id: ID!, $store: ID) { product(id: $id) { ...P } } ${FIELDS}`, {
        id,
        store,
      });
      expect(fromFeed.get(id)).toEqual(direct.product);
    }
    expect(fromFeed.get(full)).toMatchObject({
      barcodes: ['FEED-A1', 'FEED-B2'], // added together: same time, then by code
      here: '1500.00',
      costPrice: '700.00',
      category: { id: categoryId },
      modifierGroups: [{ id: groupId }],
    });

    // Without catalog:cost the feed hides cost prices like every other read.
    const cashier = await as(tenant, READ);
    const hidden: Json = await cashier(`{ catalogChanges { changes { product { sku costPrice } } } }`);
    const products = hidden.catalogChanges.changes.filter((c: Json) => c.product).map((c: Json) => c.product);
    expect(products.sort((a: Json, b: Json) => a.sku.localeCompare(b.sku))).toEqual([
      { sku: 'FEED-BARE', costPrice: null },
      { sku: 'FEED-FULL', costPrice: null },
    ]);
  });

  it('knows which columns every field of Product reads', () => {
    const product = loadSchema('catalog').definitions.find(
      (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Product',
    );
    if (product?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('no Product type');
    const fields = (product.fields ?? []).map((f) => f.name.value);
    expect(fields.filter((f) => !(f in PRODUCT_FIELD_COLUMNS))).toEqual([]);
  });
});
