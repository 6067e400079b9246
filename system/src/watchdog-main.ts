/**
 * The watchdog: a small process between the launcher (`npm start`) and one child — `next dev`,
 * Vite, or an embedded PostgreSQL — that makes sure the child does not outlive the launcher.
 *
 * The launcher spawns it detached, so it leads a process group of its own, with a pipe as its
 * stdin that only the launcher holds. Whenever the launcher ends — Ctrl-C, a crash, a closed
 * terminal, SIGKILL — the kernel closes that pipe and the watchdog reads end-of-file. Nothing
 * has to be signalled, which matters: a SIGKILLed process signals nobody, and children in their
 * own process groups get no signal of the launcher's group either.
 *
 *   run -- <command> [args…]  starts the command in the watchdog's group. When the launcher is
 *                             gone (or the watchdog is signalled, or the command exits) it stops
 *                             the whole group and every descendant that left it: SIGTERM, then
 *                             SIGKILL after a grace period. Exits with the command's code.
 *   postgres <data dir>       when the launcher is gone, asks the postmaster named in
 *                             `<data dir>/postmaster.pid` for a fast shutdown (SIGINT: sessions
 *                             end, a checkpoint is written, the directory stays consistent) and
 *                             waits until it has exited. A line "release" on stdin first means
 *                             the launcher stopped PostgreSQL itself: nothing to do.
 *
 * Linux's /proc finds descendants and tells live processes from zombies; elsewhere only the
 * process group is stopped.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { allProcesses, commandLine, descendantsOf, hasProc, isAlive } from './proc.ts';

/** How long a stopped command gets to exit after SIGTERM before SIGKILL. */
const GRACE_MS = Number(process.env.JOWI_WATCHDOG_GRACE_MS ?? 5_000);
/** How long a postmaster gets for its fast shutdown before an immediate one (SIGQUIT). */
const PG_FAST_SHUTDOWN_MS = 60_000;
/** How long to look for postmaster.pid when the launcher died while PostgreSQL was starting. */
const PG_PID_FILE_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Once the launcher is gone, so is the other end of stdout/stderr: never die of EPIPE.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
const say = (message: string) => {
  try {
    process.stderr.write(`[watchdog] ${message}\n`);
  } catch {
    // nobody is listening any more
  }
};

/** Calls `onGone` once the launcher's end of stdin is closed; `onLine` gets each line before. */
function watchLifeline(onGone: () => void, onLine: (line: string) => void = () => undefined): void {
  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline).trim());
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  process.stdin.once('end', onGone);
  process.stdin.once('close', onGone);
  process.stdin.once('error', onGone);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The other live members of this watchdog's process group (it leads it: spawned detached). */
function groupMembers(): number[] {
  return allProcesses()
    .filter((p) => p.pgid === process.pid && p.pid !== process.pid && p.state !== 'Z')
    .map((p) => p.pid);
}

/** Sends `name` to the group and to every known descendant; returns who is still alive. */
function signalTree(name: NodeJS.Signals, known: Set<number>): number[] {
  for (const pid of [...groupMembers(), ...descendantsOf(process.pid)]) known.add(pid);
  // No /proc: the group is all we know (the watchdog is in it too, and handles SIGTERM).
  if (!hasProc()) signal(-process.pid, name);
  const alive = [...known].filter(isAlive);
  for (const pid of alive) signal(pid, name);
  return alive;
}

/** SIGTERM to the command's whole tree, SIGKILL to what is left after the grace period. */
async function stopTree(): Promise<void> {
  const known = new Set<number>();
  signalTree('SIGTERM', known);
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline) {
    await sleep(100);
    for (const pid of descendantsOf(process.pid)) known.add(pid);
    if (![...known, ...groupMembers()].some(isAlive)) return;
  }
  const left = signalTree('SIGKILL', known);
  if (left.length) say(`killed ${left.map((pid) => `${pid} (${commandLine(pid)})`).join(', ')}`);
}

function run(command: string, args: string[]): void {
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    void stopTree().finally(() => process.exit(code));
  };
  // Listen before spawning: a launcher that is already gone still gets its command stopped.
  watchLifeline(() => shutdown(0));
  for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(name, () => shutdown(0));
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (error) => {
    say(`cannot start ${command}: ${error.message}`);
    shutdown(127);
  });
  // The command ended by itself: what it started (next dev's next-server) must not stay behind.
  child.on('exit', (code, signalName) => shutdown(code ?? (signalName ? 1 : 0)));
}

/** The postmaster's pid from its pid file, if that process is alive and is PostgreSQL. */
function postmasterPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  // A stale pid file (PostgreSQL was killed) may name a pid that now belongs to someone else.
  return !hasProc() || commandLine(pid).includes('postgres') ? pid : null;
}

/** The postmaster of `dataDir` once its pid file appears, or null after a few seconds. */
async function appearingPostmaster(dataDir: string): Promise<number | null> {
  const deadline = Date.now() + PG_PID_FILE_WAIT_MS;
  let pid = postmasterPid(dataDir);
  while (pid === null && Date.now() < deadline) {
    await sleep(100);
    pid = postmasterPid(dataDir);
  }
  return pid;
}

/**
 * Fast shutdown of the postmaster: the one seen while the launcher lived, else the one that
 * appears within a few seconds (the launcher died while PostgreSQL was starting).
 */
async function stopPostgres(dataDir: string, seen: number | null): Promise<void> {
  const pid = seen ?? (await appearingPostmaster(dataDir));
  if (pid === null || !isAlive(pid)) return;
  signal(pid, 'SIGINT');
  const deadline = Date.now() + PG_FAST_SHUTDOWN_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    say(`postgres ${pid} did not finish a fast shutdown in time: immediate shutdown`);
    signal(pid, 'SIGQUIT');
  }
}

function guardPostgres(dataDir: string): void {
  let released = false;
  let stopping = false;
  // Learn the postmaster while the launcher lives, so only that one is ever signalled — not one
  // a later launcher starts in the same directory.
  let seen: number | null = null;
  const learn = setInterval(() => {
    seen = postmasterPid(dataDir);
    if (seen !== null) clearInterval(learn);
  }, 200);
  const stop = () => {
    if (released || stopping) return;
    stopping = true;
    clearInterval(learn);
    void stopPostgres(dataDir, seen).finally(() => process.exit(0));
  };
  watchLifeline(
    () => (released ? process.exit(0) : stop()),
    (line) => {
      if (line === 'release') released = true;
    },
  );
  for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(name, stop);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'run' && rest[0] === '--' && rest[1]) {
  run(rest[1], rest.slice(2));
} else if (mode === 'postgres' && rest[0]) {
  guardPostgres(rest[0]);
} else {
  say('usage: watchdog-main.ts run -- <command> [args…] | postgres <data dir>');
  process.exit(64);
}
