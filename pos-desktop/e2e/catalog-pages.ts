/**
 * Compact feed pages (format 1) built in tests as the server sends them, for the catalog store's
 * specs and the bulk-load child they kill.
 */
import Database from 'better-sqlite3';
import { type CompactPage, compactPageSchema } from '../src/main/catalog/compact-page.ts';

export interface Row {
  n: number;
  name: string;
  nameRu?: string;
  active?: boolean;
  price?: string;
  cashless?: boolean;
}

export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A format 1 page of `rows` as the till reads it. */
export function page(rows: Row[]): CompactPage {
  return compactPageSchema.parse(rawPage(rows));
}

/** A format 1 page of `rows` as the server sends it (columns, ids as base64 of 16 bytes). */
export function rawPage(rows: Row[]) {
  const ids = Buffer.concat(rows.map((r) => Buffer.from(uuid(r.n).replace(/-/g, ''), 'hex')));
  return {
    format: 1,
    products: {
      ids: ids.toString('base64'),
      sku: rows.map((r) => `SKU-${r.n}`),
      name: rows.map((r) => r.name),
      nameRu: rows.map((r) => r.nameRu ?? null),
      nameEn: rows.map(() => null),
      price: rows.map((r) => r.price ?? '1000.00'),
      vatRate: rows.map(() => 12),
      ikpu: rows.map(() => '10401001001000000'),
      packageCode: rows.map(() => '2009'),
      unit: rows.map(() => 'pcs'),
      categoryId: rows.map(() => null),
      active: rows.map((r) => r.active ?? true),
      markingRequired: rows.map(() => false),
      ownerType: rows.map(() => 'RESALE'),
      imageUrl: rows.map(() => null),
      barcodes: rows.map((r) => [`478${String(r.n).padStart(10, '0')}`]),
      storePrices: rows.map(() => []),
      modifierGroupIds: rows.map(() => []),
      // A column added to format 1 later: pages from an older server have none.
      ...(rows.some((r) => r.cashless !== undefined)
        ? { cashlessOnly: rows.map((r) => r.cashless ?? false) }
        : {}),
    },
    categories: [],
    modifierGroups: [],
    deleted: [],
  };
}

/** A word unique to product `n` among a million (no SKU or barcode contains it). */
export const loadTag = (n: number) => `qz${String(n).padStart(6, '0')}`;

/** Products `from`..`to` (inclusive) of a generated catalog, named by {@link loadTag}. */
export function loadRows(from: number, to: number): Row[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    n: from + i,
    name: `Somsa ${loadTag(from + i)}`,
    nameRu: `Самса ${loadTag(from + i)}`,
  }));
}

/**
 * True when both search indexes of the store at `path` hold exactly the product table's rows: FTS5's
 * own check against the content table (`rank` 1), which throws on any difference (its message otherwise).
 */
export function searchIndexesIntact(path: string): true | string {
  const db = new Database(path);
  try {
    for (const index of ['product_fts', 'product_prefix'])
      db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
    return true;
  } catch (error) {
    return String(error);
  } finally {
    db.close();
  }
}
