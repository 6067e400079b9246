/**
 * The catalog's search rules in TypeScript: the same normalisation as the catalog subgraph's SQL
 * function `catalog.search_norm` (migration 1764500000100), so the POS's local search and the
 * server's find the same products for the same keystrokes — "плов", "PLOV" and "plov" alike,
 * "lag'mon" and "lagmon" alike. A spec in the catalog subgraph compares the two on real
 * PostgreSQL; change both together (the SQL one through a new migration).
 */

/** Cyrillic letters written with two Latin letters (or a different one) in Uzbek Latin. */
const MULTI: Readonly<Record<string, string>> = {
  ё: 'yo',
  ж: 'j',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ю: 'yu',
  я: 'ya',
  ғ: 'g',
};
const SINGLE_FROM = 'абвгдезийклмнопрстуфхыэўқҳ';
const SINGLE_TO = 'abvgdeziyklmnoprstufxieoqh';
/** Hard/soft signs and every apostrophe Uzbek Latin is typed with (oʻ, gʻ, lag'mon): dropped. */
const DROPPED = new Set(['ъ', 'ь', "'", 'ʻ', 'ʼ', '’', '‘', '`']);

const TABLE = new Map<string, string>([
  ...Object.entries(MULTI),
  ...[...SINGLE_FROM].map((c, i): [string, string] => [c, SINGLE_TO[i]!]),
  ...[...DROPPED].map((c): [string, string] => [c, '']),
]);

/** `text` normalised for search: lower case, Cyrillic transliterated, apostrophes and signs dropped. */
export function searchNorm(text: string | null | undefined): string {
  let out = '';
  for (const char of (text ?? '').toLowerCase()) out += TABLE.get(char) ?? char;
  return out;
}

/**
 * The normalised words of a query as the catalog subgraph takes them (the first `limit` words, then
 * normalised; empty ones dropped): a product matches when its search text contains every word.
 */
export function searchWords(query: string | null | undefined, limit = 8): string[] {
  return (query ?? '').trim().split(/\s+/).filter(Boolean).slice(0, limit).map(searchNorm).filter(Boolean);
}
