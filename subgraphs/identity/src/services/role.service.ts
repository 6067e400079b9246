/**
 * Roles: the four built-in ones (permissions fixed in `permissions.ts`) and the tenant's custom
 * roles, built from named permissions. Staff carry role *names*; their permissions are
 * computed at sign-in and refresh, so a role change reaches a person with their next token.
 *
 * Guard rails against privilege escalation: only an owner grants or removes `owner`; the last
 * owner cannot be removed; and nobody can put into a role a permission they do not hold
 * themselves (otherwise `staff:manage` alone would be a path to everything).
 */
import {
  appendAudit,
  appendEvent,
  type EntityManager,
  isUuid,
  missingPermissions,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  type UserError,
  type ViolationMap,
} from '@jowi/server-kit';
import { StaffEntity, type StaffRow } from '../entities/staff.entity.ts';
import { type IdentityErrorCode, invalidId, userError } from '../errors/index.ts';
import { STAFF_UPSERTED } from './directory-events.ts';
import {
  isBuiltInRole,
  isPermission,
  PERMISSION_DESCRIPTIONS,
  PERMISSIONS,
  type Permission,
  permissionsFor,
  ROLE_PERMISSIONS,
  ROLES,
} from './permissions.ts';

export const STAFF_MANAGE = 'staff:manage';
const MAX_ROLES_PER_STAFF = 32;
const MAX_NAME_LENGTH = 64;

/** The `Role` of the SDL. */
export interface RoleNode {
  id: string;
  name: string;
  permissions: string[];
  builtIn: boolean;
}

interface RoleDbRow {
  id: string;
  name: string;
  permissions: string[];
  builtIn: boolean;
}

/** Rows of an `UPDATE … RETURNING` (TypeORM answers UPDATE/DELETE with `[rows, count]`). */
async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

const ROLE_COLUMNS = 'id, name, permissions, built_in AS "builtIn"';

/** Built-in rows store no permissions (a CHECK enforces it): they always come from code. */
function toNode(row: RoleDbRow): RoleNode {
  const permissions =
    row.builtIn && isBuiltInRole(row.name) ? [...ROLE_PERMISSIONS[row.name]] : row.permissions;
  return { id: row.id, name: row.name, permissions, builtIn: row.builtIn };
}

/**
 * Gives the tenant its built-in role rows (ids, reserved names) the first time roles are used.
 * Idempotent and safe under concurrency (the unique name index absorbs a race).
 */
export async function ensureBuiltInRoles(m: EntityManager, tenantId: string): Promise<void> {
  const present: { name: string }[] = await m.query('SELECT name FROM identity.role WHERE built_in');
  if (present.length >= ROLES.length) return;
  const have = new Set(present.map((r) => r.name));
  for (const name of ROLES.filter((r) => !have.has(r))) {
    await m.query(
      `INSERT INTO identity.role (tenant_id, id, name, built_in) VALUES ($1, $2, $3, true)
       ON CONFLICT DO NOTHING`,
      [tenantId, newId(), name],
    );
  }
}

/**
 * Custom roles among `roles` (name → permissions), read inside the caller's tenant transaction.
 * Feed the result to `permissionsFor`.
 */
export async function loadCustomRoles(
  m: EntityManager,
  roles: readonly string[],
): Promise<Map<string, string[]>> {
  const custom = roles.filter((r) => !isBuiltInRole(r));
  if (custom.length === 0) return new Map();
  const rows: { name: string; permissions: string[] }[] = await m.query(
    'SELECT name, permissions FROM identity.role WHERE NOT built_in AND name = ANY($1::text[])',
    [custom],
  );
  return new Map(rows.map((r) => [r.name, r.permissions]));
}

/**
 * A staff member's permissions: the union of their built-in and custom roles, read inside the
 * caller's tenant transaction (sign-in, refresh, password change).
 */
export async function loadStaffPermissions(
  m: EntityManager,
  roles: readonly string[],
): Promise<Permission[]> {
  return permissionsFor(roles, await loadCustomRoles(m, roles));
}

/** The permission catalogue, in canonical order. */
export function listPermissions(ctx: RequestContext): { name: Permission; description: string }[] {
  requirePermission(ctx, STAFF_MANAGE);
  return PERMISSIONS.map((name) => ({ name, description: PERMISSION_DESCRIPTIONS[name] }));
}

/**
 * Appends `staff.upserted` `{ staffId, permissions, active }` for each of `staff`, permissions
 * flattened from their roles as they are in this transaction (sales judges discounts by them).
 */
export async function announceStaff(
  m: EntityManager,
  tenantId: string,
  staff: readonly { id: string; roles: readonly string[]; active: boolean }[],
): Promise<void> {
  for (const member of staff) {
    await appendEvent(m, {
      tenantId,
      type: STAFF_UPSERTED,
      aggregateId: member.id,
      source: 'identity',
      payload: {
        staffId: member.id,
        permissions: await loadStaffPermissions(m, member.roles),
        active: member.active,
      },
    });
  }
}

/** Announces every staff member holding `role` (after the role's permissions changed). */
async function announceRoleMembers(m: EntityManager, tenantId: string, role: string): Promise<void> {
  const members: { id: string; roles: string[]; active: boolean }[] = await m.query(
    'SELECT id, roles, active FROM identity.staff WHERE $1 = ANY(roles)',
    [role],
  );
  await announceStaff(m, tenantId, members);
}

/** Built-in roles first (in their fixed order), then custom roles by name. */
export async function listRoles(ctx: RequestContext): Promise<RoleNode[]> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  const rows = await ctx.tx(async (m) => {
    await ensureBuiltInRoles(m, tenantId);
    return (await m.query(
      `SELECT ${ROLE_COLUMNS} FROM identity.role ORDER BY lower(name), id`,
    )) as RoleDbRow[];
  });
  const rank = (r: RoleDbRow) => (r.builtIn ? (ROLES as readonly string[]).indexOf(r.name) : ROLES.length);
  return rows.sort((a, b) => rank(a) - rank(b)).map(toNode);
}

interface RolePayload {
  role: RoleNode | null;
  errors: UserError[];
}
const failedRole = (error: UserError): RolePayload => ({ role: null, errors: [error] });

function checkName(name: string): { name: string } | UserError {
  const trimmed = name.trim();
  // Control characters would make names unreadable in lists and logs.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    return userError('INVALID_NAME', `A role name is 1–${MAX_NAME_LENGTH} printable characters`, [
      'input',
      'name',
    ]);
  }
  return { name: trimmed };
}

/** Validates a permission list against the catalogue and against what the caller holds. */
function checkPermissions(ctx: RequestContext, permissions: readonly string[]): Permission[] | UserError {
  if (permissions.length > PERMISSIONS.length * 2) {
    return userError('TOO_MANY_PERMISSIONS', 'Too many permissions', ['input', 'permissions']);
  }
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    return userError('UNKNOWN_PERMISSION', `Unknown permission: ${unknown.slice(0, 5).join(', ')}`, [
      'input',
      'permissions',
    ]);
  }
  const notHeld = missingPermissions(ctx.identity.permissions, permissions);
  if (notHeld.length > 0) {
    return userError(
      'PERMISSION_NOT_HELD',
      `You can only grant permissions you hold yourself: ${notHeld.join(', ')}`,
      ['input', 'permissions'],
    );
  }
  const wanted = new Set(permissions);
  return PERMISSIONS.filter((p) => wanted.has(p));
}

/** Role names are unique per tenant, case-insensitively: a unique index decides races. */
const NAME_TAKEN: ViolationMap = {
  role_name_idx: userError('DUPLICATE_ROLE_NAME', 'A role with this name already exists', ['input', 'name']),
};

/** Creates a custom role. */
export async function createRole(
  ctx: RequestContext,
  input: { name: string; permissions: readonly string[] },
): Promise<RolePayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  const name = checkName(input.name);
  if ('code' in name) return failedRole(name);
  const permissions = checkPermissions(ctx, input.permissions);
  if (!Array.isArray(permissions)) return failedRole(permissions);
  const written = await runWrite(
    ctx,
    async (m) => {
      await ensureBuiltInRoles(m, tenantId);
      const rows: RoleDbRow[] = await m.query(
        `INSERT INTO identity.role (tenant_id, id, name, permissions) VALUES ($1, $2, $3, $4)
         RETURNING ${ROLE_COLUMNS}`,
        [tenantId, newId(), name.name, permissions],
      );
      const role = toNode(rows[0]!);
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'role.created',
        entityType: 'Role',
        entityId: role.id,
        data: { name: role.name, permissions: role.permissions },
        source: 'identity',
      });
      return role;
    },
    NAME_TAKEN,
  );
  return payloadOf('role', written);
}

/** Renames a custom role and/or replaces its permissions. Built-in roles are refused. */
export async function updateRole(
  ctx: RequestContext,
  input: { id: string; name?: string | null; permissions?: readonly string[] | null },
): Promise<RolePayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  if (!isUuid(input.id)) return failedRole(invalidId(['input', 'id']));
  const name = input.name == null ? null : checkName(input.name);
  if (name && 'code' in name) return failedRole(name);
  const permissions = input.permissions == null ? null : checkPermissions(ctx, input.permissions);
  if (permissions && !Array.isArray(permissions)) return failedRole(permissions);
  const written = await runWrite(
    ctx,
    async (m) => {
      const found: RoleDbRow[] = await m.query(
        `SELECT ${ROLE_COLUMNS} FROM identity.role WHERE id = $1 FOR UPDATE`,
        [input.id],
      );
      const before = found[0];
      if (!before) reject(userError('UNKNOWN_ROLE', 'No such role', ['input', 'id']));
      if (before.builtIn)
        reject(userError('BUILT_IN_ROLE', 'Built-in roles cannot be changed', ['input', 'id']));
      const rows = await updateReturning<RoleDbRow>(
        m,
        `UPDATE identity.role SET name = $2, permissions = $3, updated_at = now() WHERE id = $1
         RETURNING ${ROLE_COLUMNS}`,
        [input.id, name?.name ?? before.name, permissions ?? before.permissions],
      );
      const role = toNode(rows[0]!);
      if (role.name !== before.name) {
        // Staff hold role names: follow the rename so nobody silently loses the role.
        await m.query(
          'UPDATE identity.staff SET roles = array_replace(roles, $1, $2) WHERE $1 = ANY(roles)',
          [before.name, role.name],
        );
      }
      if (permissions) await announceRoleMembers(m, tenantId, role.name);
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'role.updated',
        entityType: 'Role',
        entityId: role.id,
        data: {
          before: { name: before.name, permissions: before.permissions },
          after: { name: role.name, permissions: role.permissions },
        },
        source: 'identity',
      });
      return role;
    },
    NAME_TAKEN,
  );
  return payloadOf('role', written);
}

interface AssignPayload {
  staff: StaffRow | null;
  errors: UserError[];
}
const failedAssign = (code: IdentityErrorCode, message: string, field: string): AssignPayload => ({
  staff: null,
  errors: [userError(code, message, ['input', field])],
});

/** Replaces a staff member's roles, with the owner and escalation rules above. */
export async function assignStaffRoles(
  ctx: RequestContext,
  input: { staffId: string; roles: readonly string[] },
): Promise<AssignPayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  if (!isUuid(input.staffId)) return { staff: null, errors: [invalidId(['input', 'staffId'])] };
  if (input.roles.length > MAX_ROLES_PER_STAFF) {
    return failedAssign('TOO_MANY_ROLES', `At most ${MAX_ROLES_PER_STAFF} roles`, 'roles');
  }
  const callerIsOwner = ctx.identity.roles.includes('owner');
  return ctx.tx(async (m) => {
    // One role assignment at a time per tenant: the last-owner check must see a stable set.
    await m.query("SELECT pg_advisory_xact_lock(hashtextextended('roles:' || $1, 0))", [tenantId]);
    await ensureBuiltInRoles(m, tenantId);
    const staffRows: { roles: string[]; active: boolean }[] = await m.query(
      'SELECT roles, active FROM identity.staff WHERE id = $1 FOR UPDATE',
      [input.staffId],
    );
    const current = staffRows[0];
    if (!current) return failedAssign('STAFF_NOT_FOUND', 'No such staff member', 'staffId');

    // Names match case-insensitively and are stored as the role spells itself.
    const known: RoleDbRow[] = await m.query(
      `SELECT ${ROLE_COLUMNS} FROM identity.role WHERE lower(name) = ANY($1::text[])`,
      [input.roles.map((r) => r.trim().toLowerCase())],
    );
    const byLower = new Map(known.map((r) => [r.name.toLowerCase(), r]));
    const unknown = input.roles.filter((r) => !byLower.has(r.trim().toLowerCase()));
    if (unknown.length > 0) {
      return failedAssign('UNKNOWN_ROLE', `Unknown role: ${unknown.slice(0, 5).join(', ')}`, 'roles');
    }
    const next = [...new Set(input.roles.map((r) => byLower.get(r.trim().toLowerCase())!.name))];
    const wasOwner = current.roles.includes('owner');
    const willBeOwner = next.includes('owner');
    if (wasOwner !== willBeOwner && !callerIsOwner) {
      return failedAssign(
        'FORBIDDEN_ROLE_GRANT',
        'Only an owner can grant or remove the owner role',
        'roles',
      );
    }
    const added = next.filter((r) => !current.roles.includes(r));
    const granted = known.filter((r) => added.includes(r.name)).flatMap((r) => toNode(r).permissions);
    const escalates = missingPermissions(ctx.identity.permissions, granted).length > 0;
    if (escalates) {
      return failedAssign(
        'FORBIDDEN_ROLE_GRANT',
        'You can only grant roles whose permissions you hold yourself',
        'roles',
      );
    }
    if (wasOwner && !willBeOwner) {
      const owners: { n: string }[] = await m.query(
        "SELECT count(*) AS n FROM identity.staff WHERE active AND 'owner' = ANY(roles) AND id <> $1",
        [input.staffId],
      );
      if (Number(owners[0]?.n ?? 0) === 0) {
        return failedAssign('LAST_OWNER', 'The tenant must keep at least one active owner', 'roles');
      }
    }
    await m.query('UPDATE identity.staff SET roles = $2 WHERE id = $1', [input.staffId, next]);
    await announceStaff(m, tenantId, [{ id: input.staffId, roles: next, active: current.active }]);
    await appendAudit(m, {
      tenantId,
      actor: ctx.identity.subject,
      action: 'staff.roles_assigned',
      entityType: 'Staff',
      entityId: input.staffId,
      data: { before: current.roles, after: next },
      source: 'identity',
    });
    const staff = await m.getRepository(StaffEntity).findOneByOrFail({ id: input.staffId });
    return { staff, errors: [] };
  });
}
