/**
 * A probe for the lean catalog pull (issue 17; not part of `npm run bench`): the full compact pull
 * through our gateway, timed the bench's way (`pullChanges` of the catalog section: six pages of
 * 20 000 changes, `accept-encoding: gzip`, request to last byte), repeated, with the load average
 * printed beside every figure — so a before/after pair can be run back to back on the same data.
 *
 * `npx tsx bench/feed-probe.ts prepare [--products 100000]` makes a bench database with the demo
 * tenants and N generated products, keeps it and prints its admin URL;
 * `BENCH_DB=<that url> npx tsx bench/feed-probe.ts pull [--times 3]` starts the subgraphs and the
 * gateway on it and pulls;
 * `BENCH_DB=… npx tsx bench/feed-probe.ts statement [--times 3]` runs the page statement before
 * `catalog.product_feed` (`compact-feed.legacy.ts`) and the current one alternately, page by page,
 * straight in PostgreSQL, and checks that both write the same text.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { generateSigningKeys } from '@jowi/server-kit';
import pg from 'pg';
import { LEGACY_COMPACT_SQL } from '../subgraphs/catalog/src/compact-feed.legacy.ts';
import { COMPACT_SQL } from '../subgraphs/catalog/src/services/compact-feed.ts';
import { DEMO, fillProducts } from './lib/data.ts';
import { login } from './lib/graphql.ts';
import { startServer, stopAll } from './lib/procs.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { CHANGES, COMPACT_PAGE, pullChanges } from './sections/catalog.ts';

const say = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
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

async function pull(): Promise<void> {
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
      for (let i = 0; i < arg('times', 3); i++) {
        const before = load();
        const r = await pullChanges(gateway.info.url, headers, CHANGES, COMPACT_PAGE);
        say(
          `pull ${i + 1}: ${r.changes} changes in ${r.pages} pages, ${r.seconds.toFixed(2)} s to last byte, ` +
            `${(r.gzip_bytes / 2 ** 20).toFixed(2)} MiB gzip-6, ${(r.wire_bytes_gzip_requested / 2 ** 20).toFixed(2)} MiB wire; ` +
            `load ${before} → ${load()}`,
        );
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
    await stopAll();
  }
}

async function statement(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.BENCH_DB });
  await client.connect();
  try {
    for (let i = 0; i < arg('times', 3); i++) {
      for (const [name, sql] of [
        ['before', LEGACY_COMPACT_SQL(false)],
        ['after', COMPACT_SQL(false)],
      ] as const) {
        const before = load();
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
            `sha256 ${hash.digest('hex').slice(0, 16)}; load ${before} → ${load()}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}

const mode = process.argv[2];
await (mode === 'prepare'
  ? prepare()
  : mode === 'pull'
    ? pull()
    : mode === 'statement'
      ? statement()
      : Promise.reject(new Error('prepare | pull | statement')));
