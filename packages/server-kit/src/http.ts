/**
 * The HTTP shell every service shares: /graphql, /health (readiness: PostgreSQL, Redis),
 * /health/live (liveness) and /metrics, with graceful shutdown that stops accepting, lets
 * in-flight requests finish and then closes pools.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { TRACE_HEADER } from './auth.ts';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

const traceStore = new AsyncLocalStorage<string>();
/** The trace id of the request being handled (for logs and masked errors). */
export const currentTraceId = (): string | undefined => traceStore.getStore();

export type ReadinessCheck = () => Promise<void>;

export interface HttpServiceOptions {
  name: string;
  log: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  graphql: (req: IncomingMessage, res: ServerResponse, body: unknown, traceId: string) => Promise<void>;
  /** Answer CORS preflights and allow browser origins (the gateway only). */
  cors?: boolean;
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

async function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => Object.assign(new Error('Request body too large'), { status: 413 });
  // Refuse a declared oversized body before reading any of it.
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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
    void traceStore.run(traceId, () => handle(req, res, traceId));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse, traceId: string) => {
    const started = process.hrtime.bigint();
    res.setHeader(TRACE_HEADER, traceId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let route = url.pathname;
    inFlight += 1;
    try {
      if (options.cors) {
        res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
        res.setHeader('vary', 'origin');
        res.setHeader(
          'access-control-allow-headers',
          'content-type, authorization, x-trace-id, apollo-require-preflight',
        );
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return;
        }
      }
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
      } else if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
        res.end(await options.metrics.registry.metrics());
      } else if (url.pathname === '/graphql') {
        let body: unknown;
        if (req.method === 'POST') {
          const text = await readBody(req);
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            sendJson(res, 400, {
              errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
            });
            return;
          }
        }
        await options.graphql(req, res, body, traceId);
      } else {
        route = 'other';
        sendJson(res, 404, { error: 'not found' });
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      options.log.error({ err: error, traceId }, 'request failed');
      if (!res.headersSent)
        sendJson(
          res,
          status,
          {
            errors: [
              {
                message:
                  status === 413
                    ? `Request body too large (limit ${MAX_BODY_BYTES} bytes)`
                    : 'Internal server error',
                extensions: { code: status === 413 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', traceId },
              },
            ],
          },
          // The rest of an oversized body is never read: close the connection, or a keep-alive
          // client would wait forever to finish the upload before sending its next request.
          status === 413 ? { connection: 'close' } : {},
        );
      else res.end();
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
