/**
 * Subgraph calls over kept-alive connections, without a WHATWG fetch underneath.
 *
 * Apollo's RemoteGraphQLDataSource defaults to node-fetch without an agent: a new TCP
 * connection per subgraph request. A fetch implementation on a kept-alive pool fixes that but
 * still builds Request, Headers, AbortSignal and body-stream objects per call. This fetcher
 * posts with undici's dispatcher API instead (`Agent.request`: one kept-alive connection pool per
 * subgraph origin) and answers with the small part of a fetch Response the data source reads:
 * `ok`, `status`, `statusText`, `url`, `headers.get` and a body read once by `json()` or `text()`.
 */
import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent } from 'undici';

export interface SubgraphFetcher {
  fetcher: Fetcher;
  close(): Promise<void>;
}

export function createSubgraphFetcher(options: { connectionsPerOrigin?: number } = {}): SubgraphFetcher {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connectionsPerOrigin ?? 64,
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const fetcher = async (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      targets.set(url, target);
    }
    const response = await agent.request({
      origin: target.origin,
      path: target.path,
      method: (init?.method ?? 'GET') as 'POST',
      headers: init?.headers as Record<string, string> | undefined,
      body: init?.body as string | undefined,
    });
    const status = response.statusCode;
    let read: Promise<string> | undefined;
    const text = () => {
      read ??= response.body.text();
      return read;
    };
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: STATUS_CODES[status] ?? '',
      url,
      redirected: false,
      headers: {
        get(name: string) {
          const value = response.headers[name.toLowerCase()];
          if (value === undefined) return null;
          return Array.isArray(value) ? value.join(', ') : value;
        },
      },
      text,
      json: async () => JSON.parse(await text()) as unknown,
    } as unknown as FetcherResponse;
  };
  return { fetcher, close: () => agent.close() };
}
