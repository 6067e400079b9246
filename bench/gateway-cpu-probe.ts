/**
 * The gateway's own CPU per request, by operation, with and without the single-fetch passthrough
 * (issue 19): `node --import tsx bench/gateway-cpu-probe.ts [requests] [rounds]`. One bench
 * database (1 000 products), the subgraphs in one process, and two of our gateways over them —
 * passthrough on and off (`SINGLE_FETCH_PASSTHROUGH`), sharing off in both — each alone in its
 * process. One request at a time; per round and operation the two gateways take turns, so the
 * machine's load falls on both alike. The figure is the gateway process's CPU time (utime + stime
 * from /proc) per request, which a loaded machine moves far less than wall time.
 *
 * A `cycle` sends the page, the sales list and page+stock in turn (CPU per cycle, not per
 * request): taken one operation at a time, the executor's code goes cold in the passthrough
 * gateway while it answers only single fetches, and a run of page+stock pays for warming it again.
 *
 * Prints one JSON object: per operation, the median over the rounds of CPU ms per request for each
 * gateway, and the load average at the start and the end.
 */
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { DEMO, fillProducts, productsForSales, TERMINAL_IDS } from './lib/data.ts';
import { expectData, login, post } from './lib/graphql.ts';
import { startServer, stopAll } from './lib/procs.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { median } from './lib/stats.ts';

const requests = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 3);
const say = (m: string) => console.error(`[probe] ${m}`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const OPERATIONS: Record<string, string> = {
  page: 'query Page { products(first: 50) { edges { node { id sku name price vatRate } } } }',
  sales: 'query Sales { sales(first: 20) { edges { node { id createdAt total } } } }',
  'page+stock (two fetches: executor in both)':
    'query PageStock { products(first: 50) { edges { node { id sku name price vatRate stock } } } }',
  /** The three reads above in turn: what a mix costs when both paths stay warm. */
  'cycle: page, sales, page+stock': '',
  'syncSales 50 × 5': `mutation Sync($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code } } } }`,
};

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A fresh 50-sale, 5-line cash batch for one of the demo terminals. */
function batch(products: { id: string; price: string; vatRate: number }[], n: number) {
  const money = (t: bigint) => `${t / 100n}.${(t % 100n).toString().padStart(2, '0')}`;
  const sales = Array.from({ length: 50 }, (_, s) => {
    const lines = Array.from({ length: 5 }, (_, l) => products[(n * 250 + s * 5 + l) % products.length]!);
    const total = lines.reduce((sum, p) => sum + BigInt(p.price), 0n);
    return {
      id: newId(),
      createdAt: new Date().toISOString(),
      lines: lines.map((p) => ({
        productId: p.id,
        quantity: '1',
        unitPrice: money(BigInt(p.price)),
        vatRate: p.vatRate,
      })),
      payments: [{ method: 'CASH', amount: money(total) }],
      total: money(total),
    };
  });
  return { input: { terminalId: TERMINAL_IDS[n % TERMINAL_IDS.length], sales } };
}

const db = await createBenchDatabase('1', say);
const out: Record<string, unknown> = { requests, rounds, load_start: loadAverage() };
try {
  const products = await withAdmin(db.adminUrl, async (admin) => {
    await fillProducts(admin, db.adminUrl, 1_000, say);
    return productsForSales(admin, 200);
  });
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  const gateways = {
    passthrough: await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls, sharing: false },
      { cpus: null },
    ),
    executor: await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls, sharing: false, singleFetch: false },
      { cpus: null },
    ),
  };
  const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
  // Signed in again every round: a loaded run outlives an access token.
  let headers: Record<string, string> = {};
  const signIn = async () => {
    headers = (await login(gateways.passthrough.info.url, owner.email!, DEMO_PASSWORD)).headers;
  };
  let sent = 0;
  const CYCLE = ['page', 'sales', 'page+stock (two fetches: executor in both)'];
  const send = async (url: string, name: string): Promise<unknown> => {
    if (name.startsWith('cycle')) {
      for (const step of CYCLE) await send(url, step);
      return;
    }
    const query = OPERATIONS[name]!;
    const variables = name.startsWith('syncSales') ? batch(products, sent++) : {};
    return post(url, query, variables, headers).then((r) => expectData(name, r));
  };
  const figures: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    await signIn();
    for (const name of Object.keys(OPERATIONS)) {
      const n = name.startsWith('syncSales') ? Math.max(20, Math.floor(requests / 5)) : requests;
      for (const [target, gateway] of Object.entries(gateways)) {
        for (let i = 0; i < 50; i++) await send(gateway.info.url, name); // warm-up
        const before = cpuSeconds(gateway.pid);
        for (let i = 0; i < n; i++) await send(gateway.info.url, name);
        const ms = ((cpuSeconds(gateway.pid) - before) * 1000) / n;
        figures[name] = { ...figures[name], [target]: [...(figures[name]?.[target] ?? []), ms] };
        say(`round ${round + 1} ${name} ${target}: ${ms.toFixed(3)} ms CPU/request (load ${loadAverage()})`);
      }
    }
  }
  out.gateway_cpu_ms_per_request = Object.fromEntries(
    Object.entries(figures).map(([name, byTarget]) => [
      name,
      Object.fromEntries(Object.entries(byTarget).map(([t, v]) => [t, Math.round(median(v) * 1000) / 1000])),
    ]),
  );
  out.load_end = loadAverage();
  console.log(JSON.stringify(out, null, 2));
} finally {
  await stopAll();
  await db.close();
}
