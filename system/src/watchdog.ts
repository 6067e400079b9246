/**
 * Children that die with the launcher. Each long-running child of `npm start` is started
 * through a watchdog process (`watchdog-main.ts`, which explains the mechanism): the launcher
 * holds the only write end of the watchdog's stdin, and the kernel closes it however the launcher
 * ends. The same path serves an orderly stop: closing the pipe is how the launcher asks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WATCHDOG = fileURLToPath(new URL('./watchdog-main.ts', import.meta.url));

function spawnWatchdog(args: string[], options: { env?: NodeJS.ProcessEnv; stdout: 'pipe' | 'ignore' }) {
  // The watchdog is TypeScript like everything else: it runs under tsx's loader, found from here.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return spawn(process.execPath, ['--import', tsxLoader, WATCHDOG, ...args], {
    env: options.env ?? process.env,
    // stdin is the lifeline; the command's output reaches us through the watchdog's stdout/stderr.
    stdio: ['pipe', options.stdout, 'pipe'],
    // A process group of its own: the launcher's terminal signals do not reach it, and the
    // watchdog can stop its whole group.
    detached: true,
  });
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function untilExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (exited(child)) resolve();
    else child.once('exit', () => resolve());
  });
}

/** A command running under a watchdog. */
export interface GuardedProcess {
  /** The watchdog; its stdout/stderr carry the command's output, its exit code is the command's. */
  process: ChildProcess;
  /** Stops the command and everything it started; resolves once all of it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `command` under a watchdog, so it — and whatever it starts, in or out of its process
 * group — stops when this process ends, however it ends.
 */
export function spawnGuarded(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): GuardedProcess {
  const child = spawnWatchdog(['run', '--', command, ...args], { env: options.env, stdout: 'pipe' });
  child.stdin?.on('error', () => undefined);
  return {
    process: child,
    stop() {
      if (!exited(child)) child.stdin?.end();
      return untilExit(child);
    },
  };
}

/** The guard of a PostgreSQL data directory. */
export interface PostgresGuard {
  /** Tells the guard PostgreSQL was stopped in order; resolves when the guard has exited. */
  release(): Promise<void>;
}

/**
 * Guards the PostgreSQL that is about to run in `dataDir`: if this process ends without
 * {@link PostgresGuard.release}, the guard asks that postmaster for a fast shutdown. Start it
 * before PostgreSQL, so no moment is left unguarded.
 */
export function guardPostgres(dataDir: string): PostgresGuard {
  const child = spawnWatchdog(['postgres', dataDir], { stdout: 'ignore' });
  child.stdin?.on('error', () => undefined);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return {
    release() {
      if (!exited(child)) child.stdin?.end('release\n');
      return untilExit(child);
    },
  };
}
