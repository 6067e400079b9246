/**
 * Local product search for the sell screen. Filtering happens on the cached catalog, so it
 * is instant and keeps working offline. Uzbek Latin is written with several apostrophe
 * look-alikes (o‘, oʻ, o', o`); they are folded to one so "go'sht" finds "go‘shti".
 */

/** The fields search looks at. */
export interface Searchable {
  name: string;
  sku: string;
  barcodes: readonly string[];
}

const APOSTROPHES = /[‘’ʻʼ`´']/g;

/** Lower-cases and folds apostrophes and whitespace so comparisons ignore how text was typed. */
export function normalize(text: string): string {
  return text.toLocaleLowerCase('uz').replace(APOSTROPHES, "'").replace(/\s+/g, ' ').trim();
}

/**
 * Products matching the query: an exact barcode match wins alone (a scanner types the code
 * and Enter); otherwise every word must appear in the name or the SKU.
 */
export function filterProducts<T extends Searchable>(products: readonly T[], query: string): readonly T[] {
  const q = normalize(query);
  if (!q) return products;
  const byBarcode = products.filter((p) => p.barcodes.includes(q));
  if (byBarcode.length) return byBarcode;
  const words = q.split(' ');
  return products.filter((p) => {
    const haystack = `${normalize(p.name)} ${normalize(p.sku)}`;
    return words.every((w) => haystack.includes(w));
  });
}
