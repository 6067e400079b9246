/**
 * The lean pull's stored rows (`catalog.product_feed`, issue 17): every write path keeps a
 * product's row equal to what its tables say (`catalog.product_feed_source`), the bulk generator
 * fills them itself, two writers of one product's store prices do not lose one another's price,
 * and the compact page read from the rows is the same text, byte for byte, as the statement that
 * computed every product per page (`compact-feed.legacy.ts`).
 */
import { createHash } from 'node:crypto';
import { newId } from '@jowi/server-kit';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../scripts/generate.ts';
import {
  ADMIN,
  as,
  create,
  fixture,
  type Gql,
  IMPORT,
  product,
  useCatalogFixture,
} from './catalog.fixtures.ts';
import { LEGACY_COMPACT_SQL } from './compact-feed.legacy.ts';
import { COMPACT_SQL } from './services/compact-feed.ts';

useCatalogFixture();

/** Rows of the tenant whose stored values differ from the computed ones (both directions). */
async function drift(tenant: string): Promise<unknown[]> {
  return fixture.db.admin(
    `(SELECT 'stored' AS side, * FROM catalog.product_feed WHERE tenant_id = $1
      EXCEPT SELECT 'stored', * FROM catalog.product_feed_source WHERE tenant_id = $1)
     UNION ALL
     (SELECT 'computed', * FROM catalog.product_feed_source WHERE tenant_id = $1
      EXCEPT SELECT 'computed', * FROM catalog.product_feed WHERE tenant_id = $1)`,
    [tenant],
  );
}

/** Every page of the tenant's feed through `sql`, as one hash of the texts and the page count. */
async function pagesHash(
  sql: (withChanges: boolean) => string,
  tenant: string,
  first: number,
  withChanges: boolean,
): Promise<{ hash: string; pages: number; bytes: number }> {
  const hash = createHash('sha256');
  let since = '0';
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const [row] = await fixture.db.admin<{
      hasMore: boolean;
      lastSeq: string;
      compact: string;
      changes: unknown;
    }>(sql(withChanges), [tenant, since, first]);
    hash.update(row!.compact);
    hash.update(JSON.stringify(row!.changes));
    bytes += row!.compact.length;
    pages++;
    since = row!.lastSeq;
    if (!row!.hasMore) return { hash: hash.digest('hex'), pages, bytes };
  }
}

const SET_STORE_PRICE = `mutation($p: ID!, $s: ID!, $price: Money) {
  setStorePrice(input: { productId: $p, storeId: $s, price: $price }) { errors { code } } }`;

async function writeEverything(gql: Gql): Promise<{ full: string; bare: string }> {
  const categoryId = (
    await gql(`mutation { createCategory(input: { name: "Ichimliklar" }) { category { id } } }`)
  ).createCategory.category.id;
  const group = async (name: string) =>
    (
      await gql(
        `mutation($n: String!) { createModifierGroup(input: { name: $n, options: [{ name: "Katta", priceDelta: "500.00" }] }) {
          modifierGroup { id } } }`,
        { n: name },
      )
    ).createModifierGroup.modifierGroup.id;
  const [g1, g2] = [await group('Hajm'), await group('Shakar')];
  const full = await create(
    gql,
    product('FEED-FULL', {
      barcodes: ['4780000000014', '4780000000021'],
      categoryId,
      names: { ru: 'Напиток "особый"', en: 'Drink \\ 1' },
      markingRequired: true,
      cashlessOnly: true,
      imageUrl: 'https://img.example/c.png',
      modifierGroupIds: [g1, g2],
    }),
  );
  const bare = await create(gql, product('FEED-BARE'));
  const [s1, s2] = [newId(), newId()];
  await gql(SET_STORE_PRICE, { p: full, s: s1, price: '1500.00' });
  await gql(SET_STORE_PRICE, { p: full, s: s2, price: '1700.50' });
  await gql(SET_STORE_PRICE, { p: bare, s: s1, price: '900.00' });
  await gql(SET_STORE_PRICE, { p: bare, s: s1, price: null });
  await gql(
    `mutation($id: ID!, $b: [String!], $m: [ID!]) { updateProduct(input: { id: $id, price: "1200.00", name: "Yangi nom",
       barcodes: $b, modifierGroupIds: $m }) { errors { code } } }`,
    { id: full, b: ['4780000000038'], m: [g2] },
  );
  await gql(`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id: bare });
  await gql(`mutation($id: ID!) { deleteModifierGroup(input: { id: $id }) { errors { code } } }`, { id: g2 });
  const csv =
    'sku,name,price,vat_rate,ikpu,package_code,barcodes\nFEED-IMP,Import 1,100.00,12,10401001001000000,2009,4780000000045\nFEED-BARE,Yalang,55.50,12,10401001001000000,2009,\n';
  const imported = (await gql(IMPORT, { input: { csv } })).importProducts;
  expect(imported.failed).toBe(0);
  return { full, bare };
}

describe('catalog.product_feed (the lean pull reads ready rows)', () => {
  it('stays equal to the product tables through every write path', async () => {
    const tenant = newId();
    const gql = await as(tenant, ADMIN);
    const { full } = await writeEverything(gql);
    const [row] = await fixture.db.admin<Record<string, string>>(
      'SELECT * FROM catalog.product_feed WHERE tenant_id = $1 AND product_id = $2',
      [tenant, full],
    );
    expect(row).toMatchObject({
      name: 'Yangi nom',
      j_price: '"1200.00"',
      j_barcodes: '["4780000000038"]',
      j_modifier_group_ids: '[]',
    });
    expect(JSON.parse(row!.j_store_prices!)).toHaveLength(2);
    expect(
      await fixture.db.admin('SELECT 1 FROM catalog.product_feed WHERE tenant_id = $1', [tenant]),
    ).toHaveLength(3);
    expect(await drift(tenant)).toEqual([]);
    // A product deleted takes its row with it.
    await fixture.db.admin('DELETE FROM catalog.product WHERE tenant_id = $1 AND id = $2', [tenant, full]);
    expect(await drift(tenant)).toEqual([]);
    expect(
      await fixture.db.admin('SELECT 1 FROM catalog.product_feed WHERE tenant_id = $1', [tenant]),
    ).toHaveLength(2);
  });

  it('writes the same compact pages, byte for byte, as the statement that computed each product', async () => {
    const tenant = newId();
    // The generator writes with triggers off and fills the rows itself.
    await generateCatalog({
      adminUrl: fixture.db.adminUrl,
      tenantId: tenant,
      products: 2500,
      chunkSize: 1000,
    });
    expect(await drift(tenant)).toEqual([]);
    await writeEverything(await as(tenant, ADMIN));
    expect(await drift(tenant)).toEqual([]);
    for (const [first, withChanges] of [
      [20_000, false],
      [700, false],
      [700, true],
    ] as const) {
      const before = await pagesHash(LEGACY_COMPACT_SQL, tenant, first, withChanges);
      const after = await pagesHash(COMPACT_SQL, tenant, first, withChanges);
      expect(after).toEqual(before);
      expect(before.bytes).toBeGreaterThan(2500 * 100);
    }
  });

  it('keeps both prices when two transactions set store prices of one product at once', async () => {
    const tenant = newId();
    const gql = await as(tenant, ADMIN);
    const id = await create(gql, product('FEED-RACE'));
    const clients = [0, 1].map(() => new pg.Client({ connectionString: fixture.db.roleUrl('catalog') }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const [a, b] = clients as [pg.Client, pg.Client];
      const begin = async (c: pg.Client) => {
        await c.query('BEGIN');
        await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
      };
      const setPrice = (c: pg.Client, price: number) =>
        c.query(
          'INSERT INTO catalog.store_price (tenant_id, product_id, store_id, price) VALUES ($1, $2, $3, $4)',
          [tenant, id, newId(), price],
        );
      await begin(a);
      await begin(b);
      const pid = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await setPrice(a, 150_000);
      // b's row is computed only once a has committed (it waits for the product's lock).
      const second = setPrice(b, 170_000).then(() => b.query('COMMIT'));
      // Commit a only once b waits on a lock (the product's row, taken by a's trigger).
      for (;;) {
        const [state] = await fixture.db.admin<{ wait: string | null }>(
          'SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1',
          [pid],
        );
        if (state?.wait === 'Lock') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await a.query('COMMIT');
      await second;
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const [row] = await fixture.db.admin<{ j_store_prices: string }>(
      'SELECT j_store_prices FROM catalog.product_feed WHERE tenant_id = $1 AND product_id = $2',
      [tenant, id],
    );
    expect(
      JSON.parse(row!.j_store_prices)
        .map((p: [string, string]) => p[1])
        .sort(),
    ).toEqual(['1500.00', '1700.00']);
    expect(await drift(tenant)).toEqual([]);
  });
});
