/**
 * Fiscal receipts. In local mode the POS registers a receipt with its own fiscal module (FM)
 * and uploads the FM's requisites here with `recordFiscalReceipt`; in central mode the worker
 * registers it (see `central/`). Uploads are retried by the POS outbox, possibly concurrently
 * through different instances, so recording is idempotent per sale (or refund): a unique index
 * decides the single winner, a replay of the same requisites returns the stored receipt, and
 * different requisites for a registered receipt are refused — a sale is fiscalised once, and the
 * stored receipt is never overwritten. A PENDING / FAILED / NEEDS_ATTENTION receipt of the sale
 * (created from its sale event) is completed instead of adding a second one.
 */
import {
  appendEvent,
  decodeCursor,
  isUuid,
  type Logger,
  newId,
  pageSize,
  type RequestContext,
  requireAnyPermission,
  requirePermission,
  toConnection,
  type UserError,
} from '@jowi/server-kit';
import { type EntityManager, In } from 'typeorm';
import { fillRequestFromCatalog, MISSING_IKPU, missingIkpuMessage } from '../central/catalog-fill.ts';
import { enqueueReceipt } from '../central/dispatcher.ts';
import { parseStoredRequest, type StoredSaleRequest } from '../central/receipt-request.ts';
import { ReceiptEntity, type ReceiptRow } from '../entities/receipt.entity.ts';
import { invalidId, userError } from '../errors/index.ts';
import { READ_PERMISSIONS, WRITE_PERMISSION } from './access.ts';
import { touchDevice } from './device.service.ts';
import {
  type FiscalRequisites,
  fiscalQrUrl,
  parseFmDateTime,
  validateRequisites,
} from './fiscal-requisites.ts';
import { appendStatusEvent, canTransition, type ReceiptKind, type ReceiptStatus } from './receipt-state.ts';
import { validUuids } from './uuid.ts';

export const RECEIPT_REGISTERED = 'fiscal.receipt.registered';

export interface RecordFiscalReceiptInput extends FiscalRequisites {
  saleId: string;
  refundId?: string | null;
}

/** What happened to an upload; `created`/`duplicate` are both success for the POS. */
export type RecordOutcome = 'created' | 'duplicate' | 'conflict' | 'rejected';

export interface RecordResult {
  fiscalReceipt: ReceiptRow | null;
  errors: UserError[];
  outcome: RecordOutcome;
}

/** Every receipt column under its row name, for raw `RETURNING` / `SELECT`. */
export const RECEIPT_COLUMNS = `tenant_id AS "tenantId", id, sale_id AS "saleId", kind, refund_id AS "refundId",
  status, mode, device_id AS "deviceId", pos_terminal_id AS "posTerminalId", terminal_id AS "terminalId",
  receipt_seq AS "receiptSeq", fiscal_sign AS "fiscalSign", fm_date_time AS "fmDateTime", qr_url AS "qrUrl",
  registered_at AS "registeredAt", attempts, error_code AS "errorCode", error_message AS "errorMessage",
  request, next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Stores the requisites of a receipt the POS's fiscal module registered for a sale or refund. */
export async function recordFiscalReceipt(
  ctx: RequestContext,
  input: RecordFiscalReceiptInput,
): Promise<RecordResult> {
  const tenantId = requirePermission(ctx, WRITE_PERMISSION);
  const errors: UserError[] = [];
  if (!isUuid(input.saleId)) errors.push(invalidId(['input', 'saleId']));
  if (input.refundId != null && !isUuid(input.refundId)) errors.push(invalidId(['input', 'refundId']));
  errors.push(...validateRequisites(input));
  const registeredAt = parseFmDateTime(input.dateTime);
  if (errors.length > 0 || !registeredAt) return { fiscalReceipt: null, errors, outcome: 'rejected' };
  const qrUrl = fiscalQrUrl(input);
  // PostgreSQL prints uuids in lower case; compare and look up in the same form.
  const saleId = input.saleId.toLowerCase();
  const refundId = input.refundId ? input.refundId.toLowerCase() : null;
  const kind: ReceiptKind = refundId ? 'REFUND' : 'SALE';

  return ctx.tx((m) =>
    storeRequisites(m, tenantId, { saleId, refundId, kind, qrUrl, registeredAt }, input, ctx.log),
  );
}

/**
 * Stores requisites the POS's fiscal module returned, inside the caller's tenant transaction:
 * inserts a REGISTERED receipt, or completes the sale's PENDING one, or — when a registered
 * receipt already exists — answers duplicate (same requisites) or conflict (different ones,
 * nothing changed). Used by `recordFiscalReceipt` and by the sale-event consumer for sales
 * that arrive with their local fiscal data.
 */
export async function storeRequisites(
  m: EntityManager,
  tenantId: string,
  target: {
    saleId: string;
    refundId: string | null;
    kind: ReceiptKind;
    qrUrl: string;
    registeredAt: Date;
    /** The sale's store, when the caller knows it (a sale event does; `recordFiscalReceipt` not). */
    storeId?: string;
  },
  input: FiscalRequisites,
  log: Logger,
): Promise<RecordResult> {
  const { saleId, refundId, kind, qrUrl, registeredAt } = target;
  const conflictTarget = refundId
    ? `(tenant_id, refund_id) WHERE kind = 'REFUND'`
    : `(tenant_id, sale_id) WHERE kind = 'SALE'`;
  const inserted: ReceiptRow[] = await m.query(
    `INSERT INTO fiscal.receipt
       (tenant_id, id, sale_id, kind, refund_id, status, terminal_id, receipt_seq, fiscal_sign, fm_date_time,
        qr_url, registered_at, store_id)
     VALUES ($1, $2, $3, $4, $5, 'REGISTERED', $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT ${conflictTarget} DO NOTHING
     RETURNING ${RECEIPT_COLUMNS}`,
    [
      tenantId,
      newId(),
      saleId,
      kind,
      refundId,
      input.terminalId,
      input.receiptSeq,
      input.fiscalSign,
      input.dateTime,
      qrUrl,
      registeredAt,
      target.storeId ?? null,
    ],
  );
  if (inserted[0]) {
    await registeredSideEffects(m, tenantId, inserted[0], log);
    return { fiscalReceipt: inserted[0], errors: [], outcome: 'created' };
  }

  // The sale already has a receipt (committed by us earlier, by a concurrent upload that just
  // won the unique index, or PENDING from its sale event). Lock it so a concurrent change is
  // serialised.
  const existing = await m
    .getRepository(ReceiptEntity)
    .findOne(
      refundId
        ? { where: { refundId, kind: 'REFUND' }, lock: { mode: 'pessimistic_write' } }
        : { where: { saleId, kind: 'SALE' }, lock: { mode: 'pessimistic_write' } },
    );
  if (!existing) throw new Error(`Receipt of sale ${saleId} conflicted but cannot be read`);
  if (existing.status === 'REGISTERED') {
    if (sameRequisites(existing, input)) return { fiscalReceipt: existing, errors: [], outcome: 'duplicate' };
    return {
      fiscalReceipt: existing,
      errors: [
        userError(
          'CONTENT_MISMATCH',
          'This sale already has a registered fiscal receipt with different requisites; it was not changed',
          ['input', refundId ? 'refundId' : 'saleId'],
        ),
      ],
      outcome: 'conflict',
    };
  }
  const receipt = await markRegistered(m, existing, input);
  await registeredSideEffects(m, tenantId, receipt, log);
  return { fiscalReceipt: receipt, errors: [], outcome: 'created' };
}

/**
 * Moves a not-yet-registered receipt to REGISTERED with the FM's requisites (state machine
 * checked). Clears the error; keeps the attempts for the record.
 */
export async function markRegistered(
  m: EntityManager,
  existing: Pick<ReceiptRow, 'id' | 'status'>,
  requisites: FiscalRequisites,
): Promise<ReceiptRow> {
  if (!canTransition(existing.status, 'REGISTERED')) {
    throw new Error(`Fiscal receipt ${existing.id} cannot move from ${existing.status} to REGISTERED`);
  }
  const registeredAt = parseFmDateTime(requisites.dateTime);
  if (!registeredAt) throw new Error(`Fiscal receipt ${existing.id}: bad FM time ${requisites.dateTime}`);
  const updated: [ReceiptRow[], number] = await m.query(
    `UPDATE fiscal.receipt SET status = 'REGISTERED', terminal_id = $2, receipt_seq = $3, fiscal_sign = $4,
       fm_date_time = $5, qr_url = $6, registered_at = $7, error_code = NULL, error_message = NULL,
       next_attempt_at = NULL, updated_at = now()
     WHERE id = $1 RETURNING ${RECEIPT_COLUMNS}`,
    [
      existing.id,
      requisites.terminalId,
      requisites.receiptSeq,
      requisites.fiscalSign,
      requisites.dateTime,
      fiscalQrUrl(requisites),
      registeredAt,
    ],
  );
  return updated[0][0]!;
}

function sameRequisites(stored: ReceiptRow, input: FiscalRequisites): boolean {
  return (
    stored.terminalId === input.terminalId &&
    stored.receiptSeq === input.receiptSeq &&
    stored.fiscalSign === input.fiscalSign &&
    stored.fmDateTime === input.dateTime
  );
}

/** Side effects of a newly registered receipt, in its transaction: device health and the events. */
export async function registeredSideEffects(
  m: EntityManager,
  tenantId: string,
  receipt: ReceiptRow,
  log: Logger,
): Promise<void> {
  await touchDevice(m, tenantId, receipt.terminalId!);
  await appendEvent(m, {
    tenantId,
    type: RECEIPT_REGISTERED,
    aggregateId: receipt.id,
    source: 'fiscal',
    payload: {
      receiptId: receipt.id,
      saleId: receipt.saleId,
      kind: receipt.kind,
      refundId: receipt.refundId,
      mode: receipt.mode,
      terminalId: receipt.terminalId,
      receiptSeq: receipt.receiptSeq,
      fiscalSign: receipt.fiscalSign,
      dateTime: receipt.fmDateTime,
      qrUrl: receipt.qrUrl,
      registeredAt: receipt.registeredAt?.toISOString() ?? null,
    },
  });
  await appendStatusEvent(m, tenantId, receipt.id);
  log.info(
    { saleId: receipt.saleId, receiptId: receipt.id, kind: receipt.kind, terminalId: receipt.terminalId },
    'fiscal receipt registered',
  );
}

/** The sale receipt of a sale (null when none), batched per request across `_entities` and queries. */
export async function receiptForSale(ctx: RequestContext, saleId: string): Promise<ReceiptRow | null> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  const loader = ctx.loaders.get<string, ReceiptRow | null>('fiscal-receipt-by-sale', async (saleIds) => {
    const wanted = validUuids(saleIds);
    const rows = wanted.length
      ? await ctx.tx((m) => m.getRepository(ReceiptEntity).findBy({ saleId: In(wanted), kind: 'SALE' }))
      : [];
    const bySale = new Map(rows.map((r) => [r.saleId, r]));
    return saleIds.map((key) => bySale.get(key) ?? null);
  });
  return loader.load(saleId.toLowerCase());
}

/** A receipt by its own id (federation references), batched per request. */
export async function receiptById(ctx: RequestContext, id: string): Promise<ReceiptRow | null> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  const loader = ctx.loaders.get<string, ReceiptRow | null>('fiscal-receipt-by-id', async (ids) => {
    const wanted = validUuids(ids);
    const rows = wanted.length
      ? await ctx.tx((m) => m.getRepository(ReceiptEntity).findBy({ id: In(wanted) }))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((key) => byId.get(key) ?? null);
  });
  return loader.load(id.toLowerCase());
}

export interface ReceiptFilter {
  status?: ReceiptStatus | null;
  stuck?: boolean | null;
  stuckAfterMinutes?: number | null;
  saleId?: string | null;
  kind?: ReceiptKind | null;
}

/** Default age (minutes, unchanged) after which a PENDING receipt counts as stuck. */
export const DEFAULT_STUCK_MINUTES = 10;

/** Back-office list, newest first, keyset-paginated on (created_at, id). */
export async function listReceipts(
  ctx: RequestContext,
  args: { filter?: ReceiptFilter | null; first?: number | null; after?: string | null },
) {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  const limit = pageSize(args.first);
  const cursor = decodeCursor(args.after, 2);
  const filter = args.filter ?? {};
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status) where.push(`status = ${param(filter.status)}`);
  if (filter.kind) where.push(`kind = ${param(filter.kind)}`);
  if (filter.saleId) {
    if (!isUuid(filter.saleId)) return toConnection([], limit, () => []);
    where.push(`sale_id = ${param(filter.saleId.toLowerCase())}`);
  }
  if (filter.stuck === true) {
    const minutes = Math.max(0, filter.stuckAfterMinutes ?? DEFAULT_STUCK_MINUTES);
    where.push(`status = 'PENDING' AND updated_at < now() - ${param(minutes)} * interval '1 minute'`);
  } else if (filter.stuck === false) {
    const minutes = Math.max(0, filter.stuckAfterMinutes ?? DEFAULT_STUCK_MINUTES);
    where.push(`NOT (status = 'PENDING' AND updated_at < now() - ${param(minutes)} * interval '1 minute')`);
  }
  if (cursor) {
    const [at, id] = cursor as [string, string];
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) return toConnection([], limit, () => []);
    where.push(`(created_at, id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`);
  }
  const rows: ReceiptRow[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${RECEIPT_COLUMNS} FROM fiscal.receipt
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ${param(limit + 1)}`,
      params,
    ),
  );
  return toConnection(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
}

/**
 * `retryFiscalization`: a FAILED or NEEDS_ATTENTION central receipt goes back to PENDING with
 * its attempts reset, and is enqueued after the commit. Lines without an IKPU are filled from
 * fiscal's catalog projection first; while one is still unknown the receipt stays as it is and
 * the answer is `MISSING_IKPU`.
 */
export async function retryFiscalization(
  ctx: RequestContext,
  receiptId: string,
): Promise<{ fiscalReceipt: ReceiptRow | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, WRITE_PERMISSION);
  const field = ['input', 'receiptId'];
  const notFound = {
    fiscalReceipt: null,
    errors: [userError('RECEIPT_NOT_FOUND', 'No such fiscal receipt', field)],
  };
  if (!isUuid(receiptId)) return { fiscalReceipt: null, errors: [invalidId(field)] };
  const result = await ctx.tx(async (m) => {
    const existing = await m
      .getRepository(ReceiptEntity)
      .findOne({ where: { id: receiptId.toLowerCase() }, lock: { mode: 'pessimistic_write' } });
    if (!existing) return notFound;
    if (existing.status === 'REGISTERED') {
      return {
        fiscalReceipt: existing,
        errors: [
          userError('ALREADY_REGISTERED', 'The receipt is already registered', ['input', 'receiptId']),
        ],
      };
    }
    if (existing.mode === 'LOCAL') {
      return {
        fiscalReceipt: existing,
        errors: [
          userError(
            'LOCAL_MODE',
            'A local receipt is registered by its POS and reported with recordFiscalReceipt',
            ['input', 'receiptId'],
          ),
        ],
      };
    }
    if (!canTransition(existing.status, 'PENDING')) {
      return {
        fiscalReceipt: existing,
        errors: [userError('NOT_RETRYABLE', 'The receipt is already queued', ['input', 'receiptId'])],
      };
    }
    const filled = await fillMissingIkpu(m, existing);
    if ('error' in filled) return { fiscalReceipt: filled.receipt, errors: [filled.error] };
    const rows: [ReceiptRow[], number] = await m.query(
      `UPDATE fiscal.receipt SET status = 'PENDING', attempts = 0, next_attempt_at = NULL, updated_at = now(),
         request = COALESCE($2::jsonb, request)
        WHERE id = $1 RETURNING ${RECEIPT_COLUMNS}`,
      [existing.id, filled.request ? JSON.stringify(filled.request) : null],
    );
    await appendStatusEvent(m, tenantId, existing.id);
    ctx.log.info({ receiptId: existing.id, from: existing.status }, 'fiscalization retried by an operator');
    return { fiscalReceipt: rows[0][0]!, errors: [] as UserError[] };
  });
  if (result.fiscalReceipt?.status === 'PENDING' && result.errors.length === 0) {
    await enqueueReceipt(ctx.db, { tenantId, receiptId: result.fiscalReceipt.id });
  }
  return result;
}

/**
 * Before a retry: the items of a receipt's request that have no IKPU, filled from fiscal's
 * catalog projection. Returns the request to store (null: nothing to fill), or — when an IKPU is
 * still unknown — the `MISSING_IKPU` error, with the receipt's error and request brought up to date.
 */
async function fillMissingIkpu(
  m: EntityManager,
  receipt: ReceiptRow,
): Promise<{ request: StoredSaleRequest | null } | { error: UserError; receipt: ReceiptRow }> {
  const stored = parseStoredRequest(receipt.request);
  if (!stored?.items.some((item) => item.spic === '')) return { request: null };
  const filled = await fillRequestFromCatalog(m, stored);
  if (filled.missing.length === 0) return { request: filled.request };
  const message = missingIkpuMessage(filled.missing);
  const rows: [ReceiptRow[], number] = await m.query(
    `UPDATE fiscal.receipt SET error_code = $2, error_message = $3, request = $4::jsonb, updated_at = now()
      WHERE id = $1 RETURNING ${RECEIPT_COLUMNS}`,
    [receipt.id, MISSING_IKPU, message, JSON.stringify(filled.request)],
  );
  return { error: userError('MISSING_IKPU', message, ['input', 'receiptId']), receipt: rows[0][0]! };
}
