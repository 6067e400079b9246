/**
 * Staff, stores, terminals and devices as the back office administers them: each mutation's
 * rules, its audit entry and directory event, and the effects that must be immediate — a disabled
 * person's PIN and refresh token refused, a deactivated terminal's PIN sign-ins and sessions
 * refused with `TERMINAL_INACTIVE`, a revoked device's secret dead.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { ANONYMOUS, generateSigningKeys, type Identity, type RunningService } from '@jowi/server-kit';
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
import {
  applyDemoData,
  entities,
  migrations,
  ROLE_PERMISSIONS,
  STAFF_STATUS_PATH,
  startIdentity,
} from './index.ts';

const DEMO = DEMO_TENANTS[0]!;
const storeA = DEMO.stores[0]!.id;
const storeB = DEMO.stores[1]!.id;
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  const signing = await generateSigningKeys('people-spec');
  await applyDemoData(await db.dataSource('identity', entities), [DEMO]);
  service = await startIdentity(
    testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown> }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

interface Errors {
  errors: { code: string; field?: string[] | null }[];
}
const ownerId = (): Identity => ({
  ...staffIdentity(DEMO.id, [...ROLE_PERMISSIONS.owner], ['owner']),
  subject: owner.id,
});
const manager = () => staffIdentity(DEMO.id, [...ROLE_PERMISSIONS.manager], ['manager']);
const codes = (p: Errors) => p.errors.map((e) => e.code);

async function call<T>(query: string, variables: Record<string, unknown>, identity: Identity = ownerId()) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  return res.body;
}
async function mutate<T extends Errors>(
  name: string,
  input: Record<string, unknown>,
  selection: string,
  as?: Identity,
) {
  const body = await call<Record<string, T>>(
    `mutation($i: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${selection} errors { code field } } }`,
    { i: input },
    as,
  );
  expect(body.errors).toBeUndefined();
  return body.data![name]!;
}
// Several mutations share an input type; name it explicitly for them.
async function mutateAs<T extends Errors>(
  name: string,
  inputType: string,
  input: Record<string, unknown>,
  selection: string,
) {
  const body = await call<Record<string, T>>(
    `mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} errors { code field } } }`,
    { i: input },
  );
  expect(body.errors).toBeUndefined();
  return body.data![name]!;
}

type StaffOut = Errors & {
  staff: { id: string; active: boolean; hasPin: boolean; storeIds: string[]; roles: string[] } | null;
};
const STAFF = 'staff { id active hasPin storeIds roles }';
const createStaff = (input: Record<string, unknown>, as?: Identity) =>
  mutate<StaffOut>('createStaff', input, STAFF, as);
const setPin = (staffId: string, pin: string) => mutate<StaffOut>('setStaffPin', { staffId, pin }, STAFF);
const disable = (staffId: string) => mutateAs<StaffOut>('disableStaff', 'StaffIdInput', { staffId }, STAFF);
const enable = (staffId: string) => mutateAs<StaffOut>('enableStaff', 'StaffIdInput', { staffId }, STAFF);

type TerminalOut = Errors & { terminal: { id: string; active: boolean } | null };
const setTerminal = (name: 'deactivateTerminal' | 'activateTerminal', terminalId: string) =>
  mutateAs<TerminalOut>(name, 'TerminalIdInput', { terminalId }, 'terminal { id active }');

async function pairDevice(terminalId: string) {
  const issued = await mutate<Errors & { code: string | null }>(
    'createTerminalPairingCode',
    { terminalId },
    'code',
  );
  expect(issued.errors).toEqual([]);
  const body = await call<{ pairTerminal: Errors & { deviceId: string; deviceSecret: string } }>(
    'mutation($i: PairTerminalInput!) { pairTerminal(input: $i) { deviceId deviceSecret errors { code } } }',
    { i: { code: issued.code, deviceName: 'people-spec device' } },
    { ...ANONYMOUS, clientIp: '10.20.0.1' },
  );
  return body.data!.pairTerminal;
}
type LoginOut = Errors & {
  accessToken: string | null;
  refreshToken: string | null;
  staff: { id: string } | null;
};
let ipSeq = 0;
async function pinLogin(terminalId: string, deviceSecret: string, pin: string) {
  ipSeq += 1;
  const body = await call<{ terminalPinLogin: LoginOut }>(
    `mutation($i: TerminalPinLoginInput!) { terminalPinLogin(input: $i) {
       accessToken refreshToken staff { id } errors { code field } } }`,
    { i: { terminalId, deviceSecret, pin } },
    { ...ANONYMOUS, clientIp: `10.21.${Math.floor(ipSeq / 200)}.${ipSeq % 200}` },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.terminalPinLogin;
}
async function refresh(refreshToken: string) {
  const body = await call<{ refreshSession: LoginOut }>(
    'mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken refreshToken staff { id } errors { code field } } }',
    { i: { refreshToken } },
    ANONYMOUS,
  );
  return body.data!.refreshSession;
}
const audit = (action: string, entityId: string) =>
  db.admin<{ actor: string | null; data: Record<string, unknown> }>(
    'SELECT actor, data FROM audit.entry WHERE tenant_id = $1 AND action = $2 AND entity_id = $3 ORDER BY seq',
    [DEMO.id, action, entityId],
  );

async function newTerminal(storeId: string, name: string) {
  const created = await mutate<TerminalOut>('createTerminal', { storeId, name }, 'terminal { id active }');
  expect(created.errors).toEqual([]);
  return created.terminal!.id;
}

describe('staff', () => {
  it('creates a PIN cashier with store access, audited and announced, and lists staff with filters', async () => {
    const created = await createStaff({
      name: 'Dilnoza Karimova',
      roles: ['Cashier'],
      storeIds: [storeA],
      pin: '2580',
    });
    expect(created.errors).toEqual([]);
    expect(created.staff).toMatchObject({
      active: true,
      hasPin: true,
      storeIds: [storeA],
      roles: ['cashier'],
    });
    const id = created.staff!.id;
    expect(await audit('staff.created', id)).toMatchObject([
      { actor: owner.id, data: { pin: true, storeIds: [storeA] } },
    ]);
    const hash = await db.admin<{ pin_hash: string }>('SELECT pin_hash FROM identity.staff WHERE id = $1', [
      id,
    ]);
    expect(hash[0]!.pin_hash).toMatch(/^\$argon2id\$/);
    const events = await db.admin('SELECT 1 FROM events.event WHERE type = $1 AND aggregate_id = $2', [
      'staff.upserted',
      id,
    ]);
    expect(events).toHaveLength(1);

    const list = async (filter: Record<string, unknown>) => {
      const body = await call<{ staffMembers: { edges: { node: { id: string } }[] } }>(
        'query($f: StaffFilter) { staffMembers(first: 250, filter: $f) { edges { node { id } } } }',
        { f: filter },
      );
      expect(body.errors).toBeUndefined();
      return body.data!.staffMembers.edges.map((e) => e.node.id);
    };
    expect(await list({ search: 'dilnoza' })).toEqual([id]);
    expect(await list({ role: 'CASHIER' })).toContain(id);
    expect(await list({ role: 'owner' })).not.toContain(id);
    expect(await list({ storeId: storeB })).not.toContain(id);
    expect(await list({ storeId: storeA })).toContain(id);
    expect(await list({ active: false })).toEqual([]);
    // Without staff:manage, the list is not there at all.
    const denied = await call('{ staffMembers { edges { cursor } } }', {}, manager());
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates what a staff member is created with', async () => {
    expect(codes(await createStaff({ name: '  ', roles: ['cashier'] }))).toEqual(['INVALID_NAME']);
    expect(codes(await createStaff({ name: 'A', email: 'nope', roles: [] }))).toEqual(['INVALID_EMAIL']);
    expect(
      codes(await createStaff({ name: 'A', email: 'a1@demo.uz', password: 'short', roles: [] })),
    ).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codes(await createStaff({ name: 'A', roles: ['wizard'] }))).toEqual(['UNKNOWN_ROLE']);
    expect(
      codes(
        await createStaff({
          name: 'A',
          roles: ['cashier'],
          storeIds: ['0190a1b2-0000-7000-8000-00000000ffff'],
        }),
      ),
    ).toEqual(['UNKNOWN_STORE']);
    expect(
      codes(
        await createStaff({ name: 'A', email: owner.email, password: 'a long good passphrase', roles: [] }),
      ),
    ).toEqual(['DUPLICATE_EMAIL']);
    // A manager cannot mint an owner (nor anything beyond their own permissions).
    const asManager = { ...manager(), permissions: [...ROLE_PERMISSIONS.manager, 'staff:manage'] };
    expect(codes(await createStaff({ name: 'A', roles: ['owner'] }, asManager))).toEqual([
      'FORBIDDEN_ROLE_GRANT',
    ]);
    const back = await createStaff({
      name: 'Back Office',
      email: 'BO@demo.uz',
      password: 'a long good passphrase',
      roles: ['accountant'],
    });
    expect(back.errors).toEqual([]);
    const login = await call<{ login: LoginOut }>(
      'mutation { login(input: { email: "bo@demo.uz", password: "a long good passphrase" }) { accessToken errors { code } } }',
      {},
      { ...ANONYMOUS, clientIp: '10.22.0.1' },
    );
    expect(login.data!.login.accessToken).toBeTruthy();
  });

  it('checks a PIN: 4–6 digits, not trivial, not another active person’s', async () => {
    const a = (await createStaff({ name: 'Pin A', roles: ['cashier'] })).staff!.id;
    const b = (await createStaff({ name: 'Pin B', roles: ['cashier'] })).staff!.id;
    expect(codes(await setPin(a, '12a4'))).toEqual(['PIN_INVALID_FORMAT']);
    expect(codes(await setPin(a, '123'))).toEqual(['PIN_INVALID_FORMAT']);
    for (const trivial of ['7777', '1234', '98765', '890123'])
      expect(codes(await setPin(a, trivial))).toEqual(['PIN_TOO_SIMPLE']);
    expect(await setPin(a, '4071')).toMatchObject({ errors: [], staff: { hasPin: true } });
    expect(codes(await setPin(b, '4071'))).toEqual(['PIN_TAKEN']);
    expect(await setPin(a, '4071')).toMatchObject({ errors: [] }); // one's own PIN again is fine
    expect(await audit('staff.pin_set', a)).toHaveLength(1);
    expect(await audit('staff.pin_reset', a)).toHaveLength(1);
    expect(codes(await setPin('0190a1b2-0000-7000-8000-00000000fffe', '4072'))).toEqual(['STAFF_NOT_FOUND']);
  });

  it('disabling refuses the PIN and the refresh token at once; re-enabling lets the PIN in again', async () => {
    const terminal = await newTerminal(storeA, 'Disable test till');
    const device = await pairDevice(terminal);
    const cashier = (await createStaff({ name: 'Soon Disabled', roles: ['cashier'], pin: '6047' })).staff!.id;
    const session = await pinLogin(terminal, device.deviceSecret, '6047');
    expect(session.staff).toEqual({ id: cashier });

    const disabled = await disable(cashier);
    expect(disabled).toMatchObject({ errors: [], staff: { active: false } });
    expect(await audit('staff.disabled', cashier)).toMatchObject([{ data: { revokedSessions: 1 } }]);
    expect(codes(await pinLogin(terminal, device.deviceSecret, '6047'))).toEqual(['INVALID_CREDENTIALS']);
    expect(codes(await refresh(session.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    const event = await db.admin<{ payload: { active: boolean } }>(
      'SELECT payload FROM events.event WHERE type = $1 AND aggregate_id = $2 ORDER BY id DESC LIMIT 1',
      ['staff.upserted', cashier],
    );
    expect(event[0]!.payload.active).toBe(false);

    expect(await enable(cashier)).toMatchObject({ errors: [], staff: { active: true } });
    expect((await pinLogin(terminal, device.deviceSecret, '6047')).staff).toEqual({ id: cashier });
  });

  it('refuses disabling yourself and the last owner, and a PIN outside the person’s stores', async () => {
    expect(codes(await disable(owner.id))).toEqual(['CANNOT_DISABLE_SELF']);
    const otherOwner = { ...ownerId(), subject: '0190a1b2-0000-7000-8000-00000000aaaa' };
    const lastOwner = await call<{ disableStaff: Errors }>(
      `mutation { disableStaff(input: { staffId: "${owner.id}" }) { errors { code } } }`,
      {},
      otherOwner,
    );
    expect(codes(lastOwner.data!.disableStaff)).toEqual(['LAST_OWNER']);

    const terminalB = await newTerminal(storeB, 'Store B till');
    const device = await pairDevice(terminalB);
    const onlyA = (
      await createStaff({ name: 'Only Store A', roles: ['cashier'], storeIds: [storeA], pin: '3916' })
    ).staff!.id;
    expect(codes(await pinLogin(terminalB, device.deviceSecret, '3916'))).toEqual(['INVALID_CREDENTIALS']);
    const widened = await mutate<StaffOut>('updateStaff', { id: onlyA, storeIds: [] }, STAFF);
    expect(widened.staff?.storeIds).toEqual([]);
    expect((await pinLogin(terminalB, device.deviceSecret, '3916')).staff).toEqual({ id: onlyA });
  });

  it('answers the gateway’s staff status check, and only the gateway', async () => {
    const id = (await createStaff({ name: 'Status Check', roles: ['cashier'] })).staff!.id;
    const ask = async (identity: Identity) => {
      const res = await fetch(new URL(STAFF_STATUS_PATH, service.url), {
        method: 'POST',
        headers: await identityHeaders(keys, identity),
        body: JSON.stringify({ tenantId: DEMO.id, staffId: id }),
      });
      return { status: res.status, body: (await res.json()) as { active?: boolean } };
    };
    const gateway: Identity = {
      kind: 'system',
      tenantId: null,
      subject: 'gateway',
      roles: [],
      permissions: [],
    };
    expect(await ask(gateway)).toEqual({ status: 200, body: { active: true } });
    await disable(id);
    expect(await ask(gateway)).toEqual({ status: 200, body: { active: false } });
    expect((await ask(ownerId())).status).toBe(401);
  });
});

describe('stores and terminals', () => {
  it('creates and edits a store with validated address, tax id and time zone', async () => {
    const create = (input: Record<string, unknown>) =>
      mutate<Errors & { store: { id: string; timeZone: string; taxId: string | null } | null }>(
        'createStore',
        input,
        'store { id timeZone taxId address active }',
      );
    expect(codes(await create({ name: 'X', taxId: '12345' }))).toEqual(['INVALID_TAX_ID']);
    expect(codes(await create({ name: 'X', timeZone: 'Mars/Olympus' }))).toEqual(['INVALID_TIME_ZONE']);
    expect(codes(await create({ name: 'X', address: 'a'.repeat(301) }))).toEqual(['INVALID_ADDRESS']);
    expect(codes(await create({ name: '' }))).toEqual(['INVALID_NAME']);
    const made = await create({ name: 'Chilonzor', taxId: '301234567', address: 'Bunyodkor 1' });
    expect(made.store).toMatchObject({ timeZone: 'Asia/Tashkent', taxId: '301234567' });
    const id = made.store!.id;
    const edited = await mutate<
      Errors & { store: { timeZone: string; taxId: string | null; address: string | null } }
    >('updateStore', { id, timeZone: 'Asia/Samarkand', taxId: '' }, 'store { timeZone taxId address }');
    expect(edited).toMatchObject({
      errors: [],
      store: { timeZone: 'Asia/Samarkand', taxId: null, address: 'Bunyodkor 1' },
    });
    expect(await audit('store.updated', id)).toMatchObject([
      { data: { after: { timeZone: 'Asia/Samarkand' } } },
    ]);
    const event = await db.admin<{ payload: { timeZone: string } }>(
      'SELECT payload FROM events.event WHERE type = $1 AND aggregate_id = $2 ORDER BY id DESC LIMIT 1',
      ['store.upserted', id],
    );
    expect(event[0]!.payload.timeZone).toBe('Asia/Samarkand');
    // Managers run stores (terminals:manage); cashiers do not.
    const denied = await call(
      'mutation { createStore(input: { name: "Y" }) { errors { code } } }',
      {},
      staffIdentity(DEMO.id, [...ROLE_PERMISSIONS.cashier], ['cashier']),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a deactivated terminal refuses PIN sign-ins, refreshes and pairing codes with TERMINAL_INACTIVE', async () => {
    const terminal = await newTerminal(storeA, 'Soon off');
    const device = await pairDevice(terminal);
    const cashier = (await createStaff({ name: 'Till Worker', roles: ['cashier'], pin: '5183' })).staff!.id;
    const session = await pinLogin(terminal, device.deviceSecret, '5183');
    expect(session.staff).toEqual({ id: cashier });

    expect(await setTerminal('deactivateTerminal', terminal)).toMatchObject({
      errors: [],
      terminal: { active: false },
    });
    expect(await pinLogin(terminal, device.deviceSecret, '5183')).toMatchObject({
      accessToken: null,
      errors: [{ code: 'TERMINAL_INACTIVE', field: ['input', 'terminalId'] }],
    });
    expect(codes(await refresh(session.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    const code = await mutate<Errors>('createTerminalPairingCode', { terminalId: terminal }, 'code');
    expect(codes(code)).toEqual(['TERMINAL_INACTIVE']);
    const event = await db.admin<{ payload: { active: boolean } }>(
      'SELECT payload FROM events.event WHERE type = $1 AND aggregate_id = $2 ORDER BY id DESC LIMIT 1',
      ['terminal.upserted', terminal],
    );
    expect(event[0]!.payload.active).toBe(false);

    expect(await setTerminal('activateTerminal', terminal)).toMatchObject({
      errors: [],
      terminal: { active: true },
    });
    expect((await pinLogin(terminal, device.deviceSecret, '5183')).staff).toEqual({ id: cashier });
  });

  it('deactivating a store deactivates its terminals and hides it from stores', async () => {
    const store = await mutate<Errors & { store: { id: string } }>(
      'createStore',
      { name: 'Short-lived' },
      'store { id }',
    );
    const terminal = await newTerminal(store.store.id, 'Its till');
    const off = await mutateAs<Errors & { store: { active: boolean } }>(
      'deactivateStore',
      'DeactivateStoreInput',
      { id: store.store.id },
      'store { active }',
    );
    expect(off).toMatchObject({ errors: [], store: { active: false } });
    const listed = await call<{
      terminals: { id: string; active: boolean }[];
      stores: { edges: { node: { id: string } }[] };
    }>(
      `{ terminals(storeId: "${store.store.id}") { id active } stores(first: 250) { edges { node { id } } } }`,
      {},
    );
    expect(listed.data!.terminals).toEqual([{ id: terminal, active: false }]);
    expect(listed.data!.stores.edges.map((e) => e.node.id)).not.toContain(store.store.id);
    expect(
      codes(
        await mutate<Errors>('createTerminal', { storeId: store.store.id, name: 'More' }, 'terminal { id }'),
      ),
    ).toEqual(['STORE_INACTIVE']);
    expect(codes(await setTerminal('activateTerminal', terminal))).toEqual(['STORE_INACTIVE']);
  });

  it('revoking a device kills its secret and its sessions, once', async () => {
    const terminal = await newTerminal(storeA, 'Lost laptop till');
    const device = await pairDevice(terminal);
    const cashier = (await createStaff({ name: 'Device User', roles: ['cashier'], pin: '7302' })).staff!.id;
    const session = await pinLogin(terminal, device.deviceSecret, '7302');
    expect(session.staff).toEqual({ id: cashier });
    const listed = await call<{
      terminals: { devices: { id: string; revokedAt: string | null; lastUsedAt: string | null }[] }[];
    }>(`{ terminals(storeId: "${storeA}") { id devices { id revokedAt lastUsedAt } } }`, {});
    const devices = listed.data!.terminals.flatMap((t) => t.devices);
    expect(devices.find((d) => d.id === device.deviceId)).toMatchObject({ revokedAt: null });

    const revoke = () =>
      mutate<Errors & { device: { id: string; revokedAt: string | null } | null }>(
        'revokeTerminalDevice',
        { deviceId: device.deviceId },
        'device { id revokedAt }',
      );
    const revoked = await revoke();
    expect(revoked.errors).toEqual([]);
    expect(revoked.device!.revokedAt).toBeTruthy();
    expect(codes(await pinLogin(terminal, device.deviceSecret, '7302'))).toEqual(['INVALID_CREDENTIALS']);
    expect(codes(await refresh(session.refreshToken!))).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(codes(await revoke())).toEqual(['DEVICE_ALREADY_REVOKED']);
    expect(await audit('terminal.device_revoked', terminal)).toMatchObject([
      { data: { deviceId: device.deviceId } },
    ]);
  });
});

describe('event contracts', () => {
  it('every directory event this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(db.admin, [
      'store.upserted',
      'terminal.upserted',
      'staff.upserted',
    ]);
    expect(check.problems).toEqual([]);
  });
});
