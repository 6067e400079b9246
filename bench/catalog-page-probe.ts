/**
 * Where a catalog first page's time goes at N products (issue 19): `node --import tsx
 * bench/catalog-page-probe.ts [products] [requests]`. A fresh bench database seeded with the
 * catalog generator (no CSV import), then, one request at a time (no queueing):
 *
 * 1. the page's statement alone, as the catalog's runtime role (row-level security on);
 * 2. the same statement in the transaction the subgraph wraps every read in (BEGIN, the tenant's
 *    `set_config`, the statement, COMMIT — four round trips);
 * 3. verifying the gateway-signed identity, as each subgraph request does;
 * 4. the page over HTTP straight to the catalog subgraph (identity signed once, as the gateway's
 *    token cache does);
 * 5. the page through our gateway (sharing off: one caller, one request at a time);
 * 6. the page through our gateway at 4 clients (as `npm run bench -- catalog`), sharing off and on.
 *
 * Prints one JSON object with medians and p95s in ms.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import {
  createIdentityVerifier,
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
import { measure } from './lib/measure.ts';
import { startServer, stopAll } from './lib/procs.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { quantile } from './lib/stats.ts';

const products = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 300);
const PAGE = 'query Page { products(first: 50) { edges { cursor node { id sku name price vatRate } } } }';
const SQL = `SELECT p.id, p.sku, p.name, p.price::text AS price, p.vat_rate AS "vatRate", p.name AS "sortKey"
  FROM catalog.product p WHERE p.tenant_id = $1 ORDER BY p.name ASC, p.id ASC LIMIT 51`;
const say = (m: string) => console.error(`[probe] ${m}`);

/** CPU seconds a process has used (utime + stime). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** `timed`, plus the CPU milliseconds per request each watched process spent. */
async function timedCpu(n: number, pids: Record<string, number>, work: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await work();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const latency = await timed(n, work);
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [
      `${k}_cpu_ms_per_request`,
      Math.round(((cpuSeconds(pid) - before[k]!) * 1e6) / (n + Math.min(50, n))) / 1000,
    ]),
  );
  return { ...latency, ...cpu };
}

async function timed(n: number, work: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, n); i++) await work(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50_ms: r(quantile(ms, 0.5)), p95_ms: r(quantile(ms, 0.95)) };
}

const db = await createBenchDatabase('1', say);
const out: Record<string, unknown> = { products, requests };
try {
  await withAdmin(db.adminUrl, (admin) => fillProducts(admin, db.adminUrl, products, say));
  const role = new pg.Client({
    connectionString: roleUrl(db.adminUrl, runtimeRole('catalog'), db.rolePassword),
  });
  await role.connect();
  try {
    // The tenant set once for the session, so only the statement is timed.
    await role.query("SELECT set_config('app.tenant_id', $1, false)", [DEMO.id]);
    out.statement_only = await timed(requests, () => role.query(SQL, [DEMO.id]));
    out.statement_in_tenant_transaction = await timed(requests, async () => {
      await role.query('BEGIN');
      await role.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
      await role.query(SQL, [DEMO.id]);
      await role.query('COMMIT');
    });
  } finally {
    await role.end();
  }
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
  out.verify_identity = await timed(requests, () => verifyIdentity(publicKey, token));
  const remembered = createIdentityVerifier(publicKey);
  out.verify_identity_remembered = await timed(requests, () => remembered(token));
  const direct = { 'content-type': 'application/json', [IDENTITY_HEADER]: token };
  expectData('direct page', await post(urls.catalog!, PAGE, {}, direct));
  out.direct_subgraph_c1 = await timedCpu(requests, { subgraphs: subgraphs.pid }, () =>
    post(urls.catalog!, PAGE, {}, direct),
  );
  out.gateway_c1 = await timedCpu(requests, { subgraphs: subgraphs.pid, gateway: gateway.pid }, () =>
    post(gateway.info.url, PAGE, {}, session.headers),
  );
  const timing = { warmupSeconds: 2, durationSeconds: 4, repeats: 2 };
  const body = JSON.stringify({ query: PAGE });
  const c4 = await measure(
    'gateway c4 unshared',
    { url: gateway.info.url, connections: 4, headers: session.headers, body },
    timing,
    { loadCpus: null, watchPid: subgraphs.pid },
  );
  out.gateway_c4_unshared = { p50_ms: c4.p50_ms, p95_ms: c4.p95_ms, rps: c4.rps };
  await gateway.stop();
  const shared = await startServer<{ url: string }>(
    'servers/gateway-ours.ts',
    { keys: db.keys, urls },
    { cpus: null },
  );
  const s4 = await measure(
    'gateway c4 shared',
    { url: shared.info.url, connections: 4, headers: session.headers, body },
    timing,
    { loadCpus: null, watchPid: subgraphs.pid },
  );
  out.gateway_c4_shared = { p50_ms: s4.p50_ms, p95_ms: s4.p95_ms, rps: s4.rps };
} finally {
  await stopAll();
  await db.close();
}
console.log(JSON.stringify(out, null, 2));
process.exit(0);
