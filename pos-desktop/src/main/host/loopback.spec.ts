/**
 * The loopback host refuses what is not the till's own renderer: requests without the per-start
 * secret, from pages of other origins, under a foreign Host name (DNS rebinding) — and serves the
 * contract to the browser bridge, sync status pushes included.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackPosApi } from '../../renderer/lib/bridge.ts';
import { POS_HOST_SECRET_HEADER } from '../../shared/pos-api.ts';
import {
  isLoopbackAddress,
  isLoopbackHostHeader,
  isLoopbackOrigin,
  type RunningLoopback,
  startLoopback,
} from './loopback.ts';
import { type PosHost, startPosHost } from './pos-host.ts';

const SECRET = 'a-per-start-secret-of-enough-length';
let dir = '';
let host: PosHost;
let loopback: RunningLoopback;

/** A raw request, so the test controls every header (fetch would set Origin and Host itself). */
function call(
  path: string,
  headers: Record<string, string>,
  options: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: loopback.port, path, method: options.method ?? 'POST', headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const withSecret = { 'content-type': 'application/json', [POS_HOST_SECRET_HEADER]: SECRET };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jowi-pos-loopback-'));
  host = await startPosHost({
    dataDir: dir,
    gatewayUrl: 'http://127.0.0.1:9/graphql',
    clientVersion: 'pos-desktop/test',
    fiscal: {
      mode: 'off',
      deviceUrl: 'http://127.0.0.1:9/rpc/api',
      port: 0,
      journalFile: join(dir, 'j.jsonl'),
    },
    logger: { warn: () => {}, error: () => {} },
  });
  loopback = await startLoopback({ host, port: 0, secret: SECRET });
});

afterAll(async () => {
  await loopback?.close();
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('loopback POS host', () => {
  it('answers a request with the secret, from a loopback origin', async () => {
    const res = await call(
      '/pos/session.state',
      { ...withSecret, origin: 'http://localhost:5173' },
      { body: { args: [] } },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      result: { ok: true, value: expect.objectContaining({ paired: false, cashier: null }) },
    });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('refuses requests without the secret, or with a wrong one', async () => {
    const none = await call(
      '/pos/session.state',
      { 'content-type': 'application/json' },
      { body: { args: [] } },
    );
    expect(none).toMatchObject({ status: 401, body: '{"error":"BAD_SECRET"}' });
    const wrong = await call(
      '/pos/session.state',
      { ...withSecret, [POS_HOST_SECRET_HEADER]: `${SECRET.slice(0, -1)}x` },
      { body: { args: [] } },
    );
    expect(wrong.status).toBe(401);
    const events = await call('/pos/events', {}, { method: 'GET' });
    expect(events.status).toBe(401);
  });

  it('refuses pages of other origins and foreign Host names, even with the secret', async () => {
    const page = await call(
      '/pos/session.state',
      { ...withSecret, origin: 'https://evil.example' },
      { body: { args: [] } },
    );
    expect(page).toMatchObject({ status: 403, body: '{"error":"BAD_ORIGIN"}' });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await call(
      '/pos/sale.complete',
      { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      { method: 'OPTIONS' },
    );
    expect(preflight.status).toBe(403);
    const rebinding = await call(
      '/pos/session.state',
      { ...withSecret, host: 'pos.evil.example:4020' },
      { body: { args: [] } },
    );
    expect(rebinding).toMatchObject({ status: 403, body: '{"error":"BAD_HOST"}' });
    const nullOrigin = await call(
      '/pos/session.state',
      { ...withSecret, origin: 'null' },
      { body: { args: [] } },
    );
    expect(nullOrigin.status).toBe(403);
  });

  it('answers a loopback preflight without the secret; serves only the contract methods', async () => {
    const preflight = await call(
      '/pos/sale.complete',
      { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' },
      { method: 'OPTIONS' },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain(POS_HOST_SECRET_HEADER);
    const unknown = await call('/pos/session.__proto__', withSecret, { body: { args: [] } });
    expect(unknown.status).toBe(404);
    const tooMany = await call('/pos/session.state', withSecret, { body: { args: [1, 2, 3] } });
    expect(tooMany.status).toBe(400);
  });

  it('classifies peer addresses, Host headers and origins', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.5', '::ffff:192.168.1.2', '', undefined].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['127.0.0.1:4020', 'localhost', '[::1]:4020', 'LOCALHOST:1'].map(isLoopbackHostHeader)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['127.0.0.1.evil.example', 'evil.example:4020', undefined].map(isLoopbackHostHeader)).toEqual([
      false,
      false,
      false,
    ]);
    expect(['http://localhost:5173', 'http://127.0.0.1', 'http://[::1]:3000'].map(isLoopbackOrigin)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['file://', 'null', 'http://localhost.evil.example', 'chrome-extension://abc'].map(isLoopbackOrigin),
    ).toEqual([false, false, false, false]);
  });

  it('gives the browser bridge the same contract, typed failures included', async () => {
    const pos = loopbackPosApi({ url: loopback.url, secret: SECRET });
    expect(await pos.getConfig()).toEqual({ gatewayUrl: 'http://127.0.0.1:9/graphql', terminalId: null });
    const notPaired = await pos.shift.current();
    expect(notPaired.ok ? null : notPaired.error).toMatchObject({
      code: 'NOT_PAIRED',
      messages: { uz: expect.any(String) },
    });
    // Pairing needs the server, which is down here: a typed failure, not a throw.
    const unreachable = await pos.session.pair({ code: '12345678', deviceName: 'Kassa' });
    expect(unreachable.ok ? null : unreachable.error.code).toBe('SERVER_UNREACHABLE');
    const invalid = await pos.session.pair({ code: 'abc', deviceName: 'Kassa' });
    expect(invalid.ok ? null : invalid.error.code).toBe('PAIRING_CODE_INVALID');

    const wrongSecret = loopbackPosApi({ url: loopback.url, secret: 'not-the-secret-at-all' });
    const refused = await wrongSecret.session.state();
    expect(refused.ok ? null : refused.error.code).toBe('HOST_UNAVAILABLE');
  });
});
