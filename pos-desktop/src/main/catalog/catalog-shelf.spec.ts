/**
 * `catalog.view` and the favourites over a real catalog store and terminal store, fed by a
 * scripted change feed: a window carries the version it was read at; favourites keep their order,
 * survive reopening the terminal store, drop an archived product and refuse unknown ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAVOURITES } from '../../shared/pos-catalog.ts';
import { PosError } from '../host/result.ts';
import { KeyValue, openStore, type Store } from '../store/database.ts';
import type { CatalogFeed } from './catalog-feed.ts';
import { openTillCatalog, type TillCatalog } from './catalog-service.ts';
import { catalogView, Favourites } from './catalog-shelf.ts';
import { compactPageSchema, type FeedPage } from './compact-page.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A feed page of products `n` (name `Mahsulot n`, price `price(n)`), some archived. */
function page(
  ns: number[],
  cursor: string,
  options: { price?: (n: number) => string; archived?: number[] } = {},
): FeedPage {
  const col = <T>(f: (n: number) => T) => ns.map(f);
  const ids = Buffer.concat(ns.map((n) => Buffer.from(uuid(n).replaceAll('-', ''), 'hex'))).toString(
    'base64',
  );
  return {
    cursor,
    hasMore: false,
    page: compactPageSchema.parse({
      format: 1,
      products: {
        ids,
        sku: col((n) => `SKU-${n}`),
        name: col((n) => `Mahsulot ${n}`),
        nameRu: col((n) => `Товар ${n}`),
        nameEn: col(() => null),
        price: col(options.price ?? (() => '1000.00')),
        vatRate: col(() => 12),
        ikpu: col(() => '10401001001000000'),
        packageCode: col(() => '2009'),
        unit: col(() => 'piece'),
        categoryId: col(() => null),
        active: col((n) => !options.archived?.includes(n)),
        markingRequired: col(() => false),
        ownerType: col(() => 'RESALE'),
        imageUrl: col(() => null),
        barcodes: col((n) => [`478000000${String(n).padStart(4, '0')}`]),
        storePrices: col(() => []),
        modifierGroupIds: col(() => []),
      },
      categories: [],
      modifierGroups: [],
      deleted: [],
    }),
  };
}

const open: Array<{ close(): unknown }> = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function till(pages: FeedPage[]) {
  const dir = await mkdtemp(join(tmpdir(), 'jowi-shelf-'));
  dirs.push(dir);
  const feed: CatalogFeed = {
    pageStarts: async () => null,
    page: async () => pages.shift() ?? { ...page([], 'unused'), hasMore: false },
    storeOf: async () => null,
  };
  const catalog: TillCatalog = openTillCatalog({ file: join(dir, 'c.sqlite'), terminalId: 't', feed });
  open.push(catalog);
  const openTerminal = (): Store => {
    const store = openStore(join(dir, 't.sqlite'));
    open.push(store);
    return store;
  };
  const store = openTerminal();
  return { catalog, favourites: new Favourites(new KeyValue(store), catalog), openTerminal };
}

const ids = (list: { items: { id: string }[] }) => list.items.map((item) => item.id);

describe('catalog.view and favourites', () => {
  it('a window carries the catalog version it was read at', async () => {
    const { catalog } = await till([page([1, 2, 3], '10'), page([2], '11', { price: () => '2500.00' })]);
    await catalog.sync.pull();
    const all = catalogView(catalog, { offset: 1, limit: 1 });
    expect(all).toMatchObject({ total: 3, offset: 1, version: '10' });
    expect(all.items.map((i) => i.sku)).toEqual(['SKU-2']);
    await catalog.sync.pull();
    const found = catalogView(catalog, { query: 'товар 2' });
    expect(found.version).toBe('11');
    expect(found.items.map((i) => [i.sku, i.price])).toEqual([['SKU-2', '2500.00']]);
    expect(() => catalogView(catalog, { limit: 1000 })).toThrow(PosError);
  });

  it('keeps the order pinned across a reopened store, drops archived products, refuses unknown ones', async () => {
    const { catalog, favourites, openTerminal } = await till([
      page([1, 2, 3], '5'),
      page([2], '6', { archived: [2] }),
    ]);
    await catalog.sync.pull();
    favourites.set({ productId: uuid(3), pinned: true });
    favourites.set({ productId: uuid(1), pinned: true });
    expect(ids(favourites.set({ productId: uuid(2), pinned: true }))).toEqual([uuid(3), uuid(1), uuid(2)]);
    expect(ids(favourites.set({ productId: uuid(1), pinned: false }))).toEqual([uuid(3), uuid(2)]);
    expect(() => favourites.set({ productId: uuid(99), pinned: true })).toThrow(/PRODUCT_NOT_FOUND/);

    const again = new Favourites(new KeyValue(openTerminal()), catalog);
    expect(ids(again.list())).toEqual([uuid(3), uuid(2)]);
    await catalog.sync.pull();
    expect(again.list()).toMatchObject({ version: '6' });
    expect(ids(again.list())).toEqual([uuid(3)]);
  });

  it(`holds at most ${MAX_FAVOURITES}`, async () => {
    const many = Array.from({ length: MAX_FAVOURITES + 1 }, (_, i) => i + 1);
    const { catalog, favourites } = await till([page(many, '1')]);
    await catalog.sync.pull();
    for (const n of many.slice(0, MAX_FAVOURITES)) favourites.set({ productId: uuid(n), pinned: true });
    expect(() => favourites.set({ productId: uuid(MAX_FAVOURITES + 1), pinned: true })).toThrow(
      /FAVOURITES_FULL/,
    );
    expect(favourites.list().items).toHaveLength(MAX_FAVOURITES);
  });
});
