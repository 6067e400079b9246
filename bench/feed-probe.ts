/**
 * A probe for the lean catalog pull (issue 17; not part of `npm run bench`): the full compact pull
 * through our gateway, timed the bench's way (`pullChanges` of the catalog section: six pages of
 * 20 000 changes, `accept-encoding: gzip`, request to last byte), repeated, with the load average
 * printed beside every figure — so a before/after pair can be run back to back on the same data.
 *
 * `npx tsx bench/feed-probe.ts prepare [--products 100000]` makes a bench database with the demo
 * tenants and N generated products, keeps it and prints its admin URL;
 * `BENCH_DB=<that url> npx tsx bench/feed-probe.ts pull [--times 3] [--in-flight 1,2]` starts the
 * subgraphs and the gateway on it and pulls (pages one by one, or that many at a time, alternately;
 * `--pages 20000,10000` alternates page sizes too);
 * `BENCH_DB=… npx tsx bench/feed-probe.ts statement [--times 3]` runs the page statement before
 * `catalog.product_feed` (`compact-feed.legacy.ts`) and the current one alternately, page by page,
 * straight in PostgreSQL, and checks that both write the same text;
 * `BENCH_DB=… npx tsx bench/feed-probe.ts sync [--times 2] [--in-flight 1,2]` is the bench's first
 * sync (an empty POS catalog store filled by the till's `CatalogSync` through the gateway) with
 * where its time went: waiting for pages, storing them, building the indexes at the end, and the
 * till's CPU (`--in-flight 1,2,3` alternates page after page, as against a server without the page
 * starts, with that many pages in flight; `--writer worker,thread` alternates the writer thread and
 * the main thread storing the pages — with the writer thread "storing" is not timed here);
 * `BENCH_DB=… npx tsx bench/feed-probe.ts import [--rows 10000]` is the catalog section's CSV
 * import (`measureImport`: N rows into a fresh tenant, then the same file again);
 * `BENCH_DB=… npx tsx bench/feed-probe.ts capture --out <dir>` saves a full pull's pages and
 * `npx tsx bench/feed-probe.ts replay --from <dir> [--times 2]` applies them into an empty store
 * (the till's CPU alone, no network: a before/after pair on a loaded machine).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { generateSigningKeys } from '@jowi/server-kit';
import pg from 'pg';
import { graphQLCatalogFeed } from '../pos-desktop/src/main/catalog/catalog-feed.ts';
import { CatalogStore } from '../pos-desktop/src/main/catalog/catalog-store.ts';
import { CatalogSync } from '../pos-desktop/src/main/catalog/catalog-sync.ts';
import type { FeedPage } from '../pos-desktop/src/main/catalog/compact-page.ts';
import { DEMO, fillProducts } from './lib/data.ts';
import { login } from './lib/graphql.ts';
import { startServer, stopAll } from './lib/procs.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { CHANGES, COMPACT_PAGE, pullChanges } from './sections/catalog.ts';
import { measureImport } from './sections/catalog-import.ts';

const say = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`--${name} <dir> is needed`);
  return process.argv[i + 1]!;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function prepare(): Promise<void> {
  process.env.BENCH_KEEP_DB = '1';
  const db = await createBenchDatabase('1', say);
  const products = arg('products', 100_000);
  await withAdmin(db.adminUrl, (admin) => fillProducts(admin, db.adminUrl, products, say));
  await db.close();
  console.log(`BENCH_DB=${db.adminUrl}`);
}

/** CPU seconds (user + system) of this process's main thread so far. */
function mainThreadCpu(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds (user + system) of a process so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU so far of the subgraphs, the gateway and the bench database's PostgreSQL backends. */
type CpuMeter = () => Promise<{
  subgraphs: number;
  gateway: number;
  self: number;
  postgres: Map<number, number>;
  /** The catalog subgraph's backends (the pull's own statements), a subset of `postgres`. */
  catalog: Set<number>;
}>;

/** Seconds of CPU between two meter readings, as text. */
function cpuSpent(a: Awaited<ReturnType<CpuMeter>>, b: Awaited<ReturnType<CpuMeter>>): string {
  let pgCpu = 0;
  let catalogCpu = 0;
  for (const [pid, s] of b.postgres) {
    const spent = s - (a.postgres.get(pid) ?? 0);
    pgCpu += spent;
    if (b.catalog.has(pid)) catalogCpu += spent;
  }
  return (
    `CPU: PostgreSQL ${pgCpu.toFixed(2)} s (catalog role ${catalogCpu.toFixed(2)} s; the rest is the other subgraphs' pollers), subgraphs ${(b.subgraphs - a.subgraphs).toFixed(2)} s, ` +
    `gateway ${(b.gateway - a.gateway).toFixed(2)} s, this process ${(b.self - a.self).toFixed(2)} s`
  );
}

async function withGateway(
  work: (url: string, headers: Record<string, string>, cpu: CpuMeter) => Promise<void>,
): Promise<void> {
  const adminUrl = process.env.BENCH_DB;
  if (!adminUrl) throw new Error('BENCH_DB is not set (run `prepare` first)');
  const keys = {
    identity: await generateSigningKeys('identity-bench'),
    gateway: await generateSigningKeys('gateway-bench'),
  };
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl, rolePassword: process.env.DB_ROLE_PASSWORD || undefined, keys, poolSize: 10 },
    { cpus: null },
  );
  try {
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys, urls: subgraphs.info.urls },
      { cpus: null },
    );
    try {
      const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
      const { headers } = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const cpu: CpuMeter = async () => {
        const { rows } = await admin.query<{ pid: number; usename: string | null }>(
          'SELECT pid, usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        return {
          subgraphs: cpuSeconds(subgraphs.pid),
          gateway: cpuSeconds(gateway.pid),
          self: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
          postgres: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)])),
          catalog: new Set(rows.filter((r) => r.usename === 'jowi_catalog').map((r) => r.pid)),
        };
      };
      try {
        await work(gateway.info.url, headers, cpu);
      } finally {
        await admin.end();
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
    await stopAll();
  }
}

function pull(): Promise<void> {
  return withGateway(async (url, headers, cpu) => {
    // `--in-flight 1,2`: pages one after another and two at a time, alternately, back to back.
    const i = process.argv.indexOf('--in-flight');
    const inFlight = (i > 0 ? process.argv[i + 1]! : '1').split(',').map(Number);
    // `--pages 20000,10000`: page sizes, one per round of the in-flight values, in turn.
    const j = process.argv.indexOf('--pages');
    const pages = (j > 0 ? process.argv[j + 1]! : String(COMPACT_PAGE)).split(',').map(Number);
    for (let n = 0; n < arg('times', 3) * inFlight.length; n++) {
      const before = load();
      const cpuBefore = await cpu();
      const k = inFlight[n % inFlight.length]!;
      const size = pages[Math.floor(n / inFlight.length) % pages.length]!;
      const query = CHANGES.replace(`first: ${COMPACT_PAGE}`, `first: ${size}`);
      const r = await pullChanges(url, headers, query, size, k);
      const cpuAfter = await cpu();
      say(
        `pull ${n + 1} (${k} in flight, pages of ${size}): ${r.changes} changes in ${r.pages} pages, ${r.seconds.toFixed(2)} s to last byte, ` +
          `${(r.gzip_bytes / 2 ** 20).toFixed(2)} MiB gzip-6, ${(r.wire_bytes_gzip_requested / 2 ** 20).toFixed(2)} MiB wire; ` +
          `load ${before} → ${load()}; ${cpuSpent(cpuBefore, cpuAfter)}`,
      );
    }
  });
}

/** `--in-flight 1,2,3` of `sync`: 1 is page after page (the starts are not asked), 2 or more that many pages from the starts. */
function inFlightModes(): number[] {
  const i = process.argv.indexOf('--in-flight');
  return (i > 0 ? process.argv[i + 1]! : '2').split(',').map(Number);
}

function sync(): Promise<void> {
  return withGateway(async (url, headers, cpu) => {
    const token = headers.authorization!.replace(/^Bearer /, '');
    // `--writer worker,thread`: the pages stored by the writer thread or on the main thread, alternately.
    const w = process.argv.indexOf('--writer');
    const writers = (w > 0 ? process.argv[w + 1]! : 'worker').split(',') as ('worker' | 'thread')[];
    const modes = inFlightModes().flatMap((m) => writers.map((writer) => ({ m, writer })));
    for (let i = 0; i < arg('times', 2) * modes.length; i++) {
      const { m: mode, writer } = modes[i % modes.length]!;
      const dir = await mkdtemp(join(tmpdir(), 'jowi-feed-probe-'));
      const store = new CatalogStore(join(dir, 'catalog.sqlite'));
      try {
        const inner = graphQLCatalogFeed({
          url,
          clientVersion: 'pos-desktop/bench',
          auth: { accessToken: async () => token, refresh: async () => false },
        });
        // Time the sync spent blocked on a page (not the page's own round trip: it may overlap).
        let waited = 0;
        let stored = 0;
        let indexed = 0;
        const pages: Promise<unknown>[] = [];
        const feed = {
          ...inner,
          // One in flight: the feed of a server without the starts, page after page.
          pageStarts: mode === 1 ? async () => null : inner.pageStarts,
          page: (since: string | null) => {
            const p = inner.page(since);
            pages.push(p);
            return p;
          },
        };
        const apply = store.apply.bind(store);
        store.apply = (...a: Parameters<CatalogStore['apply']>) => {
          const t = performance.now();
          apply(...a);
          stored += performance.now() - t;
        };
        const end = store.endBulkLoad.bind(store);
        store.endBulkLoad = () => {
          const t = performance.now();
          end();
          indexed += performance.now() - t;
        };
        const before = load();
        const cpuBefore = await cpu();
        const tillBefore = process.cpuUsage();
        const mainBefore = mainThreadCpu();
        // The host's main thread: how long it could not answer (a 10 ms tick that came late).
        let blocked = 0;
        let longest = 0;
        let lastTick = performance.now();
        const ticker = setInterval(() => {
          const now = performance.now();
          const late = now - lastTick - 10;
          if (late > 50) blocked += late;
          longest = Math.max(longest, late);
          lastTick = now;
        }, 10);
        const heapBefore = process.memoryUsage();
        let heapPeak = 0;
        const heapTicker = setInterval(() => {
          const m = process.memoryUsage();
          heapPeak = Math.max(heapPeak, m.heapUsed + m.external - heapBefore.heapUsed - heapBefore.external);
        }, 50);
        const started = performance.now();
        const status = await new CatalogSync({
          store,
          feed,
          terminalId: 'bench',
          pagesInFlight: mode,
          writer,
        }).pull();
        store.search({ query: 'a', limit: 1 }, null);
        const ms = performance.now() - started;
        clearInterval(ticker);
        clearInterval(heapTicker);
        const mainCpu = mainThreadCpu() - mainBefore;
        waited = ms - stored - indexed;
        const cpuAfter = await cpu();
        const till = process.cpuUsage(tillBefore);
        say(
          `first sync ${i + 1} (${mode === 1 ? 'page after page' : `${mode} in flight`}, ${writer}): ${status.products} products in ${pages.length} pages, ${(ms / 1000).toFixed(2)} s ` +
            `(waiting for pages ${(waited / 1000).toFixed(2)} s, storing ${(stored / 1000).toFixed(2)} s, ` +
            `indexes at the end ${(indexed / 1000).toFixed(2)} s, till CPU ${((till.user + till.system) / 1e6).toFixed(2)} s, of it main thread ${mainCpu.toFixed(2)} s; main thread blocked ${(blocked / 1000).toFixed(2)} s, longest ${longest.toFixed(0)} ms; heap peak +${(heapPeak / 2 ** 20).toFixed(1)} MiB)${status.lastError ? ` error ${status.lastError}` : ''}; load ${before} → ${load()}; ${cpuSpent(cpuBefore, cpuAfter)}`,
        );
      } finally {
        store.close();
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
}

/** The feed's pages of a full pull, saved as the till's feed answers them (`--out <dir>`), for `replay`. */
function capture(): Promise<void> {
  return withGateway(async (url, headers) => {
    const token = headers.authorization!.replace(/^Bearer /, '');
    const feed = graphQLCatalogFeed({
      url,
      clientVersion: 'pos-desktop/bench',
      auth: { accessToken: async () => token, refresh: async () => false },
    });
    const out = argText('out');
    await mkdir(out, { recursive: true });
    let since: string | null = null;
    for (let i = 0; ; i++) {
      const page = await feed.page(since);
      await writeFile(join(out, `page-${i}.json`), JSON.stringify(page));
      since = page.cursor;
      if (!page.hasMore) break;
    }
    say(`captured into ${out}`);
  });
}

/**
 * The till's side of a first sync alone, without the network: the pages `capture` saved applied
 * into an empty store as `CatalogSync` does (a bulk load), with the wall and CPU time of storing
 * the pages and of the end of the load. The figures of the same pages, store code before and after.
 */
async function replay(): Promise<void> {
  const from = argText('from');
  const files = (await readdir(from)).filter((f) => f.endsWith('.json')).sort();
  const pages = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(from, f), 'utf8')) as FeedPage),
  );
  for (let i = 0; i < arg('times', 2); i++) {
    const dir = await mkdtemp(join(tmpdir(), 'jowi-feed-replay-'));
    const store = new CatalogStore(join(dir, 'catalog.sqlite'));
    try {
      const before = load();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      store.beginBulkLoad();
      for (const { page, cursor } of pages) store.apply(page, cursor);
      const t1 = performance.now();
      const cpu1 = process.cpuUsage(cpu0);
      store.endBulkLoad();
      const t2 = performance.now();
      const cpu2 = process.cpuUsage(cpu0);
      const s = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1e6).toFixed(2);
      say(
        `replay ${i + 1}: ${store.count()} products, storing ${((t1 - t0) / 1000).toFixed(2)} s (CPU ${s(cpu1)} s), ` +
          `end of the load ${((t2 - t1) / 1000).toFixed(2)} s (CPU ${(Number(s(cpu2)) - Number(s(cpu1))).toFixed(2)} s); load ${before} → ${load()}`,
      );
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function statement(): Promise<void> {
  // Imported here: `pull` also runs with the statement of an older checkout in place.
  const { COMPACT_SQL } = await import('../subgraphs/catalog/src/services/compact-feed.ts');
  const { LEGACY_COMPACT_SQL } = await import('../subgraphs/catalog/src/compact-feed.legacy.ts');
  const client = new pg.Client({ connectionString: process.env.BENCH_DB });
  await client.connect();
  const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  try {
    for (let i = 0; i < arg('times', 3); i++) {
      for (const [name, sql] of [
        ['before', LEGACY_COMPACT_SQL(false)],
        ['after', COMPACT_SQL(false)],
      ] as const) {
        const before = load();
        const cpuBefore = cpuSeconds(backend);
        const hash = createHash('sha256');
        const times: number[] = [];
        let since = '0';
        for (;;) {
          const started = performance.now();
          await client.query('BEGIN');
          await client.query('SET LOCAL jit = off');
          await client.query("SET LOCAL work_mem = '64MB'");
          const { rows } = await client.query<{ hasMore: boolean; lastSeq: string; compact: string }>(sql, [
            DEMO.id,
            since,
            COMPACT_PAGE,
          ]);
          await client.query('COMMIT');
          times.push(performance.now() - started);
          hash.update(rows[0]!.compact);
          since = rows[0]!.lastSeq;
          if (!rows[0]!.hasMore) break;
        }
        const total = times.reduce((a, b) => a + b, 0);
        say(
          `${name}: ${times.length} pages ${times.map((t) => t.toFixed(0)).join(' / ')} ms, total ${(total / 1000).toFixed(2)} s, ` +
            `sha256 ${hash.digest('hex').slice(0, 16)}, backend CPU ${(cpuSeconds(backend) - cpuBefore).toFixed(2)} s; load ${before} → ${load()}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}

async function importRate(): Promise<void> {
  const before = load();
  const rate = await measureImport({ adminUrl: process.env.BENCH_DB! }, arg('rows', 10_000), say);
  say(`${JSON.stringify(rate)}; load ${before} → ${load()}`);
}

const mode = process.argv[2];
await (mode === 'prepare'
  ? prepare()
  : mode === 'pull'
    ? pull()
    : mode === 'statement'
      ? statement()
      : mode === 'sync'
        ? sync()
        : mode === 'import'
          ? importRate()
          : mode === 'capture'
            ? capture()
            : mode === 'replay'
              ? replay()
              : Promise.reject(new Error('prepare | pull | statement | sync | import | capture | replay')));
