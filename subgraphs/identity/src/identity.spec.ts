import { createHash } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_TENANTS } from '@jowi/demo-data';
import {
  ANONYMOUS,
  type CryptoKey,
  generateSigningKeys,
  type Identity,
  importKey,
  type KeyPairJwk,
  type RunningService,
  verifyAccessToken,
} from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  staffIdentity,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, ROLE_PERMISSIONS, startIdentity } from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
const cashier = DEMO.staff.find((s) => s.roles.includes('cashier'))!;

let db: TestDatabase;
let keys: TestKeys;
let signing: KeyPairJwk;
let verifyKeys: Map<string, CryptoKey>;
let service: RunningService;
let identityDs: DataSource;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  signing = await generateSigningKeys('identity-spec');
  verifyKeys = new Map([['identity-spec', await importKey(signing.publicJwk)]]);
  identityDs = await db.dataSource('identity', entities);
  await applyDemoData(identityDs, DEMO_TENANTS);
  service = await startIdentity(
    testSubgraphEnv(db, keys, {
      IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown>,
      // These tests fail sign-ins on purpose, many times; throttling has its own spec.
      LOGIN_MAX_FAILURES: 1000,
      LOGIN_IP_MAX_FAILURES: 100_000,
    }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

interface Payload {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: string | null;
  staff: { id: string; email: string; roles: string[]; tenant: { id: string; slug: string } } | null;
  errors: { code: string; field: string[] | null }[];
}
const payloadFields =
  'accessToken refreshToken expiresAt staff { id email roles tenant { id slug } } errors { code field }';

async function call<T>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = ANONYMOUS,
) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}

async function login(email: string, password: string): Promise<Payload> {
  const query = `mutation($input: LoginInput!) { login(input: $input) { ${payloadFields} } }`;
  return (await call<{ login: Payload }>(query, { input: { email, password } })).login;
}

async function refresh(refreshToken: string): Promise<Payload> {
  const query = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${payloadFields} } }`;
  return (await call<{ refreshSession: Payload }>(query, { input: { refreshToken } })).refreshSession;
}

const codes = (payload: Payload) => payload.errors.map((e) => e.code);

describe('identity: sign-in', () => {
  it('signs in an owner (email in any case) with an access token the gateway accepts', async () => {
    const result = await login('  Owner@DEMO.uz ', DEMO_PASSWORD);
    expect(result.errors).toEqual([]);
    expect(result.staff).toEqual({
      id: owner.id,
      email: 'owner@demo.uz',
      roles: ['owner'],
      tenant: { id: DEMO.id, slug: 'demo' },
    });
    const verified = await verifyAccessToken(verifyKeys, result.accessToken!);
    expect(verified).toEqual({
      ok: true,
      claims: {
        sub: owner.id,
        tid: DEMO.id,
        kind: 'staff',
        roles: ['owner'],
        perms: [...ROLE_PERMISSIONS.owner],
      },
      // The token's own expiry, the same instant the sign-in answered with.
      expiresAt: Math.floor(new Date(result.expiresAt!).getTime() / 1000),
    });
    expect(verified.ok && verified.claims.perms).toContain('staff:manage');
    expect(new Date(result.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    expect(result.refreshToken).toMatch(new RegExp(`^${DEMO.id}\\.[A-Za-z0-9_-]{43}$`));

    // Only the hash of the refresh token is stored.
    const stored = await db.admin<{ token_hash: string }>('SELECT token_hash FROM identity.refresh_token');
    expect(stored.map((r) => r.token_hash)).toContain(
      createHash('sha256').update(result.refreshToken!).digest('hex'),
    );
    expect(JSON.stringify(stored)).not.toContain(result.refreshToken!.split('.')[1]);
  });

  it("gives a cashier only a cashier's permissions", async () => {
    const result = await login(cashier.email!, DEMO_PASSWORD);
    const verified = await verifyAccessToken(verifyKeys, result.accessToken!);
    if (!verified.ok) throw new Error(verified.code);
    expect(verified.claims.perms).toEqual(
      expect.arrayContaining(['sales:sync', 'shift:open', 'catalog:read']),
    );
    expect(verified.claims.perms).not.toContain('catalog:write');
    expect(verified.claims.perms).not.toContain('staff:manage');
    // Issue 14: a cashier refunds at the till, but a discount needs a manager.
    expect(verified.claims.perms).toContain('sales:refund');
    expect(verified.claims.perms).not.toContain('sales:discount');
  });

  it('lets owners and managers give discounts (sales:discount)', async () => {
    for (const email of ['owner@demo.uz', 'manager@demo.uz']) {
      const result = await login(email, DEMO_PASSWORD);
      const verified = await verifyAccessToken(verifyKeys, result.accessToken!);
      if (!verified.ok) throw new Error(verified.code);
      expect(verified.claims.perms).toContain('sales:discount');
    }
  });

  it('answers INVALID_CREDENTIALS alike for a wrong password and an unknown email, after real hashing work', async () => {
    const wrong = await login('owner@demo.uz', 'not-the-password');
    expect(codes(wrong)).toEqual(['INVALID_CREDENTIALS']);
    expect(wrong.accessToken).toBeNull();
    expect(wrong.refreshToken).toBeNull();

    // No shortcut for unknown emails: a dummy verification makes them cost as much as a wrong
    // password. Measured in this process's CPU time (the service runs in it, argon2's threads
    // included), not wall-clock time, so other work on the machine cannot skew one side;
    // interleaved, least of several tries.
    let wrongTook = Number.POSITIVE_INFINITY;
    let unknownTook = Number.POSITIVE_INFINITY;
    const timed = async (attempt: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await attempt();
      const spent = process.cpuUsage(before);
      return spent.user + spent.system;
    };
    for (let i = 0; i < 6; i++) {
      wrongTook = Math.min(wrongTook, await timed(() => login('owner@demo.uz', 'not-the-password')));
      unknownTook = Math.min(unknownTook, await timed(() => login('nobody@nowhere.uz', DEMO_PASSWORD)));
    }
    expect(unknownTook).toBeGreaterThan(wrongTook * 0.5);
    expect(await login('nobody@nowhere.uz', DEMO_PASSWORD)).toEqual(wrong);

    expect(codes(await login('not an email', 'x'))).toEqual(['INVALID_CREDENTIALS']);
    // An email that exists in tenant demo2 does not sign in with a demo account's password mistake.
    expect(codes(await login('owner@demo2.uz', 'jowi-demo2'))).toEqual(['INVALID_CREDENTIALS']);
  });

  it('refuses a deactivated account with the same error', async () => {
    const manager = DEMO2.staff.find((s) => s.roles.includes('manager'))!;
    expect(codes(await login(manager.email!, DEMO_PASSWORD))).toEqual([]);
    await db.admin('UPDATE identity.staff SET active = false WHERE id = $1', [manager.id]);
    try {
      expect(codes(await login(manager.email!, DEMO_PASSWORD))).toEqual(['INVALID_CREDENTIALS']);
    } finally {
      await db.admin('UPDATE identity.staff SET active = true WHERE id = $1', [manager.id]);
    }
  });
});

describe('identity: refresh tokens', () => {
  it('rotates, and a reused token revokes its whole family', async () => {
    const first = await login('owner@demo.uz', DEMO_PASSWORD);
    const other = await login('owner@demo.uz', DEMO_PASSWORD);

    const second = await refresh(first.refreshToken!);
    expect(second.errors).toEqual([]);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.staff?.id).toBe(owner.id);
    expect((await verifyAccessToken(verifyKeys, second.accessToken!)).ok).toBe(true);

    const third = await refresh(second.refreshToken!);
    expect(third.errors).toEqual([]);

    // The first token was already used: someone copied it.
    const reused = await refresh(first.refreshToken!);
    expect(codes(reused)).toEqual(['REFRESH_TOKEN_REUSED']);
    expect(reused.accessToken).toBeNull();
    // ...so even the newest token of that family is refused now.
    expect(codes(await refresh(third.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    // Another sign-in (another family) is untouched.
    expect(codes(await refresh(other.refreshToken!))).toEqual([]);

    const audit = await db.admin<{ action: string }>(
      "SELECT action FROM audit.entry WHERE tenant_id = $1 AND action = 'session.refresh_token_reused'",
      [DEMO.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses unknown, malformed, foreign-tenant and expired tokens', async () => {
    expect(codes(await refresh('garbage'))).toEqual(['INVALID_REFRESH_TOKEN']);
    const session = await login('owner@demo.uz', DEMO_PASSWORD);
    const secret = session.refreshToken!.split('.')[1];
    expect(codes(await refresh(`${DEMO.id}.${'A'.repeat(43)}`))).toEqual(['INVALID_REFRESH_TOKEN']);
    // The right secret under another tenant's prefix is looked up under that tenant: nothing.
    expect(codes(await refresh(`${DEMO2.id}.${secret}`))).toEqual(['INVALID_REFRESH_TOKEN']);

    await db.admin(
      "UPDATE identity.refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [createHash('sha256').update(session.refreshToken!).digest('hex')],
    );
    expect(codes(await refresh(session.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
  });
});

describe('identity: directory reads', () => {
  const storesQuery = `query($first: Int, $after: String) {
    stores(first: $first, after: $after) {
      edges { cursor node { id name timeZone currency taxId terminals { id name store { id } } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  interface StoresData {
    stores: {
      edges: {
        node: {
          id: string;
          name: string;
          timeZone: string;
          currency: string;
          taxId: string;
          terminals: { id: string; name: string; store: { id: string } }[];
        };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  it("lists the tenant's stores by name with their terminals, page by page", async () => {
    const all = await call<StoresData>(storesQuery, {}, staffIdentity(DEMO.id));
    const expected = [...DEMO.stores].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(all.stores.edges.map((e) => e.node)).toEqual(
      expected.map((s) => ({
        id: s.id,
        name: s.name,
        timeZone: 'Asia/Tashkent',
        currency: 'UZS',
        taxId: s.taxId,
        terminals: s.terminals.map((t) => ({ id: t.id, name: t.name, store: { id: s.id } })),
      })),
    );

    const page1 = await call<StoresData>(storesQuery, { first: 1 }, staffIdentity(DEMO.id));
    expect(page1.stores.edges.map((e) => e.node.id)).toEqual([expected[0]!.id]);
    expect(page1.stores.pageInfo.hasNextPage).toBe(true);
    const page2 = await call<StoresData>(
      storesQuery,
      { first: 1, after: page1.stores.pageInfo.endCursor },
      staffIdentity(DEMO.id),
    );
    expect(page2.stores.edges.map((e) => e.node.id)).toEqual([expected[1]!.id]);
    expect(page2.stores.pageInfo.hasNextPage).toBe(false);
  });

  it("never shows tenant A's store, terminal or tenant to tenant B", async () => {
    const store = DEMO.stores[0]!;
    const reps = [
      { __typename: 'Store', id: store.id },
      { __typename: 'Terminal', id: store.terminals[0]!.id },
      { __typename: 'Tenant', id: DEMO.id },
      { __typename: 'Staff', id: owner.id },
    ];
    const entitiesQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Store { id name } ... on Terminal { id name } ... on Tenant { id slug } ... on Staff { id email } } }`;
    const asB = await call<{ _entities: unknown[] }>(entitiesQuery, { reps }, staffIdentity(DEMO2.id));
    expect(asB._entities).toEqual([null, null, null, null]);
    const asA = await call<{ _entities: ({ id: string } | null)[] }>(
      entitiesQuery,
      { reps },
      staffIdentity(DEMO.id),
    );
    expect(asA._entities.map((e) => e?.id)).toEqual([store.id, store.terminals[0]!.id, DEMO.id, owner.id]);

    const listB = await call<StoresData>(storesQuery, {}, staffIdentity(DEMO2.id));
    const idsB = listB.stores.edges.map((e) => e.node.id);
    expect(idsB.sort()).toEqual(DEMO2.stores.map((s) => s.id).sort());
    expect(idsB).not.toContain(store.id);
  });

  it('answers `me` for a staff identity only, null for anyone else', async () => {
    const query = '{ me { id email roles tenant { id slug name } } }';
    const asOwner: Identity = {
      kind: 'staff',
      tenantId: DEMO.id,
      subject: owner.id,
      roles: ['owner'],
      permissions: [],
    };
    expect((await call<{ me: unknown }>(query, {}, asOwner)).me).toEqual({
      id: owner.id,
      email: 'owner@demo.uz',
      roles: ['owner'],
      tenant: { id: DEMO.id, slug: 'demo', name: DEMO.name },
    });
    const apiKey: Identity = {
      kind: 'apikey',
      tenantId: DEMO.id,
      subject: 'key-1',
      roles: [],
      permissions: [],
    };
    expect((await call<{ me: unknown }>(query, {}, apiKey)).me).toBeNull();
    expect((await call<{ me: unknown }>(query, {}, ANONYMOUS)).me).toBeNull();
    // A staff id of tenant A presented with tenant B's tenant id finds nobody.
    expect((await call<{ me: unknown }>(query, {}, { ...asOwner, tenantId: DEMO2.id })).me).toBeNull();
  });

  it('needs a tenant for reads', async () => {
    const res = await postGraphQL(
      service.url,
      '{ stores { edges { cursor } } }',
      {},
      await identityHeaders(keys, ANONYMOUS),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('identity: isolation in the database', () => {
  it('answers 401 to a direct call without gateway identity', async () => {
    const res = await postGraphQL(service.url, '{ stores { edges { cursor } } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await postGraphQL(
      service.url,
      `mutation { login(input: { email: "owner@demo.uz", password: "${DEMO_PASSWORD}" }) { accessToken } }`,
      {},
      { 'x-jowi-identity': 'not-a-token', 'x-tenant-id': DEMO.id },
    );
    expect(forged.status).toBe(401);
  });

  it('lets the identity role read the login directory without a tenant (a login needs it first)', async () => {
    const rows = await identityDs.query('SELECT count(*)::int AS n FROM identity.login_directory');
    expect(rows[0].n).toBe(DEMO_TENANTS.reduce((n, t) => n + t.staff.filter((s) => s.email).length, 0));
  });

  it('shows no tenant rows to the runtime role when no tenant is set', async () => {
    for (const table of ['tenant', 'store', 'terminal', 'staff', 'refresh_token']) {
      expect(await identityDs.query(`SELECT * FROM identity.${table}`)).toEqual([]);
    }
    const withTenant = await identityDs.transaction(async (m) => {
      await m.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
      return m.query('SELECT id FROM identity.store');
    });
    expect(withTenant).toHaveLength(DEMO.stores.length);
    // Writing a row for another tenant is refused by the policy's WITH CHECK.
    await expect(
      identityDs.transaction(async (m) => {
        await m.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
        await m.query("INSERT INTO identity.tenant (id, slug, name) VALUES ($1, 'intruder', 'X')", [
          '0190a000-0000-7000-8000-0000000000ff',
        ]);
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('seeds the demo data idempotently', async () => {
    const count = async () =>
      db.admin<{ n: number }>(
        `SELECT (SELECT count(*) FROM identity.tenant) + (SELECT count(*) FROM identity.store)
              + (SELECT count(*) FROM identity.terminal) + (SELECT count(*) FROM identity.staff)
              + (SELECT count(*) FROM identity.login_directory) AS n`,
      );
    const before = await count();
    await applyDemoData(identityDs, DEMO_TENANTS);
    expect(await count()).toEqual(before);
    const pins = await db.admin<{ roles: string[]; pin_hash: string | null }>(
      'SELECT roles, pin_hash FROM identity.staff WHERE tenant_id = $1',
      [DEMO.id],
    );
    for (const s of pins) {
      expect(s.pin_hash !== null).toBe(s.roles.includes('cashier'));
      if (s.pin_hash) expect(s.pin_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });
});
