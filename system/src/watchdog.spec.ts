/**
 * The watchdog on its own, with shell commands for children (fast; the launcher's spec does the
 * same with next dev, Vite and PostgreSQL). A "launcher" here is a small Node process that starts
 * a command through `spawnGuarded` and is then SIGKILLed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { descendantsOf, hasProc, isAlive } from './proc.ts';
import { spawnGuarded } from './watchdog.ts';

const WATCHDOG_MODULE = pathToFileURL(fileURLToPath(new URL('./watchdog.ts', import.meta.url))).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Every pid a test saw, killed at the end whatever happened (a failing test leaves nothing). */
const seen = new Set<number>();
afterEach(() => {
  for (const pid of seen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  seen.clear();
});

/** Output lines of a process, as they come. */
function lines(child: ChildProcess): string[] {
  const out: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(...chunk.toString().split('\n').filter(Boolean)));
  return out;
}

/** A launcher that runs `script` under a watchdog and says "ready <watchdog pid>". */
function startLauncher(script: string, env: Record<string, string> = {}): ChildProcess {
  const code = `
    import { spawnGuarded } from ${JSON.stringify(WATCHDOG_MODULE)};
    const guarded = spawnGuarded('sh', ['-c', ${JSON.stringify(script)}]);
    guarded.process.stdout.pipe(process.stdout);
    console.log('ready', guarded.process.pid);
    setInterval(() => undefined, 1000);`;
  const launcher = spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  seen.add(launcher.pid!);
  return launcher;
}

describe.skipIf(!hasProc())('watchdog', () => {
  it('stops the command and a descendant that left its process group when the launcher is SIGKILLed', async () => {
    // `setsid` puts one sleep in a session (and group) of its own, as a daemonising child would.
    const launcher = startLauncher('setsid sleep 300 & sleep 300 & wait');
    const out = lines(launcher);
    let tree: number[] = [];
    await vi.waitFor(
      () => {
        tree = descendantsOf(launcher.pid!);
        // watchdog, sh, two sleeps (the setsid'd one may still be setsid itself for a moment)
        expect(tree.length).toBeGreaterThanOrEqual(4);
        expect(out.some((l) => l.startsWith('ready'))).toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const pid of tree) seen.add(pid);

    process.kill(launcher.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(tree.filter(isAlive)).toEqual([]), { timeout: 10_000, interval: 100 });
  });

  it('sends SIGKILL to what ignores SIGTERM, after the grace period', async () => {
    // A shell that ignores SIGTERM passes that to its sleep: both must be killed outright.
    const launcher = startLauncher("trap '' TERM; sleep 300 & wait", { JOWI_WATCHDOG_GRACE_MS: '500' });
    let tree: number[] = [];
    await vi.waitFor(
      () => {
        tree = descendantsOf(launcher.pid!);
        expect(tree.length).toBeGreaterThanOrEqual(3);
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const pid of tree) seen.add(pid);
    process.kill(launcher.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(tree.filter(isAlive)).toEqual([]), { timeout: 10_000, interval: 100 });
  });

  it('exits with the code of a command that ends by itself, stopping what the command left running', async () => {
    const guarded = spawnGuarded('sh', ['-c', 'sleep 300 & echo $!; sleep 1; exit 3']);
    const out = lines(guarded.process);
    const code = await new Promise<number | null>((resolve) => guarded.process.on('exit', resolve));
    const leftover = Number(out[0]);
    seen.add(leftover);
    expect(code).toBe(3);
    expect(leftover).toBeGreaterThan(0);
    expect(isAlive(leftover)).toBe(false);
  });

  it('stops everything in order when asked (stop() resolves once all of it has exited)', async () => {
    const guarded = spawnGuarded('sh', ['-c', 'sleep 300 & echo $!; wait']);
    const out = lines(guarded.process);
    await vi.waitFor(() => expect(out.length).toBe(1), { timeout: 30_000, interval: 100 });
    const sleeper = Number(out[0]);
    seen.add(sleeper);
    expect(isAlive(sleeper)).toBe(true);
    await guarded.stop();
    expect(guarded.process.exitCode).toBe(0);
    expect(isAlive(sleeper)).toBe(false);
  });
});
