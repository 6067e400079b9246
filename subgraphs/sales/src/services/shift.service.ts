import {
  appendAudit,
  appendEvent,
  type EntityManager,
  formatMoney,
  hasPermission,
  isUniqueViolation,
  isUuid,
  type RequestContext,
  requirePermission,
  requireTenant,
} from '@jowi/server-kit';
import { z } from 'zod';
import type {
  CloseShiftInput,
  OpenShiftInput,
  RecordCashMovementInput,
  ShiftEventInput,
  SyncStatus,
} from '../__generated__/resolvers-types.ts';
import type { CashMovementRow } from '../entities/cash-movement.entity.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';
import { type SalesErrorCode, type SalesUserError, userError } from '../errors/index.ts';
import type { TerminalScope } from './directory.ts';
import { actingStaff, fingerprint, terminalScope } from './documents.ts';
import { computeShiftFigures, shiftClosedPayload } from './shift-report.ts';
import { shiftLifecycle, shiftStatus } from './shift-state.ts';

export const SHIFT_OPEN_PERMISSION = 'shift:open';
export const SHIFT_CLOSE_PERMISSION = 'shift:close';
/** Reading shifts needs one of these. */
export const SHIFT_READ_PERMISSIONS = ['sales:read', 'reports:read'] as const;
/** A shift open longer than this is overdue (the fiscal 24-hour shift limit). */
export const OVERDUE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Most characters of a cash movement reason or a closing note. */
export const MAX_REASON = 200;
const CANONICAL_VERSION = 1;
/**
 * Unique indexes two concurrent OPENs of one terminal can collide on (its one open shift, its
 * shift numbers): the loser's transaction rolls back and the event is classified again.
 */
const OPEN_RACES = ['shift_one_open_per_terminal', 'shift_tenant_id_terminal_id_number_key'];

/** Outcome of one shift event (one `SyncShiftEventResult`). */
export interface ShiftEventOutcome {
  /** The event id as sent. */
  id: string;
  status: SyncStatus;
  /** The shift after the event (CREATED, DUPLICATE, CONFLICT). */
  shift: ShiftRow | null;
  error: SalesUserError | null;
}

/** Columns of `sales.shift` aliased to {@link ShiftRow} fields. */
export const SHIFT_COLUMNS = `tenant_id AS "tenantId", id, store_id AS "storeId", terminal_id AS "terminalId",
  number, opened_by AS "openedBy", opened_at AS "openedAt", opening_float::text AS "openingFloat",
  open_hash AS "openHash", closed_by AS "closedBy", closed_at AS "closedAt",
  counted_cash::text AS "countedCash", closing_note AS "closingNote", close_hash AS "closeHash",
  received_at AS "receivedAt", close_received_at AS "closeReceivedAt"`;

/** Columns of `sales.cash_movement` aliased to {@link CashMovementRow} fields. */
export const CASH_MOVEMENT_COLUMNS = `tenant_id AS "tenantId", id, shift_id AS "shiftId", kind, amount::text AS amount,
  reason, staff_id AS "staffId", device_at AS "at", content_hash AS "contentHash", received_at AS "receivedAt"`;

const tiyin = z.string().transform((v) => BigInt(v));

const rawShiftSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  storeId: z.string(),
  terminalId: z.string(),
  number: z.number().int(),
  openedBy: z.string().nullable(),
  openedAt: z.date(),
  openingFloat: tiyin,
  openHash: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.date().nullable(),
  countedCash: tiyin.nullable(),
  closingNote: z.string().nullable(),
  closeHash: z.string().nullable(),
  receivedAt: z.date(),
  closeReceivedAt: z.date().nullable(),
});

/** Parses a raw `sales.cash_movement` row selected with {@link CASH_MOVEMENT_COLUMNS}. */
export const rawMovementSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  shiftId: z.string(),
  kind: z.enum(['CASH_IN', 'CASH_OUT']),
  amount: tiyin,
  reason: z.string(),
  staffId: z.string().nullable(),
  at: z.date(),
  contentHash: z.string(),
  receivedAt: z.date(),
});

/** Parses a raw `sales.shift` row selected with {@link SHIFT_COLUMNS}. */
export function toShiftRow(raw: unknown): ShiftRow {
  return rawShiftSchema.parse(raw);
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

/** Names of the input fields an event's errors point at (the online mutations rename some). */
interface EventFieldNames {
  id: string;
  shiftId: string;
  amount: string;
  reason: string;
}
const SYNC_FIELDS: EventFieldNames = { id: 'id', shiftId: 'shiftId', amount: 'amount', reason: 'reason' };

interface EventContext {
  ctx: RequestContext;
  tenantId: string;
  scope: TerminalScope;
  input: ShiftEventInput;
  /** Device time; `atGiven` is false when an online mutation omitted it (then it is not hashed). */
  at: Date;
  atGiven: boolean;
  path: string[];
  names: EventFieldNames;
}

/**
 * Applies one shift event for the terminal of `scope`, in its own transaction. Checks the
 * caller's permission itself (`shift:open` for OPEN and CASH_*, `shift:close` for CLOSE; missing
 * → REJECTED `FORBIDDEN`, so one event of a batch never fails the others). A bad event is
 * REJECTED or CONFLICT with its code; an unexpected failure is thrown (`syncSales` makes it that
 * event's `INTERNAL_ERROR`). `path` is the event's input path, e.g. `['input', 'shiftEvents', '2']`.
 */
export async function applyShiftEvent(
  ctx: RequestContext,
  scope: TerminalScope,
  input: ShiftEventInput,
  path: string[],
): Promise<ShiftEventOutcome> {
  return applyEvent(ctx, scope, input, path, SYNC_FIELDS, true);
}

async function applyEvent(
  ctx: RequestContext,
  scope: TerminalScope,
  input: ShiftEventInput,
  path: string[],
  names: EventFieldNames,
  atGiven: boolean,
): Promise<ShiftEventOutcome> {
  const tenantId = requireTenant(ctx);
  const e: EventContext = { ctx, tenantId, scope, input, at: input.at, atGiven, path, names };
  const permission = input.kind === 'CLOSE' ? SHIFT_CLOSE_PERMISSION : SHIFT_OPEN_PERMISSION;
  if (!hasPermission(ctx.identity.permissions, permission)) {
    return reject(e, 'FORBIDDEN', `Missing permission ${permission}`);
  }
  if (!isUuid(input.id)) return reject(e, 'INVALID_ID', 'id must be a UUID', names.id);
  if (input.shiftId != null && !isUuid(input.shiftId)) {
    return reject(e, 'INVALID_ID', 'shiftId must be a UUID', names.shiftId);
  }
  if (Number.isNaN(input.at.getTime())) return reject(e, 'INVALID_ID', 'at must be a valid time', 'at');
  switch (input.kind) {
    case 'OPEN':
      return openEvent(e);
    case 'CASH_IN':
    case 'CASH_OUT':
      return cashEvent(e, input.kind);
    case 'CLOSE':
      return closeEvent(e);
  }
}

function reject(e: EventContext, code: SalesErrorCode, message: string, field?: string): ShiftEventOutcome {
  return {
    id: e.input.id,
    status: 'REJECTED',
    shift: null,
    error: userError(code, message, field ? [...e.path, field] : e.path),
  };
}

function done(e: EventContext, status: 'CREATED' | 'DUPLICATE', shift: ShiftRow): ShiftEventOutcome {
  return { id: e.input.id, status, shift, error: null };
}

function conflict(
  e: EventContext,
  shift: ShiftRow,
  code: SalesErrorCode,
  message: string,
): ShiftEventOutcome {
  return {
    id: e.input.id,
    status: 'CONFLICT',
    shift,
    error: userError(code, message, [...e.path, e.names.id]),
  };
}

async function readShift(m: EntityManager, id: string, lock = ''): Promise<ShiftRow | null> {
  const rows: unknown[] = await m.query(
    `SELECT ${SHIFT_COLUMNS} FROM sales.shift WHERE id = $1::uuid ${lock}`,
    [id.toLowerCase()],
  );
  return rows[0] ? toShiftRow(rows[0]) : null;
}

// OPEN ----------------------------------------------------------------------------------------

async function openEvent(e: EventContext): Promise<ShiftEventOutcome> {
  const { input, scope, tenantId } = e;
  const id = input.id.toLowerCase();
  if (input.shiftId != null && input.shiftId.toLowerCase() !== id) {
    return reject(e, 'INVALID_ID', 'For OPEN, shiftId must equal id (or be omitted)', e.names.shiftId);
  }
  if (input.amount < 0n)
    return reject(e, 'INVALID_AMOUNT', 'Opening float must not be negative', e.names.amount);
  const hash = fingerprint({
    v: CANONICAL_VERSION,
    kind: 'OPEN',
    id,
    terminalId: scope.terminalId,
    at: e.atGiven ? e.at.toISOString() : null,
    openingFloat: formatMoney(input.amount),
  });

  // Classify against what is stored; then insert. The unique indexes decide races between
  // processes: a violation rolls the attempt back and we classify again with fresh snapshots.
  for (let attempt = 0; ; attempt++) {
    try {
      return await e.ctx.tx(async (m) => {
        const existing = await classifyOpen(e, m, id, hash);
        if (existing) return existing;
        const inserted: unknown[] = await m.query(
          `INSERT INTO sales.shift
             (tenant_id, id, store_id, terminal_id, number, opened_by, opened_at, opening_float, open_hash)
           SELECT $1, $2, $3, $4, coalesce(max(number), 0) + 1, $5, $6, $7, $8
             FROM sales.shift WHERE tenant_id = $1 AND terminal_id = $4
           ON CONFLICT (tenant_id, id) DO NOTHING
           RETURNING ${SHIFT_COLUMNS}`,
          [
            tenantId,
            id,
            scope.storeId,
            scope.terminalId,
            actingStaff(e.ctx),
            e.at,
            input.amount.toString(),
            hash,
          ],
        );
        if (inserted[0]) return done(e, 'CREATED', toShiftRow(inserted[0]));
        const again = await classifyOpen(e, m, id, hash);
        if (again) return again;
        throw new Error(`shift ${id} conflicted on insert but cannot be read back`);
      });
    } catch (error) {
      // Another open shift (or the same number) committed meanwhile; a fresh attempt classifies it.
      const raced = OPEN_RACES.some((constraint) => isUniqueViolation(error, constraint));
      if (!raced || attempt >= 2) throw error;
    }
  }
}

/** The outcome when the id is stored or the terminal has another open shift; null to go on. */
async function classifyOpen(
  e: EventContext,
  m: EntityManager,
  id: string,
  hash: string,
): Promise<ShiftEventOutcome | null> {
  const stored = await readShift(m, id);
  if (stored) {
    if (stored.openHash === hash) return done(e, 'DUPLICATE', stored);
    return conflict(
      e,
      stored,
      'CONTENT_MISMATCH',
      'A different shift with this id is already stored; nothing was overwritten',
    );
  }
  const open: { id: string }[] = await m.query(
    'SELECT id FROM sales.shift WHERE terminal_id = $1::uuid AND closed_at IS NULL',
    [e.scope.terminalId],
  );
  if (open[0]) {
    return reject(
      e,
      'SHIFT_ALREADY_OPEN',
      `The terminal already has an open shift (${open[0].id}); close it first`,
    );
  }
  return null;
}

// CASH_IN / CASH_OUT --------------------------------------------------------------------------

async function cashEvent(e: EventContext, kind: 'CASH_IN' | 'CASH_OUT'): Promise<ShiftEventOutcome> {
  const { input, scope, tenantId } = e;
  if (input.shiftId == null)
    return reject(e, 'INVALID_ID', `shiftId is required for ${kind}`, e.names.shiftId);
  const id = input.id.toLowerCase();
  const shiftId = input.shiftId.toLowerCase();
  if (input.amount <= 0n) return reject(e, 'INVALID_AMOUNT', 'Amount must be more than zero', e.names.amount);
  const reason = input.reason?.trim() ?? '';
  if (reason.length === 0 || reason.length > MAX_REASON) {
    return reject(
      e,
      'REASON_REQUIRED',
      `A reason of 1 to ${MAX_REASON} characters is required`,
      e.names.reason,
    );
  }
  const hash = fingerprint({
    v: CANONICAL_VERSION,
    kind,
    id,
    shiftId,
    terminalId: scope.terminalId,
    at: e.atGiven ? e.at.toISOString() : null,
    amount: formatMoney(input.amount),
    reason,
  });

  return e.ctx.tx(async (m) => {
    const classify = async (): Promise<ShiftEventOutcome | null> => {
      const rows: unknown[] = await m.query(
        `SELECT ${CASH_MOVEMENT_COLUMNS} FROM sales.cash_movement WHERE id = $1::uuid`,
        [id],
      );
      if (!rows[0]) return null;
      const stored = rawMovementSchema.parse(rows[0]);
      const shift = await readShift(m, stored.shiftId);
      if (!shift) throw new Error(`cash movement ${id} has no shift`);
      if (stored.contentHash === hash) return done(e, 'DUPLICATE', shift);
      return conflict(
        e,
        shift,
        'CONTENT_MISMATCH',
        'A different cash movement with this id is already stored; nothing was overwritten',
      );
    };
    const existing = await classify();
    if (existing) return existing;

    // FOR SHARE: a concurrent CLOSE (FOR UPDATE) waits for this movement, or this one sees it closed.
    const shift = await readShift(m, shiftId, 'FOR SHARE');
    if (!shift || shift.terminalId !== scope.terminalId) {
      return reject(e, 'UNKNOWN_SHIFT', 'No such shift was opened on this terminal', e.names.shiftId);
    }
    if (!shiftLifecycle.accepts(shiftStatus(shift), kind)) {
      return reject(e, 'SHIFT_CLOSED', 'The shift is closed', e.names.shiftId);
    }

    const staff = actingStaff(e.ctx);
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO sales.cash_movement (tenant_id, id, shift_id, kind, amount, reason, staff_id, device_at, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
      [tenantId, id, shiftId, kind, input.amount.toString(), reason, staff, e.at, hash],
    );
    if (!inserted[0]) {
      const again = await classify();
      if (again) return again;
      throw new Error(`cash movement ${id} conflicted on insert but cannot be read back`);
    }
    await appendAudit(m, {
      tenantId,
      actor: e.ctx.identity.subject,
      action: kind === 'CASH_IN' ? 'shift.cash_in' : 'shift.cash_out',
      entityType: 'CashMovement',
      entityId: id,
      data: {
        shiftId,
        terminalId: scope.terminalId,
        storeId: scope.storeId,
        kind,
        amount: formatMoney(input.amount),
        reason,
        at: e.at.toISOString(),
        staffId: staff,
      },
      source: 'sales',
    });
    return done(e, 'CREATED', shift);
  });
}

// CLOSE ---------------------------------------------------------------------------------------

async function closeEvent(e: EventContext): Promise<ShiftEventOutcome> {
  const { input, scope, tenantId } = e;
  const id = input.id.toLowerCase();
  if (input.shiftId != null && input.shiftId.toLowerCase() !== id) {
    return reject(e, 'INVALID_ID', 'For CLOSE, shiftId must equal id (or be omitted)', e.names.shiftId);
  }
  if (input.amount < 0n)
    return reject(e, 'INVALID_AMOUNT', 'Counted cash must not be negative', e.names.amount);
  const note = input.reason?.trim() || null;
  if (note && note.length > MAX_REASON) {
    return reject(
      e,
      'INVALID_TEXT',
      `The closing note must be at most ${MAX_REASON} characters`,
      e.names.reason,
    );
  }
  const hash = fingerprint({
    v: CANONICAL_VERSION,
    kind: 'CLOSE',
    id,
    terminalId: scope.terminalId,
    at: e.atGiven ? e.at.toISOString() : null,
    countedCash: formatMoney(input.amount),
    note,
  });

  return e.ctx.tx(async (m) => {
    const shift = await readShift(m, id, 'FOR UPDATE');
    if (!shift || shift.terminalId !== scope.terminalId) {
      return reject(e, 'UNKNOWN_SHIFT', 'No such shift was opened on this terminal', e.names.id);
    }
    if (!shiftLifecycle.accepts(shiftStatus(shift), 'CLOSE')) {
      if (shift.closeHash === hash) return done(e, 'DUPLICATE', shift);
      return conflict(
        e,
        shift,
        'SHIFT_CLOSED',
        'The shift was already closed differently; nothing was overwritten',
      );
    }
    const staff = actingStaff(e.ctx);
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [updated]: [unknown[], number] = await m.query(
      `UPDATE sales.shift
          SET closed_at = $2, closed_by = $3, counted_cash = $4, closing_note = $5, close_hash = $6,
              close_received_at = now()
        WHERE id = $1::uuid AND closed_at IS NULL
        RETURNING ${SHIFT_COLUMNS}`,
      [id, e.at, staff, input.amount.toString(), note, hash],
    );
    const closed = toShiftRow(updated[0]);
    const figures = (await computeShiftFigures(m, tenantId, [id])).get(id);
    if (!figures) throw new Error(`shift ${id} has no figures`);
    const difference = input.amount - figures.expectedCash;
    await appendAudit(m, {
      tenantId,
      actor: e.ctx.identity.subject,
      action: 'shift.closed',
      entityType: 'Shift',
      entityId: id,
      data: {
        terminalId: scope.terminalId,
        storeId: closed.storeId,
        number: closed.number,
        closedAt: e.at.toISOString(),
        closedBy: staff,
        counted: formatMoney(input.amount),
        expected: formatMoney(figures.expectedCash),
        difference: formatMoney(difference),
        note,
      },
      source: 'sales',
    });
    await appendEvent(m, {
      tenantId,
      type: 'shift.closed',
      aggregateId: id,
      source: 'sales',
      payload: shiftClosedPayload(closed, figures),
    });
    return done(e, 'CREATED', closed);
  });
}

// Online mutations ------------------------------------------------------------------------------

/** Result of a shift mutation (`ShiftPayload`). */
export interface ShiftPayloadResult {
  shift: ShiftRow | null;
  errors: SalesUserError[];
}

/** DUPLICATE is success with the stored shift; everything else carries its error. */
function toPayload(outcome: ShiftEventOutcome): ShiftPayloadResult {
  if (outcome.status === 'CREATED' || outcome.status === 'DUPLICATE')
    return { shift: outcome.shift, errors: [] };
  return { shift: outcome.shift, errors: outcome.error ? [outcome.error] : [] };
}

/** `Mutation.openShift`. */
export async function openShift(ctx: RequestContext, input: OpenShiftInput): Promise<ShiftPayloadResult> {
  requirePermission(ctx, SHIFT_OPEN_PERMISSION);
  const resolved = await terminalScope(ctx, input.terminalId, ['input', 'terminalId']);
  if ('error' in resolved) return { shift: null, errors: [resolved.error] };
  const outcome = await applyEvent(
    ctx,
    resolved.scope,
    { kind: 'OPEN', id: input.id, at: input.at ?? new Date(), amount: input.openingFloat },
    ['input'],
    { id: 'id', shiftId: 'id', amount: 'openingFloat', reason: 'reason' },
    input.at != null,
  );
  return toPayload(outcome);
}

/** `Mutation.recordCashMovement`. */
export async function recordCashMovement(
  ctx: RequestContext,
  input: RecordCashMovementInput,
): Promise<ShiftPayloadResult> {
  requirePermission(ctx, SHIFT_OPEN_PERMISSION);
  if (input.kind !== 'CASH_IN' && input.kind !== 'CASH_OUT') {
    return {
      shift: null,
      errors: [userError('INVALID_KIND', 'kind must be CASH_IN or CASH_OUT', ['input', 'kind'])],
    };
  }
  if (!isUuid(input.shiftId)) {
    return { shift: null, errors: [userError('INVALID_ID', 'shiftId must be a UUID', ['input', 'shiftId'])] };
  }
  const terminalId = await shiftTerminal(ctx, input.shiftId);
  if (!terminalId) {
    return { shift: null, errors: [userError('UNKNOWN_SHIFT', 'No such shift', ['input', 'shiftId'])] };
  }
  const resolved = await terminalScope(ctx, terminalId, ['input', 'shiftId']);
  if ('error' in resolved) return { shift: null, errors: [resolved.error] };
  const outcome = await applyEvent(
    ctx,
    resolved.scope,
    {
      kind: input.kind,
      id: input.id,
      shiftId: input.shiftId,
      at: input.at ?? new Date(),
      amount: input.amount,
      reason: input.reason,
    },
    ['input'],
    SYNC_FIELDS,
    input.at != null,
  );
  return toPayload(outcome);
}

/** `Mutation.closeShift`. */
export async function closeShift(ctx: RequestContext, input: CloseShiftInput): Promise<ShiftPayloadResult> {
  requirePermission(ctx, SHIFT_CLOSE_PERMISSION);
  if (!isUuid(input.shiftId)) {
    return { shift: null, errors: [userError('INVALID_ID', 'shiftId must be a UUID', ['input', 'shiftId'])] };
  }
  const terminalId = await shiftTerminal(ctx, input.shiftId);
  if (!terminalId) {
    return { shift: null, errors: [userError('UNKNOWN_SHIFT', 'No such shift', ['input', 'shiftId'])] };
  }
  const resolved = await terminalScope(ctx, terminalId, ['input', 'shiftId']);
  if ('error' in resolved) return { shift: null, errors: [resolved.error] };
  const outcome = await applyEvent(
    ctx,
    resolved.scope,
    {
      kind: 'CLOSE',
      id: input.shiftId,
      at: input.at ?? new Date(),
      amount: input.countedCash,
      reason: input.note,
    },
    ['input'],
    { id: 'shiftId', shiftId: 'shiftId', amount: 'countedCash', reason: 'note' },
    input.at != null,
  );
  return toPayload(outcome);
}

/** The terminal a shift was opened on (the online mutations address shifts by id only). */
async function shiftTerminal(ctx: RequestContext, shiftId: string): Promise<string | null> {
  const rows: { terminalId: string }[] = await ctx.tx((m) =>
    m.query('SELECT terminal_id AS "terminalId" FROM sales.shift WHERE id = $1::uuid', [
      shiftId.toLowerCase(),
    ]),
  );
  return rows[0]?.terminalId ?? null;
}
