/**
 * Before `npm start` starts anything it checks every port it is going to listen on. A busy port
 * is named with its owner (pid and command, from /proc), so a second `npm start` — or whatever
 * else holds the port — is reported instead of half-starting next to it.
 */
import net from 'node:net';
import { isListening, listenersOn, type PortOwner } from './proc.ts';
import type { LauncherPort } from './services.ts';

export interface BusyPort extends LauncherPort {
  /** Empty when the owner is not visible to us (another user's process, no /proc). */
  owners: PortOwner[];
}

/** Whether `port` can be bound on `host` right now (the check used where /proc cannot tell). */
function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The ports of `ports` that something already listens on, with who does. */
export async function busyPorts(ports: LauncherPort[], host = '127.0.0.1'): Promise<BusyPort[]> {
  const busy: BusyPort[] = [];
  for (const entry of ports) {
    const listening = isListening(entry.port) ?? !(await canBind(entry.port, host));
    if (listening) busy.push({ ...entry, owners: listenersOn(entry.port) });
  }
  return busy;
}

/** A message that names each busy port and its owner, and says what to do about it. */
export function describeBusyPorts(busy: BusyPort[]): string {
  const lines = busy.map(({ name, port, owners }) => {
    const who = owners.length
      ? owners.map((o) => `pid ${o.pid} (${o.command || 'command unknown'})`).join(', ')
      : 'a process we cannot see (another user’s?): `ss -ltnp` shows it';
    return `  port ${port} (${name}) is in use by ${who}`;
  });
  return [
    'Cannot start: ports Jowi needs are taken.',
    ...lines,
    'Another `npm start` may be running: stop it (Ctrl-C in its terminal, or kill the pid above),',
    'or run this one beside it on other ports with JOWI_PORT_OFFSET (and its own JOWI_DATA_DIR).',
  ].join('\n');
}
