/**
 * Custom roles through the identity subgraph: the catalogue, validation, built-in and
 * last-owner protection, escalation guards, and — the point of it all — that a custom role
 * grants exactly its permissions in the access token issued at sign-in and refresh.
 */
import { DEMO_PASSWORD, DEMO_TENANTS } from '@jowi/demo-data';
import { generateSigningKeys, type Identity, type RunningService } from '@jowi/server-kit';
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
import {
  applyDemoData,
  entities,
  migrations,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  startIdentity,
} from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
const manager = DEMO.staff.find((s) => s.roles.includes('manager'))!;
const cashier = DEMO.staff.find((s) => s.roles.includes('cashier'))!;

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  const signing = await generateSigningKeys('identity-role-spec');
  await applyDemoData(await db.dataSource('identity', entities), DEMO_TENANTS);
  service = await startIdentity(
    testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown> }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

/** Who calls: the demo owner with every permission, unless told otherwise. */
const ownerOf = (tenantId: string, staffId = owner.id): Identity => ({
  kind: 'staff',
  tenantId,
  subject: staffId,
  roles: ['owner'],
  permissions: [...PERMISSIONS],
});

async function call<T>(query: string, variables: Record<string, unknown>, identity: Identity) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  return res.body;
}
async function ok<T>(query: string, variables: Record<string, unknown>, identity: Identity): Promise<T> {
  const body = await call<T>(query, variables, identity);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

interface RoleResult {
  role: { id: string; name: string; permissions: string[]; builtIn: boolean } | null;
  errors: { code: string; field: string[] | null }[];
}
const CREATE = `mutation($input: CreateRoleInput!) { createRole(input: $input) {
  role { id name permissions builtIn } errors { code field } } }`;
const UPDATE = `mutation($input: UpdateRoleInput!) { updateRole(input: $input) {
  role { id name permissions builtIn } errors { code field } } }`;
const ASSIGN = `mutation($input: AssignStaffRolesInput!) { assignStaffRoles(input: $input) {
  staff { id roles } errors { code field } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken errors { code } } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken errors { code } } }`;

const createRole = async (name: string, permissions: string[], identity = ownerOf(DEMO.id)) =>
  (await ok<{ createRole: RoleResult }>(CREATE, { input: { name, permissions } }, identity)).createRole;
const assign = async (staffId: string, roles: string[], identity = ownerOf(DEMO.id)) =>
  (
    await ok<{
      assignStaffRoles: { staff: { id: string; roles: string[] } | null; errors: { code: string }[] };
    }>(ASSIGN, { input: { staffId, roles } }, identity)
  ).assignStaffRoles;

/** The claims of an access token (its signature is identity.spec's business). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    roles: string[];
    perms: string[];
  };

async function signIn(email: string) {
  const data = await ok<{
    login: { accessToken: string | null; refreshToken: string | null; errors: unknown[] };
  }>(
    LOGIN,
    { input: { email, password: DEMO_PASSWORD } },
    { kind: 'anonymous', tenantId: null, subject: null, roles: [], permissions: [] },
  );
  expect(data.login.errors).toEqual([]);
  return { access: claimsOf(data.login.accessToken!), refreshToken: data.login.refreshToken! };
}

describe('roles', () => {
  it('lists the permission catalogue and the built-in roles with their fixed permissions', async () => {
    const data = await ok<{
      permissions: { name: string; description: string }[];
      roles: { name: string; permissions: string[]; builtIn: boolean }[];
    }>('{ permissions { name description } roles { name permissions builtIn } }', {}, ownerOf(DEMO.id));
    expect(data.permissions.map((p) => p.name)).toEqual([...PERMISSIONS]);
    for (const p of data.permissions) expect(p.description.length).toBeGreaterThan(5);
    expect(data.roles.slice(0, 4)).toEqual(
      (['owner', 'manager', 'accountant', 'cashier'] as const).map((name) => ({
        name,
        permissions: [...ROLE_PERMISSIONS[name]],
        builtIn: true,
      })),
    );
  });

  it('needs staff:manage', async () => {
    const body = await call(
      '{ roles { name } }',
      {},
      { ...ownerOf(DEMO.id, manager.id), roles: ['manager'], permissions: [...ROLE_PERMISSIONS.manager] },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses unknown permissions, duplicate names, bad names and permissions the caller lacks', async () => {
    expect((await createRole('x', ['catalog:read', 'catalog:fly'])).errors.map((e) => e.code)).toEqual([
      'UNKNOWN_PERMISSION',
    ]);
    expect((await createRole('Owner', ['catalog:read'])).errors.map((e) => e.code)).toEqual([
      'DUPLICATE_ROLE_NAME',
    ]);
    expect((await createRole('   ', ['catalog:read'])).errors.map((e) => e.code)).toEqual(['INVALID_NAME']);
    const delegate: Identity = {
      ...ownerOf(DEMO.id, manager.id),
      roles: ['hr'],
      permissions: ['staff:manage', 'catalog:read'],
    };
    expect((await createRole('power', ['apikeys:manage'], delegate)).errors.map((e) => e.code)).toEqual([
      'PERMISSION_NOT_HELD',
    ]);
  });

  it('grants exactly the custom role permissions at sign-in and refresh, and follows updates', async () => {
    const created = await createRole('Stock clerk', ['inventory:write', 'catalog:read', 'inventory:read']);
    expect(created.errors).toEqual([]);
    expect(created.role).toMatchObject({
      name: 'Stock clerk',
      permissions: ['catalog:read', 'inventory:read', 'inventory:write'],
      builtIn: false,
    });
    expect((await assign(manager.id, ['stock clerk'])).staff?.roles).toEqual(['Stock clerk']);

    const session = await signIn(manager.email!);
    expect(session.access.roles).toEqual(['Stock clerk']);
    expect(session.access.perms).toEqual(['catalog:read', 'inventory:read', 'inventory:write']);

    const updated = (
      await ok<{ updateRole: RoleResult }>(
        UPDATE,
        { input: { id: created.role!.id, name: 'Storekeeper', permissions: ['inventory:read'] } },
        ownerOf(DEMO.id),
      )
    ).updateRole;
    expect(updated.errors).toEqual([]);
    const refreshed = await ok<{ refreshSession: { accessToken: string; errors: unknown[] } }>(
      REFRESH,
      { input: { refreshToken: session.refreshToken } },
      { kind: 'anonymous', tenantId: null, subject: null, roles: [], permissions: [] },
    );
    expect(refreshed.refreshSession.errors).toEqual([]);
    // The rename followed the staff member; the new permission set applies from this token on.
    expect(claimsOf(refreshed.refreshSession.accessToken)).toMatchObject({
      roles: ['Storekeeper'],
      perms: ['inventory:read'],
    });

    // Union with a built-in role.
    await assign(manager.id, ['Storekeeper', 'cashier']);
    const both = await signIn(manager.email!);
    expect(both.access.perms).toEqual(
      PERMISSIONS.filter((p) => ROLE_PERMISSIONS.cashier.includes(p) || p === 'inventory:read'),
    );
    // Sales learns the new permissions from staff.upserted (it judges discounts by them).
    const [announced] = await db.admin<{ payload: { permissions: string[]; active: boolean } }>(
      `SELECT payload FROM events.event WHERE type = 'staff.upserted' AND aggregate_id = $1 ORDER BY id DESC LIMIT 1`,
      [manager.id],
    );
    expect(announced!.payload).toEqual({ staffId: manager.id, permissions: both.access.perms, active: true });
    await assign(manager.id, ['manager']);

    const audit = await db.admin<{ action: string; entity_id: string }>(
      "SELECT action, entity_id FROM audit.entry WHERE tenant_id = $1 AND source = 'identity' ORDER BY seq",
      [DEMO.id],
    );
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('role.created');
    expect(actions).toContain('role.updated');
    expect(
      audit.filter((a) => a.action === 'staff.roles_assigned' && a.entity_id === manager.id).length,
    ).toBe(3);
  });

  it('never changes a built-in role', async () => {
    const { roles } = await ok<{ roles: { id: string; name: string }[] }>(
      '{ roles { id name } }',
      {},
      ownerOf(DEMO.id),
    );
    const cashierRole = roles.find((r) => r.name === 'cashier')!;
    const res = (
      await ok<{ updateRole: RoleResult }>(
        UPDATE,
        { input: { id: cashierRole.id, permissions: ['catalog:read', 'catalog:write'] } },
        ownerOf(DEMO.id),
      )
    ).updateRole;
    expect(res.errors.map((e) => e.code)).toEqual(['BUILT_IN_ROLE']);
    // A role that does not exist has one code, addressed by id or named in an assignment.
    const update = async (id: string) =>
      (await ok<{ updateRole: RoleResult }>(UPDATE, { input: { id, name: 'X' } }, ownerOf(DEMO.id)))
        .updateRole;
    expect((await update('0190a000-0000-7000-8000-000000000999')).errors.map((e) => e.code)).toEqual([
      'UNKNOWN_ROLE',
    ]);
    expect((await update('role-1')).errors.map((e) => e.code)).toEqual(['INVALID_ID']);
    expect((await signIn(cashier.email!)).access.perms).toEqual(
      [...ROLE_PERMISSIONS.cashier].sort((a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b)),
    );
  });

  it('lets only an owner grant or remove owner, and never removes the last owner', async () => {
    const hr: Identity = {
      ...ownerOf(DEMO.id, manager.id),
      roles: ['hr'],
      permissions: [...ROLE_PERMISSIONS.manager, 'staff:manage'],
    };
    expect((await assign(manager.id, ['owner'], hr)).errors.map((e) => e.code)).toEqual([
      'FORBIDDEN_ROLE_GRANT',
    ]);
    expect((await assign(owner.id, ['manager'], hr)).errors.map((e) => e.code)).toEqual([
      'FORBIDDEN_ROLE_GRANT',
    ]);
    // A delegate cannot hand out a role carrying permissions they do not hold.
    expect((await assign(cashier.id, ['manager'], { ...hr, permissions: ['staff:manage'] })).errors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN_ROLE_GRANT' }),
    ]);

    expect((await assign(owner.id, ['manager'])).errors.map((e) => e.code)).toEqual(['LAST_OWNER']);
    expect((await assign(owner.id, ['wizard'])).errors.map((e) => e.code)).toEqual(['UNKNOWN_ROLE']);
    expect(
      (await assign('0190a000-0000-7000-8000-000000000999', ['cashier'])).errors.map((e) => e.code),
    ).toEqual(['STAFF_NOT_FOUND']);
    expect((await assign('staff-1', ['cashier'])).errors.map((e) => e.code)).toEqual(['INVALID_ID']);

    // With a second owner, the first may step down.
    expect((await assign(manager.id, ['owner'])).errors).toEqual([]);
    expect((await assign(owner.id, ['manager'])).errors).toEqual([]);
    expect(
      (await assign(manager.id, ['manager'], ownerOf(DEMO.id, manager.id))).errors.map((e) => e.code),
    ).toEqual(['LAST_OWNER']);
    expect((await assign(owner.id, ['owner'], ownerOf(DEMO.id, manager.id))).errors).toEqual([]);
    expect((await assign(manager.id, ['manager'])).errors).toEqual([]);
  });

  it("keeps each tenant's custom roles to itself", async () => {
    await createRole('Demo only', ['catalog:read']);
    const other = await ok<{ roles: { name: string }[] }>('{ roles { name } }', {}, ownerOf(DEMO2.id));
    expect(other.roles.map((r) => r.name)).toEqual(['owner', 'manager', 'accountant', 'cashier']);
    // And a demo2 owner cannot give demo's role to demo2 staff.
    const demo2Cashier = DEMO2.staff.find((s) => s.roles.includes('cashier'))!;
    expect(
      (await assign(demo2Cashier.id, ['Demo only'], ownerOf(DEMO2.id))).errors.map((e) => e.code),
    ).toEqual(['UNKNOWN_ROLE']);
  });
});
