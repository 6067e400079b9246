/**
 * A first sync killed mid-load (SIGKILL, as a power cut or a crash of the host leaves it): the
 * store opens again at the last whole page — every stored product searchable, both search indexes
 * exactly the product table (FTS5's integrity check), nothing of the page being written — and
 * later pages continue from its cursor. The pages are stored as a first sync stores them, by the
 * writer thread (`catalog-writer.ts`): killing the process kills that thread mid-transaction.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRows, loadTag, page, searchIndexesIntact } from '../../../e2e/catalog-pages.ts';
import { CatalogStore } from './catalog-store.ts';

const CHILD = join(import.meta.dirname, '../../../e2e/catalog-bulk-load-child.ts');
const SIZE = 2000;
const dir = mkdtempSync(join(tmpdir(), 'jowi-catalog-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a bulk load of 50 pages and kills it `delayMs` after its third page was committed. */
function killMidLoad(file: string, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(SIZE), '50'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes(`applied ${3 * SIZE}\n`)) setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`the bulk load ended by itself (${code}): ${err.slice(-1500)}`));
    });
  });
}

const names = (store: CatalogStore, query: string) =>
  store.search({ query, limit: 200 }, null).items.map((i) => i.name);

describe('a bulk load killed mid-page', () => {
  it.each([0, 40])(
    'opens at its last whole page, searchable, and resumes (killed %i ms after page 3)',
    async (delay) => {
      const file = join(dir, `catalog-${delay}.sqlite`);
      const out = await killMidLoad(file, delay);
      expect(out).toMatch(/^writer thread [1-9]\d*\n/);
      const reported = Math.max(...[...out.matchAll(/applied (\d+)/g)].map((m) => Number(m[1])));
      const store = new CatalogStore(file);
      const held = Number(store.version());
      // The page being written when the process died is not there at all.
      expect(held % SIZE).toBe(0);
      expect(held).toBeGreaterThanOrEqual(reported);
      expect(store.count()).toBe(held);
      expect(store.meta('bulk')).toBeNull();
      expect(searchIndexesIntact(file)).toBe(true);
      expect(names(store, loadTag(held))).toEqual([`Somsa ${loadTag(held)}`]);
      expect(names(store, loadTag(held + 1))).toEqual([]);
      expect(names(store, `самса ${loadTag(held - 1)}`)).toEqual([`Somsa ${loadTag(held - 1)}`]);
      // A catalog is held: the pull continues from its cursor, no second bulk load.
      expect(store.beginBulkLoad()).toBe(false);
      store.apply(page(loadRows(held + 1, held + SIZE)), String(held + SIZE));
      expect(store.count()).toBe(held + SIZE);
      expect(names(store, loadTag(held + 1))).toEqual([`Somsa ${loadTag(held + 1)}`]);
      expect(searchIndexesIntact(file)).toBe(true);
      store.close();
    },
  );
});
