/**
 * Where a catalog first page's time goes at N products (issue 19): `node --import tsx
 * bench/catalog-page-probe.ts [products] [requests]`. A fresh bench database seeded with the
 * catalog generator (no CSV import) — or, with `PROBE_DB=<name>`, a database a previous run kept
 * (`BENCH_KEEP_DB=1`) on DATABASE_URL's server — then, one request at a time (no queueing):
 *
 * 1. `sql`: the page's statement alone, as the catalog's runtime role (row-level security on);
 * 2. the same statement in the transaction the subgraph wraps every read in (BEGIN, the tenant's
 *    `set_config`, the statement, COMMIT — four round trips);
 * 3. `plan`: the statement's plan as the runtime role under RLS with the real parameter — custom
 *    (what an unnamed statement gets) and generic (what a prepared one may settle on) — node,
 *    heap fetches, buffers, planning and execution time;
 * 4. `verify`: verifying the gateway-signed identity, as each subgraph request does;
 * 5. `direct`: the page over HTTP straight to the catalog subgraph (identity signed once, as the
 *    gateway's token cache does);
 * 6. `gateway`: the page through our gateway (sharing off: one caller, one request at a time);
 * 7. `c4`: the page through our gateway at 4 clients (as `npm run bench -- catalog`), sharing
 *    off, with the CPU milliseconds per request of the gateway, the subgraphs process and the
 *    database's backends.
 *
 * `PROBE_STEPS=plan,c4` runs only those. Prints one JSON object with medians and p95s in ms.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import {
  createIdentityVerifier,
  generateSigningKeys,
  IDENTITY_HEADER,
  importKey,
  roleUrl,
  runtimeRole,
  signIdentity,
  verifyIdentity,
} from '@jowi/server-kit';
import pg from 'pg';
import { DEMO, fillProducts } from './lib/data.ts';
import { expectData, login, post } from './lib/graphql.ts';
import { runLoad, startServer, stopAll } from './lib/procs.ts';
import { type BenchDatabase, createBenchDatabase, withAdmin } from './lib/setup.ts';
import { median, quantile } from './lib/stats.ts';

const products = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 300);
const STEPS = new Set((process.env.PROBE_STEPS ?? 'sql,plan,verify,direct,gateway,c4').split(','));
const PAGE = 'query Page { products(first: 50) { edges { cursor node { id sku name price vatRate } } } }';
/** The statement `listProducts` sends for that page (the gateway adds nothing the columns need). */
const SQL = `SELECT p.id, p.sku, p.name, p.price::text AS price, p.vat_rate AS "vatRate", p.name AS "sortKey" FROM catalog.product p
        WHERE p.tenant_id = $1
        ORDER BY p.name ASC, p.id ASC LIMIT 51`;
const say = (m: string) => console.error(`[probe] ${m}`);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** CPU seconds a process has used (utime + stime). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each process still running. */
function cpuOf(pids: readonly number[]): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      cpu.set(pid, cpuSeconds(pid));
    } catch {
      // ended (the pool closes idle connections)
    }
  }
  return cpu;
}

/** CPU seconds used between two `cpuOf` readings by the processes alive at both. */
function cpuUsed(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, end] of after) if (before.has(pid)) total += end - before.get(pid)!;
  return total;
}

/** `timed`, plus the CPU milliseconds per request each watched process spent. */
async function timedCpu(n: number, pids: Record<string, number>, work: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await work();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const own = process.cpuUsage();
  const latency = await timed(n, work);
  const { user, system } = process.cpuUsage(own);
  const client = Math.round((user + system) / (n + Math.min(50, n))) / 1000;
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [
      `${k}_cpu_ms_per_request`,
      Math.round(((cpuSeconds(pid) - before[k]!) * 1e6) / (n + Math.min(50, n))) / 1000,
    ]),
  );
  return { ...latency, ...cpu, probe_cpu_ms_per_request: client };
}

async function timed(n: number, work: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, n); i++) await work(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  return { p50_ms: r3(quantile(ms, 0.5)), p95_ms: r3(quantile(ms, 0.95)) };
}

/** A kept database (`PROBE_DB`) with fresh keys, or a new one filled with `products`. */
async function openDatabase(): Promise<BenchDatabase> {
  const name = process.env.PROBE_DB;
  if (!name) {
    const db = await createBenchDatabase('1', say);
    await withAdmin(db.adminUrl, (admin) => fillProducts(admin, db.adminUrl, products, say));
    return db;
  }
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return {
    adminUrl: url.toString(),
    rolePassword: process.env.DB_ROLE_PASSWORD || undefined,
    keys: {
      identity: await generateSigningKeys('identity-bench'),
      gateway: await generateSigningKeys('gateway-bench'),
    },
    description: `kept database ${name}`,
    close: async () => undefined,
  };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Heap Fetches'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** The scan under the plan's Limit/Result nodes, summarised. */
function scanOf(plan: { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }) {
  let node = plan.Plan;
  while (node.Plans?.length && !/Scan/.test(node['Node Type'])) node = node.Plans[0]!;
  return {
    node: `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    heap_fetches: node['Heap Fetches'] ?? null,
    buffers: (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0),
    planning_ms: r3(plan['Planning Time']),
    execution_ms: r3(plan['Execution Time']),
  };
}

/** The page statement's custom and generic plans, as the runtime role in the tenant transaction. */
async function plans(role: pg.Client) {
  const explain = 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)';
  await role.query('BEGIN');
  try {
    await role.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
    const custom = await role.query(`${explain} ${SQL}`, [DEMO.id]);
    await role.query(`PREPARE probe_plan(uuid) AS ${SQL}`);
    // What PostgreSQL picks by itself (plan_cache_mode auto): after five custom plans it compares.
    for (let i = 0; i < 8; i++) await role.query(`EXECUTE probe_plan('${DEMO.id}')`);
    const chosen = await role.query(
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'probe_plan'",
    );
    await role.query('SET LOCAL plan_cache_mode = force_generic_plan');
    const generic = await role.query(`${explain} EXECUTE probe_plan('${DEMO.id}')`);
    return {
      custom: scanOf(custom.rows[0]['QUERY PLAN'][0]),
      generic: scanOf(generic.rows[0]['QUERY PLAN'][0]),
      auto_after_8_runs: chosen.rows[0],
    };
  } finally {
    await role.query('ROLLBACK');
    await role.query('DEALLOCATE probe_plan');
  }
}

/** Steps 1–3 on one connection as the catalog's runtime role. */
async function statementSteps(db: BenchDatabase, out: Record<string, unknown>): Promise<void> {
  const role = new pg.Client({
    connectionString: roleUrl(db.adminUrl, runtimeRole('catalog'), db.rolePassword),
  });
  await role.connect();
  try {
    if (STEPS.has('plan')) out.plans = await plans(role);
    if (!STEPS.has('sql')) return;
    // The tenant set once for the session, so only the statement is timed.
    await role.query("SELECT set_config('app.tenant_id', $1, false)", [DEMO.id]);
    out.statement_only = await timed(requests, () => role.query(SQL, [DEMO.id]));
    const backend = (await role.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const inTransaction = (statement: string | pg.QueryConfig) => async () => {
      await role.query('BEGIN');
      await role.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
      await role.query(statement, [DEMO.id]);
      await role.query('COMMIT');
    };
    // BEGIN and the tenant in one simple-protocol round trip (the uuid is ours, as a literal).
    const merged = async () => {
      await role.query(`BEGIN; SELECT set_config('app.tenant_id', '${DEMO.id}', true)`);
      await role.query({ name: 'probe_page', text: SQL }, [DEMO.id]);
      await role.query('COMMIT');
    };
    // Alternately, so all see the same load: the page planned each time, prepared, and prepared
    // with BEGIN and the tenant in one round trip.
    for (const round of [1, 2]) {
      out[`prepared_three_round_trips_${round}`] = await timedCpu(requests, { postgres: backend }, merged);
      out[`statement_in_tenant_transaction_${round}`] = await timedCpu(
        requests,
        { postgres: backend },
        inTransaction(SQL),
      );
      out[`prepared_in_tenant_transaction_${round}`] = await timedCpu(
        requests,
        { postgres: backend },
        inTransaction({ name: 'probe_page', text: SQL }),
      );
    }
  } finally {
    await role.end();
  }
}

/** PostgreSQL backends of the catalog's pool on the bench database. */
async function backendPids(adminUrl: string): Promise<number[]> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = $1',
      [runtimeRole('catalog')],
    );
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}

/** 4 clients through the gateway: latency and CPU ms per request of each process. */
async function fourClients(
  db: BenchDatabase,
  url: string,
  headers: Record<string, string>,
  pids: { gateway: number; subgraphs: number },
) {
  // Concurrent pages first, so the pool has opened the connections the run will use.
  await Promise.all(Array.from({ length: 8 }, () => post(url, PAGE, {}, headers)));
  const backends = await backendPids(db.adminUrl);
  const pgBefore = cpuOf(backends);
  const runs = await runLoad(
    {
      url,
      connections: 4,
      headers,
      body: JSON.stringify({ query: PAGE }),
      warmupSeconds: 1,
      durationSeconds: 4,
      repeats: 3,
      cpuPids: [pids.gateway, pids.subgraphs],
    },
    null,
  );
  const done = runs.reduce((n, r) => n + r.requests, 0);
  const perRequest = (pid: number) =>
    r3(median(runs.map((r) => ((r.cpu[String(pid)] ?? Number.NaN) * 1000) / r.requests)));
  return {
    p50_ms: r3(median(runs.map((r) => r.p50))),
    p95_ms: r3(median(runs.map((r) => r.p95))),
    rps: r3(median(runs.map((r) => r.rps))),
    bad: runs.reduce((n, r) => n + r.bad, 0),
    gateway_cpu_ms_per_request: perRequest(pids.gateway),
    subgraphs_cpu_ms_per_request: perRequest(pids.subgraphs),
    // The catalog's backends; warm-ups included in the CPU but not in `done`: an upper bound.
    catalog_postgres_cpu_ms_per_request_at_most: r3((cpuUsed(pgBefore, cpuOf(backends)) * 1000) / done),
  };
}

/** What the services burn with no request at all (consumers polling, timers), per second. */
async function idleCost(db: BenchDatabase, subgraphs: number, gateway: number) {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  // Settled first: the backends' start-up (catalog caches) is not idle cost.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const { rows } = await admin.query<{ pid: number; role: string }>(
    "SELECT pid, usename AS role FROM pg_stat_activity WHERE datname = current_database() AND usename LIKE 'jowi_%'",
  );
  await admin.end();
  const pids = [subgraphs, gateway, ...rows.map((r) => r.pid)];
  const before = cpuOf(pids);
  const seconds = 10;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = cpuOf(pids);
  const used = (list: number[]) =>
    r3(cpuUsed(before, new Map(list.map((p) => [p, after.get(p)!]))) / seconds);
  const byRole: Record<string, number> = {};
  for (const role of new Set(rows.map((r) => r.role)))
    byRole[role] = used(rows.filter((r) => r.role === role).map((r) => r.pid));
  return {
    subgraphs_cpu_per_s: used([subgraphs]),
    gateway_cpu_per_s: used([gateway]),
    backends_cpu_per_s: byRole,
  };
}

/** Steps 4–7: identity verification, the page direct, through the gateway, at 4 clients. */
async function httpSteps(db: BenchDatabase, out: Record<string, unknown>): Promise<void> {
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  const urls = subgraphs.info.urls;
  const gateway = await startServer<{ url: string }>(
    'servers/gateway-ours.ts',
    { keys: db.keys, urls, sharing: false },
    { cpus: null },
  );
  const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
  const session = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
  const key = await importKey(db.keys.gateway.privateJwk);
  const publicKey = await importKey(db.keys.gateway.publicJwk);
  const token = await signIdentity(key, db.keys.gateway.privateJwk.kid as string, session.identity);
  if (STEPS.has('verify')) {
    out.verify_identity = await timed(requests, () => verifyIdentity(publicKey, token));
    const remembered = createIdentityVerifier(publicKey);
    out.verify_identity_remembered = await timed(requests, () => remembered(token));
  }
  if (STEPS.has('idle')) out.idle = await idleCost(db, subgraphs.pid, gateway.pid);
  const direct = { 'content-type': 'application/json', [IDENTITY_HEADER]: token };
  expectData('direct page', await post(urls.catalog!, PAGE, {}, direct));
  expectData('gateway page', await post(gateway.info.url, PAGE, {}, session.headers));
  if (STEPS.has('direct'))
    out.direct_subgraph_c1 = await timedCpu(requests, { subgraphs: subgraphs.pid }, () =>
      post(urls.catalog!, PAGE, {}, direct),
    );
  if (STEPS.has('gateway'))
    out.gateway_c1 = await timedCpu(requests, { subgraphs: subgraphs.pid, gateway: gateway.pid }, () =>
      post(gateway.info.url, PAGE, {}, session.headers),
    );
  if (STEPS.has('c4'))
    out.gateway_c4 = await fourClients(db, gateway.info.url, session.headers, {
      gateway: gateway.pid,
      subgraphs: subgraphs.pid,
    });
}

const out: Record<string, unknown> = {
  products,
  requests,
  load_at_start: readFileSync('/proc/loadavg', 'utf8').trim(),
};
const db = await openDatabase();
try {
  if (STEPS.has('sql') || STEPS.has('plan')) await statementSteps(db, out);
  if (['idle', 'verify', 'direct', 'gateway', 'c4'].some((s) => STEPS.has(s))) await httpSteps(db, out);
} finally {
  await stopAll();
  await db.close();
}
out.load_at_end = readFileSync('/proc/loadavg', 'utf8').trim();
console.log(JSON.stringify(out, null, 2));
process.exit(0);
