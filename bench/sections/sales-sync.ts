/**
 * `sales-sync`: `syncSales` ingestion through the gateway, as issue 5 asks — batches of 50 full
 * shop receipts × 5 lines (name/IKPU snapshots, receipt discount, card + cash with change), fresh
 * and replayed (all DUPLICATE), with 1 terminal and with 8 terminals uploading at once (8 distinct
 * terminal ids registered in sales' directory projection). Sales/s = batches/s × 50. Prints the
 * data size before and after, and checks exactly-once afterwards: one `sale.created` per sale.
 */
import { DEMO_PASSWORD, demoId } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import { type BenchProduct, DEMO } from '../lib/data.ts';
import { expectData, login, post } from '../lib/graphql.ts';
import { measure, type Scenario, type Timing } from '../lib/measure.ts';
import { startServer } from '../lib/procs.ts';
import { withAdmin } from '../lib/setup.ts';
import { round } from '../lib/stats.ts';

export const INGEST_SALES = 50;
export const INGEST_LINES = 5;
/** Eight bench terminals of the demo tenant's first store. */
export const BENCH_TERMINALS = Array.from({ length: 8 }, (_, i) =>
  demoId(DEMO.slug, 'terminal', `bench-${i + 1}`),
);

export interface DataSize {
  sales: number;
  sale_lines: number;
  events: number;
  database_mb: number;
}

export interface SalesSyncReport {
  batch: string;
  receipt: string;
  before: DataSize;
  after: DataSize;
  /** sale.created events minus sales stored during the run: 0 means exactly once. */
  exactly_once_gap: number;
  scenarios: (Scenario & { sales_per_s: number })[];
}

/** Sales, lines and `sale.created` events stored, and the database's size. */
export async function dataSize(adminUrl: string): Promise<DataSize> {
  return withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ sales: number; lines: number; events: number; bytes: string }>(
      `SELECT (SELECT count(*) FROM sales.sale)::int AS sales, (SELECT count(*) FROM sales.sale_line)::int AS lines,
              (SELECT count(*) FROM events.event WHERE type = 'sale.created')::int AS events,
              pg_database_size(current_database())::text AS bytes`,
    );
    const r = rows[0]!;
    return {
      sales: r.sales,
      sale_lines: r.lines,
      events: r.events,
      database_mb: round(Number(r.bytes) / 2 ** 20),
    };
  });
}

export async function salesSyncSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  products: BenchProduct[],
  timing: Timing,
  say: (m: string) => void,
): Promise<SalesSyncReport> {
  const store = DEMO.stores[0]!;
  // The projection identity's terminal.upserted events would fill (the demo seed announced the
  // demo store already).
  await withAdmin(db.adminUrl, (admin) =>
    admin.query(
      `INSERT INTO sales.terminal_ref (tenant_id, id, store_id)
       SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
      [DEMO.id, BENCH_TERMINALS, store.id],
    ),
  );
  const before = await dataSize(db.adminUrl);
  say(
    `sales-sync: data before: ${before.sales.toLocaleString('en')} sales, ${before.sale_lines.toLocaleString('en')} lines, ` +
      `${before.database_mb} MiB database; ${BENCH_TERMINALS.length} bench terminals registered`,
  );
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  const gateway = await startServer<{ url: string }>(
    'servers/gateway-ours.ts',
    { keys: db.keys, urls: subgraphs.info.urls },
    { cpus: null },
  ).catch(async (error) => {
    await subgraphs.stop();
    throw error;
  });
  const scenarios: SalesSyncReport['scenarios'] = [];
  try {
    const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
    const session = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
    const sanity = await post<{ syncSales: { errors: unknown[]; results: unknown[] } }>(
      gateway.info.url,
      'mutation S($input: SyncSalesInput!) { syncSales(input: $input) { errors { code } results { status } } }',
      { input: { terminalId: BENCH_TERMINALS[0], sales: [] } },
      session.headers,
    );
    const answer = expectData('syncSales sanity', sanity).syncSales;
    if (answer.errors.length > 0) throw new Error(`syncSales sanity: ${JSON.stringify(answer.errors)}`);
    for (const mode of ['fresh', 'replay'] as const) {
      for (const terminals of [1, 8]) {
        say(
          `sales-sync: ${mode}, ${terminals} terminal(s) uploading ${INGEST_SALES} × ${INGEST_LINES}-line batches`,
        );
        const scenario = await measure(
          `sales-sync ${mode} ${terminals} terminal${terminals > 1 ? 's' : ''}`,
          {
            url: gateway.info.url,
            connections: terminals,
            headers: session.headers,
            sync: {
              mode,
              terminalIds: BENCH_TERMINALS.slice(0, terminals),
              products: products.slice(0, 200),
              sales: INGEST_SALES,
              lines: INGEST_LINES,
              receipt: 'full',
            },
          },
          timing,
          { loadCpus: null, watchPid: subgraphs.pid },
        );
        const row = { ...scenario, sales_per_s: round(scenario.rps * INGEST_SALES) };
        scenarios.push(row);
        say(
          `  ${row.sales_per_s} sales/s (${row.rps} batches/s ±${row.rps_spread_pct}%), batch p50 ${row.p50_ms} ms, ` +
            `p95 ${row.p95_ms} ms, p99 ${row.p99_ms} ms, sales process CPU ${row.server_cpu ?? '?'}, bad ${row.bad}`,
        );
      }
    }
  } finally {
    await gateway.stop();
    await subgraphs.stop();
  }
  const after = await dataSize(db.adminUrl);
  const gap = after.events - before.events - (after.sales - before.sales);
  say(
    `sales-sync: data after: ${after.sales.toLocaleString('en')} sales, ${after.database_mb} MiB; ` +
      `sale.created − sales stored during the run = ${gap} (0 = exactly once)`,
  );
  return {
    batch: `${INGEST_SALES} sales × ${INGEST_LINES} lines`,
    receipt: 'full: name/IKPU snapshots, 1 % receipt discount, card + cash with change',
    before,
    after,
    exactly_once_gap: gap,
    scenarios,
  };
}
