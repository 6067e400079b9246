/**
 * The first sync over real HTTP (a local server answering `catalogChanges` with format 1 pages)
 * into a real store: when the till's own SQLite file refuses a page, the status says `store` — not
 * `server` — the pages before it stay stored and searchable, and the next pull continues from
 * their cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRows, loadTag, rawPage, searchIndexesIntact } from '../../../e2e/catalog-pages.ts';
import { graphQLCatalogFeed } from './catalog-feed.ts';
import { CatalogStore } from './catalog-store.ts';
import { CatalogSync } from './catalog-sync.ts';

const SIZE = 100;
const PAGES = 3;
const dir = mkdtempSync(join(tmpdir(), 'jowi-catalog-sync-'));

/** An older server's answer to the page starts: it does not know the query. */
const UNKNOWN_QUERY = {
  errors: [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
};

/** Page `since / SIZE` of the feed; the stores query lists no store; the starts are unknown. */
function answer(body: string): unknown {
  const { query, variables } = JSON.parse(body) as { query: string; variables: { since?: string | null } };
  if (query.includes('PosTerminalStore')) return { data: { stores: { edges: [] } } };
  if (query.includes('catalogChangePageStarts')) return UNKNOWN_QUERY;
  const from = Number(variables.since ?? 0);
  const to = from + SIZE;
  return {
    data: {
      catalogChanges: {
        cursor: String(to),
        hasMore: to < SIZE * PAGES,
        compact: rawPage(loadRows(from + 1, to)),
      },
    },
  };
}

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString();
  });
  req.on('end', () => {
    const json = answer(body);
    res.writeHead(json === UNKNOWN_QUERY ? 400 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const names = (store: CatalogStore, query: string) =>
  store.search({ query, limit: 200 }, null).items.map((i) => i.name);

it('reports a page the store refused as a store failure, keeps what it stored and continues later', async () => {
  const file = join(dir, 'catalog.sqlite');
  const store = new CatalogStore(file);
  const feed = graphQLCatalogFeed({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    clientVersion: 'pos-desktop/test',
    auth: { accessToken: async () => 'token', refresh: async () => false },
  });
  const warnings: string[] = [];
  const sync = new CatalogSync({
    store,
    feed,
    terminalId: 'till',
    logger: { warn: (m) => warnings.push(m) },
  });
  // The file refuses one product of the second page, as a full disk would refuse the write.
  const raw = new Database(file);
  raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON product WHEN NEW.sku = 'SKU-150'
            BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  const failed = await sync.pull();
  expect(failed).toMatchObject({ lastError: 'store', products: SIZE, version: String(SIZE), pulling: false });
  expect(warnings.join('\n')).toContain('database or disk is full');
  // The first sync stored its pages on the writer thread, whose refusal still reads as the store's.
  expect(sync.lastWriterThreadId).not.toBeNull();
  expect(sync.lastWriterThreadId).not.toBe(threadId);
  // The first page is whole and searchable, nothing of the second.
  expect(names(store, loadTag(SIZE))).toEqual([`Somsa ${loadTag(SIZE)}`]);
  expect(names(store, loadTag(SIZE + 1))).toEqual([]);
  expect(searchIndexesIntact(file)).toBe(true);
  raw.exec('DROP TRIGGER refuse');
  raw.close();
  const done = await sync.pull();
  expect(done).toMatchObject({ lastError: null, products: SIZE * PAGES, version: String(SIZE * PAGES) });
  expect(names(store, `самса ${loadTag(150)}`)).toEqual([`Somsa ${loadTag(150)}`]);
  expect(searchIndexesIntact(file)).toBe(true);
  store.close();
});

it('stores a first sync on the main thread when the writer thread cannot start', async () => {
  const file = join(dir, 'catalog-fallback.sqlite');
  const store = new CatalogStore(file);
  const feed = graphQLCatalogFeed({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    clientVersion: 'pos-desktop/test',
    auth: { accessToken: async () => 'token', refresh: async () => false },
  });
  const warnings: string[] = [];
  const sync = new CatalogSync({
    store,
    feed,
    terminalId: 'till',
    logger: { warn: (m) => warnings.push(m) },
    // A host without worker support: the worker fails as it loads.
    writerEntry: new URL(`data:text/javascript,${encodeURIComponent('throw new Error("no workers here")')}`),
  });
  const done = await sync.pull();
  expect(done).toMatchObject({ lastError: null, products: SIZE * PAGES, version: String(SIZE * PAGES) });
  expect(sync.lastWriterThreadId).toBe(threadId);
  expect(warnings.join('\n')).toContain('storing on the main thread: no workers here');
  expect(store.meta('bulk')).toBeNull();
  expect(names(store, `самса ${loadTag(SIZE * PAGES)}`)).toEqual([`Somsa ${loadTag(SIZE * PAGES)}`]);
  expect(searchIndexesIntact(file)).toBe(true);
  store.close();
});
