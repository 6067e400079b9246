/**
 * The POS's local catalog at N products (`npm run bench -- pos --products 100000`), the catalog
 * half of the `pos` section (the till's sync and sale figures are the other half; both land in
 * `latest.json` under `pos`, see `mergeLatest`):
 *
 * - `first_sync_ms_100k`: an empty catalog store to fully searchable — the till's own sync module
 *   pulls the compact change feed through our gateway and writes SQLite, the search index included;
 * - `warm_start_ms`: a fresh process opens the store holding N products and reads what the sell
 *   screen shows first (count, categories, the first page of products);
 * - `search_p95_ms`: one search per keystroke for mixed queries — Uzbek Latin and Russian Cyrillic
 *   name words typed letter by letter, SKUs typed, barcodes scanned whole;
 * - `heap_mib`: memory the catalog added to that fresh process (resident set after the warm start
 *   and every search, minus before opening the store). The renderer holds one page of products
 *   (the virtualised grid's window), not the catalog, so the host's figure is the catalog's.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import { graphQLCatalogFeed } from '../../pos-desktop/src/main/catalog/catalog-feed.ts';
import { CatalogStore } from '../../pos-desktop/src/main/catalog/catalog-store.ts';
import { CatalogSync } from '../../pos-desktop/src/main/catalog/catalog-sync.ts';
import { type CatalogData, DEMO } from '../lib/data.ts';
import { login } from '../lib/graphql.ts';
import { BENCH_DIR, startServer } from '../lib/procs.ts';
import { quantile, round } from '../lib/stats.ts';

/** Products whose names, SKU and barcode make the search queries. */
const SAMPLE = 40;

export interface PosCatalogReport {
  products: number;
  first_sync_ms: number;
  synced_products: number;
  warm_start_ms: number;
  searches: number;
  queries_found: number;
  queries: number;
  search_p50_ms: number;
  search_p95_ms: number;
  search_max_ms: number;
  rss_added_mib: number;
  heap_added_mib: number;
}

interface ChildResult {
  products: number;
  warm_start_ms: number;
  timings: number[];
  /** The ten slowest keystrokes, slowest first. */
  slowest: { query: string; ms: number }[];
  queries_found: number;
  rss_added_mib: number;
  heap_added_mib: number;
}

/** Queries from stored products: a Latin and a Cyrillic name word (typed), the SKU (typed), the barcode (scanned). */
function queriesFrom(store: CatalogStore): { text: string; typed: boolean }[] {
  const total = store.count();
  const queries: { text: string; typed: boolean }[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const item = store.browse({ offset: Math.floor((i * total) / SAMPLE), limit: 1 }, null).items[0];
    if (!item) continue;
    const word = (text: string | null) => text?.split(/\s+/).find((w) => w.length >= 4) ?? null;
    const latin = word(item.name);
    const cyrillic = word(item.names.ru);
    if (latin) queries.push({ text: latin, typed: true });
    if (cyrillic) queries.push({ text: cyrillic, typed: true });
    queries.push({ text: item.sku, typed: true });
    if (item.barcodes[0]) queries.push({ text: item.barcodes[0], typed: false });
  }
  return queries;
}

function runChild(input: {
  file: string;
  queries: { text: string; typed: boolean }[];
}): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', `${BENCH_DIR}pos-catalog-child.ts`, JSON.stringify(input)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('exit', (code) => {
      const match = /^RESULT (.*)$/m.exec(out);
      if (code === 0 && match) resolve(JSON.parse(match[1]!) as ChildResult);
      else reject(new Error(`pos catalog child failed (${code}): ${err.slice(-1500)}`));
    });
  });
}

/** Pulls the whole catalog into an empty store through the gateway; returns the store's file. */
async function firstSync(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  file: string,
  say: (m: string) => void,
): Promise<{ ms: number; products: number }> {
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  try {
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls },
      { cpus: null },
    );
    try {
      const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
      const { headers } = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
      const token = headers.authorization!.replace(/^Bearer /, '');
      const feed = graphQLCatalogFeed({
        url: gateway.info.url,
        clientVersion: 'pos-desktop/bench',
        auth: { accessToken: async () => token, refresh: async () => false },
      });
      say('pos: first sync of an empty catalog store through the gateway');
      const store = new CatalogStore(file);
      try {
        // BENCH_POS_WRITER=thread stores on the main thread, as before the writer thread (for pairs).
        const writer = process.env.BENCH_POS_WRITER === 'thread' ? 'thread' : 'worker';
        const sync = new CatalogSync({ store, feed, terminalId: 'bench', writer });
        const started = performance.now();
        const status = await sync.pull();
        // Searchable: the index is written with each page; one search proves it.
        store.search({ query: 'a', limit: 1 }, null);
        const ms = performance.now() - started;
        if (status.lastError) throw new Error(`catalog pull failed: ${status.lastError}`);
        return { ms, products: status.products };
      } finally {
        store.close();
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
}

export async function posCatalogSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  data: CatalogData,
  say: (m: string) => void,
): Promise<PosCatalogReport> {
  const dir = await mkdtemp(join(tmpdir(), 'jowi-bench-pos-'));
  try {
    const file = join(dir, 'catalog.sqlite');
    const synced = await firstSync(db, file, say);
    if (synced.products < data.count)
      throw new Error(`the store holds ${synced.products} of ${data.count} products`);
    const reader = new CatalogStore(file);
    const queries = queriesFrom(reader);
    reader.close();
    say(`pos: warm start and ${queries.length} queries typed key by key, in a fresh process`);
    const child = await runChild({ file, queries });
    say(
      `pos: slowest searches ${child.slowest.map((s) => `${JSON.stringify(s.query)} ${s.ms} ms`).join(', ')}`,
    );
    return {
      products: data.count,
      first_sync_ms: Math.round(synced.ms),
      synced_products: synced.products,
      warm_start_ms: round(child.warm_start_ms, 1),
      searches: child.timings.length,
      queries: queries.length,
      queries_found: child.queries_found,
      search_p50_ms: round(quantile(child.timings, 0.5), 2),
      search_p95_ms: round(quantile(child.timings, 0.95), 2),
      search_max_ms: round(Math.max(...child.timings), 2),
      rss_added_mib: round(child.rss_added_mib, 1),
      heap_added_mib: round(child.heap_added_mib, 1),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The catalog's keys of the `pos` summary (`first_sync_ms_100k` only for a run of 100 000 products or more). */
export function posCatalogSummary(report: PosCatalogReport | null) {
  return {
    first_sync_ms_100k: report && report.products >= 100_000 ? report.first_sync_ms : null,
    warm_start_ms: report?.warm_start_ms ?? null,
    search_p95_ms: report?.search_p95_ms ?? null,
    heap_mib: report?.rss_added_mib ?? null,
  };
}
