/**
 * Sales reads at scale (issue 5): the daily summary of the busiest store-day and the sales
 * listing filtered to a business day, through our gateway (not pinned) with 1 and 4 clients, over
 * the N generated sales (`--sales 1000000` for the figure). Also prints what the data
 * weighs and how long the summary's SQL takes on the server (EXPLAIN ANALYZE), so a slow figure
 * can be told apart between the database and the API.
 */
import os from 'node:os';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { entities as salesEntities } from '@jowi/sales';
import { createDataSource, createLogger, roleUrl, runtimeRole, systemContext } from '@jowi/server-kit';
import type { StackKeys } from '@jowi/system';
import pg from 'pg';
import { listSales } from '../../subgraphs/sales/src/services/sale.service.ts';
import { dailySalesSummary, SUMMARY_SQL } from '../../subgraphs/sales/src/services/summary.service.ts';
import { DEMO } from '../lib/data.ts';
import { expectData, login, post } from '../lib/graphql.ts';
import { measure, type Scenario, summarise, type Timing } from '../lib/measure.ts';
import { startServer } from '../lib/procs.ts';
import { quantile, round } from '../lib/stats.ts';
import type { RunResult } from '../load-child.ts';

const SUMMARY = `query Summary($storeId: ID!, $date: Date!) { dailySalesSummary(storeId: $storeId, date: $date) {
  storeId date timeZone receipts revenue refunds net vat averageCheck
  byPaymentMethod { method sales refunds net count } byHour { hour receipts revenue } } }`;
const LIST = `query Sales($filter: SaleFilter) { sales(first: 50, filter: $filter) {
  edges { cursor node { id createdAt businessDate total status cashierId payments { method amount } } }
  pageInfo { hasNextPage endCursor } } }`;

export interface SalesReadsReport {
  /** What the measured data is. */
  data: {
    sales: number;
    lines: number;
    payments: number;
    refunds: number;
    /** Heap + indexes + TOAST of sales.sale, sale_line, sale_payment, refund*, shift. */
    size_mib: number;
    store_id: string;
    date: string;
    /** Sales of the measured store-day. */
    day_sales: number;
  };
  /** Server-side time of the summary statement (EXPLAIN ANALYZE, median of 5 runs), ms. */
  summary_sql_ms: number;
  /** Plan nodes of the summary and listing queries that show which indexes they use. */
  plans: Record<string, string[]>;
  /** Through the gateway (HTTP, GraphQL, federation, auth). */
  scenarios: Scenario[];
  /** The same reads called in-process on the service (no HTTP, no GraphQL), same database. */
  service_layer: Scenario[];
  /** 1-minute load average before and after the measurements: other work on the machine shows here. */
  load_average: [number, number];
}

async function describeData(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const q = async <T>(sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as T[];
    const [counts] = await q<{
      sales: string;
      lines: string;
      payments: string;
      refunds: string;
      bytes: string;
    }>(
      `SELECT (SELECT count(*) FROM sales.sale) AS sales, (SELECT count(*) FROM sales.sale_line) AS lines,
              (SELECT count(*) FROM sales.sale_payment) AS payments, (SELECT count(*) FROM sales.refund) AS refunds,
              (SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['sales.sale', 'sales.sale_line',
                 'sales.sale_payment', 'sales.refund', 'sales.refund_line', 'sales.refund_payment',
                 'sales.shift']::regclass[]) AS c) AS bytes`,
    );
    // The busiest store-day of the demo tenant: the worst case a manager opens. Days before
    // today only: the ingestion sections (sync, sales-sync) upload today's sales, cash-only
    // batches among them, and must not become the history this section reads.
    const [busiest] = await q<{ store_id: string; date: string; n: string }>(
      `SELECT store_id, to_char(business_date, 'YYYY-MM-DD') AS date, count(*) AS n FROM sales.sale
        WHERE tenant_id = $1 AND business_date < (now() AT TIME ZONE 'Asia/Tashkent')::date
        GROUP BY store_id, business_date ORDER BY count(*) DESC, 2 DESC LIMIT 1`,
      [DEMO.id],
    );
    if (!busiest) throw new Error('no sales to summarise: run with --sales N');
    // The plans and the SQL time, run as the tenant the way the service runs them.
    await admin.query('BEGIN');
    await admin.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
    const explain = async (sql: string, params: unknown[]) =>
      (await q<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).map(
        (r) => r['QUERY PLAN'],
      );
    const times: number[] = [];
    let summaryPlan: string[] = [];
    for (let i = 0; i < 5; i++) {
      summaryPlan = await explain(SUMMARY_SQL, [DEMO.id, busiest.store_id, busiest.date, 'Asia/Tashkent']);
      const line = summaryPlan.find((l) => l.startsWith('Execution Time'));
      times.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1] ?? Number.NaN));
    }
    const listPlan = await explain(
      `SELECT id FROM sales.sale s WHERE s.tenant_id = $1 AND s.store_id = $2 AND s.business_date >= $3::date
          AND s.business_date <= $3::date AND s.device_created_at >= ($3::date - 1)::timestamp AT TIME ZONE 'UTC'
          AND s.device_created_at < ($3::date + 2)::timestamp AT TIME ZONE 'UTC'
        ORDER BY s.device_created_at DESC, s.id DESC LIMIT 51`,
      [DEMO.id, busiest.store_id, busiest.date],
    );
    await admin.query('ROLLBACK');
    times.sort((a, b) => a - b);
    const nodes = (plan: string[]) =>
      plan
        .filter((l) => /Index|Seq Scan|Execution Time/.test(l) && !/CTE Scan|Index Cond/.test(l))
        .map((l) =>
          l
            .trim()
            .replace(/\s*\(cost=[^)]*\)/, '')
            .replace(/\s*\(actual time=[^ ]* /, ' ('),
        );
    return {
      data: {
        sales: Number(counts!.sales),
        lines: Number(counts!.lines),
        payments: Number(counts!.payments),
        refunds: Number(counts!.refunds),
        size_mib: round(Number(counts!.bytes) / 2 ** 20, 1),
        store_id: busiest.store_id,
        date: busiest.date,
        day_sales: Number(busiest.n),
      },
      summary_sql_ms: round(times[2]!, 2),
      plans: { summary: nodes(summaryPlan), listing_day: nodes(listPlan) },
    };
  } finally {
    await admin.end();
  }
}

export async function salesReadsSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  timing: Timing,
  say: (m: string) => void,
): Promise<SalesReadsReport> {
  const described = await describeData(db.adminUrl);
  const d = described.data;
  say(
    `sales reads: ${d.sales.toLocaleString('en')} sales, ${d.lines.toLocaleString('en')} lines, ` +
      `${d.payments.toLocaleString('en')} payments, ${d.refunds.toLocaleString('en')} refunds, ${d.size_mib} MiB; ` +
      `busiest store-day ${d.date} with ${d.day_sales} sales; summary SQL ${described.summary_sql_ms} ms`,
  );
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  const scenarios: Scenario[] = [];
  try {
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls },
      { cpus: null },
    );
    try {
      const url = gateway.info.url;
      const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
      const { headers } = await login(url, owner.email!, DEMO_PASSWORD);
      const day = { storeId: d.store_id, dateFrom: d.date, dateTo: d.date };
      const cases: [string, string, Record<string, unknown>, (data: unknown) => boolean, number[]][] = [
        [
          'daily summary',
          SUMMARY,
          { storeId: d.store_id, date: d.date },
          (data) =>
            (data as { dailySalesSummary: { receipts: number } }).dailySalesSummary.receipts === d.day_sales,
          [1, 4],
        ],
        ['list day', LIST, { filter: day }, (data) => pageLength(data) === 50, [1, 4]],
        [
          'list day+card',
          LIST,
          { filter: { ...day, paymentMethod: 'CARD', minTotal: '100.00' } },
          (data) => pageLength(data) > 0,
          [1],
        ],
      ];
      for (const [name, query, variables, ok, clients] of cases) {
        const sanity = expectData(`sales ${name}`, await post(url, query, variables, headers));
        if (!ok(sanity))
          throw new Error(`sales ${name}: unexpected result ${JSON.stringify(sanity).slice(0, 300)}`);
        for (const connections of clients) {
          say(`sales reads: ${name} at ${connections} client(s)`);
          scenarios.push(
            await measure(
              `sales ${name} c${connections}`,
              { url, connections, headers, body: JSON.stringify({ query, variables }) },
              timing,
              { loadCpus: null, watchPid: subgraphs.pid },
            ),
          );
        }
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
  const loadBefore = round(os.loadavg()[0]!, 2);
  const serviceLayer = await serviceLayerRuns(db, d, timing, say);
  return {
    ...described,
    scenarios,
    service_layer: serviceLayer,
    load_average: [loadBefore, round(os.loadavg()[0]!, 2)],
  };
}

/** `clients` loops calling `work` for `seconds`; one latency per call. */
async function loops(work: () => Promise<unknown>, clients: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await work();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    bad: 0,
    cpu: {},
  };
}

async function serviceLayerRuns(
  db: { adminUrl: string; rolePassword?: string },
  d: SalesReadsReport['data'],
  timing: Timing,
  say: (m: string) => void,
): Promise<Scenario[]> {
  const ds = createDataSource({
    url: roleUrl(db.adminUrl, runtimeRole('sales'), db.rolePassword),
    schema: 'sales',
    entities: salesEntities,
    poolSize: 4,
  });
  await ds.initialize();
  const log = createLogger('bench', 'silent');
  const ctx = () =>
    systemContext({ db: ds, tenantId: DEMO.id, log, permissions: ['reports:read', 'sales:read'] });
  const day = { storeId: d.store_id, dateFrom: d.date, dateTo: d.date };
  const cases: [string, () => Promise<unknown>][] = [
    ['service daily summary c1', () => dailySalesSummary(ctx(), d.store_id, d.date)],
    ['service list day c1', () => listSales(ctx(), { first: 50, filter: day })],
  ];
  const out: Scenario[] = [];
  try {
    for (const [name, work] of cases) {
      say(`sales reads: ${name}`);
      await loops(work, 1, timing.warmupSeconds);
      const runs: RunResult[] = [];
      for (let i = 0; i < timing.repeats; i++) runs.push(await loops(work, 1, timing.durationSeconds));
      out.push(summarise(name, 1, runs));
    }
  } finally {
    await ds.destroy();
  }
  return out;
}

function pageLength(data: unknown): number {
  return (data as { sales: { edges: unknown[] } }).sales.edges.length;
}

/** The section's lines under the main table: data size, SQL time, plans, and the scenarios. */
export function printSalesReads(report: SalesReadsReport | null): void {
  if (!report) return;
  const d = report.data;
  console.log('');
  console.log(
    `Sales reads over ${d.sales.toLocaleString('en')} sales (${d.lines.toLocaleString('en')} lines, ` +
      `${d.payments.toLocaleString('en')} payments, ${d.refunds.toLocaleString('en')} refunds; ${d.size_mib} MiB ` +
      `with indexes); busiest store-day ${d.date}: ${d.day_sales} sales; summary SQL ${report.summary_sql_ms} ms on the server.`,
  );
  console.log(`  1-minute load average before / after the measurements: ${report.load_average.join(' / ')}`);
  for (const [name, nodes] of Object.entries(report.plans))
    console.log(`  plan ${name}: ${nodes.join(' | ')}`);
  for (const s of [...report.scenarios, ...report.service_layer])
    console.log(
      `  ${s.name.padEnd(26)} ${String(s.rps).padStart(7)} rps ±${s.rps_spread_pct}%  p50 ${s.p50_ms} ms  p95 ${s.p95_ms} ms  p99 ${s.p99_ms} ms  bad ${s.bad}`,
    );
}

/** The comparable figures of the section for `latest.json` (null when it did not run). */
export function salesReadsSummary(report: SalesReadsReport | null) {
  if (!report) return null;
  const find = (name: string) => report.scenarios.find((s) => s.name === name) ?? null;
  const summary1 = find('sales daily summary c1');
  const summary4 = find('sales daily summary c4');
  const list1 = find('sales list day c1');
  const service = report.service_layer.find((s) => s.name === 'service daily summary c1') ?? null;
  return {
    sales: report.data.sales,
    day_sales: report.data.day_sales,
    summary_sql_ms: report.summary_sql_ms,
    summary_p50_ms: summary1?.p50_ms ?? null,
    summary_p95_ms: summary1?.p95_ms ?? null,
    summary_p99_ms: summary1?.p99_ms ?? null,
    summary_rps_c4: summary4?.rps ?? null,
    list_day_p95_ms: list1?.p95_ms ?? null,
    service_summary_p50_ms: service?.p50_ms ?? null,
    load_average: report.load_average,
  };
}
