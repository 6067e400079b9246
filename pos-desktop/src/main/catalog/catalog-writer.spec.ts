/**
 * The catalog's writer thread: a page is stored by a connection of another thread, so the main
 * thread keeps answering searches (from the last committed page) while the page is written, and a
 * writer that cannot start leaves the store on the main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRows, loadTag, page, searchIndexesIntact } from '../../../e2e/catalog-pages.ts';
import { CatalogStore } from './catalog-store.ts';
import { openCatalogWriter, startWorkerWriter } from './catalog-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'jowi-catalog-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const names = (store: CatalogStore, query: string) =>
  store.search({ query, limit: 200 }, null).items.map((i) => i.name);
const SIZE = 2000;

describe('the catalog writer thread', () => {
  it('stores a bulk load on another thread while the main thread answers searches', async () => {
    const file = join(dir, 'catalog.sqlite');
    const store = new CatalogStore(file);
    expect(store.beginBulkLoad()).toBe(true);
    const writer = await startWorkerWriter(store);
    try {
      expect(writer.threadId).not.toBe(threadId);
      await writer.apply(page(loadRows(1, SIZE)), String(SIZE));
      expect(store.count()).toBe(SIZE);
      // Another connection holds the write lock: the page waits on the writer thread, not here.
      const lock = new Database(file);
      lock.exec('BEGIN IMMEDIATE');
      let stored = false;
      const storing = writer.apply(page(loadRows(SIZE + 1, 2 * SIZE)), String(2 * SIZE)).then(() => {
        stored = true;
      });
      await sleep(100);
      // The main thread is free and reads the last committed page.
      expect(stored).toBe(false);
      expect(store.version()).toBe(String(SIZE));
      expect(names(store, loadTag(SIZE))).toEqual([`Somsa ${loadTag(SIZE)}`]);
      expect(names(store, loadTag(SIZE + 1))).toEqual([]);
      lock.exec('COMMIT');
      lock.close();
      await storing;
      expect(store.version()).toBe(String(2 * SIZE));
      expect(store.count()).toBe(2 * SIZE);
      expect(names(store, `самса ${loadTag(SIZE + 1)}`)).toEqual([`Somsa ${loadTag(SIZE + 1)}`]);
      await writer.endBulkLoad();
      expect(store.meta('bulk')).toBeNull();
      expect(store.beginBulkLoad()).toBe(false);
    } finally {
      await writer.close();
    }
    expect(searchIndexesIntact(file)).toBe(true);
    store.close();
  });

  it('rejects a page the store refuses with the SQLite error, and keeps the pages before it', async () => {
    const file = join(dir, 'catalog-refused.sqlite');
    const store = new CatalogStore(file);
    const writer = await startWorkerWriter(store);
    try {
      await writer.apply(page(loadRows(1, 10)), '10');
      store.close();
      const raw = new Database(file);
      raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON product WHEN NEW.sku = 'SKU-15'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
      raw.close();
      const refused = writer.apply(page(loadRows(11, 20)), '20');
      await expect(refused).rejects.toBeInstanceOf(Database.SqliteError);
      await expect(refused).rejects.toThrow('database or disk is full');
    } finally {
      await writer.close();
    }
    const reopened = new CatalogStore(file);
    expect(reopened.version()).toBe('10');
    expect(reopened.count()).toBe(10);
    reopened.close();
  });

  it('stores on the calling thread when the worker cannot start', async () => {
    const file = join(dir, 'catalog-fallback.sqlite');
    const store = new CatalogStore(file);
    const warnings: string[] = [];
    const writer = await openCatalogWriter(store, {
      entry: new URL(join(dir, 'no-such-worker.js'), 'file:'),
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(writer.threadId).toBe(threadId);
    expect(warnings.join('\n')).toContain('storing on the main thread');
    await writer.apply(page(loadRows(1, 10)), '10');
    expect(names(store, loadTag(10))).toEqual([`Somsa ${loadTag(10)}`]);
    await writer.close();
    store.close();
  });
});
