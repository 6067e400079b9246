/**
 * The gateway's per-request shortcuts: remembered access-token verdicts (bounded by the token's
 * own expiry) and the subgraph fetcher on kept-alive undici connections. Real keys, a real HTTP
 * server; no mocks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AccessClaims,
  type AccessTokenVerdict,
  generateSigningKeys,
  importKey,
  signAccessToken,
  verifyAccessToken,
} from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenCache } from './access-token-cache.ts';
import { createSubgraphFetcher } from './subgraph-fetcher.ts';

const CLAIMS: AccessClaims = {
  sub: 'b9259eec-65f3-8fd1-a010-417a746eb905',
  tid: 'af26d4cb-4b3d-8e6a-a364-5eabd6192517',
  kind: 'staff',
  roles: ['owner'],
  perms: ['catalog:read'],
};

describe('access-token verdict cache', () => {
  let keys: Map<string, Awaited<ReturnType<typeof importKey>>>;
  let sign: (ttl: number, issuedAt: number) => Promise<string>;
  beforeAll(async () => {
    const pair = await generateSigningKeys('cache-test');
    keys = new Map([['cache-test', await importKey(pair.publicJwk)]]);
    const privateKey = await importKey(pair.privateJwk);
    sign = async (ttl, issuedAt) =>
      (await signAccessToken(privateKey, 'cache-test', CLAIMS, ttl, issuedAt)).token;
  });

  function counted(clock: { now: number }) {
    let calls = 0;
    const verify = createAccessTokenCache(
      async (token): Promise<AccessTokenVerdict> => {
        calls++;
        return verifyAccessToken(keys, token);
      },
      () => clock.now,
    );
    return { verify, calls: () => calls };
  }

  it('verifies a token once while it is valid, and again after at most a minute', async () => {
    const issued = Math.floor(Date.now() / 1000);
    const token = await sign(900, issued);
    const clock = { now: issued * 1000 };
    const { verify, calls } = counted(clock);
    const first = await verify(token);
    expect(first).toMatchObject({ ok: true, claims: { sub: CLAIMS.sub }, expiresAt: issued + 900 });
    clock.now += 59_000;
    expect(await verify(token)).toEqual(first);
    expect(calls()).toBe(1);
    clock.now += 2_000;
    await verify(token);
    expect(calls()).toBe(2);
  });

  it('never answers for a token past its own expiry', async () => {
    const issued = Math.floor(Date.now() / 1000) - 25;
    const token = await sign(30, issued); // 5 s left
    const clock = { now: Date.now() };
    const { verify, calls } = counted(clock);
    expect((await verify(token)).ok).toBe(true);
    clock.now = (issued + 30) * 1000; // the second it expires
    // The cached verdict is not served; the real check runs (and, with the real clock, still
    // passes), so the entry's lifetime ended at `exp`.
    await verify(token);
    expect(calls()).toBe(2);
  });

  it('does not remember failures', async () => {
    const clock = { now: Date.now() };
    const { verify, calls } = counted(clock);
    const token = `${await sign(900, Math.floor(Date.now() / 1000))}x`;
    expect(await verify(token)).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    expect(await verify(token)).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    expect(calls()).toBe(2);
  });
});

describe('subgraph fetcher', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  const seen: { method?: string; path?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const fetcher = createSubgraphFetcher();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/down')) {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"draining"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=5' });
        res.end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?x=1`;
  });
  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body and headers, answers like a fetch Response, and keeps the connection', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetcher.fetcher(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-jowi-identity': `token-${i}` },
        body: JSON.stringify({ query: `{ n${i} }` }),
      });
      expect(response.ok).toBe(true);
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('max-age=5');
      expect(response.headers.get('x-missing')).toBeNull();
      expect(await response.json()).toEqual({ data: { echo: { query: `{ n${i} }` } } });
    }
    expect(seen.map((s) => [s.method, s.path, s.headers['x-jowi-identity']])).toEqual([
      ['POST', '/graphql?x=1', 'token-0'],
      ['POST', '/graphql?x=1', 'token-1'],
      ['POST', '/graphql?x=1', 'token-2'],
    ]);
    // Kept alive: three calls in a row do not open three connections (undici may open a second
    // one when the next call is dispatched before the first connection is released).
    expect(sockets.size).toBeLessThan(3);
  });

  it('reports a failed subgraph with its status and body', async () => {
    const response = await fetcher.fetcher(url.replace('/graphql', '/down'), { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(503);
    expect(response.statusText).toBe('Service Unavailable');
    expect(await response.text()).toBe('{"error":"draining"}');
  });
});
