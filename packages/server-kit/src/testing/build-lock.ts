/**
 * Builds that test suites share: the admin's `next build`, the @jowi/ui playground and the POS
 * renderer are each built once and reused by every spec file (and later runs) while none of
 * their inputs is newer than the build. Spec files run in parallel workers and in parallel runs,
 * so the check-and-build happens under a lock folder that holds its owner's pid: one process
 * builds, the others wait and then find the build fresh.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A lock older than any real build was left by a run whose owner cannot be told (no pid). */
const STALE_LOCK_MS = 10 * 60_000;
const POLL_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest modification time (ms) of a file, or of anything under a folder; 0 when missing. */
export function newestMtime(target: string): number {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(join(target, entry)));
  return newest;
}

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner's pid recorded in a lock folder, or null when there is none (yet). */
function ownerOf(lock: string): number | null {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Tries once to put a lock folder holding this process's pid in place; false when one is there. */
function tryTake(lock: string, unique: string): boolean {
  const mine = `${lock}.new-${unique}`;
  mkdirSync(mine, { recursive: true });
  writeFileSync(join(mine, 'pid'), String(process.pid));
  try {
    renameSync(mine, lock);
    return true;
  } catch (error) {
    rmSync(mine, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    return false;
  }
}

/**
 * Removes the lock in place when its owner is gone; false when it is held by a live owner (or
 * by a lock without a pid younger than any real build) and the caller should wait.
 */
function clearIfAbandoned(lock: string, unique: string): boolean {
  const held = statSync(lock, { throwIfNoEntry: false });
  if (!held) return true;
  const owner = ownerOf(lock);
  const abandoned = owner === null ? Date.now() - held.mtimeMs > STALE_LOCK_MS : !isAlive(owner);
  if (!abandoned) return false;
  const aside = `${lock}.stale-${unique}`;
  try {
    renameSync(lock, aside);
  } catch {
    return true; // another waiter took it over first
  }
  // Between the check and the rename another waiter may have taken over and locked anew:
  // then the folder moved aside is theirs, and it goes back.
  if (statSync(aside).ino !== held.ino) {
    try {
      renameSync(aside, lock);
      return true;
    } catch {
      // a third lock is in place; theirs is lost either way
    }
  }
  rmSync(aside, { recursive: true, force: true });
  return true;
}

/**
 * Serialises work across processes with a lock folder that holds its owner's pid. The folder is
 * prepared aside with the pid inside and renamed into place: a rename onto a folder that exists
 * and is not empty fails, so the lock is taken atomically and never seen without its owner. A
 * lock whose owner is gone (a run killed by a test timeout) is taken over at once: it is renamed
 * aside (only one waiter can) and removed if it is still the folder that was judged dead. A lock
 * without a readable pid is taken over only when older than any real build.
 */
export async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(dirname(lock), { recursive: true });
  while (!tryTake(lock, unique)) {
    if (!clearIfAbandoned(lock, unique)) await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A build shared by test files: where its lock and stamp are, and what it reads. */
export interface SharedBuild {
  /** The lock folder (beside the build output; ignored by git). */
  lock: string;
  /** A file the build leaves newer than every input (its own stamp, or e.g. `.next/BUILD_ID`). */
  stamp: string;
  /** Files and folders the build reads: if any is newer than the stamp, it is built again. */
  inputs: readonly string[];
}

/**
 * Runs `build` under the build's lock unless the stamp is newer than every input. `build` must
 * leave the stamp behind (newer than the inputs). Resolves to the build's time in ms, 0 when the
 * existing build was reused.
 */
export function withBuildLock(shared: SharedBuild, build: () => Promise<void>): Promise<number> {
  return withLock(shared.lock, async () => {
    const builtAt = statSync(shared.stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (builtAt > Math.max(...shared.inputs.map(newestMtime))) return 0;
    const started = performance.now();
    await build();
    return performance.now() - started;
  });
}
