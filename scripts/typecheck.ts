/**
 * `npm run typecheck`: every TypeScript project of the repo with `tsc --noEmit`, two at a time
 * (tsc uses one core; CI has two). The slowest projects start first. Each project's output is
 * printed whole when it ends; the exit code is 1 when any project has errors.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

/** Slowest first, so the last one to start is short. */
const PROJECTS = [
  'tsconfig.json',
  'web-admin/tsconfig.json',
  'pos-desktop/tsconfig.json',
  'packages/ui/tsconfig.json',
  'packages/receipt/tsconfig.json',
];
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PARALLEL = Math.max(1, Math.min(2, availableParallelism()));

function check(project: string): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, '--noEmit', '-p', project], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`tsc -p ${project}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds} s`);
      if (output.trim()) console.log(output.trimEnd());
      resolve(code === 0);
    });
  });
}

const queue = [...PROJECTS];
let ok = true;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) {
      if (!(await check(project))) ok = false;
    }
  }),
);
process.exit(ok ? 0 : 1);
