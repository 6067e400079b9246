/** One measured scenario: the load child's repeats reduced to medians and spreads. */
import type { LoadSpec, RunResult } from '../load-child.ts';
import { runLoad } from './procs.ts';
import { median, round, spreadPct } from './stats.ts';

export interface Scenario {
  name: string;
  connections: number;
  repeats: number;
  /** Median requests per second over the repeats, and (max − min) / median in %. */
  rps: number;
  rps_spread_pct: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Median CPU use of the measured server process (1.0 = one full core), when one is watched. */
  server_cpu: number | null;
  /** rps / server_cpu: requests per second per core the server actually used. */
  rps_per_core: number | null;
  /** Non-2xx, errors, timeouts and bodies with GraphQL errors or unexpected outcomes. */
  bad: number;
}

export interface Timing {
  warmupSeconds: number;
  durationSeconds: number;
  repeats: number;
}

/** Runs the load child and summarises; `watchPid` is the server whose CPU time counts. */
export async function measure(
  name: string,
  spec: Omit<LoadSpec, 'warmupSeconds' | 'durationSeconds' | 'repeats' | 'cpuPids'>,
  timing: Timing,
  options: { loadCpus: string | null; watchPid?: number },
): Promise<Scenario> {
  const runs = await runLoad(
    { ...spec, ...timing, cpuPids: options.watchPid ? [options.watchPid] : [] },
    options.loadCpus,
  );
  return summarise(name, spec.connections, runs, options.watchPid);
}

export function summarise(name: string, connections: number, runs: RunResult[], watchPid?: number): Scenario {
  const rps = runs.map((r) => r.rps);
  const cpu = watchPid ? runs.map((r) => (r.cpu[String(watchPid)] ?? Number.NaN) / r.seconds) : [];
  const serverCpu = cpu.length ? median(cpu) : null;
  const perCore = watchPid ? median(runs.map((r, i) => r.rps / cpu[i]!)) : null;
  return {
    name,
    connections,
    repeats: runs.length,
    rps: round(median(rps)),
    rps_spread_pct: round(spreadPct(rps)),
    p50_ms: round(median(runs.map((r) => r.p50)), 2),
    p95_ms: round(median(runs.map((r) => r.p95)), 2),
    p99_ms: round(median(runs.map((r) => r.p99)), 2),
    server_cpu: serverCpu === null ? null : round(serverCpu, 2),
    rps_per_core: perCore === null ? null : round(perCore),
    bad: runs.reduce((n, r) => n + r.bad, 0),
  };
}
