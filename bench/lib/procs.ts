/**
 * Child processes of a benchmark run: servers (pinned with `taskset` when a comparison needs an
 * equal core budget) and the load generator. A server child prints `READY {json}` once it
 * listens; the parent keeps its pid (taskset execs node, so the pid is the server's own) to
 * measure its CPU time, and stops it with SIGTERM — never by name.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadSpec, RunResult } from '../load-child.ts';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Child<T> {
  pid: number;
  info: T;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Stops every child still running (on exit paths and signals). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => terminate(c)));
}

function terminate(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function command(script: string, cpus: string | null): [string, string[]] {
  // BENCH_CPU_PROF=<dir>: every server child writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const node = [process.execPath, ...profile, '--import', 'tsx', `${BENCH_DIR}${script}`];
  return cpus ? ['taskset', ['-c', cpus, ...node]] : [node[0]!, node.slice(1)];
}

/** Starts `bench/<script>` with `input` as JSON in argv and waits for its READY line. */
export function startServer<T>(
  script: string,
  input: unknown,
  options: { cpus: string | null; env?: Record<string, string>; timeoutMs?: number },
): Promise<Child<T>> {
  const [cmd, args] = command(script, options.cpus);
  const child = spawn(cmd, [...args, JSON.stringify(input)], {
    cwd: ROOT,
    // No phoning home from @apollo/gateway (the stock gateway under test included).
    env: { ...process.env, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void terminate(child);
      reject(
        new Error(`${script} did not start within ${options.timeoutMs ?? 60_000} ms: ${stderr.slice(-800)}`),
      );
    }, options.timeoutMs ?? 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /^READY (.*)$/m.exec(buffer);
      if (!match) return;
      clearTimeout(timer);
      resolve({ pid: child.pid!, info: JSON.parse(match[1]!) as T, stop: () => terminate(child) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new Error(`${script} exited with code ${code}: ${stderr.slice(-1500)}`));
    });
  });
}

/** Runs the load generator with `spec` and returns its measured repeats. */
export function runLoad(spec: LoadSpec, cpus: string | null): Promise<RunResult[]> {
  const [cmd, args] = command('load-child.ts', cpus);
  const child = spawn(cmd, [...args, JSON.stringify(spec)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('exit', (code) => {
      running.delete(child);
      const match = /^RESULT (.*)$/m.exec(out);
      if (code === 0 && match) resolve(JSON.parse(match[1]!) as RunResult[]);
      else reject(new Error(`load generator failed (${code}): ${err.slice(-1500)}`));
    });
  });
}
