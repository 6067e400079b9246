/**
 * Fiscal receipts. The POS registers a receipt with its local fiscal module (FM) and uploads
 * the FM's requisites here with `recordFiscalReceipt`. Uploads are retried by the POS outbox,
 * possibly concurrently through different instances, so recording is idempotent per sale: the
 * unique (tenant, sale) constraint decides the single winner, a replay of the same requisites
 * returns the stored receipt, and different requisites for a registered sale are refused —
 * a sale is fiscalised once, and the stored receipt is never overwritten.
 */
import {
  appendEvent,
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
  type UserError,
  userError,
} from '@jowi/server-kit';
import { type EntityManager, In } from 'typeorm';
import { ReceiptEntity, type ReceiptRow } from '../entities/receipt.entity.ts';
import { READ_PERMISSIONS, requireAnyPermission, WRITE_PERMISSION } from './access.ts';
import { touchDevice } from './device.service.ts';
import {
  type FiscalRequisites,
  fiscalQrUrl,
  parseFmDateTime,
  validateRequisites,
} from './fiscal-requisites.ts';
import { canTransition } from './receipt-state.ts';
import { validUuids } from './uuid.ts';

export const RECEIPT_REGISTERED = 'fiscal.receipt.registered';

export interface RecordFiscalReceiptInput extends FiscalRequisites {
  saleId: string;
}

/** What happened to an upload; `created`/`duplicate` are both success for the POS. */
export type RecordOutcome = 'created' | 'duplicate' | 'conflict' | 'rejected';

export interface RecordResult {
  fiscalReceipt: ReceiptRow | null;
  errors: UserError[];
  outcome: RecordOutcome;
}

const RETURNING = `tenant_id AS "tenantId", id, sale_id AS "saleId", status, terminal_id AS "terminalId",
  receipt_seq AS "receiptSeq", fiscal_sign AS "fiscalSign", fm_date_time AS "fmDateTime", qr_url AS "qrUrl",
  registered_at AS "registeredAt", error_code AS "errorCode", created_at AS "createdAt"`;

/** Stores the requisites of a receipt the POS's fiscal module registered for a sale. */
export async function recordFiscalReceipt(
  ctx: RequestContext,
  input: RecordFiscalReceiptInput,
): Promise<RecordResult> {
  const tenantId = requirePermission(ctx, WRITE_PERMISSION);
  const errors: UserError[] = [];
  if (!isUuid(input.saleId))
    errors.push(userError('INVALID_SALE_ID', 'Sale id must be a UUID', ['input', 'saleId']));
  errors.push(...validateRequisites(input));
  const registeredAt = parseFmDateTime(input.dateTime);
  if (errors.length > 0 || !registeredAt) return { fiscalReceipt: null, errors, outcome: 'rejected' };
  const qrUrl = fiscalQrUrl(input);
  // PostgreSQL prints uuids in lower case; compare and look up in the same form.
  const saleId = input.saleId.toLowerCase();

  return ctx.tx(async (m) => {
    const inserted: ReceiptRow[] = await m.query(
      `INSERT INTO fiscal.receipt
         (tenant_id, id, sale_id, status, terminal_id, receipt_seq, fiscal_sign, fm_date_time, qr_url, registered_at)
       VALUES ($1, $2, $3, 'REGISTERED', $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, sale_id) DO NOTHING
       RETURNING ${RETURNING}`,
      [
        tenantId,
        newId(),
        saleId,
        input.terminalId,
        input.receiptSeq,
        input.fiscalSign,
        input.dateTime,
        qrUrl,
        registeredAt,
      ],
    );
    if (inserted[0]) {
      await afterRegistered(ctx, m, tenantId, inserted[0]);
      return { fiscalReceipt: inserted[0], errors: [], outcome: 'created' };
    }

    // The sale already has a receipt (committed by us earlier or by a concurrent upload that
    // just won the unique constraint). Lock it so a concurrent PENDING → REGISTERED is serialised.
    const existing = await m
      .getRepository(ReceiptEntity)
      .findOne({ where: { saleId }, lock: { mode: 'pessimistic_write' } });
    if (!existing) throw new Error(`Receipt of sale ${saleId} conflicted but cannot be read`);
    if (existing.status === 'REGISTERED') {
      if (sameRequisites(existing, input))
        return { fiscalReceipt: existing, errors: [], outcome: 'duplicate' };
      return {
        fiscalReceipt: existing,
        errors: [
          userError(
            'RECEIPT_ALREADY_RECORDED',
            'This sale already has a registered fiscal receipt with different requisites; it was not changed',
            ['input', 'saleId'],
          ),
        ],
        outcome: 'conflict',
      };
    }
    if (!canTransition(existing.status, 'REGISTERED')) {
      throw new Error(`Fiscal receipt ${existing.id} cannot move from ${existing.status} to REGISTERED`);
    }
    const updated: [ReceiptRow[], number] = await m.query(
      `UPDATE fiscal.receipt SET status = 'REGISTERED', terminal_id = $2, receipt_seq = $3, fiscal_sign = $4,
         fm_date_time = $5, qr_url = $6, registered_at = $7, error_code = NULL
       WHERE id = $1 RETURNING ${RETURNING}`,
      [
        existing.id,
        input.terminalId,
        input.receiptSeq,
        input.fiscalSign,
        input.dateTime,
        qrUrl,
        registeredAt,
      ],
    );
    const receipt = updated[0][0]!;
    await afterRegistered(ctx, m, tenantId, receipt);
    return { fiscalReceipt: receipt, errors: [], outcome: 'created' };
  });
}

function sameRequisites(stored: ReceiptRow, input: RecordFiscalReceiptInput): boolean {
  return (
    stored.terminalId === input.terminalId &&
    stored.receiptSeq === input.receiptSeq &&
    stored.fiscalSign === input.fiscalSign &&
    stored.fmDateTime === input.dateTime
  );
}

/** Side effects of a newly registered receipt, in its transaction: device health and the event. */
async function afterRegistered(ctx: RequestContext, m: EntityManager, tenantId: string, receipt: ReceiptRow) {
  await touchDevice(m, tenantId, receipt.terminalId!);
  await appendEvent(m, {
    tenantId,
    type: RECEIPT_REGISTERED,
    aggregateId: receipt.id,
    source: 'fiscal',
    payload: {
      receiptId: receipt.id,
      saleId: receipt.saleId,
      terminalId: receipt.terminalId,
      receiptSeq: receipt.receiptSeq,
      fiscalSign: receipt.fiscalSign,
      dateTime: receipt.fmDateTime,
      qrUrl: receipt.qrUrl,
      registeredAt: receipt.registeredAt?.toISOString() ?? null,
    },
  });
  ctx.log.info(
    { saleId: receipt.saleId, receiptId: receipt.id, terminalId: receipt.terminalId },
    'fiscal receipt registered',
  );
}

/** The receipt of a sale (null when none), batched per request across `_entities` and queries. */
export async function receiptForSale(ctx: RequestContext, saleId: string): Promise<ReceiptRow | null> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  const loader = ctx.loaders.get<string, ReceiptRow | null>('fiscal-receipt-by-sale', async (saleIds) => {
    const wanted = validUuids(saleIds);
    const rows = wanted.length
      ? await ctx.tx((m) => m.getRepository(ReceiptEntity).findBy({ saleId: In(wanted) }))
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
