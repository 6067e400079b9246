/**
 * The first sync with two pages in flight, against the real backend over real HTTP: a proxy in
 * front of the gateway counts the page requests it holds open, can answer the pages out of order,
 * refuse one page, or stand for an older server (the page starts renamed to a field the gateway
 * does not have, so the gateway's own validation error comes back).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIndexesIntact } from '../../../e2e/catalog-pages.ts';
import { gql, ownerHeaders, startSystem } from '../../../e2e/host-harness.ts';
import { graphQLCatalogFeed } from './catalog-feed.ts';
import { CatalogStore } from './catalog-store.ts';
import { CatalogSync } from './catalog-sync.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

const GENERATED = 700;
const PAGE_SIZE = 200;
/** How long a held page waits for its later neighbour before giving up (a sync that never asks). */
const HOLD_LIMIT_MS = 15_000;

/** A proxy of the gateway's `/graphql` that watches the catalog pull. */
class FeedProxy {
  inFlight = 0;
  maxInFlight = 0;
  /** `since` of each page answered, in the order the answers left. */
  answered: string[] = [];
  /** Each page's cursor by its `since`. */
  cursors = new Map<string, string>();
  /** `since` of each page-starts request, and the HTTP status it got. */
  startsAsked: { since: string | null; status: number }[] = [];
  /** Before a page is answered: may hold it. */
  hold: (since: string) => Promise<void> = async () => {};
  /** A page answered with HTTP 500 once. */
  failOnce: string | null = null;
  /** Stand for a server without `catalogChangePageStarts`. */
  older = false;
  url = '';
  private server: Server | null = null;
  private answeredWaiters: (() => boolean)[] = [];

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        void this.forward(req.headers, body).then(({ status, text }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(text);
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
    return this;
  }

  reset(): void {
    Object.assign(this, { inFlight: 0, maxInFlight: 0, answered: [], startsAsked: [], failOnce: null });
    this.hold = async () => {};
    this.older = false;
  }

  /** Resolves once the page at `since` has been answered. */
  answeredPage(since: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.answered.includes(since)) return false;
        resolve();
        return true;
      };
      if (!check()) this.answeredWaiters.push(check);
    });
  }

  private async forward(headers: NodeJS.Dict<string | string[]>, body: string) {
    const { query, variables } = JSON.parse(body) as { query: string; variables: { since?: string | null } };
    const since = variables.since ?? null;
    if (query.includes('catalogChangePageStarts')) {
      const sent = this.older ? body.replace('catalogChangePageStarts', 'catalogChangePageStartsOld') : body;
      const answer = await this.post(headers, sent);
      this.startsAsked.push({ since, status: answer.status });
      return answer;
    }
    if (!query.includes('PosCatalogPage')) return this.post(headers, body);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.failOnce !== null && since === this.failOnce) {
        this.failOnce = null;
        return { status: 500, text: '{"errors":[{"message":"refused by the test"}]}' };
      }
      const answer = await this.post(headers, body);
      await this.hold(String(since));
      const cursor = (JSON.parse(answer.text) as { data?: { catalogChanges?: { cursor: string } } }).data
        ?.catalogChanges?.cursor;
      if (cursor) this.cursors.set(String(since), cursor);
      return answer;
    } finally {
      this.inFlight -= 1;
      this.answered.push(String(since));
      this.answeredWaiters = this.answeredWaiters.filter((check) => !check());
    }
  }

  private async post(headers: NodeJS.Dict<string | string[]>, body: string) {
    const response = await fetch(this.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: String(headers.authorization),
        'x-jowi-client-version': String(headers['x-jowi-client-version']),
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let system: System;
let proxy: FeedProxy;
let token = '';
const dirs: string[] = [];
const stores: CatalogStore[] = [];

/** An empty store, the sync over the proxy, and the cursors its pages were applied with. */
async function emptyTill() {
  const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-inflight-'));
  dirs.push(dir);
  const file = join(dir, 'catalog.sqlite');
  const store = new CatalogStore(file);
  stores.push(store);
  const applied: string[] = [];
  const apply = store.apply.bind(store);
  store.apply = (page, cursor) => {
    apply(page, cursor);
    applied.push(cursor);
  };
  // A first sync's pages are stored by the writer thread: this store is told after each one.
  const changed = store.changed.bind(store);
  store.changed = () => {
    changed();
    const version = store.version();
    if (version !== null && version !== applied.at(-1)) applied.push(version);
  };
  const feed = graphQLCatalogFeed({
    url: proxy.url,
    clientVersion: 'pos-desktop/test',
    auth: { accessToken: async () => token, refresh: async () => false },
    pageSize: PAGE_SIZE,
  });
  const warnings: string[] = [];
  const sync = new CatalogSync({
    store,
    feed,
    terminalId: 'till',
    logger: { warn: (m) => warnings.push(m) },
  });
  return { store, sync, file, applied, warnings };
}

/** The server's page starts of a full pull and the cursor after its last change. */
async function serverFeed(): Promise<{ starts: string[]; head: string }> {
  const headers = { authorization: `Bearer ${token}` };
  const data = await gql<{ catalogChangePageStarts: string[] }>(
    system.gatewayUrl,
    'query($f: Int!) { catalogChangePageStarts(since: null, first: $f) }',
    { f: PAGE_SIZE },
    headers,
  );
  const head = await gql<{ catalogChanges: { cursor: string } }>(
    system.gatewayUrl,
    'query { catalogChanges(since: null, first: 5000) { cursor hasMore } }',
    {},
    headers,
  );
  return { starts: data.catalogChangePageStarts, head: head.catalogChanges.cursor };
}

async function activeProducts(): Promise<number> {
  const [row] = await system.db.admin<{ c: string }>(
    `SELECT count(*) AS c FROM catalog.product p JOIN identity.tenant t ON t.id = p.tenant_id
      WHERE t.slug = 'demo' AND p.active`,
  );
  return Number(row!.c);
}

function generatedCsv(): string {
  const rows = ['sku,name,name_ru,price,vat_rate,ikpu,package_code'];
  for (let i = 0; i < GENERATED; i++)
    rows.push(`FLY-${i},Somsa ${i},Самса ${i},${1000 + i}.00,12,10401001001000000,2009`);
  return rows.join('\n');
}

beforeAll(async () => {
  system = await startSystem();
  proxy = await new FeedProxy(system.gatewayUrl).start();
  const owner = await ownerHeaders(system.gatewayUrl);
  token = owner.authorization!.replace(/^Bearer /, '');
  const imported = await gql<{ importProducts: { created: number } }>(
    system.gatewayUrl,
    'mutation($input: ImportProductsInput!) { importProducts(input: $input) { created } }',
    { input: { csv: generatedCsv() } },
    owner,
  );
  expect(imported.importProducts.created).toBe(GENERATED);
}, 240_000);

afterAll(async () => {
  for (const store of stores) store.close();
  await proxy?.close();
  await system?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the first sync with two pages in flight', () => {
  it('asks two pages before the first is stored and applies them in order when the second answers first', async () => {
    proxy.reset();
    const { starts, head } = await serverFeed();
    expect(starts.length).toBeGreaterThanOrEqual(4);
    // The first page is answered only after the second: a sync asking one page at a time never
    // gets it (until the hold gives up, and then it asked one at a time).
    proxy.hold = async (since) => {
      if (since !== starts[0]) return;
      await Promise.race([
        proxy.answeredPage(starts[1]!),
        new Promise((resolve) => setTimeout(resolve, HOLD_LIMIT_MS)),
      ]);
    };
    const { store, sync, file, applied } = await emptyTill();
    const status = await sync.pull();
    expect(status).toMatchObject({ lastError: null, products: await activeProducts(), version: head });
    expect(proxy.maxInFlight).toBe(2);
    expect(proxy.answered.slice(0, 2)).toEqual([starts[1], starts[0]]);
    expect(proxy.startsAsked).toEqual([{ since: null, status: 200 }]);
    // Applied strictly in the order of the starts, each with its own page's cursor.
    expect(applied).toEqual(starts.map((s) => proxy.cursors.get(s)));
    expect(sync.lastWriterThreadId).not.toBe(threadId);
    expect(store.search({ query: 'самса 699', limit: 5 }, null).items.map((i) => i.name)).toContain(
      'Somsa 699',
    );
    expect(searchIndexesIntact(file)).toBe(true);
  }, 120_000);

  it('keeps the pages before a failed one and the next pull resumes from the stored cursor', async () => {
    proxy.reset();
    const { starts, head } = await serverFeed();
    proxy.failOnce = starts[2]!;
    const { store, sync, file, applied, warnings } = await emptyTill();
    const failed = await sync.pull();
    expect(failed.lastError, warnings.join('\n')).toBe('server');
    const kept = proxy.cursors.get(starts[1]!)!;
    expect(applied).toEqual([proxy.cursors.get(starts[0]!), kept]);
    expect(failed.version).toBe(kept);
    expect(store.count()).toBeGreaterThan(0);
    expect(searchIndexesIntact(file)).toBe(true);

    const done = await sync.pull();
    expect(done).toMatchObject({ lastError: null, products: await activeProducts(), version: head });
    expect(proxy.startsAsked.map((s) => s.since)).toEqual([null, kept]);
    expect(searchIndexesIntact(file)).toBe(true);
  }, 120_000);

  it('pulls page after page from a server without the page starts', async () => {
    proxy.reset();
    proxy.older = true;
    const { head } = await serverFeed();
    const { sync, file, applied, warnings } = await emptyTill();
    const status = await sync.pull();
    expect(status, warnings.join('\n')).toMatchObject({
      lastError: null,
      products: await activeProducts(),
      version: head,
    });
    expect(proxy.startsAsked).toEqual([{ since: null, status: 400 }]);
    expect(proxy.maxInFlight).toBe(1);
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(searchIndexesIntact(file)).toBe(true);
  }, 120_000);
});
