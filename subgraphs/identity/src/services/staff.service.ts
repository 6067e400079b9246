/**
 * The staff directory as the back office administers it: list with filters, create (with roles,
 * store access, an optional password and PIN), change name and store access, set a PIN, disable
 * and re-enable. Every change writes its audit entry and, where permissions or `active` may have
 * changed, `staff.upserted` in the same transaction.
 *
 * Disabling takes effect in three places: refresh tokens are revoked in the same transaction (and
 * a refresh of a disabled person is refused anyway); PIN sign-ins read `active` each time; access
 * tokens already issued are refused by the gateway once its verdict for the token expires (at
 * most 60 s), because the gateway asks `POST /internal/staff/status` on every fresh verdict.
 * Sales learns `active: false` from `staff.upserted` and returns it to each POS in
 * `syncSales.disabledStaffIds`, so a till forgets the person's cached PIN verifier.
 */
import {
  appendAudit,
  badUserInput,
  type Connection,
  decodeCursor,
  type EntityManager,
  isUuid,
  missingPermissions,
  newId,
  pageSize,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  toConnection,
  type UserError,
  type ViolationMap,
} from '@jowi/server-kit';
import { z } from 'zod';
import type { StaffRow } from '../entities/staff.entity.ts';
import { type IdentityUserError, invalidId, userError } from '../errors/index.ts';
import { hashSecret, verifySecret } from './password.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { isBuiltInRole, ROLE_PERMISSIONS } from './permissions.ts';
import { checkPinPolicy } from './pin-policy.ts';
import { announceStaff, ensureBuiltInRoles, STAFF_MANAGE } from './role.service.ts';

const MAX_ROLES = 32;
const MAX_STORES = 200;

export interface StaffPayload {
  staff: StaffRow | null;
  errors: UserError[];
}
const failedStaff = (...errors: UserError[]): StaffPayload => ({ staff: null, errors });

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const nameSchema = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && s.length <= 100 && !CONTROL.test(s));
const emailSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s));
const storeIdsSchema = z.array(z.string().refine(isUuid)).max(MAX_STORES);

/** The first zod issue of `result` as the user error its field documents. */
function issueError(
  error: z.ZodError,
  codes: Record<string, { code: IdentityUserError['code']; message: string }>,
): UserError {
  const path = error.issues[0]?.path.map(String) ?? [];
  const key = path[0] ?? '';
  const known = codes[key];
  if (known) return userError(known.code, known.message, ['input', ...path.slice(0, 1)]);
  return userError('INVALID_ID', 'Invalid input', ['input', ...path]);
}

const FIELD_CODES = {
  name: { code: 'INVALID_NAME', message: 'A name is 1–100 printable characters' },
  email: { code: 'INVALID_EMAIL', message: 'Not an email address' },
  storeIds: { code: 'INVALID_ID', message: `storeIds are UUIDs, at most ${MAX_STORES}` },
  id: { code: 'INVALID_ID', message: 'id must be a UUID' },
  staffId: { code: 'INVALID_ID', message: 'staffId must be a UUID' },
} as const;

const createSchema = z.object({
  name: nameSchema,
  email: emailSchema.nullish(),
  password: z.string().nullish(),
  roles: z.array(z.string()),
  storeIds: storeIdsSchema.nullish(),
  pin: z.string().nullish(),
});
const updateSchema = z.object({
  id: z.string().refine(isUuid),
  name: nameSchema.nullish(),
  storeIds: storeIdsSchema.nullish(),
});

const STAFF_COLUMNS = `tenant_id AS "tenantId", id, email, name, roles, password_hash AS "passwordHash",
  pin_hash AS "pinHash", active, store_ids AS "storeIds", disabled_at AS "disabledAt", created_at AS "createdAt"`;

/** A unique email per tenant, and globally in the login directory. */
const EMAIL_TAKEN: ViolationMap = {
  login_directory_pkey: userError('DUPLICATE_EMAIL', 'Someone already signs in with this email', [
    'input',
    'email',
  ]),
  staff_tenant_id_email_key: userError('DUPLICATE_EMAIL', 'Someone already signs in with this email', [
    'input',
    'email',
  ]),
};

/** Filters of `staffMembers`. */
export interface StaffFilterInput {
  role?: string | null;
  storeId?: string | null;
  active?: boolean | null;
  search?: string | null;
}

/** The tenant's staff by (lower(name), id), keyset-paginated. */
export async function listStaff(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: StaffFilterInput | null },
): Promise<Connection<StaffRow>> {
  requirePermission(ctx, STAFF_MANAGE);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, 2);
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string' || !isUuid(after[1]))) {
    throw badUserInput('Invalid cursor', 'after');
  }
  const filter = args.filter ?? {};
  if (filter.storeId && !isUuid(filter.storeId)) throw badUserInput('storeId must be a UUID', 'filter');
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.role) {
    where.push(`EXISTS (SELECT 1 FROM unnest(roles) r WHERE lower(r) = lower(${param(filter.role.trim())}))`);
  }
  if (filter.storeId)
    where.push(`(cardinality(store_ids) = 0 OR ${param(filter.storeId)}::uuid = ANY(store_ids))`);
  if (filter.active != null) where.push(`active = ${param(filter.active)}`);
  if (filter.search?.trim()) {
    const like = `%${filter.search
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const p = param(like);
    where.push(`(lower(name) LIKE ${p} OR coalesce(email, '') LIKE ${p})`);
  }
  if (after) where.push(`(lower(name), id) > (${param(after[0])}, ${param(after[1])}::uuid)`);
  const rows: StaffRow[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${STAFF_COLUMNS} FROM identity.staff ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY lower(name), id LIMIT ${limit + 1}`,
      params,
    ),
  );
  return toConnection(rows, limit, (s) => [s.name.toLowerCase(), s.id]);
}

/**
 * Resolves role names for a grant to someone who holds none of them yet: the names as the roles
 * spell themselves, or why the caller may not grant them (the rules of `assignStaffRoles`).
 */
async function resolveGrant(
  m: EntityManager,
  ctx: RequestContext,
  tenantId: string,
  roles: readonly string[],
): Promise<string[] | UserError> {
  const field = ['input', 'roles'];
  if (roles.length > MAX_ROLES) return userError('TOO_MANY_ROLES', `At most ${MAX_ROLES} roles`, field);
  await ensureBuiltInRoles(m, tenantId);
  const known: { name: string; permissions: string[]; builtIn: boolean }[] = await m.query(
    'SELECT name, permissions, built_in AS "builtIn" FROM identity.role WHERE lower(name) = ANY($1::text[])',
    [roles.map((r) => r.trim().toLowerCase())],
  );
  const byLower = new Map(known.map((r) => [r.name.toLowerCase(), r]));
  const unknown = roles.filter((r) => !byLower.has(r.trim().toLowerCase()));
  if (unknown.length > 0)
    return userError('UNKNOWN_ROLE', `Unknown role: ${unknown.slice(0, 5).join(', ')}`, field);
  const names = [...new Set(roles.map((r) => byLower.get(r.trim().toLowerCase())!.name))];
  if (names.includes('owner') && !ctx.identity.roles.includes('owner')) {
    return userError('FORBIDDEN_ROLE_GRANT', 'Only an owner can grant the owner role', field);
  }
  const granted = known.flatMap((r) =>
    r.builtIn && isBuiltInRole(r.name) ? [...ROLE_PERMISSIONS[r.name]] : r.permissions,
  );
  if (missingPermissions(ctx.identity.permissions, granted).length > 0) {
    return userError(
      'FORBIDDEN_ROLE_GRANT',
      'You can only grant roles whose permissions you hold yourself',
      field,
    );
  }
  return names;
}

/** Unknown store ids among `storeIds` (read under the tenant's RLS). */
async function unknownStores(m: EntityManager, storeIds: readonly string[]): Promise<string[]> {
  if (storeIds.length === 0) return [];
  const rows: { id: string }[] = await m.query('SELECT id FROM identity.store WHERE id = ANY($1::uuid[])', [
    storeIds,
  ]);
  const found = new Set(rows.map((r) => r.id));
  return storeIds.filter((id) => !found.has(id.toLowerCase()));
}

/**
 * Whether another active staff member already has `pin`: a PIN sign-in picks the person by PIN
 * alone, so two people with one PIN would be indistinguishable. One argon2 check per PIN holder,
 * run outside any transaction.
 */
async function pinTaken(ctx: RequestContext, pin: string, except: string | null): Promise<boolean> {
  const holders: { pinHash: string }[] = await ctx.tx((m) =>
    m.query(
      `SELECT pin_hash AS "pinHash" FROM identity.staff
        WHERE active AND pin_hash IS NOT NULL AND ($1::uuid IS NULL OR id <> $1::uuid)`,
      [except],
    ),
  );
  const matches = await Promise.all(holders.map((h) => verifySecret(h.pinHash, pin)));
  return matches.some(Boolean);
}

async function readStaff(m: EntityManager, id: string, lock = false): Promise<StaffRow | undefined> {
  const rows: StaffRow[] = await m.query(
    `SELECT ${STAFF_COLUMNS} FROM identity.staff WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** Creates a staff member; a back-office login needs both `email` and `password`. */
export async function createStaff(
  ctx: RequestContext,
  raw: {
    name: string;
    email?: string | null;
    password?: string | null;
    roles: readonly string[];
    storeIds?: readonly string[] | null;
    pin?: string | null;
  },
): Promise<StaffPayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  const parsed = createSchema.safeParse(raw);
  if (!parsed.success) return failedStaff(issueError(parsed.error, FIELD_CODES));
  const input = parsed.data;
  const email = input.email || null;
  if (input.password != null) {
    const policy = checkPasswordPolicy(input.password, email, ['input', 'password']);
    if (policy.length > 0) return failedStaff(policy[0]!);
  }
  if (input.pin != null) {
    const weak = checkPinPolicy(input.pin, ['input', 'pin']);
    if (weak) return failedStaff(weak);
    if (await pinTaken(ctx, input.pin, null)) {
      return failedStaff(userError('PIN_TAKEN', 'Another active person has this PIN', ['input', 'pin']));
    }
  }
  // argon2 runs before the transaction so no pooled connection waits on it.
  const passwordHash = email && input.password ? await hashSecret(input.password) : null;
  const pinHash = input.pin ? await hashSecret(input.pin) : null;
  const storeIds = [...new Set((input.storeIds ?? []).map((id) => id.toLowerCase()))];
  const written = await runWrite(
    ctx,
    async (m) => {
      const roles = await resolveGrant(m, ctx, tenantId, input.roles);
      if (!Array.isArray(roles)) reject(roles);
      const missing = await unknownStores(m, storeIds);
      if (missing.length > 0) {
        reject(
          userError('UNKNOWN_STORE', `Unknown store: ${missing.slice(0, 3).join(', ')}`, [
            'input',
            'storeIds',
          ]),
        );
      }
      const id = newId();
      await m.query(
        `INSERT INTO identity.staff (tenant_id, id, email, name, roles, password_hash, pin_hash, store_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tenantId, id, email, input.name, roles, passwordHash, pinHash, storeIds],
      );
      if (email) {
        await m.query(
          'INSERT INTO identity.login_directory (email, tenant_id, staff_id) VALUES ($1, $2, $3)',
          [email, tenantId, id],
        );
      }
      await announceStaff(m, tenantId, [{ id, roles, active: true }]);
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'staff.created',
        entityType: 'Staff',
        entityId: id,
        data: {
          name: input.name,
          email,
          roles,
          storeIds,
          password: passwordHash !== null,
          pin: pinHash !== null,
        },
        source: 'identity',
      });
      return (await readStaff(m, id))!;
    },
    EMAIL_TAKEN,
  );
  return payloadOf('staff', written);
}

/** Changes a staff member's name and/or store access. */
export async function updateStaff(
  ctx: RequestContext,
  raw: { id: string; name?: string | null; storeIds?: readonly string[] | null },
): Promise<StaffPayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  const parsed = updateSchema.safeParse(raw);
  if (!parsed.success) return failedStaff(issueError(parsed.error, FIELD_CODES));
  const input = parsed.data;
  const storeIds = input.storeIds ? [...new Set(input.storeIds.map((id) => id.toLowerCase()))] : null;
  const written = await runWrite(ctx, async (m) => {
    const before = await readStaff(m, input.id, true);
    if (!before) reject(userError('STAFF_NOT_FOUND', 'No such staff member', ['input', 'id']));
    if (storeIds) {
      const missing = await unknownStores(m, storeIds);
      if (missing.length > 0) reject(userError('UNKNOWN_STORE', 'Unknown store', ['input', 'storeIds']));
    }
    const name = input.name ?? before.name;
    await m.query('UPDATE identity.staff SET name = $2, store_ids = $3 WHERE id = $1', [
      input.id,
      name,
      storeIds ?? before.storeIds,
    ]);
    await appendAudit(m, {
      tenantId,
      actor: ctx.identity.subject,
      action: 'staff.updated',
      entityType: 'Staff',
      entityId: input.id,
      data: {
        before: { name: before.name, storeIds: before.storeIds },
        after: { name, storeIds: storeIds ?? before.storeIds },
      },
      source: 'identity',
    });
    return (await readStaff(m, input.id))!;
  });
  return payloadOf('staff', written);
}

/** Sets or resets a staff member's PIN (policy-checked, unique among active people). */
export async function setStaffPin(
  ctx: RequestContext,
  input: { staffId: string; pin: string },
): Promise<StaffPayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  if (!isUuid(input.staffId)) return failedStaff(invalidId(['input', 'staffId']));
  const weak = checkPinPolicy(input.pin, ['input', 'pin']);
  if (weak) return failedStaff(weak);
  if (await pinTaken(ctx, input.pin, input.staffId)) {
    return failedStaff(userError('PIN_TAKEN', 'Another active person has this PIN', ['input', 'pin']));
  }
  const pinHash = await hashSecret(input.pin);
  const written = await runWrite(ctx, async (m) => {
    const before = await readStaff(m, input.staffId, true);
    if (!before) reject(userError('STAFF_NOT_FOUND', 'No such staff member', ['input', 'staffId']));
    await m.query('UPDATE identity.staff SET pin_hash = $2 WHERE id = $1', [input.staffId, pinHash]);
    await appendAudit(m, {
      tenantId,
      actor: ctx.identity.subject,
      action: before.pinHash ? 'staff.pin_reset' : 'staff.pin_set',
      entityType: 'Staff',
      entityId: input.staffId,
      data: {},
      source: 'identity',
    });
    return (await readStaff(m, input.staffId))!;
  });
  return payloadOf('staff', written);
}

/** Disables (`active: false`) or re-enables a staff member. */
export async function setStaffActive(
  ctx: RequestContext,
  input: { staffId: string },
  active: boolean,
): Promise<StaffPayload> {
  const tenantId = requirePermission(ctx, STAFF_MANAGE);
  if (!isUuid(input.staffId)) return failedStaff(invalidId(['input', 'staffId']));
  if (!active && input.staffId === ctx.identity.subject) {
    return failedStaff(userError('CANNOT_DISABLE_SELF', 'You cannot disable yourself', ['input', 'staffId']));
  }
  const written = await runWrite(ctx, async (m) => {
    // The last-owner check must see a stable set of owners (the lock assignStaffRoles takes).
    await m.query("SELECT pg_advisory_xact_lock(hashtextextended('roles:' || $1, 0))", [tenantId]);
    const before = await readStaff(m, input.staffId, true);
    if (!before) reject(userError('STAFF_NOT_FOUND', 'No such staff member', ['input', 'staffId']));
    if (before.active === active) return before;
    if (!active && before.roles.includes('owner')) {
      if (!ctx.identity.roles.includes('owner')) {
        reject(userError('FORBIDDEN_ROLE_GRANT', 'Only an owner can disable an owner', ['input', 'staffId']));
      }
      const owners: { n: number }[] = await m.query(
        "SELECT count(*)::int AS n FROM identity.staff WHERE active AND 'owner' = ANY(roles) AND id <> $1",
        [input.staffId],
      );
      if ((owners[0]?.n ?? 0) === 0) {
        reject(
          userError('LAST_OWNER', 'The tenant must keep at least one active owner', ['input', 'staffId']),
        );
      }
    }
    await m.query(
      `UPDATE identity.staff SET active = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE now() END WHERE id = $1`,
      [input.staffId, active],
    );
    let revokedSessions = 0;
    if (!active) {
      const rows: { n: number }[] = await m.query(
        `WITH revoked AS (
           UPDATE identity.refresh_token SET revoked_at = now()
            WHERE staff_id = $1 AND revoked_at IS NULL RETURNING family_id)
         SELECT count(DISTINCT family_id)::int AS n FROM revoked`,
        [input.staffId],
      );
      revokedSessions = rows[0]?.n ?? 0;
    }
    await announceStaff(m, tenantId, [{ id: before.id, roles: before.roles, active }]);
    await appendAudit(m, {
      tenantId,
      actor: ctx.identity.subject,
      action: active ? 'staff.enabled' : 'staff.disabled',
      entityType: 'Staff',
      entityId: input.staffId,
      data: active ? {} : { revokedSessions },
      source: 'identity',
    });
    return (await readStaff(m, input.staffId))!;
  });
  return payloadOf('staff', written);
}

/** Whether a staff member is active (the gateway's check on each fresh access-token verdict). */
export async function isStaffActive(m: EntityManager, staffId: string): Promise<boolean> {
  const rows: { active: boolean }[] = await m.query('SELECT active FROM identity.staff WHERE id = $1', [
    staffId,
  ]);
  return rows[0]?.active === true;
}
