/**
 * The till's catalog: a SQLite file of its own beside the terminal's outbox store
 * (`terminals/<terminalId>.catalog.sqlite`).
 *
 * Why a separate file: the catalog is a copy the server can always send again, the outbox is the
 * only record of a sale. The catalog is written in large batches (a full pull is 100 000 products)
 * with `synchronous=NORMAL` — a power cut may lose the last page, and the cursor committed with
 * each page makes the next pull fetch it again — while the outbox keeps `synchronous=FULL` and
 * never waits behind a catalog write. Losing or deleting this file costs one full pull.
 *
 * Search follows the server's rules (`@jowi/search-text`): each product's names, SKU and barcodes
 * are normalised into `search_text` (each word once); a query matches when `search_text` contains
 * every normalised word. Words of three characters or more go through an FTS5 trigram index
 * (substring search without a scan) whose content is the `product` table itself (external
 * content: the text is stored once); shorter ones filter the candidates with LIKE. A query of
 * only shorter words (the first one or two keystrokes of a word) matches products with a word
 * *starting* so, read from a second FTS5 index of word prefixes (`product_prefix`, prefixes of one
 * and two characters) instead of a LIKE scan of every product. A query that is
 * a stored barcode or a SKU puts that product first. Every product row is in the index, archived
 * ones too (reads filter on `active`), so the index always mirrors the table.
 *
 * Every page of the feed is applied in one transaction together with the cursor it leads to, so
 * the store always holds exactly the server's catalog at some version.
 *
 * A first sync (an empty store) is a bulk load ({@link CatalogStore.beginBulkLoad}): pages go in
 * without the secondary indexes, which are built once at the end from the stored rows. The two
 * search indexes are kept page by page, in each page's own transaction: that work overlaps the
 * download of the next page instead of waiting after the last one (it was two `rebuild`s there,
 * about 4 s of the till's CPU at 100 000 products, docs/performance.md), and a stored page is
 * searchable at once. A bulk load cut short (the app closed or killed, the network gone) is
 * finished when the store is next opened or the pull ends: the store holds whole pages only, each
 * with its search entries, so whatever was stored is always searchable and the pull resumes from
 * the stored cursor.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseMoney } from '@jowi/receipt';
import { searchWords } from '@jowi/search-text';
import Database from 'better-sqlite3';
import type {
  CatalogCategory,
  CatalogItem,
  CatalogModifierGroup,
  CatalogSlice,
} from '../../shared/pos-catalog.ts';
import {
  BULK_CACHE_KIB,
  SCHEMA,
  SCHEMA_VERSION,
  SECONDARY_INDEX_NAMES,
  SECONDARY_INDEXES,
} from './catalog-schema.ts';
import {
  ITEM_SELECT,
  type ProductRecord,
  productSearchText,
  searchClauses,
  toItem,
} from './catalog-search.ts';
import type { CompactPage, FeedCategory, FeedModifierGroup, ProductColumns } from './compact-page.ts';

export { productSearchText } from './catalog-search.ts';

export const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;
/** A search counts its matches up to this many (`capped` beyond): counting all would cost a scan. */
export const COUNT_CAP = 1000;
/**
 * The `bulk` meta value of a bulk load whose pages keep the search indexes (each page's rows are
 * indexed in the page's own transaction, while the next page downloads). `'1'`, written by an older
 * app, marks a load whose search indexes are still to be rebuilt at its end.
 */
const BULK_SEARCH_KEPT = 'search-kept';

export class CatalogStore {
  private readonly db: Database.Database;
  private readonly stmts;
  /** Active products per category (`''` for all), counted once per catalog version. */
  private readonly counts = new Map<string, number>();
  private bulk = false;

  /**
   * `writer`: the connection of the store's writer thread (`catalog-writer-worker.ts`), opened
   * while the main thread's store may have a bulk load under way — it joins that load (its large
   * page cache) instead of finishing it.
   */
  constructor(file: string, options: { writer?: boolean } = {}) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file);
    try {
      chmodSync(file, 0o600);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.stmts = {
      productN: db.prepare<[string], { n: number; search_text: string }>(
        'SELECT n, search_text FROM product WHERE id = ?',
      ),
      // Positional parameters: a page of 20 000 products binds no object per row.
      insertProduct: db.prepare(
        `INSERT INTO product (id, sku, name, name_ru, name_en, price, vat_rate, ikpu, package_code, unit, category_id,
           active, marking_required, cashless_only, owner_type, image_url, barcodes, modifier_group_ids, search_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateProduct: db.prepare(
        `UPDATE product SET id = ?, sku = ?, name = ?, name_ru = ?, name_en = ?, price = ?, vat_rate = ?, ikpu = ?,
           package_code = ?, unit = ?, category_id = ?, active = ?, marking_required = ?, cashless_only = ?, owner_type = ?,
           image_url = ?, barcodes = ?, modifier_group_ids = ?, search_text = ?
         WHERE n = ?`,
      ),
      deleteProduct: db.prepare<[string]>('DELETE FROM product WHERE id = ?'),
      insertFts: db.prepare<[number, string]>('INSERT INTO product_fts (rowid, search_text) VALUES (?, ?)'),
      insertPrefix: db.prepare<[number, string]>(
        'INSERT INTO product_prefix (rowid, search_text) VALUES (?, ?)',
      ),
      // External content: the index forgets a row by being told the text it indexed.
      deleteFts: db.prepare<[number, string]>(
        "INSERT INTO product_fts (product_fts, rowid, search_text) VALUES ('delete', ?, ?)",
      ),
      deletePrefix: db.prepare<[number, string]>(
        "INSERT INTO product_prefix (product_prefix, rowid, search_text) VALUES ('delete', ?, ?)",
      ),
      deleteBarcodes: db.prepare<[string]>('DELETE FROM barcode WHERE product_id = ?'),
      // A barcode moved to another product replaces the old owner's row.
      insertBarcode: db.prepare<[string, string]>(
        'INSERT OR REPLACE INTO barcode (code, product_id) VALUES (?, ?)',
      ),
      deleteStorePrices: db.prepare<[string]>('DELETE FROM store_price WHERE product_id = ?'),
      insertStorePrice: db.prepare<[string, string, bigint]>(
        'INSERT INTO store_price (product_id, store_id, price) VALUES (?, ?, ?)',
      ),
      upsertCategory: db.prepare(
        `INSERT INTO category (id, name, parent_id, active) VALUES (@id, @name, @parentId, @active)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, active = excluded.active`,
      ),
      deleteCategory: db.prepare<[string]>('DELETE FROM category WHERE id = ?'),
      upsertGroup: db.prepare(
        `INSERT INTO modifier_group (id, name, required, min_selections, max_selections, active, options)
         VALUES (@id, @name, @required, @minSelections, @maxSelections, @active, @options)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, required = excluded.required,
           min_selections = excluded.min_selections, max_selections = excluded.max_selections,
           active = excluded.active, options = excluded.options`,
      ),
      deleteGroup: db.prepare<[string]>('DELETE FROM modifier_group WHERE id = ?'),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      deleteMeta: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),
      count: db.prepare<[], { c: number }>('SELECT count(*) AS c FROM product WHERE active = 1'),
      countIn: db.prepare<[string], { c: number }>(
        'SELECT count(*) AS c FROM product WHERE category_id = ? AND active = 1',
      ),
      byId: db.prepare(`SELECT ${ITEM_SELECT} FROM product p WHERE p.id = @id AND p.active = 1`),
      byBarcode: db.prepare(
        `SELECT ${ITEM_SELECT} FROM barcode b JOIN product p ON p.id = b.product_id
          WHERE b.code = @code AND p.active = 1`,
      ),
      // Every product the catalog holds, archived too: a line rung up before an archive is still
      // the same goods. `json_each` binds the whole id list as one parameter.
      cashlessOf: db.prepare<[string], { id: string }>(
        'SELECT p.id FROM product p JOIN json_each(?) j ON j.value = p.id WHERE p.cashless_only = 1',
      ),
      bySku: db.prepare(
        `SELECT ${ITEM_SELECT} FROM product p WHERE p.sku = @sku COLLATE NOCASE AND p.active = 1 LIMIT 1`,
      ),
    };
    if (options.writer) {
      this.bulk = this.meta('bulk') !== null;
      if (this.bulk) this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    }
    // A bulk load the app did not finish (closed mid-pull): finish it, so what is stored is searchable.
    else if (this.meta('bulk') !== null) this.endBulkLoad();
  }

  /**
   * Another connection (the writer thread) changed the store: forget what was counted, and end
   * this connection's part of a bulk load the writer finished.
   */
  changed(): void {
    this.counts.clear();
    if (this.bulk && this.meta('bulk') === null) {
      this.db.pragma('cache_size = -2000');
      this.bulk = false;
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    // A copy of the server's data: a file of another version is rebuilt by the next full pull.
    this.db.transaction(() => {
      for (const { name, type } of this.db
        .prepare<[], { name: string; type: string }>(
          "SELECT name, type FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'product_fts_%' AND name NOT LIKE 'product_prefix_%'",
        )
        .all())
        this.db.exec(`DROP ${type.toUpperCase()} IF EXISTS "${name}"`);
      for (const sql of [...SCHEMA, ...SECONDARY_INDEXES]) this.db.exec(sql);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  close(): void {
    this.db.close();
  }

  /** The store's SQLite file (a writer thread opens a connection of its own to it). */
  get file(): string {
    return this.db.name;
  }

  /** The catalog version held (the feed cursor), or null before the first page. */
  version(): string | null {
    return this.meta('cursor');
  }

  meta(key: string): string | null {
    return this.stmts.getMeta.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  /** Active products stored. */
  count(): number {
    return this.activeCount(null);
  }

  private activeCount(categoryId: string | null): number {
    const key = categoryId ?? '';
    let c = this.counts.get(key);
    if (c === undefined) {
      c = categoryId === null ? this.stmts.count.get()!.c : this.stmts.countIn.get(categoryId)!.c;
      this.counts.set(key, c);
    }
    return c;
  }

  /**
   * Starts a bulk load when the store holds no catalog yet (returns whether it did): the secondary
   * indexes are dropped until {@link endBulkLoad}; pages still keep the search indexes.
   */
  beginBulkLoad(): boolean {
    if (this.version() !== null || this.bulk) return false;
    this.db.transaction(() => {
      for (const name of SECONDARY_INDEX_NAMES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
      this.stmts.setMeta.run('bulk', BULK_SEARCH_KEPT);
    })();
    this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    this.bulk = true;
    return true;
  }

  /**
   * Builds what a bulk load skipped (the secondary indexes) in one transaction; idempotent. The
   * search indexes were kept page by page; only a load an older app began (which skipped them
   * too) has them rebuilt here.
   */
  endBulkLoad(): void {
    const bulk = this.meta('bulk');
    const legacy = bulk !== null && bulk !== BULK_SEARCH_KEPT;
    this.db
      .transaction(() => {
        for (const sql of SECONDARY_INDEXES) this.db.exec(sql);
        if (legacy) {
          this.db.exec("INSERT INTO product_fts (product_fts) VALUES ('rebuild')");
          this.db.exec("INSERT INTO product_prefix (product_prefix) VALUES ('rebuild')");
        }
        this.stmts.deleteMeta.run('bulk');
      })
      .immediate();
    this.db.pragma('cache_size = -2000');
    this.bulk = false;
    this.counts.clear();
  }

  /** Applies one page of the feed and records `cursor`, in one transaction. */
  apply(page: CompactPage, cursor: string): void {
    // IMMEDIATE: the write lock is waited for (busy_timeout) before the page's first read — a
    // deferred transaction that read first could not wait for another connection's write.
    this.db
      .transaction(() => {
        for (const category of page.categories) this.putCategory(category);
        for (const group of page.modifierGroups) this.putGroup(group);
        this.putProducts(page.products);
        for (const [entity, id] of page.deleted) this.remove(entity, id);
        this.stmts.setMeta.run('cursor', cursor);
      })
      .immediate();
    this.counts.clear();
  }

  private putProducts(c: ProductColumns): void {
    const { stmts } = this;
    for (let i = 0; i < c.count; i++) {
      const id = c.ids[i]!;
      const active = c.active[i]!;
      const barcodes = c.barcodes[i]!;
      const searchText = productSearchText([c.name[i], c.nameRu[i], c.nameEn[i], c.sku[i], ...barcodes]);
      const values = [
        id,
        c.sku[i],
        c.name[i],
        c.nameRu[i],
        c.nameEn[i],
        parseMoney(c.price[i]!),
        c.vatRate[i],
        c.ikpu[i],
        c.packageCode[i],
        c.unit[i],
        c.categoryId[i],
        active ? 1 : 0,
        c.markingRequired[i] ? 1 : 0,
        c.cashlessOnly[i] ? 1 : 0,
        c.ownerType[i],
        c.imageUrl[i],
        JSON.stringify(barcodes),
        JSON.stringify(c.modifierGroupIds[i]),
        searchText,
      ];
      const existing = stmts.productN.get(id);
      let n: number;
      if (existing) {
        n = existing.n;
        stmts.deleteFts.run(n, existing.search_text);
        stmts.deletePrefix.run(n, existing.search_text);
        stmts.updateProduct.run(...values, n);
        stmts.deleteBarcodes.run(id);
        stmts.deleteStorePrices.run(id);
      } else {
        n = Number(stmts.insertProduct.run(...values).lastInsertRowid);
      }
      stmts.insertFts.run(n, searchText);
      stmts.insertPrefix.run(n, searchText);
      // Archived products stay (an old receipt may name them) but leave the scanner.
      if (!active) continue;
      for (const code of barcodes) stmts.insertBarcode.run(code, id);
      for (const [storeId, price] of c.storePrices[i]!)
        stmts.insertStorePrice.run(id, storeId, parseMoney(price));
    }
  }

  private putCategory(c: FeedCategory): void {
    this.stmts.upsertCategory.run({ ...c, active: c.active ? 1 : 0 });
  }

  private putGroup(g: FeedModifierGroup): void {
    this.stmts.upsertGroup.run({
      ...g,
      required: g.required ? 1 : 0,
      active: g.active ? 1 : 0,
      options: JSON.stringify(g.options),
    });
  }

  private remove(entity: string, id: string): void {
    if (entity === 'CATEGORY') this.stmts.deleteCategory.run(id);
    else if (entity === 'MODIFIER_GROUP') this.stmts.deleteGroup.run(id);
    else {
      const existing = this.stmts.productN.get(id);
      if (!existing) return;
      this.stmts.deleteFts.run(existing.n, existing.search_text);
      this.stmts.deletePrefix.run(existing.n, existing.search_text);
      this.stmts.deleteBarcodes.run(id);
      this.stmts.deleteStorePrices.run(id);
      this.stmts.deleteProduct.run(id);
    }
  }

  product(id: string, storeId: string | null): CatalogItem | null {
    const row = this.stmts.byId.get({ id, store: storeId }) as ProductRecord | undefined;
    return row ? toItem(row) : null;
  }

  /**
   * Of these product ids, the ones the catalog marks `cashlessOnly` (alcohol, tobacco), archived
   * products included (ids compared lower-case). The POS host checks a sale's payments against this, not the renderer's flags.
   */
  cashlessOnly(ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const lower = ids.map((id) => id.toLowerCase());
    return new Set(this.stmts.cashlessOf.all(JSON.stringify(lower)).map((row) => row.id));
  }

  byBarcode(code: string, storeId: string | null): CatalogItem | null {
    const row = this.stmts.byBarcode.get({ code, store: storeId }) as ProductRecord | undefined;
    return row ? toItem(row) : null;
  }

  /** Active products by name, of one category or all, as a window of the whole list. */
  browse(
    input: { categoryId?: string | null; offset?: number; limit?: number },
    storeId: string | null,
  ): CatalogSlice {
    const { offset, limit } = window(input);
    const where = input.categoryId ? 'p.active = 1 AND p.category_id = @category' : 'p.active = 1';
    const params = { store: storeId, category: input.categoryId ?? null, offset, limit };
    const total = this.activeCount(input.categoryId ?? null);
    const rows = this.db
      .prepare(
        `SELECT ${ITEM_SELECT} FROM product p WHERE ${where} ORDER BY p.name, p.n LIMIT @limit OFFSET @offset`,
      )
      .all(params) as ProductRecord[];
    return { total, capped: false, offset, items: rows.map(toItem) };
  }

  /**
   * Products whose search text holds every word of `query` — after the product with that exact
   * barcode, or else that exact SKU (what a scanner or a cashier typing a code wants). Matches of
   * the trigram index come in index order (the order the feed stored them: by category, then name)
   * so a common word stops at the page instead of sorting every match; so do matches of short
   * words alone (word prefixes). `total` stops counting at {@link COUNT_CAP}.
   */
  search(
    input: { query: string; categoryId?: string | null; offset?: number; limit?: number },
    storeId: string | null,
  ): CatalogSlice {
    const { offset, limit } = window(input);
    const words = searchWords(input.query);
    if (words.length === 0) return this.browse(input, storeId);
    const params: Record<string, unknown> = {
      store: storeId,
      category: input.categoryId ?? null,
      offset,
      limit,
    };
    const { from, where, order } = searchClauses(words, params);
    if (input.categoryId) where.push('p.category_id = @category');
    const sql = `FROM ${from} WHERE ${where.join(' AND ')}`;
    const counted = (
      this.db.prepare(`SELECT count(*) AS c FROM (SELECT 1 ${sql} LIMIT ${COUNT_CAP})`).get(params) as {
        c: number;
      }
    ).c;
    const rows = this.db
      .prepare(`SELECT ${ITEM_SELECT} ${sql} ${order} LIMIT @limit OFFSET @offset`)
      .all(params) as ProductRecord[];
    const items = rows.map(toItem);
    const exact = this.exact(input.query.trim(), storeId);
    if (exact && offset === 0 && (!input.categoryId || exact.categoryId === input.categoryId)) {
      const rest = items.filter((item) => item.id !== exact.id);
      return {
        total: counted,
        capped: counted >= COUNT_CAP,
        offset,
        items: [exact, ...rest].slice(0, limit),
      };
    }
    return { total: counted, capped: counted >= COUNT_CAP, offset, items };
  }

  /** The product a scanned barcode or a typed SKU names exactly, if any. */
  private exact(code: string, storeId: string | null): CatalogItem | null {
    if (!code) return null;
    const row = (this.stmts.byBarcode.get({ code, store: storeId }) ??
      this.stmts.bySku.get({ sku: code, store: storeId })) as ProductRecord | undefined;
    return row ? toItem(row) : null;
  }

  /** Active categories by name, with their active products counted. */
  categories(): CatalogCategory[] {
    return this.db
      .prepare<[], CatalogCategory>(
        `SELECT c.id, c.name, c.parent_id AS parentId,
                (SELECT count(*) FROM product p WHERE p.category_id = c.id AND p.active = 1) AS productCount
           FROM category c WHERE c.active = 1 ORDER BY c.name, c.id`,
      )
      .all();
  }

  /** Active modifier groups with these ids, in the order asked (unknown ids skipped). */
  modifierGroups(ids: readonly string[]): CatalogModifierGroup[] {
    const get = this.db.prepare<
      [string],
      {
        id: string;
        name: string;
        required: number;
        min_selections: number;
        max_selections: number;
        options: string;
      }
    >('SELECT * FROM modifier_group WHERE id = ? AND active = 1');
    return ids.flatMap((id) => {
      const g = get.get(id);
      if (!g) return [];
      return [
        {
          id: g.id,
          name: g.name,
          required: g.required === 1,
          minSelections: g.min_selections,
          maxSelections: g.max_selections,
          options: JSON.parse(g.options) as CatalogModifierGroup['options'],
        },
      ];
    });
  }
}

function window(input: { offset?: number; limit?: number }): { offset: number; limit: number } {
  return {
    offset: Math.max(0, Math.floor(input.offset ?? 0)),
    limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(input.limit ?? DEFAULT_LIMIT))),
  };
}
