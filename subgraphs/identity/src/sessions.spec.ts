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
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, startIdentity } from './index.ts';
import { COMMON_PASSWORDS } from './services/password-policy.ts';

const DEMO = DEMO_TENANTS[0]!;
const manager = DEMO.staff.find((s) => s.roles.includes('manager'))!;
const accountant = DEMO.staff.find((s) => s.roles.includes('accountant')) ?? manager;
const GRACE_SECONDS = 2;

let db: TestDatabase;
let keys: TestKeys;
let signing: KeyPairJwk;
let verifyKeys: Map<string, CryptoKey>;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  signing = await generateSigningKeys('sessions-spec');
  verifyKeys = new Map([['sessions-spec', await importKey(signing.publicJwk)]]);
  await applyDemoData(await db.dataSource('identity', entities), [DEMO]);
  service = await startIdentity(
    testSubgraphEnv(db, keys, {
      IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown>,
      REFRESH_GRACE_SECONDS: GRACE_SECONDS,
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
  staff: { id: string } | null;
  errors: { code: string; field: string[] | null }[];
}
const payloadFields = 'accessToken refreshToken expiresAt staff { id } errors { code field }';

async function call<T>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = ANONYMOUS,
) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  return res.body;
}
async function data<T>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = ANONYMOUS,
) {
  const body = await call<T>(query, variables, identity);
  expect(body.errors).toBeUndefined();
  return body.data!;
}
const login = async (email: string, password = DEMO_PASSWORD) =>
  (
    await data<{ login: Payload }>(`mutation($i: LoginInput!) { login(input: $i) { ${payloadFields} } }`, {
      i: { email, password },
    })
  ).login;
const refresh = async (refreshToken: string) =>
  (
    await data<{ refreshSession: Payload }>(
      `mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { ${payloadFields} } }`,
      { i: { refreshToken } },
    )
  ).refreshSession;
const logout = async (refreshToken: string) =>
  (
    await data<{ logout: { errors: { code: string }[] } }>(
      'mutation($i: LogoutInput!) { logout(input: $i) { errors { code } } }',
      { i: { refreshToken } },
    )
  ).logout;
const codes = (p: { errors: { code: string }[] }) => p.errors.map((e) => e.code);

/** The identity the gateway would forward for a signed-in staff member. */
async function asStaff(session: Payload): Promise<Identity> {
  const v = await verifyAccessToken(verifyKeys, session.accessToken!);
  if (!v.ok) throw new Error(v.code);
  return {
    kind: 'staff',
    tenantId: v.claims.tid,
    subject: v.claims.sub,
    roles: v.claims.roles,
    permissions: v.claims.perms,
    clientIp: '10.1.1.1',
  };
}

const audit = (action: string) =>
  db.admin<{ actor: string | null; entity_id: string | null; data: Record<string, unknown> }>(
    'SELECT actor, entity_id, data FROM audit.entry WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
    [DEMO.id, action],
  );

describe('JWKS', () => {
  it('publishes the public half of the signing key, and nothing private', async () => {
    const res = await fetch(service.url.replace(/\/graphql$/, '/.well-known/jwks.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const body = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(body.keys).toEqual([
      { alg: 'EdDSA', use: 'sig', kty: 'OKP', crv: 'Ed25519', kid: 'sessions-spec', x: signing.publicJwk.x },
    ]);
    expect(JSON.stringify(body)).not.toContain(String(signing.privateJwk.d));
  });
});

describe('logout and sign out everywhere', () => {
  it('logout revokes that session family only, and is audited', async () => {
    const a = await login(manager.email!);
    const b = await login(manager.email!);
    const a2 = await refresh(a.refreshToken!);
    expect(codes(await logout(a2.refreshToken!))).toEqual([]);
    expect(codes(await refresh(a2.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    // Logging out with an older token of the family is fine too (idempotent).
    expect(codes(await logout(a.refreshToken!))).toEqual([]);
    expect(codes(await refresh(b.refreshToken!))).toEqual([]);
    expect(codes(await logout('garbage'))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(codes(await logout(`${DEMO.id}.${'B'.repeat(43)}`))).toEqual(['INVALID_REFRESH_TOKEN']);

    const entries = await audit('session.logout');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: manager.id, entity_id: manager.id });
  });

  it('signOutEverywhere ends every session of the caller and no one else', async () => {
    const s1 = await login(manager.email!);
    const s2 = await login(manager.email!);
    const other = await login(accountant.email!);
    const mutation = 'mutation { signOutEverywhere { revokedSessions errors { code } } }';
    const result = await data<{ signOutEverywhere: { revokedSessions: number; errors: unknown[] } }>(
      mutation,
      {},
      await asStaff(s1),
    );
    expect(result.signOutEverywhere.errors).toEqual([]);
    expect(result.signOutEverywhere.revokedSessions).toBeGreaterThanOrEqual(2);
    expect(codes(await refresh(s1.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(codes(await refresh(s2.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    if (accountant !== manager) expect(codes(await refresh(other.refreshToken!))).toEqual([]);
    expect(await audit('session.signed_out_everywhere')).toHaveLength(1);

    const anonymous = await call(mutation);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('setMyPreferences', () => {
  const me = 'query { me { id language } }';
  const save = `mutation($input: SetMyPreferencesInput!) {
    setMyPreferences(input: $input) { staff { id language } errors { code } } }`;

  it("keeps the caller's own language on their staff row, for every later session", async () => {
    const first = await asStaff(await login(manager.email!));
    expect((await data<{ me: { language: string | null } }>(me, {}, first)).me.language).toBeNull();
    const saved = await data<{
      setMyPreferences: { staff: { id: string; language: string }; errors: unknown[] };
    }>(save, { input: { language: 'RU' } }, first);
    expect(saved.setMyPreferences).toEqual({ staff: { id: manager.id, language: 'RU' }, errors: [] });
    // Another sign-in (another browser) reads it back; nobody else's row changed.
    const later = await asStaff(await login(manager.email!));
    expect((await data<{ me: { language: string } }>(me, {}, later)).me.language).toBe('RU');
    const rows = await db.admin<{ id: string; language: string | null }>(
      'SELECT id, language FROM identity.staff WHERE language IS NOT NULL',
    );
    expect(rows).toEqual([{ id: manager.id, language: 'ru' }]);

    expect((await call(save, { input: { language: 'DE' } })).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    const anonymous = await call(save, { input: { language: 'EN' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('refresh grace window', () => {
  it('answers two concurrent refreshes with the same token with the same new session', async () => {
    const first = await login(manager.email!);
    const [x, y] = await Promise.all([refresh(first.refreshToken!), refresh(first.refreshToken!)]);
    expect(codes(x)).toEqual([]);
    expect(codes(y)).toEqual([]);
    expect(x.refreshToken).toBe(y.refreshToken);
    expect(x.accessToken).toBe(y.accessToken);
    expect(x.refreshToken).not.toBe(first.refreshToken);
    // Still one live head: the successor works, and only one token was added to the family.
    const next = await refresh(x.refreshToken!);
    expect(codes(next)).toEqual([]);
    const family = await db.admin<{ n: number }>(
      `SELECT count(*)::int AS n FROM identity.refresh_token WHERE family_id =
         (SELECT family_id FROM identity.refresh_token WHERE token_hash = $1)`,
      [createHash('sha256').update(first.refreshToken!).digest('hex')],
    );
    expect(family[0]!.n).toBe(3);
  });

  it('treats the same token after the window as theft and revokes the family', async () => {
    const before = (await audit('session.refresh_token_reused')).length;
    const first = await login(manager.email!);
    const second = await refresh(first.refreshToken!);
    expect(codes(await refresh(first.refreshToken!))).toEqual([]); // inside the window
    await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000 + 300));
    expect(codes(await refresh(first.refreshToken!))).toEqual(['REFRESH_TOKEN_REUSED']);
    expect(codes(await refresh(second.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(await audit('session.refresh_token_reused')).toHaveLength(before + 1);
  });

  it('does not replay a successor that has itself been rotated', async () => {
    const first = await login(manager.email!);
    const second = await refresh(first.refreshToken!);
    const third = await refresh(second.refreshToken!);
    expect(codes(third)).toEqual([]);
    // The first token again, within the window, but its successor is spent: that is reuse.
    expect(codes(await refresh(first.refreshToken!))).toEqual(['REFRESH_TOKEN_REUSED']);
    expect(codes(await refresh(third.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
  });
});

describe('changePassword', () => {
  const change = async (identity: Identity, currentPassword: string, newPassword: string) =>
    (
      await data<{ changePassword: Payload }>(
        `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { ${payloadFields} } }`,
        { i: { currentPassword, newPassword } },
        identity,
      )
    ).changePassword;

  it('enforces the policy with typed codes', async () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    const me = await asStaff(await login(manager.email!));
    const localPart = manager.email!.split('@')[0]!;
    const cases: [string, string][] = [
      ['short', 'PASSWORD_TOO_SHORT'],
      ['ä'.repeat(9), 'PASSWORD_TOO_SHORT'],
      ['x'.repeat(257), 'PASSWORD_TOO_LONG'],
      ['Password123', 'PASSWORD_TOO_COMMON'],
      ['QWERTYUIOP', 'PASSWORD_TOO_COMMON'],
      [`my-${localPart.toUpperCase()}-is-great`, 'PASSWORD_CONTAINS_EMAIL'],
    ];
    for (const [password, code] of cases) {
      const result = await change(me, DEMO_PASSWORD, password);
      expect(codes(result), password).toEqual([code]);
      expect(result.errors[0]!.field).toEqual(['input', 'newPassword']);
      expect(result.accessToken).toBeNull();
    }
    const wrong = await change(me, 'not-my-password', 'a perfectly fine passphrase');
    expect(codes(wrong)).toEqual(['INVALID_CREDENTIALS']);
    expect(wrong.errors[0]!.field).toEqual(['input', 'currentPassword']);
    // Ten code points of Cyrillic are long enough.
    expect(codes(await change(me, 'not-my-password', 'пароль-длинный'))).toEqual(['INVALID_CREDENTIALS']);
  });

  it('changes the password, ends every other session and returns a fresh one', async () => {
    const other = await login(manager.email!);
    const current = await login(manager.email!);
    const newPassword = 'correct horse battery staple';
    const result = await change(await asStaff(current), DEMO_PASSWORD, newPassword);
    expect(codes(result)).toEqual([]);
    expect((await verifyAccessToken(verifyKeys, result.accessToken!)).ok).toBe(true);

    expect(codes(await refresh(other.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(codes(await refresh(current.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(codes(await refresh(result.refreshToken!))).toEqual([]);
    expect(codes(await login(manager.email!))).toEqual(['INVALID_CREDENTIALS']);
    expect(codes(await login(manager.email!, newPassword))).toEqual([]);

    const stored = await db.admin<{ password_hash: string }>(
      'SELECT password_hash FROM identity.staff WHERE id = $1',
      [manager.id],
    );
    expect(stored[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const entries = await audit('staff.password_changed');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: manager.id, entity_id: manager.id });
    expect(Number(entries[0]!.data.revokedSessions)).toBeGreaterThanOrEqual(2);

    // Put it back for the other tests.
    const back = await change(await asStaff(result), newPassword, DEMO_PASSWORD.padEnd(10, '!'));
    expect(back.errors.length === 0 || back.errors[0]!.code.startsWith('PASSWORD_')).toBe(true);
  });
});

describe('sign-in audit', () => {
  it('records successes and failures of existing accounts, not unknown emails', async () => {
    const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
    const before = await audit('session.login_failed');
    await data(
      `mutation { login(input: { email: "${owner.email}", password: "wrong-password" }) { errors { code } } }`,
      {},
      {
        ...ANONYMOUS,
        clientIp: '192.0.2.44',
      },
    );
    await login('nobody-here@demo.uz', 'whatever-password');
    const after = await audit('session.login_failed');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      actor: null,
      entity_id: owner.id,
      data: { reason: 'wrong_password', clientIp: '192.0.2.44' },
    });

    const ok = await login(owner.email!);
    expect(codes(ok)).toEqual([]);
    const successes = await audit('session.login_succeeded');
    expect(successes.at(-1)).toMatchObject({
      actor: owner.id,
      entity_id: owner.id,
      data: { method: 'password' },
    });
    // Every entry written here is still a valid hash chain.
    const chain = await db.admin<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit.entry WHERE tenant_id = $1',
      [DEMO.id],
    );
    expect(chain[0]!.n).toBeGreaterThan(5);
  });
});
