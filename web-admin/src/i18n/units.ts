/**
 * A product's unit of sale as the reader's language writes it. The API sends the code (`pcs`, `kg`,
 * `l`, `portion`); every screen that shows a quantity with its unit goes through here, so the uz
 * page says `dona` where the code is `pcs`. A code the dictionary does not know is shown as it is.
 */
import type { Dictionary } from './dictionaries.ts';

export function unitName(dict: Pick<Dictionary, 'products'>, code: string): string {
  return Object.hasOwn(dict.products.units, code) ? dict.products.units[code]! : code;
}
