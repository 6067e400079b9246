/**
 * A probe for the consumers section (not part of `npm run bench`): appends bench sales to a kept
 * bench database and drains them with one consumer, printing the wall time and where it went —
 * every SQL statement's time by its first words, and the time spent outside PostgreSQL.
 *
 * `BENCH_DB=<admin url of a kept bench database> npx tsx bench/consumers-probe.ts [inventory|loyalty] [events]`
 * (`PROBE_PHASE=append|drain`, `PROBE_BATCH=<batch size>`; prints CPU, WAL and statements per batch)
 * (keep one with `BENCH_KEEP_DB=1 npm run bench -- consumers`).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loyaltyConsumer } from '@jowi/customers';
import { stockFromSalesConsumer } from '@jowi/inventory';
import { createConsumer, createDataSource, roleUrl, runtimeRole } from '@jowi/server-kit';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { productsForSales } from './lib/data.ts';
import { withAdmin } from './lib/setup.ts';
import { append } from './sections/consumers.ts';

const adminUrl = process.env.BENCH_DB;
if (!adminUrl) throw new Error('BENCH_DB: the admin url of a kept bench database');
const which = (process.argv[2] ?? 'inventory') as 'inventory' | 'loyalty';
const events = Number(process.argv[3] ?? 10_000);

const source = (name: 'sales' | 'inventory' | 'customers') =>
  createDataSource({
    url: roleUrl(adminUrl, runtimeRole(name), process.env.DB_ROLE_PASSWORD || undefined),
    schema: name,
    poolSize: 2,
    applicationName: `probe-${name}`,
  });

let explained = false;
const timings = new Map<string, { n: number; ms: number }>();
const original = PostgresQueryRunner.prototype.query;
PostgresQueryRunner.prototype.query = async function (
  this: PostgresQueryRunner,
  ...args: Parameters<typeof original>
) {
  const key = String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 70);
  if (process.env.PROBE_EXPLAIN && key.startsWith(process.env.PROBE_EXPLAIN) && !explained) {
    // The statement's plan once, executed inside a savepoint and rolled back, then for real.
    explained = true;
    await original.call(this, 'SAVEPOINT probe_explain');
    const plan: { 'QUERY PLAN': string }[] = await original.call(
      this,
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${args[0]}`,
      args[1],
    );
    await original.call(this, 'ROLLBACK TO SAVEPOINT probe_explain');
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  }
  if (process.env.PROBE_PARAMS && key.startsWith('WITH input')) {
    // What the movement statement's 16 parameter arrays cost alone: sent, parsed, unnested.
    const sql = String(args[0]);
    const unnest = sql.slice(sql.indexOf('unnest('), sql.indexOf(') WITH ORDINALITY') + 1);
    const tp = performance.now();
    await original.call(
      this,
      `SELECT count(*), $1::uuid IS NULL, $2::text IS NULL FROM ${unnest} AS i`,
      args[1],
    );
    const entry = timings.get('(parameters alone)') ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += performance.now() - tp;
    timings.set('(parameters alone)', entry);
  }
  const t = performance.now();
  try {
    return await original.apply(this, args);
  } finally {
    const entry = timings.get(key) ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += performance.now() - t;
    timings.set(key, entry);
  }
} as typeof original;

const sales = source('sales');
const target = source(which === 'inventory' ? 'inventory' : 'customers');
await Promise.all([sales.initialize(), target.initialize()]);
const products = await withAdmin(adminUrl, (admin) => productsForSales(admin));
const definition = which === 'inventory' ? stockFromSalesConsumer : loyaltyConsumer;
// PROBE_BATCH=<n> overrides the consumer's batch size (to measure it).
const batchSize = process.env.PROBE_BATCH ? { batchSize: Number(process.env.PROBE_BATCH) } : {};
const consumer = createConsumer({ ...definition, dataSource: target, ...batchSize });
// PROBE_PHASE=append only appends, =drain only drains (to profile the drain alone); default both.
const phase = process.env.PROBE_PHASE ?? 'both';
if (phase !== 'drain') {
  await consumer.runUntilIdle({ timeoutMs: 600_000 });
  const base = Date.now() % 1_000_000_000;
  for (let i = 0; i < events; i += 500) await append(sales, products, base + i, Math.min(500, events - i));
}
if (phase === 'append') {
  await Promise.all([sales.destroy(), target.destroy()]);
  process.exit(0);
}
timings.clear();
// CPU time, which the machine's load changes far less than wall time: this process's, and that
// of the consumer's PostgreSQL backends (same machine: /proc/<pid>/stat, utime + stime in ticks).
const backendTicks = async () => {
  const pids = await withAdmin(adminUrl, async (admin) =>
    (
      await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
        `probe-${which === 'inventory' ? 'inventory' : 'customers'}`,
      ])
    ).rows.map((r) => r.pid),
  );
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
};
// WAL written meanwhile (the whole server's: run the probe on a server nothing else writes to).
const walLsn = () =>
  withAdmin(adminUrl, async (admin) =>
    BigInt((await admin.query<{ b: string }>("SELECT (pg_current_wal_lsn() - '0/0')::text AS b")).rows[0]!.b),
  );
const walBefore = await walLsn();
const ticksBefore = await backendTicks();
const cpuBefore = process.cpuUsage();
const t = performance.now();
const applied = await consumer.runUntilIdle({ timeoutMs: 600_000 });
const seconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const pgMs = (await backendTicks()) - ticksBefore; // 100 ticks a second: ×10 for ms
const walBytes = Number((await walLsn()) - walBefore);
const nodeUs = (cpu.user + cpu.system) / applied;
console.log(
  `CPU per event: node ${Math.round(nodeUs)} µs, postgres ${Math.round((pgMs * 10_000) / applied)} µs (load ${loadavg()[0]!.toFixed(1)})`,
);
const { batches } = consumer.stats();
let statements = 0;
for (const v of timings.values()) statements += v.n;
console.log(
  `WAL per event ${Math.round(walBytes / applied)} bytes; ${batches} batches, ${(statements / Math.max(1, batches)).toFixed(1)} statements a batch`,
);
let sqlMs = 0;
for (const v of timings.values()) sqlMs += v.ms;
console.log(
  `${definition.name}: ${applied} events in ${seconds.toFixed(2)} s = ${Math.round(applied / seconds)}/s`,
);
console.log(`SQL ${Math.round(sqlMs)} ms, outside SQL ${Math.round(seconds * 1000 - sqlMs)} ms`);
for (const [k, v] of [...timings].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${String(Math.round(v.ms)).padStart(7)} ms ${String(v.n).padStart(5)}×  ${k}`);
await Promise.all([sales.destroy(), target.destroy()]);
