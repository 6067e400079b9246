/**
 * Units of sale in the reader's language, and a guard that no screen shows the raw code: a
 * quantity's `unit`/`suffix` (or any text) built from `….product.unit` must go through `unitName`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dictionaryFor } from './dictionaries.ts';
import { LOCALES } from './locale.ts';
import { unitName } from './units.ts';

const APP = fileURLToPath(new URL('../app', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('units of sale', () => {
  it('are written in each language; an unknown code is shown as it is', () => {
    expect(unitName(dictionaryFor('uz'), 'pcs')).toBe('dona');
    expect(unitName(dictionaryFor('ru'), 'pcs')).toBe('шт.');
    expect(unitName(dictionaryFor('en'), 'portion')).toBe('portion');
    expect(unitName(dictionaryFor('uz'), 'box')).toBe('box');
    // Not an own key of the dictionary: never an inherited property's text.
    expect(unitName(dictionaryFor('uz'), 'constructor')).toBe('constructor');
    for (const locale of LOCALES) {
      expect(Object.keys(dictionaryFor(locale).products.units).sort()).toEqual(['kg', 'l', 'pcs', 'portion']);
    }
  });

  it('are never rendered as the raw code in the back office', () => {
    const raw: string[] = [];
    for (const file of sources(APP)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          // `unit={line.product.unit}`, `suffix={row.product.unit}`, `const unit = line.product.unit`…
          if (/\bproduct\.unit\b/.test(line) && !line.includes('unitName(')) {
            raw.push(`${relative(APP, file)}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(raw).toEqual([]);
  });
});
