/**
 * Side-by-side 3, the catalog at N products, through our gateway (not pinned) at 4 clients:
 * the first and a deep keyset page, text search, barcode lookup, and a full `catalogChanges`
 * pull with the largest page (server time — first request to the last page's last byte, two
 * compact pages in flight from the server's page starts, not the bench's own decoding and gzip
 * sizing — and bytes, plain and gzip).
 */
import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import { type CatalogData, DEMO } from '../lib/data.ts';
import { expectData, login, post } from '../lib/graphql.ts';
import { measure, type Scenario, type Timing } from '../lib/measure.ts';
import { startServer } from '../lib/procs.ts';
import { withAdmin } from '../lib/setup.ts';
import { type ImportRate, measureImport } from './catalog-import.ts';

const CLIENTS = 4;
const PAGE = `query Page($after: String, $filter: ProductFilter) {
  products(first: 50, after: $after, filter: $filter) { edges { cursor node { id sku name price vatRate } } } }`;
const BARCODE =
  'query Barcode($barcode: String!) { productByBarcode(barcode: $barcode) { id sku name price } }';
/** The feed's largest page of objects (`catalogChanges(first:)` allows up to 5000). */
const CHANGES_PAGE = 5000;
/** The largest compact page (20 000 when only `compact` is selected): fewest round trips. */
export const COMPACT_PAGE = 20_000;
/** The lean pull a POS makes: compact format 1 pages (every field a till needs, as columns). */
export const CHANGES = `query Changes($since: String) { catalogChanges(first: ${COMPACT_PAGE}, since: $since) {
  cursor hasMore compact(format: 1) } }`;
/** The same pull as GraphQL objects (fewer fields than the compact page), for comparison. */
const CHANGES_OBJECTS = `query Changes($since: String) { catalogChanges(first: ${CHANGES_PAGE}, since: $since) {
  cursor hasMore changes { kind entity id seq product { id sku name price vatRate barcodes } } } }`;

interface FeedPage {
  cursor: string;
  hasMore: boolean;
  changes?: unknown[];
  compact?: {
    products: { sku: unknown[] };
    categories: unknown[];
    modifierGroups: unknown[];
    deleted: unknown[];
  };
}

/** Changes a page holds, in either shape. */
function pageChanges(page: FeedPage): number {
  const c = page.compact;
  if (c) return c.products.sku.length + c.categories.length + c.modifierGroups.length + c.deleted.length;
  return page.changes?.length ?? 0;
}

export interface ChangesPull {
  changes: number;
  pages: number;
  page_size: number;
  /** Pages asked for at once (1: one after another, each from the previous page's cursor). */
  in_flight: number;
  /** Server time: in flight, first request sent to the last page's last byte; else the sum of the round trips. */
  seconds: number;
  /** The whole pull as the bench ran it, its own decompression, parsing and gzip sizing included. */
  wall_seconds: number;
  bytes: number;
  /** Bytes as the gateway sent them with `accept-encoding: gzip`. */
  wire_bytes_gzip_requested: number;
  /** What the same responses gzip to (level 6), whether or not the server compressed. */
  gzip_bytes: number;
}

export interface CatalogReport {
  products: number;
  generator: string;
  scenarios: Scenario[];
  /** The compact pull (`compact(format: 1)`), which the summary's `changes_*` keys report. */
  changes: ChangesPull | null;
  /** The same pull as `changes { product { … } }` objects. */
  changes_objects: ChangesPull | null;
  changes_skipped?: string;
  /** What was done to the database before the pulls (vacuum, the consumers' backlog). */
  pull_preparation: PullPreparation | null;
  /** Bulk CSV import of as many rows as the catalog has products, then the same file again. */
  import: ImportRate | null;
  import_skipped?: string;
}

/**
 * POSTs and returns the body as received (no transparent decompression) and the round trip in
 * ms, request sent to last byte; decoding is left to the caller, outside that time.
 */
function rawPost(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ raw: Buffer; gzipped: boolean; ms: number; endedAt: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'accept-encoding': 'gzip' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            raw: Buffer.concat(chunks),
            gzipped: res.headers['content-encoding'] === 'gzip',
            ms: performance.now() - started,
            endedAt: performance.now(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The page starts of a pull (docs/api.md, "Pages in flight"): one cheap query before the pages. */
const PAGE_STARTS = 'query Starts($first: Int) { catalogChangePageStarts(first: $first) }';
/** Pages the compact pull keeps in flight (the POS's way, docs/api.md "Pages in flight"). */
export const IN_FLIGHT = 2;

type Received = Awaited<ReturnType<typeof rawPost>>;

/** Each page's body in page order; up to `inFlight` requests at a time, from the server's page starts. */
async function fetchPages(
  url: string,
  headers: Record<string, string>,
  query: string,
  pageSize: number,
  inFlight: number,
): Promise<Received[]> {
  const post = (since: string | null) =>
    rawPost(url, JSON.stringify({ query, variables: { since } }), headers);
  let starts: (string | null)[] = [null];
  if (inFlight > 1) {
    const { raw, gzipped } = await rawPost(
      url,
      JSON.stringify({ query: PAGE_STARTS, variables: { first: pageSize } }),
      headers,
    );
    const body = JSON.parse((gzipped ? gunzipSync(raw) : raw).toString());
    starts = expectData<{ catalogChangePageStarts: string[] }>('page starts', body).catalogChangePageStarts;
  }
  const received: Received[] = [];
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const i = next++;
      received[i] = await post(starts[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, starts.length) }, worker));
  // Past the last start (more than the starts could hold, or changes made meanwhile): one by one.
  for (;;) {
    const last = decodePage(received.at(-1)!);
    if (!last.hasMore) return received;
    received.push(await post(last.cursor));
  }
}

function decodePage(r: Received): FeedPage & { text: string } {
  const text = r.gzipped ? gunzipSync(r.raw).toString() : r.raw.toString();
  const body = JSON.parse(text) as { data?: { catalogChanges: FeedPage }; errors?: { message: string }[] };
  return { ...expectData('catalogChanges', body).catalogChanges, text };
}

/**
 * A full pull. With `inFlight` > 1 timed from the first request sent (the page starts) to the last
 * byte of the last page, decoding and gzip sizing after that span; one at a time, the sum of the
 * pages' round trips.
 */
export async function pullChanges(
  url: string,
  headers: Record<string, string>,
  query: string,
  pageSize: number,
  inFlight = 1,
): Promise<ChangesPull> {
  const started = performance.now();
  const received = await fetchPages(url, headers, query, pageSize, inFlight);
  // Page after page, the bench decodes each page before asking for the next: its round trips are
  // summed (server time, as before). In flight, the span to the last byte holds no decoding.
  const serverMs =
    inFlight > 1
      ? Math.max(...received.map((r) => r.endedAt)) - started
      : received.reduce((sum, r) => sum + r.ms, 0);
  let changes = 0;
  let bytes = 0;
  let wire = 0;
  let gzip = 0;
  for (const r of received) {
    const page = decodePage(r);
    changes += pageChanges(page);
    bytes += Buffer.byteLength(page.text);
    wire += r.raw.length;
    gzip += gzipSync(page.text).length;
  }
  return {
    changes,
    pages: received.length,
    page_size: pageSize,
    in_flight: inFlight,
    seconds: serverMs / 1000,
    wall_seconds: (performance.now() - started) / 1000,
    bytes,
    wire_bytes_gzip_requested: wire,
    gzip_bytes: gzip,
  };
}

export async function catalogSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  data: CatalogData,
  timing: Timing,
  say: (m: string) => void,
): Promise<CatalogReport> {
  const keys = db.keys;
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys, poolSize: 10 },
    { cpus: null },
  );
  const scenarios: Scenario[] = [];
  let changes: ChangesPull | null = null;
  let changesObjects: ChangesPull | null = null;
  let changesSkipped: string | undefined;
  let pullPreparation: PullPreparation | null = null;
  try {
    // Sharing off: the 4 clients send one identity's identical page, which in-flight sharing
    // would partly answer from each other's subgraph fetch; these rows measure the page itself
    // (the realistic mix in gateway-mix.ts measures sharing).
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys, urls: subgraphs.info.urls, sharing: false },
      { cpus: null },
    );
    try {
      const url = gateway.info.url;
      const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
      const { headers } = await login(url, owner.email!, DEMO_PASSWORD);
      say('catalog: walking the keyset pages to find the deepest one');
      const deep = await deepCursor(url, headers);
      const cases: [string, string, Record<string, unknown>, (d: unknown) => boolean][] = [
        ['first page', PAGE, {}, (d) => pageLength(d) === 50],
        ['deep page', PAGE, { after: deep }, (d) => pageLength(d) === 50],
        ['search', PAGE, { filter: { search: data.searchWord } }, (d) => pageLength(d) > 0],
        [
          'barcode',
          BARCODE,
          { barcode: data.barcode },
          (d) => Boolean((d as { productByBarcode: unknown }).productByBarcode),
        ],
      ];
      for (const [name, query, variables, ok] of cases) {
        const sanity = expectData(`catalog ${name}`, await post(url, query, variables, headers));
        if (!ok(sanity))
          throw new Error(`catalog ${name}: unexpected result ${JSON.stringify(sanity).slice(0, 300)}`);
        say(`catalog: ${name} at ${CLIENTS} clients`);
        scenarios.push(
          await measure(
            `catalog ${name} c${CLIENTS}`,
            { url, connections: CLIENTS, headers, body: JSON.stringify({ query, variables }) },
            timing,
            { loadCpus: null, watchPid: subgraphs.pid },
          ),
        );
      }
      say('catalog: full catalogChanges pull, compact then as objects');
      try {
        // `BENCH_SETTLE=off`: the pull right after the scenarios, as before (for before/after pairs).
        if (process.env.BENCH_SETTLE !== 'off') pullPreparation = await settleBeforePull(db.adminUrl, say);
        changes = await pullChanges(url, headers, CHANGES, COMPACT_PAGE, IN_FLIGHT);
        changesObjects = await pullChanges(url, headers, CHANGES_OBJECTS, CHANGES_PAGE);
        if (changes.changes < data.count)
          changesSkipped = `the feed returned ${changes.changes} of ${data.count} products`;
      } catch (error) {
        changesSkipped = String(error instanceof Error ? error.message : error).slice(0, 300);
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
  let imported: ImportRate | null = null;
  let importSkipped: string | undefined;
  try {
    imported = await measureImport(db, data.count, say);
    say(
      `catalog import: ${imported.rows} rows at ${imported.first_rows_per_s} rows/s (created), ${imported.rerun_rows_per_s} rows/s on re-run (all unchanged)`,
    );
  } catch (error) {
    importSkipped = String(error instanceof Error ? error.message : error).slice(0, 300);
  }
  return {
    import: imported,
    ...(importSkipped ? { import_skipped: importSkipped } : {}),
    products: data.count,
    generator: data.generator,
    scenarios,
    changes,
    changes_objects: changesObjects,
    pull_preparation: pullPreparation,
    ...(changesSkipped ? { changes_skipped: changesSkipped } : {}),
  };
}

/** The events the subgraphs' consumers have still to process (the admin reads past RLS). */
const BACKLOG_SQL = `SELECT coalesce(sum((SELECT count(*) FROM events.event e
    WHERE e.id > c.position AND e.type = ANY (c.types))), 0)::int AS n FROM events.consumer_cursor c`;
/** Longest wait for the consumers before the pull; past it the pull runs and the backlog is reported. */
const BACKLOG_WAIT_MS = 180_000;

export interface PullPreparation {
  vacuum_s: number;
  /** Events the consumers had still to process after the vacuum, and when the pull began. */
  backlog_before: number;
  backlog_at_pull: number;
  waited_s: number;
}

/**
 * Brings the bench's database to a running server's state before the pull (docs/performance.md
 * "The lean pull on a settled server"): a server's tables have been vacuumed and analysed, and its
 * event consumers have long processed the events of an import. The bench's were bulk-written
 * minutes before (100 000 products, their feed rows, changes and `catalog.changed` events, the
 * sales) on a server without autovacuum, so without this the pull's first read sets every row's
 * hint bits, and sales' catalog consumer works through 100 000 events beside the pull (≈ 1 s of
 * subgraph CPU and as much PostgreSQL CPU per pull). `VACUUM (ANALYZE)`, then a wait (at most
 * {@link BACKLOG_WAIT_MS}) until the consumers have caught up. Only the pull runs after it.
 */
async function settleBeforePull(adminUrl: string, say: (m: string) => void): Promise<PullPreparation> {
  return withAdmin(adminUrl, async (admin) => {
    const started = performance.now();
    await admin.query('VACUUM (ANALYZE)');
    const vacuumed = performance.now();
    const backlog = async () => (await admin.query<{ n: number }>(BACKLOG_SQL)).rows[0]!.n;
    const before = await backlog();
    let left = before;
    while (left > 0 && performance.now() - vacuumed < BACKLOG_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      left = await backlog();
    }
    const prepared: PullPreparation = {
      vacuum_s: round1((vacuumed - started) / 1000),
      backlog_before: before,
      backlog_at_pull: left,
      waited_s: round1((performance.now() - vacuumed) / 1000),
    };
    say(
      `catalog: VACUUM (ANALYZE) ${prepared.vacuum_s} s; consumers' backlog ${before} events, ${left} after ${prepared.waited_s} s`,
    );
    return prepared;
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The cursor that opens the last full page, found by walking the list through the API (250 per
 * page): cursors are opaque, so the bench does not build them itself.
 */
async function deepCursor(url: string, headers: Record<string, string>): Promise<string> {
  const WALK = `query Walk($after: String) { products(first: 250, after: $after) {
    edges { cursor } pageInfo { hasNextPage endCursor } } }`;
  let after: string | null = null;
  let tail: string[] = [];
  for (;;) {
    type Page = {
      products: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const page: Page = expectData('catalog walk', await post<Page>(url, WALK, { after }, headers));
    tail = [...tail, ...page.products.edges.map((e) => e.cursor)].slice(-300);
    if (!page.products.pageInfo.hasNextPage) break;
    after = page.products.pageInfo.endCursor;
  }
  const cursor = tail[tail.length - 51];
  if (!cursor) throw new Error('catalog walk: fewer than 51 products');
  return cursor;
}

function pageLength(data: unknown): number {
  return (data as { products: { edges: unknown[] } }).products.edges.length;
}
