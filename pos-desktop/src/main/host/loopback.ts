/**
 * The loopback POS host: the host's `window.pos` contract over HTTP on 127.0.0.1, for a renderer
 * running in a browser (the Vite dev server at :5173 next to `npm start`, browser tests).
 *
 * Anything on the machine can open a socket to 127.0.0.1, and any web page the cashier visits can
 * make the browser send requests there. So every request must pass, in order:
 *  1. the peer address is loopback (the server also listens on 127.0.0.1 only);
 *  2. the `Host` header names a loopback host — a DNS-rebinding page arrives under its own name;
 *  3. an `Origin`, when sent, is a loopback origin (http://localhost:*, http://127.0.0.1:*) — a
 *     page elsewhere is refused before anything runs, and CORS answers only loopback origins;
 *  4. the `x-jowi-pos-secret` header equals this start's secret (compared in constant time) —
 *     the secret is printed by `npm start` inside the URL fragment, which browsers never send.
 * Failures answer 403 (1–3) or 401 (4) with no detail beyond a code.
 *
 * `POST /pos/<namespace>.<method>` with `{"args": [...]}` answers `{"result": PosResult}`; only the
 * methods listed in `POS_METHODS` exist. `GET /pos/events` is a server-sent-events stream of the
 * sync status (`event: sync-status`), read by the bridge with `fetch` so it can send the header.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POS_HOST_SECRET_HEADER } from '../../shared/pos-api.ts';
import { callHost, HOST_METHODS } from './dispatch.ts';
import type { PosHost } from './pos-host.ts';

export interface LoopbackOptions {
  host: Pick<PosHost, 'api' | 'onSyncStatus'>;
  /** Port on 127.0.0.1 (4020 by default in `npm start`; 0 picks a free one). */
  port: number;
  /** The per-start secret the bridge must send. */
  secret: string;
  /** Interface to listen on; only loopback addresses make sense (default 127.0.0.1). */
  listenHost?: string;
  logger?: Pick<Console, 'warn' | 'error'>;
}

export interface RunningLoopback {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether a socket's peer address is the machine itself. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Whether a `Host` header names this machine (any port). */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

/** Whether an `Origin` is a page served from this machine over http(s). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname);
  } catch {
    return false;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin || !isLoopbackOrigin(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': `content-type, ${POS_HOST_SECRET_HEADER}`,
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/** The checks of the file header; returns the refusal, or null to go on. */
function refusal(req: IncomingMessage, secret: Buffer): { status: number; code: string } | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, code: 'NOT_LOOPBACK' };
  if (!isLoopbackHostHeader(req.headers.host)) return { status: 403, code: 'BAD_HOST' };
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return { status: 403, code: 'BAD_ORIGIN' };
  if (req.method === 'OPTIONS') return null;
  const given = Buffer.from(String(req.headers[POS_HOST_SECRET_HEADER] ?? ''));
  if (given.length !== secret.length || !timingSafeEqual(given, secret))
    return { status: 401, code: 'BAD_SECRET' };
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

/** Calls the method with the request's arguments. */
async function dispatch(host: LoopbackOptions['host'], name: string, body: unknown): Promise<unknown> {
  const args = (body as { args?: unknown }).args ?? [];
  if (!Array.isArray(args) || args.length > 2)
    throw Object.assign(new Error('args must be an array'), { status: 400 });
  return callHost(host.api, name, args);
}

function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  options: LoopbackOptions,
  cors: Record<string, string>,
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    ...cors,
  });
  const write = (status: unknown) => res.write(`event: sync-status\ndata: ${JSON.stringify(status)}\n\n`);
  const unsubscribe = options.host.onSyncStatus(write);
  void options.host.api.sync.status().then((result) => result.ok && write(result.value));
  const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
  ping.unref();
  req.on('close', () => {
    clearInterval(ping);
    unsubscribe();
  });
}

/** Starts the loopback host. */
export async function startLoopback(options: LoopbackOptions): Promise<RunningLoopback> {
  const secret = Buffer.from(options.secret);
  if (secret.length < 16) throw new Error('the loopback secret must be at least 16 characters');
  const server = createServer((req, res) => {
    const cors = corsHeaders(req.headers.origin);
    const refused = refusal(req, secret);
    if (refused) return send(res, refused.status, { error: refused.code }, cors);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === '/pos/events') return streamEvents(req, res, options, cors);
    const name = path.startsWith('/pos/') ? path.slice(5) : '';
    if (req.method !== 'POST' || !HOST_METHODS.has(name))
      return send(res, 404, { error: 'NO_SUCH_METHOD' }, cors);
    readJson(req)
      .then((body) => dispatch(options.host, name, body))
      .then((result) => send(res, 200, { result }, cors))
      .catch((error: Error & { status?: number }) => {
        if (!error.status) options.logger?.error('pos host: request failed', error);
        send(res, error.status ?? 500, { error: error.status ? error.message : 'INTERNAL_ERROR' }, cors);
      });
  });
  const listenHost = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
