/**
 * Stores, terminals and paired devices as the back office administers them (`terminals:manage`).
 *
 * Nothing is deleted: sales, shifts and fiscal receipts keep pointing at stores and terminals, so
 * they are deactivated instead. A deactivated terminal refuses PIN sign-ins here and `syncSales`
 * in sales (which learns it from `terminal.upserted { active: false }`, appended in the same
 * transaction), and its live sessions are revoked. Deactivating a store deactivates its
 * terminals. Revoking a device makes its secret stop working at once (PIN sign-in checks
 * `revoked_at`) and ends the sessions opened on its terminal.
 */
import {
  appendAudit,
  type EntityManager,
  isUuid,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  type UserError,
} from '@jowi/server-kit';
import { z } from 'zod';
import type { StoreRow } from '../entities/store.entity.ts';
import type { TerminalRow } from '../entities/terminal.entity.ts';
import { invalidId, userError } from '../errors/index.ts';
import { announceStore, announceTerminal } from './directory-events.ts';

export const TERMINALS_MANAGE = 'terminals:manage';
const DEFAULT_TIME_ZONE = 'Asia/Tashkent';

/** The `TerminalDevice` of the SDL. */
export interface TerminalDeviceNode {
  id: string;
  terminalId: string;
  name: string;
  pairedAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const STORE_COLUMNS = `tenant_id AS "tenantId", id, name, address, tax_id AS "taxId", time_zone AS "timeZone",
  currency, active, created_at AS "createdAt"`;
const TERMINAL_COLUMNS = `tenant_id AS "tenantId", id, store_id AS "storeId", name, active, created_at AS "createdAt"`;
const DEVICE_COLUMNS = `id, terminal_id AS "terminalId", name, created_at AS "pairedAt", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt"`;

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const name = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && s.length <= 100 && !CONTROL.test(s), { params: { code: 'INVALID_NAME' } });
/** `''` clears; omitted keeps (update) or means none (create). */
const address = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length <= 300, { params: { code: 'INVALID_ADDRESS' } });
const taxId = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s === '' || /^[0-9]{9}$/.test(s), { params: { code: 'INVALID_TAX_ID' } });
const timeZone = z.string().refine(isTimeZone, { params: { code: 'INVALID_TIME_ZONE' } });
const uuid = z.string().refine(isUuid, { params: { code: 'INVALID_ID' } });

const storeFields = { address: address.nullish(), taxId: taxId.nullish(), timeZone: timeZone.nullish() };
const createStoreSchema = z.object({ name, ...storeFields });
const updateStoreSchema = z.object({ id: uuid, name: name.nullish(), ...storeFields });

const MESSAGES: Record<string, string> = {
  INVALID_NAME: 'A name is 1–100 printable characters',
  INVALID_ADDRESS: 'An address is at most 300 characters',
  INVALID_TAX_ID: 'A taxpayer id (STIR/INN) is 9 digits',
  INVALID_TIME_ZONE: 'Not an IANA time zone, e.g. Asia/Tashkent',
  INVALID_ID: 'Must be a UUID',
};

/** The first issue of a failed parse as a documented user error. */
function issueError(error: z.ZodError): UserError {
  const issue = error.issues[0];
  const code =
    (issue && 'params' in issue ? (issue.params as { code?: string })?.code : undefined) ?? 'INVALID_ID';
  const typed = code as
    | 'INVALID_NAME'
    | 'INVALID_ADDRESS'
    | 'INVALID_TAX_ID'
    | 'INVALID_TIME_ZONE'
    | 'INVALID_ID';
  return userError(typed, MESSAGES[typed] ?? 'Invalid input', ['input', ...(issue?.path.map(String) ?? [])]);
}

async function readStore(m: EntityManager, id: string, lock = false): Promise<StoreRow | undefined> {
  const rows: StoreRow[] = await m.query(
    `SELECT ${STORE_COLUMNS} FROM identity.store WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

async function readTerminal(m: EntityManager, id: string, lock = false): Promise<TerminalRow | undefined> {
  const rows: TerminalRow[] = await m.query(
    `SELECT ${TERMINAL_COLUMNS} FROM identity.terminal WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

const unknownStore = (field: string[]) => userError('UNKNOWN_STORE', 'No such store', field);
const unknownTerminal = (field: string[]) => userError('UNKNOWN_TERMINAL', 'No such terminal', field);

async function audit(
  m: EntityManager,
  ctx: RequestContext,
  tenantId: string,
  entry: { action: string; entityType: string; entityId: string; data: Record<string, unknown> },
): Promise<void> {
  await appendAudit(m, { tenantId, actor: ctx.identity.subject, source: 'identity', ...entry });
}

const storeFacts = (s: StoreRow) => ({
  name: s.name,
  address: s.address,
  taxId: s.taxId,
  timeZone: s.timeZone,
  active: s.active,
});

/** Creates a store (announced to sales with `store.upserted`). */
export async function createStore(
  ctx: RequestContext,
  raw: { name: string; address?: string | null; taxId?: string | null; timeZone?: string | null },
): Promise<{ store: StoreRow | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const parsed = createStoreSchema.safeParse(raw);
  if (!parsed.success) return { store: null, errors: [issueError(parsed.error)] };
  const input = parsed.data;
  const written = await runWrite(ctx, async (m) => {
    const id = newId();
    await m.query(
      `INSERT INTO identity.store (tenant_id, id, name, address, tax_id, time_zone) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        tenantId,
        id,
        input.name,
        input.address || null,
        input.taxId || null,
        input.timeZone ?? DEFAULT_TIME_ZONE,
      ],
    );
    const store = (await readStore(m, id))!;
    await announceStore(m, tenantId, store);
    await audit(m, ctx, tenantId, {
      action: 'store.created',
      entityType: 'Store',
      entityId: id,
      data: storeFacts(store),
    });
    return store;
  });
  return payloadOf('store', written);
}

/** Changes a store's name, address, tax id or time zone. */
export async function updateStore(
  ctx: RequestContext,
  raw: {
    id: string;
    name?: string | null;
    address?: string | null;
    taxId?: string | null;
    timeZone?: string | null;
  },
): Promise<{ store: StoreRow | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const parsed = updateStoreSchema.safeParse(raw);
  if (!parsed.success) return { store: null, errors: [issueError(parsed.error)] };
  const input = parsed.data;
  const written = await runWrite(ctx, async (m) => {
    const before = await readStore(m, input.id, true);
    if (!before) reject(unknownStore(['input', 'id']));
    await m.query(
      `UPDATE identity.store SET name = $2, address = $3, tax_id = $4, time_zone = $5, updated_at = now() WHERE id = $1`,
      [
        input.id,
        input.name ?? before.name,
        input.address == null ? before.address : input.address || null,
        input.taxId == null ? before.taxId : input.taxId || null,
        input.timeZone ?? before.timeZone,
      ],
    );
    const store = (await readStore(m, input.id))!;
    await announceStore(m, tenantId, store);
    await audit(m, ctx, tenantId, {
      action: 'store.updated',
      entityType: 'Store',
      entityId: store.id,
      data: { before: storeFacts(before), after: storeFacts(store) },
    });
    return store;
  });
  return payloadOf('store', written);
}

/** Revokes the live sessions opened on `terminalIds`; returns how many families ended. */
async function revokeTerminalSessions(m: EntityManager, terminalIds: readonly string[]): Promise<number> {
  if (terminalIds.length === 0) return 0;
  const rows: { n: number }[] = await m.query(
    `WITH revoked AS (
       UPDATE identity.refresh_token SET revoked_at = now()
        WHERE terminal_id = ANY($1::uuid[]) AND revoked_at IS NULL RETURNING family_id)
     SELECT count(DISTINCT family_id)::int AS n FROM revoked`,
    [terminalIds],
  );
  return rows[0]?.n ?? 0;
}

/** Deactivates terminals (announcing each) and ends their sessions. */
async function deactivateTerminals(m: EntityManager, tenantId: string, terminals: readonly TerminalRow[]) {
  const live = terminals.filter((t) => t.active);
  if (live.length === 0) return 0;
  await m.query(
    'UPDATE identity.terminal SET active = false, updated_at = now() WHERE id = ANY($1::uuid[])',
    [live.map((t) => t.id)],
  );
  for (const t of live) await announceTerminal(m, tenantId, { id: t.id, storeId: t.storeId, active: false });
  return revokeTerminalSessions(
    m,
    live.map((t) => t.id),
  );
}

/** Deactivates a store and every terminal of it. Idempotent. */
export async function deactivateStore(
  ctx: RequestContext,
  input: { id: string },
): Promise<{ store: StoreRow | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  if (!isUuid(input.id)) return { store: null, errors: [invalidId(['input', 'id'])] };
  const written = await runWrite(ctx, async (m) => {
    const before = await readStore(m, input.id, true);
    if (!before) reject(unknownStore(['input', 'id']));
    if (!before.active) return before;
    await m.query('UPDATE identity.store SET active = false, updated_at = now() WHERE id = $1', [input.id]);
    const terminals: TerminalRow[] = await m.query(
      `SELECT ${TERMINAL_COLUMNS} FROM identity.terminal WHERE store_id = $1 FOR UPDATE`,
      [input.id],
    );
    const revokedSessions = await deactivateTerminals(m, tenantId, terminals);
    await audit(m, ctx, tenantId, {
      action: 'store.deactivated',
      entityType: 'Store',
      entityId: input.id,
      data: { terminals: terminals.filter((t) => t.active).map((t) => t.id), revokedSessions },
    });
    return (await readStore(m, input.id))!;
  });
  return payloadOf('store', written);
}

type TerminalResult = { terminal: TerminalRow | null; errors: UserError[] };

/** Creates a terminal in an active store. */
export async function createTerminal(
  ctx: RequestContext,
  raw: { storeId: string; name: string },
): Promise<TerminalResult> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const parsed = z.object({ storeId: uuid, name }).safeParse(raw);
  if (!parsed.success) return { terminal: null, errors: [issueError(parsed.error)] };
  const input = parsed.data;
  const written = await runWrite(ctx, async (m) => {
    const store = await readStore(m, input.storeId);
    if (!store) reject(unknownStore(['input', 'storeId']));
    if (!store.active) reject(userError('STORE_INACTIVE', 'The store is deactivated', ['input', 'storeId']));
    const id = newId();
    await m.query('INSERT INTO identity.terminal (tenant_id, id, store_id, name) VALUES ($1, $2, $3, $4)', [
      tenantId,
      id,
      store.id,
      input.name,
    ]);
    await announceTerminal(m, tenantId, { id, storeId: store.id, active: true });
    await audit(m, ctx, tenantId, {
      action: 'terminal.created',
      entityType: 'Terminal',
      entityId: id,
      data: { storeId: store.id, name: input.name },
    });
    return (await readTerminal(m, id))!;
  });
  return payloadOf('terminal', written);
}

/** Renames a terminal. */
export async function updateTerminal(
  ctx: RequestContext,
  raw: { id: string; name: string },
): Promise<TerminalResult> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const parsed = z.object({ id: uuid, name }).safeParse(raw);
  if (!parsed.success) return { terminal: null, errors: [issueError(parsed.error)] };
  const input = parsed.data;
  const written = await runWrite(ctx, async (m) => {
    const before = await readTerminal(m, input.id, true);
    if (!before) reject(unknownTerminal(['input', 'id']));
    await m.query('UPDATE identity.terminal SET name = $2, updated_at = now() WHERE id = $1', [
      input.id,
      input.name,
    ]);
    await audit(m, ctx, tenantId, {
      action: 'terminal.updated',
      entityType: 'Terminal',
      entityId: input.id,
      data: { before: { name: before.name }, after: { name: input.name } },
    });
    return (await readTerminal(m, input.id))!;
  });
  return payloadOf('terminal', written);
}

/** Deactivates (`active: false`) or reactivates a terminal. Idempotent. */
export async function setTerminalActive(
  ctx: RequestContext,
  input: { terminalId: string },
  active: boolean,
): Promise<TerminalResult> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const field = ['input', 'terminalId'];
  if (!isUuid(input.terminalId)) return { terminal: null, errors: [invalidId(field)] };
  const written = await runWrite(ctx, async (m) => {
    const before = await readTerminal(m, input.terminalId, true);
    if (!before) reject(unknownTerminal(field));
    if (before.active === active) return before;
    let revokedSessions = 0;
    if (active) {
      const store = await readStore(m, before.storeId);
      if (!store?.active) reject(userError('STORE_INACTIVE', 'The terminal’s store is deactivated', field));
      await m.query('UPDATE identity.terminal SET active = true, updated_at = now() WHERE id = $1', [
        before.id,
      ]);
      await announceTerminal(m, tenantId, { id: before.id, storeId: before.storeId, active: true });
    } else {
      revokedSessions = await deactivateTerminals(m, tenantId, [before]);
    }
    await audit(m, ctx, tenantId, {
      action: active ? 'terminal.activated' : 'terminal.deactivated',
      entityType: 'Terminal',
      entityId: before.id,
      data: active ? {} : { revokedSessions },
    });
    return (await readTerminal(m, before.id))!;
  });
  return payloadOf('terminal', written);
}

/** The tenant's terminals by store and name (optionally one store's). */
export async function listTerminals(
  ctx: RequestContext,
  args: { storeId?: string | null },
): Promise<TerminalRow[]> {
  requirePermission(ctx, TERMINALS_MANAGE);
  if (args.storeId && !isUuid(args.storeId)) return [];
  return ctx.tx((m) =>
    m.query(
      `SELECT ${TERMINAL_COLUMNS} FROM identity.terminal WHERE ($1::uuid IS NULL OR store_id = $1::uuid)
        ORDER BY store_id, name, id`,
      [args.storeId ?? null],
    ),
  );
}

/** The devices paired with each terminal, newest first (a per-request loader). */
export function devicesByTerminalLoader(ctx: RequestContext) {
  requirePermission(ctx, TERMINALS_MANAGE);
  return ctx.loaders.get<string, TerminalDeviceNode[]>('devicesByTerminal', async (terminalIds) => {
    const ids = terminalIds.filter((id) => isUuid(id));
    const rows: TerminalDeviceNode[] = ids.length
      ? await ctx.tx((m) =>
          m.query(
            `SELECT ${DEVICE_COLUMNS} FROM identity.terminal_device WHERE terminal_id = ANY($1::uuid[])
              ORDER BY created_at DESC, id`,
            [ids],
          ),
        )
      : [];
    return terminalIds.map((id) => rows.filter((r) => r.terminalId === id.toLowerCase()));
  });
}

/** Revokes a paired device: its secret stops working and its terminal's sessions end. */
export async function revokeTerminalDevice(
  ctx: RequestContext,
  input: { deviceId: string },
): Promise<{ device: TerminalDeviceNode | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, TERMINALS_MANAGE);
  const field = ['input', 'deviceId'];
  if (!isUuid(input.deviceId)) return { device: null, errors: [invalidId(field)] };
  const written = await runWrite(ctx, async (m) => {
    const rows: TerminalDeviceNode[] = await m.query(
      `SELECT ${DEVICE_COLUMNS} FROM identity.terminal_device WHERE id = $1 FOR UPDATE`,
      [input.deviceId],
    );
    const before = rows[0];
    if (!before) reject(userError('DEVICE_NOT_FOUND', 'No such paired device', field));
    if (before.revokedAt) reject(userError('DEVICE_ALREADY_REVOKED', 'The device is revoked already', field));
    await m.query('UPDATE identity.terminal_device SET revoked_at = now() WHERE id = $1', [input.deviceId]);
    // Sessions record the terminal, not the device: a terminal normally has one device, and a
    // cashier on another device of it signs in again with the PIN.
    const revokedSessions = await revokeTerminalSessions(m, [before.terminalId]);
    await audit(m, ctx, tenantId, {
      action: 'terminal.device_revoked',
      entityType: 'Terminal',
      entityId: before.terminalId,
      data: { deviceId: before.id, name: before.name, revokedSessions },
    });
    const after: TerminalDeviceNode[] = await m.query(
      `SELECT ${DEVICE_COLUMNS} FROM identity.terminal_device WHERE id = $1`,
      [input.deviceId],
    );
    return after[0]!;
  });
  return payloadOf('device', written);
}
