/**
 * What Linux's /proc says about processes and listening sockets: who descends from whom, who
 * is still alive, and which process listens on a port. The watchdog uses it to find every
 * process a child left behind, `npm start` to name the owner of a busy port, and the launcher's
 * spec to prove that nothing outlives a SIGKILLed launcher. Elsewhere (no /proc) every function
 * answers "unknown": empty lists, `null`.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group. */
  pgid: number;
  /** R running, S sleeping, Z zombie (exited, not yet reaped), … */
  state: string;
}

/** Whether this machine has a readable /proc (Linux). */
export const hasProc = (): boolean => existsSync('/proc/self/stat');

/** One process from /proc/<pid>/stat, or null when it is gone. */
export function processInfo(pid: number): ProcessInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses, so split after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]) };
}

/** Every process visible in /proc. */
export function allProcesses(): ProcessInfo[] {
  if (!hasProc()) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => processInfo(Number(name)))
    .filter((p): p is ProcessInfo => p !== null);
}

/** A process that exists and has not exited (a zombie has exited: it only waits to be reaped). */
export function isAlive(pid: number): boolean {
  const info = processInfo(pid);
  if (info) return info.state !== 'Z' && info.state !== 'X';
  if (hasProc()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every live descendant of `pid` (children, their children, …), not `pid` itself. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of allProcesses()) {
    if (p.state === 'Z') continue;
    children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** The command line of a process, space-separated ("" when unknown). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Socket inodes of TCP sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      // 0A is TCP_LISTEN; the port is the hex after the last ':' of the local address.
      if (!local || cols[3] !== '0A') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(cols[9]!);
    }
  }
  return inodes;
}

/** Whether anything listens on TCP `port`, on any address; null when /proc cannot tell. */
export function isListening(port: number): boolean | null {
  if (!hasProc()) return null;
  return listeningInodes(port).size > 0;
}

/** A process holding a listening socket. */
export interface PortOwner {
  pid: number;
  command: string;
}

/**
 * The processes that hold a socket listening on `port`. Empty when nothing listens — or when the
 * owner is another user's process that /proc does not show us (then {@link isListening} is true).
 */
export function listenersOn(port: number): PortOwner[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const owners: PortOwner[] = [];
  for (const { pid } of allProcesses()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (holds) owners.push({ pid, command: commandLine(pid) });
  }
  return owners;
}
