/**
 * The till catalog's SQLite schema (see catalog-store.ts): the tables, the two FTS5 indexes whose
 * content is the product table, and the secondary indexes a bulk load builds at the end.
 */
export const SCHEMA = [
  `CREATE TABLE product (
     n                  INTEGER PRIMARY KEY,          -- rowid, shared with product_fts
     id                 TEXT NOT NULL UNIQUE,
     sku                TEXT NOT NULL,
     name               TEXT NOT NULL,
     name_ru            TEXT,
     name_en            TEXT,
     price              INTEGER NOT NULL,             -- tiyin
     vat_rate           INTEGER NOT NULL,
     ikpu               TEXT NOT NULL,
     package_code       TEXT NOT NULL,
     unit               TEXT NOT NULL,
     category_id        TEXT,
     active             INTEGER NOT NULL,
     marking_required   INTEGER NOT NULL,
     cashless_only      INTEGER NOT NULL,             -- alcohol, tobacco: no cash
     owner_type         TEXT NOT NULL,
     image_url          TEXT,
     barcodes           TEXT NOT NULL,                -- JSON array, as sent
     modifier_group_ids TEXT NOT NULL,                -- JSON array
     search_text        TEXT NOT NULL
   )`,
  `CREATE VIRTUAL TABLE product_fts USING fts5(search_text, content = 'product', content_rowid = 'n',
     tokenize = 'trigram')`,
  // Words of the search text with their first one and two characters indexed: a query of words
  // shorter than a trigram reads one posting list instead of scanning every product.
  `CREATE VIRTUAL TABLE product_prefix USING fts5(search_text, content = 'product', content_rowid = 'n',
     tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2', detail = 'none')`,
  'CREATE TABLE barcode (code TEXT PRIMARY KEY, product_id TEXT NOT NULL) WITHOUT ROWID',
  `CREATE TABLE store_price (product_id TEXT NOT NULL, store_id TEXT NOT NULL, price INTEGER NOT NULL,
     PRIMARY KEY (product_id, store_id)) WITHOUT ROWID`,
  'CREATE TABLE category (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT, active INTEGER NOT NULL)',
  `CREATE TABLE modifier_group (id TEXT PRIMARY KEY, name TEXT NOT NULL, required INTEGER NOT NULL,
     min_selections INTEGER NOT NULL, max_selections INTEGER NOT NULL, active INTEGER NOT NULL,
     options TEXT NOT NULL)`,
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
];
/** Indexes a bulk load drops and builds again at the end. */
export const SECONDARY_INDEXES = [
  // With `search_text`: a search of short words only (no trigram to use) scans this index, about
  // a third of the table's bytes, and reads a product row only for the matches it returns.
  'CREATE INDEX IF NOT EXISTS product_browse ON product (active, name, n, search_text)',
  'CREATE INDEX IF NOT EXISTS product_category ON product (category_id, active, name, n)',
  'CREATE INDEX IF NOT EXISTS product_sku ON product (sku COLLATE NOCASE)',
  'CREATE INDEX IF NOT EXISTS barcode_product ON barcode (product_id)',
];
export const SECONDARY_INDEX_NAMES = ['product_browse', 'product_category', 'product_sku', 'barcode_product'];
/**
 * 2: the search index's content is the product table; every product is indexed. 3: `cashless_only`.
 * 4: `product_prefix`, the word-prefix index of short queries.
 */
export const SCHEMA_VERSION = 4;
/** Page cache while bulk loading (KiB): the indexes are built from memory, not re-read. */
export const BULK_CACHE_KIB = 131_072;
