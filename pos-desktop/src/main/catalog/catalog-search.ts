/**
 * How the till catalog reads products (see catalog-store.ts for the search rules): the row a read
 * selects and its mapping to a `CatalogItem`, each product's normalised search text, and the
 * FROM/WHERE/ORDER BY of a search through the trigram and word-prefix indexes.
 */
import { formatMoney } from '@jowi/receipt';
import { searchNorm } from '@jowi/search-text';
import type { CatalogItem } from '../../shared/pos-catalog.ts';

export interface ProductRecord {
  n: number;
  id: string;
  sku: string;
  name: string;
  name_ru: string | null;
  name_en: string | null;
  price: number | bigint;
  own_price: number | bigint | null;
  vat_rate: number;
  ikpu: string;
  package_code: string;
  unit: string;
  category_id: string | null;
  marking_required: number;
  cashless_only: number;
  owner_type: string;
  image_url: string | null;
  barcodes: string;
  modifier_group_ids: string;
}

/** The product columns of a read, with the store's own price when `@store` has one. */
export const ITEM_SELECT = `p.n, p.id, p.sku, p.name, p.name_ru, p.name_en, p.price, p.vat_rate, p.ikpu, p.package_code,
  p.unit, p.category_id, p.marking_required, p.cashless_only, p.owner_type, p.image_url, p.barcodes, p.modifier_group_ids,
  (SELECT s.price FROM store_price s WHERE s.product_id = p.id AND s.store_id = @store) AS own_price`;

/** The normalised search text of a product: names, SKU and barcodes, each word once. */
export function productSearchText(parts: readonly (string | null | undefined)[]): string {
  const words = searchNorm(parts.filter(Boolean).join(' ')).split(/\s+/).filter(Boolean);
  return [...new Set(words)].join(' ');
}

function tiyin(value: number | bigint): string {
  return formatMoney(BigInt(value));
}

export function toItem(r: ProductRecord): CatalogItem {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    names: { ru: r.name_ru, en: r.name_en },
    price: tiyin(r.own_price ?? r.price),
    basePrice: tiyin(r.price),
    vatRate: r.vat_rate,
    ikpu: r.ikpu,
    packageCode: r.package_code,
    unit: r.unit,
    categoryId: r.category_id,
    ownerType: r.owner_type,
    markingRequired: r.marking_required === 1,
    cashlessOnly: r.cashless_only === 1,
    imageUrl: r.image_url,
    barcodes: JSON.parse(r.barcodes) as string[],
    modifierGroupIds: JSON.parse(r.modifier_group_ids) as string[],
  };
}

/**
 * FROM, WHERE and ORDER BY of a search for normalised `words` (parameters added to `params`):
 * words of three characters or more through the FTS5 trigram index (in index order), shorter ones
 * as LIKE filters; when all words are shorter, word prefixes from `product_prefix` (in index order;
 * by name through LIKE only for a word the prefix index cannot hold as one token, e.g. `5%`).
 */
export function searchClauses(
  words: string[],
  params: Record<string, unknown>,
): { from: string; where: string[]; order: string } {
  const long = words.filter((w) => w.length >= 3);
  const where = ['p.active = 1'];
  if (long.length === 0 && words.every((w) => WORD_CHARS.test(w))) {
    // Only the first keystrokes of words: products with a word starting so, from the prefix index.
    params.prefix = words.map((w) => `${phrase(w)}*`).join(' AND ');
    where.push('product_prefix MATCH @prefix');
    return { from: 'product_prefix x JOIN product p ON p.n = x.rowid', where, order: '' };
  }
  words
    .filter((w) => w.length < 3)
    .forEach((w, i) => {
      params[`w${i}`] = containsPattern(w);
      where.push(`p.search_text LIKE @w${i} ESCAPE '\\'`);
    });
  if (long.length === 0) return { from: 'product p', where, order: 'ORDER BY p.name, p.n' };
  params.match = long.map(phrase).join(' AND ');
  where.push('product_fts MATCH @match');
  return { from: 'product_fts f JOIN product p ON p.n = f.rowid', where, order: '' };
}

/** A word the prefix index holds as one token (unicode61 splits on everything else). */
const WORD_CHARS = /^[\p{L}\p{N}]+$/u;

/** A LIKE pattern for a normalised word: `%`, `_` and the escape character taken literally. */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase for a word (double quotes doubled): a substring match with the trigram tokenizer. */
export function phrase(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}
