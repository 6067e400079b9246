/**
 * A probe of the POS host's side of a first sync (issue 17; not part of `npm run bench`): the
 * pages `feed-probe.ts capture` saved are served by a feed in this process (each page's JSON text
 * parsed when it is asked for, as an answer would be) to the till's `CatalogSync` into an empty
 * store — pages stored by the writer thread (`worker`) or on the main thread (`thread`),
 * alternately — so the host's own cost is measured without the servers beside it: wall time,
 * the process's CPU and its main thread's, how long the main thread could not answer (10 ms ticks
 * that came more than 50 ms late) and the heap's peak.
 *
 * `npx tsx bench/writer-probe.ts --from <dir> [--times 3] [--writer worker,thread]`
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogFeed } from '../pos-desktop/src/main/catalog/catalog-feed.ts';
import { CatalogStore } from '../pos-desktop/src/main/catalog/catalog-store.ts';
import { CatalogSync } from '../pos-desktop/src/main/catalog/catalog-sync.ts';
import type { FeedPage } from '../pos-desktop/src/main/catalog/compact-page.ts';

const say = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** CPU seconds (user + system) of this process's main thread so far. */
function mainThreadCpu(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Watches the main thread's event loop and the heap until `stop()`. */
function watch() {
  let blocked = 0;
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = now - last - 10;
    if (late > 50) blocked += late;
    longest = Math.max(longest, late);
    last = now;
  }, 10);
  const base = process.memoryUsage();
  let peak = 0;
  const heap = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.external - base.heapUsed - base.external);
  }, 50);
  return () => {
    clearInterval(ticker);
    clearInterval(heap);
    return { blocked, longest, heapPeakMiB: peak / 2 ** 20 };
  };
}

const from = option('from', '');
if (!from) throw new Error('--from <dir> (pages saved by `feed-probe.ts capture`) is needed');
const files = (await readdir(from)).filter((f) => f.endsWith('.json')).sort();
const texts = await Promise.all(files.map((f) => readFile(join(from, f), 'utf8')));
const cursors = texts.map((t) => (JSON.parse(t) as FeedPage).cursor);
/** The `since` of each page: the first from nothing, each next from the cursor before it. */
const starts: (string | null)[] = [null, ...cursors.slice(0, -1)];
const feed: CatalogFeed = {
  pageStarts: async () => starts.map((s) => s ?? ''),
  page: async (since) => {
    await new Promise((resolve) => setImmediate(resolve));
    const i = starts.indexOf(since === '' ? null : since);
    if (i < 0) throw new Error(`no page starts at ${since}`);
    return JSON.parse(texts[i]!) as FeedPage;
  },
  storeOf: async () => null,
};

const writers = option('writer', 'worker,thread').split(',') as ('worker' | 'thread')[];
const times = Number(option('times', '3'));
for (let i = 0; i < times * writers.length; i++) {
  const writer = writers[i % writers.length]!;
  const dir = await mkdtemp(join(tmpdir(), 'jowi-writer-probe-'));
  const store = new CatalogStore(join(dir, 'catalog.sqlite'));
  try {
    const before = load();
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpu();
    const stop = watch();
    const t0 = performance.now();
    const sync = new CatalogSync({ store, feed, terminalId: 'probe', writer });
    const status = await sync.pull();
    store.search({ query: 'a', limit: 1 }, null);
    const ms = performance.now() - t0;
    const { blocked, longest, heapPeakMiB } = stop();
    const cpu = process.cpuUsage(cpu0);
    say(
      `${writer} ${Math.floor(i / writers.length) + 1}: ${status.products} products in ${texts.length} pages, ` +
        `${(ms / 1000).toFixed(2)} s${status.lastError ? ` (error ${status.lastError})` : ''}; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
        `of it main thread ${(mainThreadCpu() - main0).toFixed(2)} s; main thread blocked ${(blocked / 1000).toFixed(2)} s, ` +
        `longest ${longest.toFixed(0)} ms; heap peak +${heapPeakMiB.toFixed(1)} MiB; stored on thread ${sync.lastWriterThreadId}; load ${before} → ${load()}`,
    );
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
