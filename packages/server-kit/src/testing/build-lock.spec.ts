/**
 * The shared build lock (`withLock` in build-lock.ts): a lock left by a run that was killed (its
 * owner's pid is gone) is taken over at once rather than after the ten-minute staleness limit,
 * and a lock whose owner is alive is waited for.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withBuildLock, withLock } from './build-lock.ts';

/** A process that sleeps until killed; resolves once it has exited. */
function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    child.kill('SIGKILL');
    return exited;
  };
  return { pid: child.pid!, stop };
}

function heldBy(lock: string, pid: number): void {
  mkdirSync(lock);
  writeFileSync(path.join(lock, 'pid'), String(pid));
}

describe('the shared build lock', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes over at once a lock whose owner is gone, and records its own pid', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jowi-lock-'));
    const lock = path.join(dir, 'build.lock');
    const dead = sleeper();
    await dead.stop();
    heldBy(lock, dead.pid);

    const owner = await withLock(lock, async () => readFileSync(path.join(lock, 'pid'), 'utf8'));
    expect(owner).toBe(String(process.pid));
    expect(existsSync(lock)).toBe(false);
  }, 20_000);

  it('waits while the owner lives, and goes on once it is gone', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jowi-lock-'));
    const lock = path.join(dir, 'build.lock');
    const alive = sleeper();
    heldBy(lock, alive.pid);

    let ran = false;
    const done = withLock(lock, async () => {
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ran).toBe(false);
    expect(readFileSync(path.join(lock, 'pid'), 'utf8')).toBe(String(alive.pid));

    await alive.stop();
    await done;
    expect(ran).toBe(true);
  }, 20_000);

  it('lets one of two waiters in at a time', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jowi-lock-'));
    const lock = path.join(dir, 'build.lock');
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inside -= 1;
    };
    await Promise.all([withLock(lock, work), withLock(lock, work), withLock(lock, work)]);
    expect(most).toBe(1);
  }, 20_000);

  it('builds when the stamp is missing or older than an input, and reuses the build otherwise', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jowi-lock-'));
    const src = path.join(dir, 'src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'a.ts'), 'a');
    const stamp = path.join(dir, 'out', '.built');
    const shared = { lock: path.join(dir, 'out.lock'), stamp, inputs: [src, path.join(dir, 'missing.json')] };
    let builds = 0;
    const build = async () => {
      builds += 1;
      mkdirSync(path.dirname(stamp), { recursive: true });
      writeFileSync(stamp, String(builds));
    };

    await withBuildLock(shared, build);
    expect(await withBuildLock(shared, build)).toBe(0);
    expect(builds).toBe(1);
    // An input changed after the build (a file deep in a folder counts).
    const later = new Date(Date.now() + 5_000);
    mkdirSync(path.join(src, 'deep'));
    writeFileSync(path.join(src, 'deep', 'b.ts'), 'b');
    utimesSync(path.join(src, 'deep', 'b.ts'), later, later);
    await withBuildLock(shared, build);
    expect(builds).toBe(2);
    expect(existsSync(shared.lock)).toBe(false);
  }, 20_000);
});
