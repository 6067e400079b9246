import { createServer } from 'node:net';
import { DEMO_PASSWORD, DEMO_TENANTS } from '@jowi/demo-data';
import { envSchema, startGateway } from '@jowi/gateway';
import { applyDemoData, entities, migrations, publicJwks, startIdentity } from '@jowi/identity';
import {
  generateSigningKeys,
  importKey,
  type KeyPairJwk,
  type RunningService,
  signAccessToken,
} from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  postGraphQL,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEMO = DEMO_TENANTS[0]!;
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;

let db: TestDatabase;
let keys: TestKeys;
let current: KeyPairJwk;
let next: KeyPairJwk;
let identity: RunningService;
let jwksUrl: string;
const gateways: RunningService[] = [];

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A gateway in front of identity only, configured from env strings like in production. */
async function gateway(env: Record<string, string>): Promise<RunningService> {
  const started = await startGateway(
    envSchema.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.adminUrl,
      PORT: '0',
      GATEWAY_PRIVATE_JWK: JSON.stringify(keys.gateway.privateJwk),
      SUBGRAPH_IDENTITY_URL: identity.url,
      ...env,
    }),
    { host: '127.0.0.1' },
  );
  gateways.push(started);
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  current = await generateSigningKeys('identity-2025');
  next = await generateSigningKeys('identity-2026');
  await applyDemoData(await db.dataSource('identity', entities), [DEMO]);
  identity = await startIdentity(
    testSubgraphEnv(db, keys, {
      IDENTITY_PRIVATE_JWK: current.privateJwk as Record<string, unknown>,
      // Rotation in progress: the next key is published before anything is signed with it.
      IDENTITY_PUBLIC_JWKS: [next.publicJwk as Record<string, unknown>],
    }),
  );
  jwksUrl = identity.url.replace(/\/graphql$/, '/.well-known/jwks.json');
});

afterAll(async () => {
  for (const g of gateways) await g.close();
  await identity?.close();
  await db?.drop();
});

const loginMutation = `mutation($i: LoginInput!) { login(input: $i) { accessToken errors { code } } }`;

describe('JWKS publication', () => {
  it('serves the signing key and the rotation keys, public halves only', async () => {
    const res = await fetch(jwksUrl);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { keys: { kid: string; d?: string; x: string }[] };
    expect(body.keys.map((k) => k.kid)).toEqual(['identity-2025', 'identity-2026']);
    expect(body.keys.map((k) => k.x)).toEqual([current.publicJwk.x, next.publicJwk.x]);
    expect(body.keys.every((k) => k.d === undefined)).toBe(true);
    expect((await fetch(jwksUrl, { method: 'POST' })).status).toBe(404);
  });

  it('refuses to publish a private key listed as public', () => {
    expect(() =>
      publicJwks(current.privateJwk as Record<string, unknown>, [next.privateJwk as Record<string, unknown>]),
    ).toThrow(/private key/);
  });
});

describe('gateway with IDENTITY_JWKS_URL', () => {
  it('verifies tokens with keys fetched from identity, including a rotated-in key', async () => {
    const g = await gateway({ IDENTITY_JWKS_URL: jwksUrl });
    const login = await postGraphQL<{ login: { accessToken: string } }>(g.url, loginMutation, {
      i: { email: owner.email, password: DEMO_PASSWORD },
    });
    const token = login.body.data!.login.accessToken;
    const me = await postGraphQL<{ me: { id: string } }>(
      g.url,
      '{ me { id } }',
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(me.body.data?.me).toEqual({ id: owner.id });

    // A token signed with the next key (after identity switches) verifies without a restart.
    const { token: rotated } = await signAccessToken(await importKey(next.privateJwk), 'identity-2026', {
      sub: owner.id,
      tid: DEMO.id,
      kind: 'staff',
      roles: ['owner'],
      perms: [],
    });
    const meRotated = await postGraphQL<{ me: { id: string } }>(
      g.url,
      '{ me { id } }',
      {},
      {
        authorization: `Bearer ${rotated}`,
      },
    );
    expect(meRotated.body.data?.me).toEqual({ id: owner.id });
  });

  it('answers 401 TOKEN_UNKNOWN_KEY for a kid identity does not publish', async () => {
    const g = await gateway({ IDENTITY_JWKS_URL: jwksUrl });
    const stranger = await generateSigningKeys('stranger');
    const { token } = await signAccessToken(await importKey(stranger.privateJwk), 'stranger', {
      sub: owner.id,
      tid: DEMO.id,
      kind: 'staff',
      roles: ['owner'],
      perms: ['*'],
    });
    const res = await postGraphQL(g.url, '{ me { id } }', {}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_UNKNOWN_KEY',
    });
  });

  it('answers 503, not 401, while the key set cannot be fetched', async () => {
    const g = await gateway({
      IDENTITY_JWKS_URL: `http://127.0.0.1:${await deadPort()}/.well-known/jwks.json`,
    });
    const { token } = await signAccessToken(await importKey(current.privateJwk), 'identity-2025', {
      sub: owner.id,
      tid: DEMO.id,
      kind: 'staff',
      roles: ['owner'],
      perms: [],
    });
    const res = await postGraphQL(g.url, '{ me { id } }', {}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(503);
  });

  it('still works with IDENTITY_PUBLIC_JWKS alone, and needs one of the two', async () => {
    const g = await gateway({ IDENTITY_PUBLIC_JWKS: JSON.stringify([current.publicJwk]) });
    const login = await postGraphQL<{ login: { accessToken: string } }>(g.url, loginMutation, {
      i: { email: owner.email, password: DEMO_PASSWORD },
    });
    const me = await postGraphQL<{ me: { id: string } }>(
      g.url,
      '{ me { id } }',
      {},
      {
        authorization: `Bearer ${login.body.data!.login.accessToken}`,
      },
    );
    expect(me.body.data?.me).toEqual({ id: owner.id });
    await expect(gateway({})).rejects.toThrow(/IDENTITY_PUBLIC_JWKS or IDENTITY_JWKS_URL/);
  });
});

describe('client IP for throttling', () => {
  const lastFailure = async () =>
    (
      await db.admin<{ data: { clientIp: string | null } }>(
        `SELECT data FROM audit.entry WHERE tenant_id = $1 AND action = 'session.login_failed'
          ORDER BY seq DESC LIMIT 1`,
        [DEMO.id],
      )
    )[0]?.data.clientIp;
  const failLogin = (url: string, headers: Record<string, string> = {}) =>
    postGraphQL(url, loginMutation, { i: { email: owner.email, password: 'wrong-password' } }, headers);

  it('comes from the socket, and from x-forwarded-for only behind a trusted proxy', async () => {
    const direct = await gateway({ IDENTITY_JWKS_URL: jwksUrl });
    await failLogin(direct.url, { 'x-forwarded-for': '203.0.113.7' });
    expect(await lastFailure()).toBe('127.0.0.1');

    const proxied = await gateway({ IDENTITY_JWKS_URL: jwksUrl, TRUST_PROXY: 'true' });
    await failLogin(proxied.url, { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' });
    expect(await lastFailure()).toBe('203.0.113.7');
  });
});
