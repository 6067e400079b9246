/**
 * The shared search rules (`@jowi/search-text`, which the POS's local catalog uses) normalise
 * exactly as the catalog's SQL `catalog.search_norm` builds `search_text` on real PostgreSQL.
 */
import { searchNorm, searchWords } from '@jowi/search-text';
import { describe, expect, it } from 'vitest';
import { fixture, useCatalogFixture } from './catalog.fixtures.ts';

useCatalogFixture();

const SAMPLES = [
  'ПЛОВ Самарқанд',
  'Лағмон',
  "lag'mon LAGʻMON lagʼmon lag’mon lag‘mon lag`mon",
  'Ёғ, Жўхори, Цемент, Чой, Шакар, Щи, Юмшоқ, Ячмень',
  'Объект Подъезд Соль Ҳалва Қатиқ Ўрик',
  'Ыэ ёЁ ЪЬ',
  'Coca-Cola 1.5L 4780000000014',
  'oʻrik gʻisht',
  '',
];

describe('search normalisation shared with the POS', () => {
  it('matches catalog.search_norm for Cyrillic, apostrophes, SKUs and barcodes', async () => {
    const rows = await fixture.db.admin<{ n: string }>(
      'SELECT catalog.search_norm(t) AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o) ORDER BY o',
      [SAMPLES],
    );
    expect(SAMPLES.map(searchNorm)).toEqual(rows.map((r) => r.n));
    expect(searchNorm('Лағмон')).toBe('lagmon');
    expect(searchNorm("Lag'mon")).toBe('lagmon');
  });

  it('splits a query into normalised words as the products search does', () => {
    expect(searchWords("  Qo'y  ГЎШТИ ")).toEqual(['qoy', 'goshti']);
    expect(searchWords("' ъ plov")).toEqual(['plov']);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });
});
