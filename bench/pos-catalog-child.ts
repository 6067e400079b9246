/**
 * The till's warm start and search, in a process of its own so its memory is the catalog's alone:
 * opens the catalog store a full pull left behind (100 000 products), reads what the sell screen
 * shows first (status, categories, the first page of products), then types each query one
 * keystroke at a time (a scanned barcode arrives whole), timing every search. Prints one
 * `RESULT {json}` line.
 *
 * Usage: node --import tsx bench/pos-catalog-child.ts '{"file": "...", "queries": [...]}'
 */
import { CatalogStore } from '../pos-desktop/src/main/catalog/catalog-store.ts';

interface Input {
  file: string;
  /** Each query with whether it is typed (prefix by prefix) or scanned (whole). */
  queries: { text: string; typed: boolean }[];
}

const input = JSON.parse(process.argv[2]!) as Input;
const before = process.memoryUsage();
const started = performance.now();
const store = new CatalogStore(input.file);
const products = store.count();
store.categories();
const firstPage = store.browse({ limit: 50 }, null);
const warmStartMs = performance.now() - started;

const timings: number[] = [];
const measured: { query: string; ms: number }[] = [];
let hits = 0;
for (const { text, typed } of input.queries) {
  const steps = typed ? [...text].map((_, i) => text.slice(0, i + 1)) : [text];
  for (const step of steps) {
    const t = performance.now();
    const slice = store.search({ query: step, limit: 50 }, null);
    const ms = performance.now() - t;
    timings.push(ms);
    measured.push({ query: step, ms: Math.round(ms * 100) / 100 });
    if (step === text && slice.total > 0) hits++;
  }
}
const after = process.memoryUsage();
store.close();
console.log(
  `RESULT ${JSON.stringify({
    products,
    first_page: firstPage.items.length,
    warm_start_ms: warmStartMs,
    timings,
    slowest: measured.sort((a, b) => b.ms - a.ms).slice(0, 10),
    queries_found: hits,
    rss_added_mib: (after.rss - before.rss) / 2 ** 20,
    heap_added_mib: (after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20,
  })}`,
);
