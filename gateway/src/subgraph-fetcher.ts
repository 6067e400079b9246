/**
 * Subgraph calls over kept-alive connections, without a WHATWG fetch underneath.
 *
 * Apollo's RemoteGraphQLDataSource defaults to node-fetch without an agent: a new TCP
 * connection per subgraph request. A fetch implementation on a kept-alive pool fixes that but
 * still builds Request, Headers, AbortSignal and body-stream objects per call. This fetcher
 * posts with undici's dispatcher API instead (`Agent.request`: one kept-alive connection pool per
 * subgraph origin) and answers with the small part of a fetch Response the data source reads:
 * `ok`, `status`, `statusText`, `url`, `headers.get` and a body read once by `json()` or `text()`.
 *
 * A request that carries {@link SHARE_SCOPE_HEADER} (set by the data source, never sent on) may
 * join an identical request already in flight: same URL, same scope, same body. The joined
 * callers each get their own response over the one body text; the entry is dropped when the
 * request settles (subgraph-sharing.ts says what may share).
 *
 * A request that carries {@link REPLAY_HEADER} is not sent at all: it is answered with the
 * response (or failure) the single-fetch passthrough already received for exactly the same body
 * (single-fetch-passthrough.ts), so the usual path can shape an answer the passthrough did not
 * pass on without asking the subgraph twice.
 */
import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent } from 'undici';

/** Internal: the sharing scope of a subgraph request; the fetcher consumes it. */
export const SHARE_SCOPE_HEADER = 'x-jowi-share-scope';

/** Internal: the id of a {@link Replays} entry that answers this request; never sent on. */
export const REPLAY_HEADER = 'x-jowi-replay';

/** What a subgraph answered to one request body, kept until the usual path asks for it. */
export interface Replay {
  body: string;
  outcome: { response: FetcherResponse } | { error: unknown };
}

export type Replays = Map<string, Replay>;

export interface SubgraphFetcher {
  fetcher: Fetcher;
  /** Answers already received, by id, for requests the usual path will make (taken once). */
  replays: Replays;
  /** Requests sent to subgraphs as sharable, and requests that joined one in flight. */
  sharing: { sent: number; joined: number };
  close(): Promise<void>;
}

type Headers = Record<string, string | string[] | undefined>;

interface Answer {
  status: number;
  headers: Headers;
  text: () => Promise<string>;
}

function response(url: string, answer: Answer): FetcherResponse {
  const { status, headers } = answer;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    redirected: false,
    headers: {
      get(name: string) {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: answer.text,
    json: async () => JSON.parse(await answer.text()) as unknown,
  } as unknown as FetcherResponse;
}

export function createSubgraphFetcher(options: { connectionsPerOrigin?: number } = {}): SubgraphFetcher {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connectionsPerOrigin ?? 64,
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const send = async (url: string, init: FetcherRequestInit | undefined, headers: Headers | undefined) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      targets.set(url, target);
    }
    return agent.request({
      origin: target.origin,
      path: target.path,
      method: (init?.method ?? 'GET') as 'POST',
      headers: headers as Record<string, string> | undefined,
      body: init?.body as string | undefined,
    });
  };
  const inFlight = new Map<string, Promise<{ status: number; headers: Headers; body: string }>>();
  const sharing = { sent: 0, joined: 0 };
  const replays: Replays = new Map();
  const fetcher = async (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
    const headers = init?.headers as Record<string, string> | undefined;
    const replayId = headers?.[REPLAY_HEADER];
    if (replayId !== undefined) return replayed(replays, replayId, init?.body);
    const scope = headers?.[SHARE_SCOPE_HEADER];
    if (scope === undefined) {
      const sent = await send(url, init, headers);
      let read: Promise<string> | undefined;
      return response(url, {
        status: sent.statusCode,
        headers: sent.headers,
        text: () => {
          read ??= sent.body.text();
          return read;
        },
      });
    }
    const { [SHARE_SCOPE_HEADER]: _scope, ...forwarded } = headers!;
    const key = `${url}\n${scope}\n${init?.body}`;
    let shared = inFlight.get(key);
    if (shared) {
      sharing.joined++;
    } else {
      sharing.sent++;
      shared = send(url, init, forwarded)
        .then(async (sent) => ({
          status: sent.statusCode,
          headers: sent.headers,
          body: await sent.body.text(),
        }))
        .finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    }
    const answer = await shared;
    return response(url, { status: answer.status, headers: answer.headers, text: async () => answer.body });
  };
  return { fetcher, replays, sharing, close: () => agent.close() };
}

/**
 * The answer kept under `id`, taken once. A body that differs from the one answered is refused,
 * never sent: the request it stands for (possibly a mutation) has already been made.
 */
async function replayed(replays: Replays, id: string, body: unknown): Promise<FetcherResponse> {
  const replay = replays.get(id);
  replays.delete(id);
  if (!replay || replay.body !== body)
    throw new Error('The subgraph request to replay is not the one answered');
  if ('error' in replay.outcome) throw replay.outcome.error;
  return replay.outcome.response;
}
