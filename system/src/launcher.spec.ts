/**
 * `npm start` (scripts/start.ts) as a user runs it — embedded PostgreSQL (no DATABASE_URL), the
 * backend, `next dev` and Vite — on ports shifted clear of any other copy on this machine
 * (JOWI_PORT_OFFSET) and a data directory of its own. Then the launcher alone is SIGKILLed: every
 * process it had started must be gone within seconds, nothing may listen on its ports, and
 * PostgreSQL must have shut down cleanly (it removes postmaster.pid only then). And a second
 * launcher next to a busy port must name the port and its owner instead of half-starting.
 *
 * The launcher is killed once everything listens, without waiting for next dev to compile its
 * first page (≈ 40 s here): a hard stop mid-compile is the case that used to leave a spinning
 * next-server behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { commandLine, descendantsOf, hasProc, isAlive, isListening, listenersOn } from './proc.ts';
import { EMBEDDED_PG_PORT, launcherPorts } from './services.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
/** Every pid the specs saw: stopped at the end whatever happened, so a failure leaves nothing. */
const seen = new Set<number>();
afterAll(() => {
  for (const pid of seen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A data directory the `postgres` OS user (embedded PostgreSQL under root) can reach. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jowi-launcher-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** An offset that puts every port of the launcher (and its PostgreSQL) on a free one. */
function freeOffset(): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    // Above 2173 no port lands on a standard one (3000–5173) of another copy started later.
    const offset = 2500 + Math.floor(Math.random() * 7000);
    const ports = [...launcherPorts(offset), { name: 'postgres', port: EMBEDDED_PG_PORT + offset }];
    if (ports.every((p) => p.port < 65_536 && !isListening(p.port))) return offset;
  }
  throw new Error('no free port offset found');
}

/** Starts scripts/start.ts as `npm start` would, with its own ports and data, and collects its output. */
function launch(offset: number, data: string): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, JOWI_PORT_OFFSET: String(offset), JOWI_DATA_DIR: data };
  for (const name of ['DATABASE_URL', 'DB_ROLE_PASSWORD', 'REDIS_URL', 'JOWI_NO_FRONTENDS']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own group, as under a terminal: the SIGKILL below reaches the launcher alone.
    detached: true,
  });
  seen.add(child.pid!);
  let text = '';
  child.stdout?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { child, output: () => text };
}

const named = (pids: number[], pattern: RegExp) => pids.filter((pid) => pattern.test(commandLine(pid)));

describe.skipIf(!hasProc())('npm start', () => {
  it('leaves no process and no listener behind when the launcher is SIGKILLed', async () => {
    const offset = freeOffset();
    const data = dataDir();
    const ports = launcherPorts(offset).map((p) => p.port);
    const { child, output } = launch(offset, data);
    let tree: number[] = [];
    await vi.waitFor(
      () => {
        // On failure, the launcher's last words say why (e.g. another next dev in this checkout).
        const said = output().slice(-3000);
        expect(child.exitCode, said).toBeNull();
        expect(output(), said).toContain('backend ready');
        expect(
          ports.filter((port) => !isListening(port)),
          `ports not listening yet\n${said}`,
        ).toEqual([]);
        tree = descendantsOf(child.pid!);
        expect(named(tree, /next-server/), `next-server\n${said}`).toHaveLength(1);
      },
      { timeout: 240_000, interval: 500 },
    );
    for (const pid of tree) seen.add(pid);
    const owners = ports.flatMap((port) => listenersOn(port).map((o) => o.pid));
    for (const pid of owners) seen.add(pid);
    // What the hard stop must take down: PostgreSQL, next dev and its next-server, Vite, the POS host,
    // the watchdogs.
    // (A watchdog's own command line names its command too, after `run --`: match the program run.)
    expect(named(tree, /^\S+\/bin\/postgres /), 'postgres').toHaveLength(1);
    expect(named(tree, /^\S+ \S+\/next\/dist\/bin\/next dev/), 'next dev').toHaveLength(1);
    expect(named(tree, /^\S+ \S+\/vite\/bin\/vite\.js/), 'vite').toHaveLength(1);
    expect(named(tree, /^\S+ --import tsx pos-desktop\/src\/main\/host\/main\.ts/), 'POS host').toHaveLength(
      1,
    );
    expect(named(tree, /watchdog-main\.ts/), 'watchdogs').toHaveLength(4);
    expect(owners.filter((pid) => pid !== child.pid).length).toBeGreaterThanOrEqual(2);

    const killedAt = Date.now();
    process.kill(child.pid!, 'SIGKILL');
    await vi.waitFor(
      () => {
        const alive = [...tree, ...owners].filter(isAlive);
        expect(alive.map((pid) => `${pid} ${commandLine(pid)}`)).toEqual([]);
        expect(ports.filter((port) => isListening(port))).toEqual([]);
      },
      { timeout: 30_000, interval: 100 },
    );
    console.info(
      `npm start SIGKILLed: ${tree.length} processes and ${ports.length} ports gone ${Date.now() - killedAt} ms later`,
    );
    // A fast shutdown, not a crash: PostgreSQL removes its pid file on a clean stop only.
    expect(existsSync(join(data, 'pg', 'postmaster.pid'))).toBe(false);
  }, 300_000);

  it('names a busy port and its owner, and starts nothing', async () => {
    const offset = freeOffset();
    const data = dataDir();
    const gateway = launcherPorts(offset).find((p) => p.name === 'gateway')!.port;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(gateway, '127.0.0.1', resolve));
    try {
      const { child, output } = launch(offset, data);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(output()).toContain(
        `port ${gateway} (gateway) is in use by pid ${process.pid} (${commandLine(process.pid)})`,
      );
      // Refused before anything started: no PostgreSQL was even initialised.
      expect(existsSync(join(data, 'pg'))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);
});
