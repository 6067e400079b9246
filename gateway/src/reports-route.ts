/**
 * Report downloads on the gateway: `GET /reports/<name>.csv|.xlsx?from=&to=&stores=&lang=&sep=`
 * (docs/api.md). The caller is authenticated exactly as on `/graphql` (bearer access token or
 * API key; an invalid one is refused here), then the request goes to the sales service's report
 * route with the signed identity subgraphs verify — tenant and permission (`reports:read`) are
 * checked there, where the data is — and the file streams back through untouched (no buffering:
 * backpressure reaches the database cursor).
 *
 * Category and cashier names live in catalog and identity, not in sales: for those two reports
 * the gateway first asks the supergraph for them (`salesReport { byCategory { category { name } } }`,
 * as the caller, through federation) and hands them to sales with the request. If that lookup
 * fails the file still comes, with ids only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ApolloServer } from '@apollo/server';
import { IDENTITY_HEADER, type Identity, type Logger, sendJson, TRACE_HEADER } from '@jowi/server-kit';
import { request } from 'undici';

const PATH = /^\/reports\/[a-z-]+\.(csv|xlsx)$/;

const LABEL_QUERIES: Record<string, { query: string; pick: (data: unknown) => [string, string][] }> = {
  'by-category': {
    query: `query ReportCategoryNames($input: SalesReportInput!) {
      salesReport(input: $input) { byCategory { categoryId category { name } } } }`,
    pick: (data) =>
      (
        (
          data as {
            salesReport?: { byCategory?: { categoryId: string | null; category: { name: string } | null }[] };
          }
        ).salesReport?.byCategory ?? []
      ).flatMap((row) => (row.categoryId && row.category ? [[row.categoryId, row.category.name]] : [])),
  },
  'by-cashier': {
    query: `query ReportCashierNames($input: SalesReportInput!) {
      salesReport(input: $input) { byCashier { cashierId cashier { name } } } }`,
    pick: (data) =>
      (
        (
          data as {
            salesReport?: { byCashier?: { cashierId: string | null; cashier: { name: string } | null }[] };
          }
        ).salesReport?.byCashier ?? []
      ).flatMap((row) => (row.cashierId && row.cashier ? [[row.cashierId, row.cashier.name]] : [])),
  },
};

export interface ReportsRouteDeps {
  log: Logger;
  authenticate(req: IncomingMessage, res: ServerResponse): Promise<Identity | null>;
  salesUrl(): string | undefined;
  identityToken(identity: Identity): Promise<string>;
  /** Runs one operation through the supergraph as `identity`. */
  execute(
    identity: Identity,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: readonly unknown[] }>;
}

/** The names a report's rows need, looked up through the supergraph (empty when it fails). */
async function labelsFor(
  deps: ReportsRouteDeps,
  identity: Identity,
  name: string,
  url: URL,
): Promise<Record<string, string>> {
  const spec = LABEL_QUERIES[name];
  if (!spec) return {};
  const stores = url.searchParams.get('stores');
  const input = {
    from: url.searchParams.get('from'),
    to: url.searchParams.get('to'),
    ...(stores ? { storeIds: stores.split(',').filter(Boolean) } : {}),
  };
  try {
    const result = await deps.execute(identity, spec.query, { input });
    return Object.fromEntries(spec.pick(result.data ?? {}));
  } catch (error) {
    deps.log.warn({ err: error }, 'report names lookup failed; the file carries ids only');
    return {};
  }
}

/** The `/reports/…` route; answers true when it handled the request. */
export function reportsRoute(deps: ReportsRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/reports/')) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { errors: [{ message: 'Use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
      return true;
    }
    const identity = await deps.authenticate(req, res);
    if (!identity) return true;
    if (identity.kind === 'anonymous') {
      sendJson(
        res,
        401,
        { errors: [{ message: 'Sign in to download reports', extensions: { code: 'UNAUTHENTICATED' } }] },
        { 'www-authenticate': 'Bearer' },
      );
      return true;
    }
    const sales = deps.salesUrl();
    if (!sales || !PATH.test(url.pathname)) {
      sendJson(res, sales ? 404 : 503, {
        errors: [
          { message: 'No such report', extensions: { code: sales ? 'NOT_FOUND' : 'SERVICE_UNAVAILABLE' } },
        ],
      });
      return true;
    }
    const name = url.pathname.slice('/reports/'.length).replace(/\.(csv|xlsx)$/, '');
    const labels = await labelsFor(deps, identity, name, url);
    const target = new URL(`${url.pathname}${url.search}`, sales);
    const upstream = await request(target, {
      method: 'POST',
      headers: {
        [IDENTITY_HEADER]: await deps.identityToken(identity),
        [TRACE_HEADER]: String(res.getHeader(TRACE_HEADER) ?? ''),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ labels }),
    });
    const headers: Record<string, string> = {};
    for (const key of ['content-type', 'content-disposition', 'cache-control']) {
      const value = upstream.headers[key];
      if (typeof value === 'string') headers[key] = value;
    }
    res.writeHead(upstream.statusCode, headers);
    await pipeline(upstream.body, res);
    return true;
  };
}

/** What `/reports` needs of Apollo Server: one operation as the caller. */
export function apolloExecutor<TContext extends object>(
  apollo: ApolloServer<TContext>,
  contextFor: (identity: Identity) => TContext,
): ReportsRouteDeps['execute'] {
  return async (identity, query, variables) => {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: contextFor(identity) },
    );
    if (response.body.kind !== 'single') return {};
    const { data, errors } = response.body.singleResult;
    return { data, errors };
  };
}
