/**
 * Rate limits and persisted queries shared by two gateway processes: this test's in-process
 * gateway and a second one started as its own Node process, both on the same Redis. A budget
 * spent through one is spent for the other; a query registered through one is found by the
 * other; an API key in safelist mode runs only its listed operations.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type StartedGateway, sha256Hex } from '@jowi/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, loginHeaders, type TestStack } from './testing.ts';

const redisUrl = process.env.JOWI_TEST_REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error('JOWI_TEST_REDIS_URL is not set');
const describeWithRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('rate-limit-apq.spec: no Redis, skipped');

// Anonymous bucket: 30 points, refilled at 0.001 per second (nothing refills during the test).
const ANONYMOUS_BUCKET = '30:0.001';
let stack: TestStack;
let owner: Record<string, string>;
let second: { url: string; child: ChildProcess };

async function startSecondGateway(): Promise<{ url: string; child: ChildProcess }> {
  const url = (name: string) => stack.services.find((s) => s.name === name)!.url;
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
    cwd: new URL('../../', import.meta.url),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: stack.db.adminUrl,
      REDIS_URL: redisUrl,
      GATEWAY_PRIVATE_JWK: JSON.stringify(stack.keys.gateway.privateJwk),
      GATEWAY_PUBLIC_JWK: JSON.stringify(stack.keys.gateway.publicJwk),
      IDENTITY_PUBLIC_JWKS: JSON.stringify([stack.keys.identity.publicJwk]),
      RATE_LIMIT_ANONYMOUS: ANONYMOUS_BUCKET,
      API_KEY_CACHE_SECONDS: '0',
      ...Object.fromEntries(
        ['identity', 'catalog', 'sales', 'inventory', 'customers', 'fiscal'].map((n) => [
          `SUBGRAPH_${n.toUpperCase()}_URL`,
          url(n),
        ]),
      ),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /"port":(\d+)[^\n]*gateway ready/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    child.once('exit', (code) => reject(new Error(`second gateway exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, child };
}

beforeAll(async () => {
  if (!redisUrl) return;
  stack = await createStackForTests({
    gatewayEnv: { RATE_LIMIT_ANONYMOUS: { capacity: 30, refillPerSecond: 0.001 } },
  });
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  second = await startSecondGateway();
}, 180_000);
afterAll(async () => {
  second?.child.kill('SIGTERM');
  await stack?.close();
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...json };
}

describeWithRedis('rate limits across gateway processes', () => {
  it('spends one anonymous budget through both processes, then refuses on either', async () => {
    // 1 + 4 × 2 = 9 points; refused (UNAUTHENTICATED) so charged in full. The sign-in of this
    // spec came from the same IP and spent part of the budget already.
    const costly = { query: '{ products(first: 4) { edges { node { id } } } }' };
    const first = await post(stack.gatewayUrl, costly);
    expect(first.extensions?.cost).toMatchObject({ requested: 9 });
    let remaining = (first.extensions!.rateLimit as { remaining: number }).remaining;
    expect(remaining).toBeGreaterThanOrEqual(9);
    // Alternate processes, starting with the second: each sees what the other spent.
    const urls = [second.url, stack.gatewayUrl];
    let turn = 0;
    while (remaining >= 9) {
      const res = await post(urls[turn++ % 2]!, costly);
      expect(res.extensions?.rateLimit, `turn ${turn}`).toMatchObject({
        capacity: 30,
        remaining: remaining - 9,
      });
      remaining -= 9;
    }
    expect(turn).toBeGreaterThan(0);
    for (const url of urls) {
      const refused = await post(url, costly);
      expect(refused.status, url).toBe(429);
      const seconds = refused.errors?.[0]?.extensions?.retryAfterSeconds as number;
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(seconds).toBeGreaterThan(1000);
      expect(refused.retryAfter, url).toBe(String(seconds));
    }
    // A signed-in staff member has a bucket of their own.
    const staff = await post(second.url, costly, owner);
    expect(staff.status).toBe(200);
    expect(staff.errors).toBeUndefined();
  });
});

describeWithRedis('automatic persisted queries', () => {
  const query = '{ stores(first: 5) { edges { node { id name } } } }';
  const hash = sha256Hex(query);
  const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };

  it('round-trips: unknown hash, then registered through one process, found by the other', async () => {
    const unknown = await post(stack.gatewayUrl, { extensions: persisted }, owner);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(stack.gatewayUrl, { query, extensions: persisted }, owner);
    expect(registered.errors).toBeUndefined();
    const byHash = await post(second.url, { extensions: persisted }, owner);
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
  });

  it('a key in safelist mode runs its listed operations only', async () => {
    const created = await post(
      stack.gatewayUrl,
      {
        query: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
        variables: { input: { name: 'safelisted BI', scopes: ['read:catalog', 'read:sales'] } },
      },
      owner,
    );
    const { apiKey, secret } = created.data!.createApiKey as { apiKey: { id: string }; secret: string };
    const key = { authorization: `Bearer ${secret}` };
    const listed = '{ products(first: 3) { edges { node { id sku } } } }';
    const gateway = stack.services.find((s) => s.name === 'gateway') as StartedGateway;
    await gateway.safelist!.add(apiKey.id, [listed]);
    const byHash = await post(
      second.url,
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(listed) } } },
      key,
    );
    expect(byHash.errors).toBeUndefined();
    expect((byHash.data!.products as { edges: unknown[] }).edges).toHaveLength(3);
    expect((await post(stack.gatewayUrl, { query: listed }, key)).errors).toBeUndefined();
    // Anything else, as text or registered as a new persisted query, is refused.
    const other = '{ products(first: 3) { edges { node { id name } } } }';
    for (const body of [
      { query: other },
      { query: other, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(other) } } },
    ]) {
      const refused = await post(second.url, body, key);
      expect(refused.status).toBe(403);
      expect(refused.errors?.[0]?.extensions).toEqual({
        code: 'PERSISTED_QUERY_NOT_ALLOWED',
        sha256Hash: sha256Hex(other),
      });
    }
  });
});
