/**
 * The realistic mix in before/after pairs (issue 19): `node --import tsx bench/gateway-mix-probe.ts
 * '<variants json>' [rounds] [seconds] [connections]`. One bench database (10 000 products, 5 000 sales), the
 * callers of `gateway-mix` (12 cashiers at their own terminals and two back-office staff per demo
 * tenant, each with its own token) and the same request list, sent at 50 connections (or as many as asked) to each
 * variant in turns — A B, then B A, … — so the machine's load falls on all of them alike.
 *
 * A variant is `{ "name": …, "subgraphs": { <subgraph env> }, "gateway": { "sharing"?: bool,
 * "singleFetch"?: bool } }`: its own subgraphs process and gateway, pinned as in the section
 * (gateway alone on CPU 0; subgraphs, PostgreSQL and the load generator on CPU 1). Per window:
 * rps, p50/p95/p99, and CPU milliseconds per request of the subgraphs process, the gateway and
 * the PostgreSQL backends serving the subgraphs (from /proc) — the figure a loaded machine moves
 * least — with the load average beside it. BENCH_DB_PREFIX names the database; BENCH_CPU_PROF
 * profiles every child.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { fillProducts, fillSales, productsForSales } from './lib/data.ts';
import { type Child, runLoad, startServer, stopAll } from './lib/procs.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { median, round } from './lib/stats.ts';
import { GATEWAY_CPU, OTHER_CPU } from './sections/gateway.ts';
import { mixCallers } from './sections/gateway-mix.ts';

interface Variant {
  name: string;
  subgraphs?: Record<string, string | number | boolean>;
  gateway?: { sharing?: boolean; singleFetch?: boolean };
  /** Environment of both processes (switches read outside the validated settings). */
  env?: Record<string, string>;
}

const variants = JSON.parse(process.argv[2] ?? '[{"name":"base"}]') as Variant[];
const rounds = Number(process.argv[3] ?? 3);
const seconds = Number(process.argv[4] ?? 6);
const connections = Number(process.argv[5] ?? 50);
const say = (m: string) => console.error(`[mix-probe] ${m}`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const db = await createBenchDatabase(OTHER_CPU, say);
try {
  await withAdmin(db.adminUrl, async (admin) => {
    await fillProducts(admin, db.adminUrl, 10_000, say);
    await fillSales(admin, await productsForSales(admin, 500), 5_000, say);
  });
  const running: {
    variant: Variant;
    subgraphs: Child<{ urls: Record<string, string> }>;
    gateway: Child<{ url: string }>;
  }[] = [];
  for (const variant of variants) {
    const subgraphs = await startServer<{ urls: Record<string, string> }>(
      'servers/subgraphs.ts',
      {
        adminUrl: db.adminUrl,
        rolePassword: db.rolePassword,
        keys: db.keys,
        poolSize: 10,
        env: variant.subgraphs,
      },
      { cpus: OTHER_CPU, env: variant.env },
    );
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls, ...variant.gateway },
      { cpus: GATEWAY_CPU, env: variant.env },
    );
    running.push({ variant, subgraphs, gateway });
  }
  const url = running[0]!.gateway.info.url;
  const { callers, entries } = await mixCallers(url, say);
  const headerList = callers.map((c) => c.headers);
  const bodies = [...new Set(entries.map((e) => e.body))];
  const mix = {
    headers: headerList,
    bodies,
    order: entries.flatMap((e) => [headerList.indexOf(e.headers), bodies.indexOf(e.body)]),
  };
  const pgPids = async (): Promise<number[]> => {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'jowi-%'",
      );
      return rows.map((r) => r.pid);
    } finally {
      await admin.end();
    }
  };
  const figures: Record<string, Record<string, number[]>> = {};
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? running : [...running].reverse();
    for (const { variant, subgraphs, gateway } of order) {
      const spec = {
        url: gateway.info.url,
        connections,
        headers: { 'content-type': 'application/json' },
        mix,
      };
      await runLoad({ ...spec, warmupSeconds: 2, durationSeconds: 1, repeats: 0, cpuPids: [] }, OTHER_CPU);
      const backends = await pgPids();
      const loadBefore = loadAverage();
      const [run] = await runLoad(
        {
          ...spec,
          warmupSeconds: 0,
          durationSeconds: seconds,
          repeats: 1,
          cpuPids: [subgraphs.pid, gateway.pid, ...backends],
        },
        OTHER_CPU,
      );
      const perRequest = (pids: number[]) =>
        round((1000 * pids.reduce((sum, pid) => sum + (run!.cpu[String(pid)] ?? 0), 0)) / run!.requests, 3);
      const row = {
        rps: round(run!.rps),
        p50: round(run!.p50),
        p95: round(run!.p95),
        p99: round(run!.p99),
        sg_ms: perRequest([subgraphs.pid]),
        gw_ms: perRequest([gateway.pid]),
        pg_ms: perRequest(backends),
        bad: run!.bad,
      };
      for (const [k, v] of Object.entries(row)) {
        const byKey = figures[variant.name] ?? {};
        figures[variant.name] = byKey;
        byKey[k] = [...(byKey[k] ?? []), v];
      }
      console.log(
        `round ${r + 1} ${variant.name}: ${JSON.stringify(row)} load ${loadBefore} → ${loadAverage()}`,
      );
    }
  }
  for (const [name, byKey] of Object.entries(figures))
    console.log(
      `median ${name}: ${JSON.stringify(Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, round(median(v), 3)])))}`,
    );
} finally {
  await stopAll();
  await db.close();
}
