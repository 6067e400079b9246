import { DEMO_PIN, DEMO_TENANTS } from '@jowi/demo-data';
import {
  ANONYMOUS,
  type CryptoKey,
  generateSigningKeys,
  type Identity,
  importKey,
  type RunningService,
  verifyAccessToken,
} from '@jowi/server-kit';
import {
  checkLoggedEvents,
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  staffIdentity,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, ROLE_PERMISSIONS, startIdentity } from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const cashier = DEMO.staff.find((s) => s.roles.includes('cashier'))!;
const terminalA = DEMO.stores[0]!.terminals[0]!.id;
const terminalB = DEMO.stores[1]!.terminals[0]!.id;
const MAX_FAILURES = 3;

let db: TestDatabase;
let keys: TestKeys;
let verifyKeys: Map<string, CryptoKey>;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  const signing = await generateSigningKeys('terminals-spec');
  verifyKeys = new Map([['terminals-spec', await importKey(signing.publicJwk)]]);
  await applyDemoData(await db.dataSource('identity', entities), [DEMO, DEMO2]);
  service = await startIdentity(
    testSubgraphEnv(db, keys, {
      IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown>,
      LOGIN_MAX_FAILURES: MAX_FAILURES,
      LOGIN_LOCK_BASE_SECONDS: 60,
    }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

async function call<T>(query: string, variables: Record<string, unknown>, identity: Identity) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  return res.body;
}
const backOffice = (permissions = [...ROLE_PERMISSIONS.manager], tenantId = DEMO.id) =>
  staffIdentity(tenantId, permissions, ['manager']);

interface CodePayload {
  code: string | null;
  expiresAt: string | null;
  terminal: { id: string; store: { id: string } } | null;
  errors: { code: string }[];
}
async function createCode(terminalId: string, identity: Identity = backOffice()) {
  const body = await call<{ createTerminalPairingCode: CodePayload }>(
    `mutation($i: CreateTerminalPairingCodeInput!) { createTerminalPairingCode(input: $i) {
       code expiresAt terminal { id store { id } } errors { code } } }`,
    { i: { terminalId } },
    identity,
  );
  expect(body.errors).toBeUndefined();
  return body.data!.createTerminalPairingCode;
}

interface PairPayload {
  terminalId: string | null;
  deviceId: string | null;
  deviceSecret: string | null;
  errors: { code: string }[];
}
async function pair(code: string, deviceName = 'Kassa test', ip = '10.9.0.1') {
  const body = await call<{ pairTerminal: PairPayload }>(
    `mutation($i: PairTerminalInput!) { pairTerminal(input: $i) {
       terminalId deviceId deviceSecret errors { code } } }`,
    { i: { code, deviceName } },
    { ...ANONYMOUS, clientIp: ip },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.pairTerminal;
}

interface LoginPayload {
  accessToken: string | null;
  refreshToken: string | null;
  retryAfterSeconds: number | null;
  staff: { id: string } | null;
  errors: { code: string }[];
}
async function pinLogin(terminalId: string, deviceSecret: string, pin: string, ip = '10.9.0.2') {
  const body = await call<{ terminalPinLogin: LoginPayload }>(
    `mutation($i: TerminalPinLoginInput!) { terminalPinLogin(input: $i) {
       accessToken refreshToken retryAfterSeconds staff { id } errors { code } } }`,
    { i: { terminalId, deviceSecret, pin } },
    { ...ANONYMOUS, clientIp: ip },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.terminalPinLogin;
}
const codes = (p: { errors: { code: string }[] }) => p.errors.map((e) => e.code);
const audit = (action: string) =>
  db.admin<{ actor: string | null; entity_id: string | null; data: Record<string, unknown> }>(
    'SELECT actor, entity_id, data FROM audit.entry WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
    [DEMO.id, action],
  );

describe('terminal pairing', () => {
  it('issues one-time 8-digit codes to holders of terminals:manage only, storing no plain code', async () => {
    expect(ROLE_PERMISSIONS.owner).toContain('terminals:manage');
    expect(ROLE_PERMISSIONS.manager).toContain('terminals:manage');
    expect(ROLE_PERMISSIONS.cashier).not.toContain('terminals:manage');

    const issued = await createCode(terminalA);
    expect(issued.errors).toEqual([]);
    expect(issued.code).toMatch(/^[0-9]{8}$/);
    expect(issued.terminal).toEqual({ id: terminalA, store: { id: DEMO.stores[0]!.id } });
    const ttl = new Date(issued.expiresAt!).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    const stored = await db.admin('SELECT * FROM identity.pairing_directory');
    expect(JSON.stringify(stored)).not.toContain(issued.code!);

    const denied = await call(
      `mutation { createTerminalPairingCode(input: { terminalId: "${terminalA}" }) { code } }`,
      {},
      backOffice([...ROLE_PERMISSIONS.cashier]),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another tenant's terminal is simply unknown, with the code sales gives for it too.
    expect(codes(await createCode(terminalA, backOffice(undefined, DEMO2.id)))).toEqual(['UNKNOWN_TERMINAL']);
    expect(codes(await createCode('not-a-uuid'))).toEqual(['INVALID_ID']);

    const created = await audit('terminal.pairing_code_created');
    expect(created.at(-1)).toMatchObject({ entity_id: terminalA });
  });

  it('pairs a device once with a code; a second use, a wrong or an expired code fail alike', async () => {
    const { code } = await createCode(terminalA);
    const paired = await pair(`${code!.slice(0, 4)} ${code!.slice(4)}`, '  Kassa 1 (Lenovo)  ');
    expect(paired.errors).toEqual([]);
    expect(paired.terminalId).toBe(terminalA);
    expect(paired.deviceSecret).toMatch(new RegExp(`^${DEMO.id}\\.[A-Za-z0-9_-]{43}$`));
    const device = await db.admin<{ name: string; secret_hash: string }>(
      'SELECT name, secret_hash FROM identity.terminal_device WHERE id = $1',
      [paired.deviceId],
    );
    expect(device[0]!.name).toBe('Kassa 1 (Lenovo)');
    expect(device[0]!.secret_hash).not.toContain(paired.deviceSecret!.split('.')[1]!);

    expect(codes(await pair(code!))).toEqual(['PAIRING_CODE_INVALID']);
    expect(codes(await pair('00000000', 'x', '10.9.0.3'))).toEqual(['PAIRING_CODE_INVALID']);
    expect(codes(await pair('12ab', 'x', '10.9.0.3'))).toEqual(['PAIRING_CODE_INVALID']);
    const other = await createCode(terminalB);
    expect(codes(await pair(other.code!, '   '))).toEqual(['INVALID_NAME']);

    const expiring = await createCode(terminalB);
    await db.admin("UPDATE identity.pairing_directory SET expires_at = now() - interval '1 second'");
    await db.admin("UPDATE identity.terminal_pairing_code SET expires_at = now() - interval '1 second'");
    expect(codes(await pair(expiring.code!, 'late', '10.9.0.4'))).toEqual(['PAIRING_CODE_INVALID']);

    const audited = await audit('terminal.paired');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actor: null,
      entity_id: terminalA,
      data: { deviceId: paired.deviceId },
    });
  });

  it('lets exactly one of two racing devices redeem a code', async () => {
    const { code } = await createCode(terminalB);
    const results = await Promise.all([pair(code!, 'one', '10.9.1.1'), pair(code!, 'two', '10.9.1.2')]);
    expect(results.map((r) => codes(r)[0] ?? 'OK').sort()).toEqual(['OK', 'PAIRING_CODE_INVALID']);
  });
});

describe('cashier PIN sign-in on a paired terminal', () => {
  let device: PairPayload;
  beforeAll(async () => {
    device = await pair((await createCode(terminalA)).code!, 'PIN device', '10.9.2.1');
  });

  it('signs the cashier in with a token bound to the terminal, and refreshes keep the binding', async () => {
    const session = await pinLogin(terminalA, device.deviceSecret!, DEMO_PIN);
    expect(session.errors).toEqual([]);
    expect(session.staff).toEqual({ id: cashier.id });
    const verified = await verifyAccessToken(verifyKeys, session.accessToken!);
    expect(verified).toMatchObject({
      ok: true,
      claims: { sub: cashier.id, tid: DEMO.id, kind: 'staff', roles: ['cashier'], term: terminalA },
    });
    const refreshed = await call<{ refreshSession: { accessToken: string; errors: unknown[] } }>(
      'mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken errors { code } } }',
      { i: { refreshToken: session.refreshToken } },
      ANONYMOUS,
    );
    expect(refreshed.data!.refreshSession.errors).toEqual([]);
    const again = await verifyAccessToken(verifyKeys, refreshed.data!.refreshSession.accessToken);
    expect(again.ok && again.claims.term).toBe(terminalA);

    const audited = await audit('session.login_succeeded');
    expect(audited.at(-1)).toMatchObject({
      actor: cashier.id,
      data: { method: 'pin', terminalId: terminalA },
    });
  });

  it('refuses a wrong PIN, a wrong secret or another terminal with INVALID_CREDENTIALS, then locks', async () => {
    const ip = '10.9.3.1';
    expect(codes(await pinLogin(terminalA, device.deviceSecret!, '0000', '10.9.3.9'))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect(codes(await pinLogin(terminalA, `${DEMO.id}.${'C'.repeat(43)}`, DEMO_PIN, '10.9.3.9'))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect(codes(await pinLogin(terminalB, device.deviceSecret!, DEMO_PIN, '10.9.3.8'))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect(codes(await pinLogin(terminalA, 'garbage', DEMO_PIN, '10.9.3.8'))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect(await audit('session.pin_login_failed')).toHaveLength(1);

    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(codes(await pinLogin(terminalA, device.deviceSecret!, '9999', ip))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    }
    const locked = await pinLogin(terminalA, device.deviceSecret!, DEMO_PIN, ip);
    expect(codes(locked)).toEqual(['LOGIN_LOCKED']);
    expect(locked.retryAfterSeconds).toBe(60);
    expect(codes(await pinLogin(terminalA, device.deviceSecret!, DEMO_PIN, '10.9.3.2'))).toEqual([]);
  });

  it('throttles guessing pairing codes from one IP', async () => {
    const ip = '10.9.4.1';
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(codes(await pair(String(10_000_000 + i), 'guess', ip))).toEqual(['PAIRING_CODE_INVALID']);
    }
    const { code } = await createCode(terminalB);
    expect(codes(await pair(code!, 'guess', ip))).toEqual(['LOGIN_LOCKED']);
    expect(codes(await pair(code!, 'honest', '10.9.4.2'))).toEqual([]);
  });
});

describe('event contracts', () => {
  it('every store.upserted and terminal.upserted this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(db.admin, ['store.upserted', 'terminal.upserted']);
    expect(check.problems).toEqual([]);
    expect(check.counts['store.upserted']).toBeGreaterThan(0);
    expect(check.counts['terminal.upserted']).toBeGreaterThan(0);
  });
});
