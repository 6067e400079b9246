/**
 * Issue 4, reads: keyset paging under concurrent inserts and deletes, search in Latin and
 * Cyrillic, and the change feed replayed from zero (see catalog-write.spec.ts for the writes).
 */
import { DEMO_TENANTS, ean13 } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { checkLoggedEvents } from '@jowi/server-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  as,
  create,
  fixture,
  type Gql,
  gqlError,
  IKPU,
  IMPORT,
  type Json,
  PAGE,
  product,
  READ,
  UPDATE,
  useCatalogFixture,
  WRITE,
} from './catalog.fixtures.ts';

const DEMO = DEMO_TENANTS[0]!;

useCatalogFixture();

describe('keyset paging', () => {
  it('never skips or repeats a product while others are inserted and deleted between pages', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const csv = ['sku,name,price,vat_rate,ikpu,package_code'];
    for (let i = 0; i < 90; i++)
      csv.push(
        `P-${i},Tovar ${String((i * 37) % 90).padStart(2, '0')},${(i % 13) * 100 + 500}.00,12,${IKPU},2009`,
      );
    const imported = await gql(IMPORT, { input: { csv: csv.join('\n') } });
    expect(imported.importProducts.created).toBe(90);

    for (const orderBy of [
      null,
      { field: 'PRICE', direction: 'DESC' },
      { field: 'UPDATED_AT' },
      { field: 'NAME', direction: 'DESC' },
    ]) {
      const original: { id: string }[] = await fixture.db.admin(
        'SELECT id FROM catalog.product WHERE tenant_id = $1',
        [tenant],
      );
      const deleted = new Set<string>();
      const seen: string[] = [];
      let after: string | null = null;
      let round = 0;
      do {
        const page: Json = await gql(PAGE, { first: 7, after, orderBy });
        seen.push(...page.products.edges.map((e: Json) => e.node.id));
        after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
        // Churn: new products sorting anywhere, and deletions of products not yet seen and seen.
        round++;
        await create(
          gql,
          product(`CHURN-${JSON.stringify(orderBy)}-${round}`, {
            name: `${'AZ'[round % 2]}churn ${round}`,
            price: `${round * 150}.00`,
          }),
        );
        const victims: { id: string }[] = await fixture.db.admin(
          `DELETE FROM catalog.product WHERE id IN (SELECT id FROM catalog.product WHERE tenant_id = $1 AND sku LIKE 'P-%'
             ORDER BY md5(id::text || $2) LIMIT 1) RETURNING id`,
          [tenant, String(round)],
        );
        for (const v of victims) deleted.add(v.id);
      } while (after);
      expect(new Set(seen).size).toBe(seen.length);
      const survivors = original.map((r) => r.id).filter((id) => !deleted.has(id));
      for (const id of survivors) expect(seen).toContain(id);
    }
  });

  it('orders by price and name in both directions with exact cursors', async () => {
    const gql = await as(DEMO.id, READ);
    const all: Json = await gql(PAGE, { first: 250, orderBy: { field: 'PRICE', direction: 'DESC' } });
    const prices = all.products.edges.map((e: Json) => Number(e.node.price));
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    const wrongOrder = await gqlError(gql(PAGE, { first: 5, after: all.products.edges[0].cursor }));
    expect(wrongOrder).toBe('BAD_USER_INPUT');
  });
});

describe('search', () => {
  it('finds names in Latin and Cyrillic (with transliteration), SKUs and barcodes; filters by subtree and tag', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const root = (
      await gql(`mutation { createCategory(input: { name: "Taomlar" }) { category { id } errors { code } } }`)
    ).createCategory.category.id;
    const child = (
      await gql(
        `mutation($p: ID) { createCategory(input: { name: "Milliy taomlar", parentId: $p }) { category { id } } }`,
        { p: root },
      )
    ).createCategory.category.id;
    await create(
      gql,
      product('OSH-1', {
        name: 'Osh (plov)',
        names: { ru: 'Плов по-ташкентски' },
        categoryId: child,
        tags: ['Milliy'],
        barcodes: [ean13('478123456789')],
      }),
    );
    await create(gql, product('CHOY-1', { name: 'Кўк чой', categoryId: root }));
    await create(gql, product('SOMSA-1', { name: "Go'shtli somsa", names: { en: 'Meat samsa' } }));
    const skus = async (filter: Record<string, unknown>) =>
      ((await gql(PAGE, { first: 50, filter })) as Json).products.edges.map((e: Json) => e.node.sku).sort();

    expect(await skus({ search: 'плов' })).toEqual(['OSH-1']); // Cyrillic query, Latin name
    expect(await skus({ search: 'ташкентски' })).toEqual(['OSH-1']); // Russian name
    expect(await skus({ search: 'TASHKENTSKI' })).toEqual(['OSH-1']); // Latin query, Cyrillic name
    expect(await skus({ search: 'kok choy' })).toEqual(['CHOY-1']); // Uzbek Cyrillic ў, ч
    expect(await skus({ search: 'гўштли' })).toEqual(['SOMSA-1']); // apostrophes ignored
    expect(await skus({ search: 'samsa' })).toEqual(['SOMSA-1']); // English name
    expect(await skus({ search: '4781234567' })).toEqual(['OSH-1']); // barcode fragment
    expect(await skus({ search: 'osh-1' })).toEqual(['OSH-1']);
    expect(await skus({ categoryId: root })).toEqual(['CHOY-1', 'OSH-1']); // subtree
    expect(await skus({ categoryId: child })).toEqual(['OSH-1']);
    expect(await skus({ tag: 'milliy' })).toEqual(['OSH-1']);
    expect(await skus({ sku: 'CHOY-1' })).toEqual(['CHOY-1']);
    expect(await skus({ barcode: ean13('478123456789') })).toEqual(['OSH-1']);

    // The trigram index serves the search (checked on a plan with sequential scans discouraged).
    await fixture.db.admin('SET enable_seqscan = off');
    const plan = await fixture.db.admin(
      `EXPLAIN SELECT id FROM catalog.product WHERE search_text LIKE '%plov%'`,
    );
    await fixture.db.admin('RESET enable_seqscan');
    expect(JSON.stringify(plan)).toContain('product_search_idx');
  });
});

const FEED = `query($since: String, $first: Int) { catalogChanges(since: $since, first: $first) {
  changes { kind entity id seq product { id sku name price active barcodes category { id } modifierGroups { id } }
            category { id name parent { id } } modifierGroup { id name minSelections maxSelections options { name priceDelta } } }
  cursor hasMore } }`;

interface Replica {
  cursor: string | null;
  products: Map<string, unknown>;
  categories: Map<string, unknown>;
  groups: Map<string, unknown>;
}

/** What a POS does: pull pages until hasMore is false, applying each change in order. */
async function pull(gql: Gql, replica: Replica): Promise<number> {
  let pages = 0;
  let lastSeq = replica.cursor ? BigInt(replica.cursor) : 0n;
  for (;;) {
    const page: Json = (await gql(FEED, { since: replica.cursor, first: 7 })).catalogChanges;
    pages++;
    for (const c of page.changes) {
      expect(BigInt(c.seq)).toBeGreaterThan(lastSeq); // strictly increasing
      lastSeq = BigInt(c.seq);
      const map =
        c.entity === 'PRODUCT'
          ? replica.products
          : c.entity === 'CATEGORY'
            ? replica.categories
            : replica.groups;
      if (c.kind === 'DELETE') map.delete(c.id);
      else map.set(c.id, c.product ?? c.category ?? c.modifierGroup);
    }
    replica.cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
}

/** The server's catalog read the normal way, in the replica's shape. */
async function serverCatalog(gql: Gql): Promise<Omit<Replica, 'cursor'>> {
  const products = new Map<string, unknown>();
  let after: string | null = null;
  do {
    const page: Json = await gql(
      `query($after: String) { products(first: 250, after: $after) { edges { node { id sku name price active barcodes category { id } modifierGroups { id } } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const e of page.products.edges) products.set(e.node.id, e.node);
    after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
  } while (after);
  const cats: Json = await gql(
    '{ categories { id name parent { id } } modifierGroups { id name minSelections maxSelections options { name priceDelta } } }',
  );
  return {
    products,
    categories: new Map(cats.categories.map((c: Json) => [c.id, c])),
    groups: new Map(cats.modifierGroups.map((g: Json) => [g.id, g])),
  };
}

describe('change feed', () => {
  it('replayed from zero, then incrementally, reproduces the catalog exactly (archives and deletions included)', async () => {
    const gql = await as(DEMO_TENANTS[1]!.id, WRITE);
    const replica: Replica = { cursor: null, products: new Map(), categories: new Map(), groups: new Map() };
    const pages = await pull(gql, replica);
    expect(pages).toBeGreaterThan(3);
    expect(replica).toMatchObject(await serverCatalog(gql));
    expect(replica.products.size).toBe(DEMO_TENANTS[1]!.products.length);

    // Changes of every kind, then catch up from the cursor.
    const feedEventsBefore = await fixture.db.admin<{ n: string }>(
      `SELECT count(*) AS n FROM events.event WHERE type = 'catalog.changed'`,
    );
    const groupId = (
      await gql(`mutation { createModifierGroup(input: { name: "Hajmi", required: true, minSelections: 1, maxSelections: 1,
        options: [{ name: "Kichik" }, { name: "Katta", priceDelta: "5000.00" }] }) { modifierGroup { id } errors { code } } }`)
    ).createModifierGroup.modifierGroup.id;
    const doomed = (
      await gql(
        `mutation { createModifierGroup(input: { name: "Vaqtincha", options: [{ name: "X" }] }) { modifierGroup { id } } }`,
      )
    ).createModifierGroup.modifierGroup.id;
    const [p1, p2, p3] = [...replica.products.keys()] as [string, string, string];
    const linked = await gql(UPDATE, {
      input: { id: p1, price: '99999.00', modifierGroupIds: [groupId, doomed] },
    });
    expect(linked.updateProduct.errors).toEqual([]);
    await gql(`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id: p2 });
    await gql(`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id: p3 });
    await gql(`mutation($id: ID!) { restoreProduct(input: { id: $id }) { errors { code } } }`, { id: p3 });
    const cat = (
      await gql(`mutation { createCategory(input: { name: "Vaqtinchalik" }) { category { id } } }`)
    ).createCategory.category.id;
    await gql(`mutation($id: ID!) { deleteCategory(input: { id: $id }) { errors { code } } }`, { id: cat });
    await gql(`mutation($id: ID!) { deleteModifierGroup(input: { id: $id }) { errors { code } } }`, {
      id: doomed,
    });
    await gql(
      `mutation($id: ID!) { updateModifierGroup(input: { id: $id, name: "O'lcham" }) { errors { code } } }`,
      { id: groupId },
    );
    await create(gql, product('FEED-NEW', { barcodes: ['FEED-CODE'] }));

    await pull(gql, replica);
    const server = await serverCatalog(gql);
    expect(replica).toMatchObject(server);
    expect([...replica.products.keys()].sort()).toEqual([...server.products.keys()].sort());
    expect((replica.products.get(p2) as Json).active).toBe(false);
    expect((replica.products.get(p1) as Json).modifierGroups).toEqual([{ id: groupId }]);
    expect(replica.categories.has(cat)).toBe(false);
    expect(replica.groups.has(doomed)).toBe(false);
    expect((replica.groups.get(groupId) as Json).name).toBe("O'lcham");

    // Nothing new: same cursor, no changes; every change also went to the event log.
    const idle: Json = (await gql(FEED, { since: replica.cursor })).catalogChanges;
    expect(idle).toMatchObject({ changes: [], cursor: replica.cursor, hasMore: false });
    const feedEventsAfter = await fixture.db.admin<{ n: string }>(
      `SELECT count(*) AS n FROM events.event WHERE type = 'catalog.changed'`,
    );
    expect(Number(feedEventsAfter[0]!.n) - Number(feedEventsBefore[0]!.n)).toBeGreaterThanOrEqual(12);
    expect(await gqlError(gql(FEED, { since: 'garbage' }))).toBe('BAD_USER_INPUT');
  });
});

describe('event contracts', () => {
  it('every product event (single writes and the SQL of imports) and change-feed event follows its contract', async () => {
    const check = await checkLoggedEvents(fixture.db.admin, ['catalog.product.upserted', 'catalog.changed']);
    expect(check.problems).toEqual([]);
    // Keyset paging imported 90 products in bulk; the others were written one by one.
    expect(check.counts['catalog.product.upserted']).toBeGreaterThan(90);
    expect(check.counts['catalog.changed']).toBeGreaterThan(90);
  });
});
