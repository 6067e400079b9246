/**
 * The HTTP shell every service shares: /graphql, /health (readiness: PostgreSQL, Redis) and
 * /health/live (liveness), with graceful shutdown that stops accepting, lets in-flight requests
 * finish and then closes pools. `/metrics` is not on this public port: it is served on the
 * service's operator port (`serveMetrics`, `METRICS_PORT`).
 *
 * The GraphQL handler reads the body itself (`request.readJson(limit)`), so a caller's limit can
 * depend on who the caller is (the gateway authenticates from headers first) and an oversized
 * body is refused before any of it is read.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { TRACE_HEADER } from './auth.ts';
import { HttpRefusal } from './http-refusal.ts';

export { HttpRefusal };

import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';

/** The body limit when a handler names none (subgraphs: the gateway already bounded the request). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type ReadinessCheck = () => Promise<void>;

/** What the GraphQL handler gets besides the raw request and response. */
export interface GraphQLHttpRequest {
  traceId: string;
  /**
   * Reads and parses a POST body as JSON (undefined for GET or an empty body). A body over
   * `maxBytes` is refused with 413 `REQUEST_TOO_LARGE` — before reading it when its
   * Content-Length says so — and the connection is closed; malformed JSON is 400 `BAD_REQUEST`.
   */
  readJson(maxBytes?: number): Promise<unknown>;
}

/** Browser origins allowed to call the service (the gateway only). */
export interface CorsOptions {
  /** Exact origins (`https://admin.example.uz`); any other origin gets no CORS headers. */
  origins: readonly string[];
  /** Request headers browsers may send besides the CORS-safelisted ones. */
  allowHeaders: readonly string[];
}

export interface HttpServiceOptions {
  name: string;
  log: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  graphql: (req: IncomingMessage, res: ServerResponse, request: GraphQLHttpRequest) => Promise<void>;
  /** Answer CORS preflights and allow these browser origins (the gateway only). */
  cors?: CorsOptions;
  /** Extra routes handled before the built-ins (return true when handled). */
  routes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

function tooLarge(maxBytes: number): HttpRefusal {
  return new HttpRefusal(413, 'REQUEST_TOO_LARGE', `Request body too large (limit ${maxBytes} bytes)`, {
    limit: maxBytes,
  });
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  // Refuse a declared oversized body before reading any of it.
  if (Number(req.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = await readBody(req, maxBytes);
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    throw new HttpRefusal(400, 'BAD_REQUEST', 'Body is not valid JSON');
  }
}

/**
 * CORS for an allowlist: a listed origin is echoed (with `vary: origin`); a preflight from any
 * other origin is refused with 403 and no CORS headers, so the browser blocks the call.
 * Returns true when the request was a preflight and has been answered.
 */
function applyCors(cors: CorsOptions, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && cors.origins.includes(origin);
  res.setHeader('vary', 'origin');
  if (allowed) res.setHeader('access-control-allow-origin', origin);
  if (req.method !== 'OPTIONS') return false;
  if (!allowed) {
    res.writeHead(403).end();
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-headers': cors.allowHeaders.join(', '),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

export interface HttpService {
  server: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createHttpService(options: HttpServiceOptions): HttpService {
  let inFlight = 0;
  let draining = false;
  const server = http.createServer((req, res) => {
    const traceId = (req.headers[TRACE_HEADER] as string | undefined)?.slice(0, 64) || randomUUID();
    // The trace id travels as an argument and in the GraphQL context, not in an
    // AsyncLocalStorage: on Node 20 that would hook every promise of every request.
    void handle(req, res, traceId);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse, traceId: string) => {
    const started = process.hrtime.bigint();
    res.setHeader(TRACE_HEADER, traceId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let route = url.pathname;
    inFlight += 1;
    try {
      if (options.cors && applyCors(options.cors, req, res)) return;
      if (options.routes && (await options.routes(req, res))) return;
      if (url.pathname === '/health/live') {
        sendJson(res, 200, { status: 'ok', service: options.name });
      } else if (url.pathname === '/health') {
        const checks: Record<string, string> = {};
        let ok = !draining;
        await Promise.all(
          Object.entries(options.readiness).map(async ([name, check]) => {
            try {
              await check();
              checks[name] = 'ok';
            } catch (error) {
              ok = false;
              checks[name] = error instanceof Error ? error.message : String(error);
            }
          }),
        );
        sendJson(res, ok ? 200 : 503, {
          status: ok ? 'ok' : draining ? 'draining' : 'unavailable',
          service: options.name,
          checks,
        });
      } else if (url.pathname === '/graphql') {
        await options.graphql(req, res, {
          traceId,
          readJson: (maxBytes = DEFAULT_MAX_BODY_BYTES) => readJson(req, maxBytes),
        });
      } else {
        route = 'other';
        sendJson(res, 404, { error: 'not found' });
      }
    } catch (error) {
      if (error instanceof HttpRefusal) {
        if (error.status >= 500)
          options.log.warn({ err: error, traceId }, 'request refused: a dependency is unavailable');
        sendRefusal(res, error, traceId);
      } else {
        options.log.error({ err: error, traceId }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [
              { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', traceId } },
            ],
          });
        else res.end();
      }
    } finally {
      inFlight -= 1;
      options.metrics.httpDuration.observe(
        { route, status: String(res.statusCode) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  };
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async close() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Answers an {@link HttpRefusal} as a GraphQL error response. */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal, traceId?: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(
    res,
    refusal.status,
    {
      errors: [
        {
          message: refusal.message,
          extensions: { code: refusal.code, ...refusal.extensions, ...(traceId ? { traceId } : {}) },
        },
      ],
    },
    // The rest of an oversized body is never read: close the connection, or a keep-alive client
    // would wait forever to finish the upload before sending its next request.
    refusal.status === 413 ? { connection: 'close' } : {},
  );
}

/** A service's `/metrics` on its own operator port, away from the public one. */
export interface MetricsServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` of `metrics` on `port` (0 = a free one). Operators scrape it on a port
 * that is not published to clients (docker/compose.yaml keeps it on the internal network).
 */
export async function serveMetrics(
  metrics: ServiceMetrics,
  port: number,
  host = '127.0.0.1',
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/metrics') {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const gzipAsync = promisify(gzip);
/** Below this a response is sent as is: compressing small bodies costs more than it saves. */
const COMPRESS_MIN_BYTES = 2048;

/**
 * Hands a parsed request to Apollo Server's HTTP-agnostic executor. With `compress`, complete
 * responses over 2 KiB are gzipped for clients that accept it (the public gateway: catalog pages
 * and change feeds are large and repetitive JSON; subgraph hops on loopback are left plain).
 */
export async function executeApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<TContext>,
  options: { compress?: boolean } = {},
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context,
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    const text = result.body.string;
    if (
      options.compress &&
      text.length >= COMPRESS_MIN_BYTES &&
      /\bgzip\b/.test(String(req.headers['accept-encoding']))
    ) {
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('vary', 'accept-encoding');
      res.end(await gzipAsync(text, { level: 4 }));
      return;
    }
    res.end(text);
  } else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** Stops the service on SIGTERM/SIGINT: drain, close pools, exit. */
export function closeOnSignals(log: Logger, close: () => Promise<void>): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    close()
      .then(() => process.exit(0))
      .catch((error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
