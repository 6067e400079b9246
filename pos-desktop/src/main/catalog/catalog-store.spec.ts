/**
 * The catalog store on its own (no backend): a first sync is a bulk load whose indexes and search
 * index are built at the end — also when the load was cut short and the store is opened again —
 * and later pages keep the search index in step with the table (a renamed product is found by its
 * new name only, an archived one not at all).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { page, searchIndexesIntact, uuid } from '../../../e2e/catalog-pages.ts';
import { CatalogStore } from './catalog-store.ts';
import { compactPageSchema } from './compact-page.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jowi-catalog-store-'));
  dirs.push(dir);
  return join(dir, 'catalog.sqlite');
}

const names = (store: CatalogStore, query: string) =>
  store.search({ query, limit: 200 }, null).items.map((i) => i.name);

/** A word no SKU or barcode contains, unique per product. */
const tag = (n: number) => `qz${String(n).padStart(3, '0')}`;

const bulkRows = Array.from({ length: 300 }, (_, i) => ({
  n: i + 1,
  name: `${i % 2 ? "Lag'mon" : 'Somsa'} ${tag(i + 1)}`,
  nameRu: `${i % 2 ? 'Лағмон' : 'Самса'} ${tag(i + 1)}`,
}));

describe('the catalog store', () => {
  it('bulk loads an empty store and builds its search index at the end', () => {
    const store = new CatalogStore(file());
    expect(store.beginBulkLoad()).toBe(true);
    store.apply(page(bulkRows.slice(0, 150)), '150');
    store.apply(page(bulkRows.slice(150)), '300');
    store.endBulkLoad();
    expect(store.count()).toBe(300);
    expect(names(store, 'самса qz01')).toEqual([
      'Somsa qz011',
      'Somsa qz013',
      'Somsa qz015',
      'Somsa qz017',
      'Somsa qz019',
    ]);
    expect(names(store, 'lagmon qz030')).toEqual(["Lag'mon qz030"]);
    expect(store.byBarcode('4780000000042', null)?.sku).toBe('SKU-42');
    expect(store.browse({ offset: 0, limit: 2 }, null).items.map((i) => i.name)).toEqual([
      "Lag'mon qz002",
      "Lag'mon qz004",
    ]);
    // A store that holds a catalog is never bulk loaded again.
    expect(store.beginBulkLoad()).toBe(false);
    store.close();
  });

  it('finishes a bulk load cut short when the store is opened again', () => {
    const path = file();
    const first = new CatalogStore(path);
    first.beginBulkLoad();
    first.apply(page(bulkRows.slice(0, 100)), '100');
    first.close();
    const reopened = new CatalogStore(path);
    expect(reopened.version()).toBe('100');
    expect(names(reopened, 'somsa qz099')).toEqual(['Somsa qz099']);
    expect(reopened.beginBulkLoad()).toBe(false);
    reopened.close();
  });

  it('indexes each page of a bulk load for search in its own transaction, before the load ends', () => {
    const path = file();
    const store = new CatalogStore(path);
    store.beginBulkLoad();
    store.apply(page(bulkRows.slice(0, 150)), '150');
    // Searchable while the next page downloads: the end of the load only builds the other indexes.
    expect(names(store, 'somsa qz14')).toEqual([
      'Somsa qz141',
      'Somsa qz143',
      'Somsa qz145',
      'Somsa qz147',
      'Somsa qz149',
    ]);
    expect(names(store, 'са')).toHaveLength(75);
    // The same product again later in the load (changed while the pull ran): found by its new name only.
    store.apply(page([...bulkRows.slice(150), { n: 141, name: 'Choy qz141' }]), '301');
    expect(names(store, 'qz141')).toEqual(['Choy qz141']);
    expect(names(store, 'ch')).toEqual(['Choy qz141']);
    store.endBulkLoad();
    expect(names(store, 'somsa qz14')).toEqual(['Somsa qz143', 'Somsa qz145', 'Somsa qz147', 'Somsa qz149']);
    expect(searchIndexesIntact(path)).toBe(true);
    store.close();
  });

  it('rebuilds the search indexes of a bulk load an older app began (its pages skipped them)', () => {
    const path = file();
    const first = new CatalogStore(path);
    first.beginBulkLoad();
    first.apply(page(bulkRows.slice(0, 100)), '100');
    first.close();
    // What the older app left: the rows without their search entries, and its flag.
    const raw = new Database(path);
    raw.exec("INSERT INTO product_fts (product_fts) VALUES ('delete-all')");
    raw.exec("INSERT INTO product_prefix (product_prefix) VALUES ('delete-all')");
    raw.prepare("UPDATE meta SET value = '1' WHERE key = 'bulk'").run();
    raw.close();
    const reopened = new CatalogStore(path);
    expect(names(reopened, 'somsa qz099')).toEqual(['Somsa qz099']);
    expect(names(reopened, 'so qz099')).toEqual(['Somsa qz099']);
    expect(searchIndexesIntact(path)).toBe(true);
    reopened.close();
  });

  it('keeps the search index in step when pages rename, reprice and archive products', () => {
    const store = new CatalogStore(file());
    store.beginBulkLoad();
    store.apply(page(bulkRows), '300');
    store.endBulkLoad();
    store.apply(
      page([
        { n: 7, name: 'Choy qz007', nameRu: 'Чой qz007', price: '2500.00' },
        { n: 9, name: 'Somsa qz009', active: false },
      ]),
      '302',
    );
    expect(names(store, 'choy qz007')).toEqual(['Choy qz007']);
    expect(names(store, 'чой')).toEqual(['Choy qz007']);
    // Renamed (no longer a Somsa) and archived (out of search and the scanner):
    expect(names(store, 'somsa qz00')).toEqual(['Somsa qz001', 'Somsa qz003', 'Somsa qz005']);
    expect(store.product(uuid(7), null)?.price).toBe('2500.00');
    expect(store.byBarcode('4780000000009', null)).toBeNull();
    expect(store.count()).toBe(299);
    // Back again: found under its name and its barcode.
    store.apply(page([{ n: 9, name: 'Somsa qz009' }]), '303');
    expect(names(store, 'somsa qz00')).toEqual(['Somsa qz001', 'Somsa qz003', 'Somsa qz005', 'Somsa qz009']);
    expect(store.byBarcode('4780000000009', null)?.name).toBe('Somsa qz009');
    expect(store.count()).toBe(300);
    store.close();
  });

  it('answers the first keystrokes of a word from the word-prefix index, kept in step with pages', () => {
    const store = new CatalogStore(file());
    store.beginBulkLoad();
    store.apply(
      page([
        { n: 1, name: 'Acer qz001' },
        { n: 2, name: 'Olma qz002', nameRu: 'Яблоко qz002' },
        { n: 3, name: 'Zaytun qz003' },
        { n: 4, name: 'Nok qz004' },
      ]),
      '4',
    );
    store.endBulkLoad();
    // A word starting so, in any of the product's names (Cyrillic transliterated), SKU or barcode:
    expect(names(store, 'Ac')).toEqual(['Acer qz001']);
    expect(names(store, 'я')).toEqual(['Olma qz002']);
    expect(names(store, 'za')).toEqual(['Zaytun qz003']);
    expect(names(store, 'ok')).toEqual([]);
    expect(names(store, 'o n')).toEqual([]);
    expect(names(store, 'o q')).toEqual(['Olma qz002']);
    expect(store.search({ query: 'q', limit: 2 }, null)).toMatchObject({ total: 4, capped: false });
    // A word the prefix index cannot hold as one token still matches as a substring.
    expect(names(store, 'u-')).toHaveLength(4);
    // Renamed, archived and new products through later pages:
    store.apply(
      page([
        { n: 1, name: 'Lenovo qz001' },
        { n: 3, name: 'Zaytun qz003', active: false },
        { n: 5, name: 'Acme qz005' },
      ]),
      '7',
    );
    expect(names(store, 'ac')).toEqual(['Acme qz005']);
    expect(names(store, 'le')).toEqual(['Lenovo qz001']);
    expect(names(store, 'za')).toEqual([]);
    store.close();
  });

  it('keeps the cash-less flag of each product (alcohol, tobacco), and reads a page without it as false', () => {
    const store = new CatalogStore(file());
    store.apply(
      page([
        { n: 1, name: 'Vino qz001', cashless: true },
        { n: 2, name: 'Non qz002', cashless: false },
      ]),
      '2',
    );
    store.apply(page([{ n: 3, name: 'Choy qz003' }]), '3');
    expect(store.product(uuid(1), null)?.cashlessOnly).toBe(true);
    expect(store.byBarcode('4780000000001', null)?.cashlessOnly).toBe(true);
    expect(store.product(uuid(2), null)?.cashlessOnly).toBe(false);
    expect(store.product(uuid(3), null)?.cashlessOnly).toBe(false);
    // No longer cash-less after a later change.
    store.apply(page([{ n: 1, name: 'Vino qz001', cashless: false }]), '4');
    expect(store.product(uuid(1), null)?.cashlessOnly).toBe(false);
    store.close();
  });

  it('refuses a page whose product columns disagree or hold a wrong value', () => {
    const good = {
      format: 1,
      products: { ...page([]).products, ids: '' },
      categories: [],
      modifierGroups: [],
      deleted: [],
    };
    const empty = Object.fromEntries(
      Object.entries(good.products).map(([k, v]) => [k, Array.isArray(v) ? [] : v]),
    );
    const base = { ...good, products: { ...empty, ids: '' } };
    delete (base.products as Record<string, unknown>).count;
    expect(compactPageSchema.safeParse(base).success).toBe(true);
    const one = Buffer.alloc(16, 1).toString('base64');
    expect(compactPageSchema.safeParse({ ...base, products: { ...base.products, ids: one } }).success).toBe(
      false,
    );
    const row = page([{ n: 1, name: 'Non' }]);
    const raw = {
      ...base,
      products: {
        ...Object.fromEntries(Object.entries(row.products).filter(([k]) => k !== 'count')),
        ids: Buffer.from(uuid(1).replace(/-/g, ''), 'hex').toString('base64'),
        storePrices: [[]],
      },
    };
    expect(compactPageSchema.safeParse(raw).success).toBe(true);
    expect(
      compactPageSchema.safeParse({ ...raw, products: { ...raw.products, price: ['12.5'] } }).success,
    ).toBe(false);
    expect(
      compactPageSchema.safeParse({ ...raw, products: { ...raw.products, vatRate: ['12'] } }).success,
    ).toBe(false);
  });
});
