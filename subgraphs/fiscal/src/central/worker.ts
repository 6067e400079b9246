/**
 * The central fiscal worker: registers PENDING central receipts through their device's fiscal
 * gateway.
 *
 * One attempt (`processReceipt`):
 *  1. claim it in its tenant — still PENDING and CENTRAL? count the attempt (and lease it in
 *     `next_attempt_at`, for the no-Redis mode);
 *  2. build the gateway request from the stored one (a refund gets its sale receipt's fiscal
 *     requisites, and waits while that sale is not registered yet);
 *  3. `POST /receipts` — idempotent by (kind, document id) in the gateway's journal, so a worker
 *     killed after the call started and retried later gets the original fiscal data back and the
 *     FM signs once. A closed shift is opened (`SHIFT_CLOSED`), an expired or full one closed
 *     with its Z report and reopened (`SHIFT_EXPIRED`, `SHIFT_FULL`), then the receipt is sent
 *     again;
 *  4. record the outcome: REGISTERED with the requisites (and the `fiscal.receipt.registered`
 *     event); or the error — retryable ones stay PENDING for a retry with exponential backoff,
 *     refusals of the receipt's contents become FAILED, device conditions an operator must fix
 *     (`FM_LOCKED`, `MEMORY_FULL`, …) and exhausted retries become NEEDS_ATTENTION (dead letter)
 *     and flag the device;
 *  5. refresh the device's health from the gateway's `/status` (best effort).
 *
 * `startReceiptWorker` runs that for BullMQ jobs: a retryable outcome throws, so BullMQ retries
 * with its exponential backoff; everything else completes the job.
 */
import { inTenant, type Logger, newId, parseMoney } from '@jowi/server-kit';
import { Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { DeviceEntity, type DeviceRow } from '../entities/device.entity.ts';
import type { ReceiptRow } from '../entities/receipt.entity.ts';
import { markRegistered, RECEIPT_COLUMNS, registeredSideEffects } from '../services/receipt.service.ts';
import { appendStatusEvent } from '../services/receipt-state.ts';
import { RECEIPT_QUEUE, type ReceiptJob } from './dispatcher.ts';
import { FiscalGatewayClient, type GatewayShift, isGatewayCallError } from './gateway-client.ts';
import { parseStoredRequest, type ReceiptRequestBody } from './receipt-request.ts';

/** The FM refused the receipt's contents: retrying the same receipt cannot help. */
const RECEIPT_REFUSED = new Set([
  'INVALID_RECEIPT',
  'INVALID_REQUEST',
  'REFUND_EXCEEDS_SHIFT',
  'ORIGINAL_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'RECEIPT_NOT_FOUND',
  'REFUND_UNMAPPABLE',
]);
/** The device needs an operator (or the tax operator) before anything can be registered. */
const DEVICE_ATTENTION = new Set(['FM_LOCKED', 'MEMORY_FULL', 'UNSENT_TOO_OLD', 'Z_LIMIT', 'NO_DEVICE']);

/** Device `status` column for a failure code. */
const DEVICE_STATUS: Record<string, string> = {
  FM_LOCKED: 'LOCKED',
  PAPER_OUT: 'PAPER_OUT',
  COVER_OPEN: 'COVER_OPEN',
  FM_OFFLINE: 'OFFLINE',
  GATEWAY_UNREACHABLE: 'OFFLINE',
  TIMEOUT: 'OFFLINE',
  MEMORY_FULL: 'MEMORY_FULL',
  UNSENT_TOO_OLD: 'MEMORY_FULL',
};

export interface WorkerDeps {
  dataSource: DataSource;
  log: Logger;
  maxAttempts: number;
  backoffMs: number;
  gatewayTimeoutMs: number;
  /** How long an attempt holds the receipt in the no-Redis mode before the reconciler may retry it. */
  leaseMs: number;
}

export type ProcessOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'registered'; replayed: boolean; receiptSeq: number }
  | { kind: 'retry'; code: string; message: string; attempts: number }
  | { kind: 'failed' | 'needs-attention'; code: string; message: string };

/** Thrown for BullMQ to retry the job with backoff. */
export class RetryableFiscalError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RetryableFiscalError';
  }
}

interface Claimed {
  receipt: ReceiptRow;
  device: DeviceRow | null;
  saleReceipt: ReceiptRow | null;
}

const backoffDelay = (deps: WorkerDeps, attempts: number) =>
  Math.min(deps.backoffMs * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** One registration attempt of one receipt. Never throws for fiscal failures; returns the outcome. */
export async function processReceipt(deps: WorkerDeps, job: ReceiptJob): Promise<ProcessOutcome> {
  const { dataSource, log } = deps;
  const claimed = await inTenant(dataSource, job.tenantId, (m) => claim(m, job.receiptId, deps.leaseMs));
  if (!claimed) return { kind: 'skipped', reason: 'not a pending central receipt' };
  const { receipt, device } = claimed;
  const attemptLog = log.child({ receiptId: receipt.id, saleId: receipt.saleId, kind: receipt.kind });

  let body: ReceiptRequestBody;
  try {
    body = buildBody(claimed);
  } catch (error) {
    return settleFailure(deps, job.tenantId, claimed, asCallError(error), attemptLog);
  }
  if (!device?.gatewayUrl) {
    return settleFailure(
      deps,
      job.tenantId,
      claimed,
      { code: 'NO_DEVICE', message: 'No central fiscal device with a gateway URL serves this terminal' },
      attemptLog,
    );
  }
  const client = new FiscalGatewayClient(device.gatewayUrl, deps.gatewayTimeoutMs);
  try {
    const answer = await registerWithShift(deps, client, job.tenantId, device, body, attemptLog);
    const registered = await inTenant(dataSource, job.tenantId, async (m) => {
      const current = await lockReceipt(m, receipt.id);
      if (!current || current.status === 'REGISTERED') return false;
      const row = await markRegistered(m, current, {
        terminalId: answer.receipt.terminalId,
        receiptSeq: answer.receipt.receiptSeq,
        dateTime: answer.receipt.dateTime,
        fiscalSign: answer.receipt.fiscalSign,
      });
      await registeredSideEffects(m, job.tenantId, row, attemptLog);
      return true;
    });
    if (!registered) attemptLog.info('receipt was registered meanwhile');
    await refreshDeviceStatus(deps, job.tenantId, device, client);
    return { kind: 'registered', replayed: answer.replayed, receiptSeq: answer.receipt.receiptSeq };
  } catch (error) {
    const failure = asCallError(error);
    const outcome = await settleFailure(deps, job.tenantId, claimed, failure, attemptLog);
    await refreshDeviceStatus(deps, job.tenantId, device, client);
    return outcome;
  }
}

async function lockReceipt(m: EntityManager, id: string): Promise<ReceiptRow | null> {
  const rows: ReceiptRow[] = await m.query(
    `SELECT ${RECEIPT_COLUMNS} FROM fiscal.receipt WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

async function claim(m: EntityManager, receiptId: string, leaseMs: number): Promise<Claimed | null> {
  const rows: [ReceiptRow[], number] = await m.query(
    `UPDATE fiscal.receipt SET attempts = attempts + 1, updated_at = now(),
            next_attempt_at = now() + $2 * interval '1 millisecond'
      WHERE id = $1 AND status = 'PENDING' AND mode = 'CENTRAL'
      RETURNING ${RECEIPT_COLUMNS}`,
    [receiptId, leaseMs],
  );
  const receipt = rows[0][0];
  if (!receipt) return null;
  const device = receipt.deviceId
    ? await m.getRepository(DeviceEntity).findOneBy({ id: receipt.deviceId })
    : null;
  let saleReceipt: ReceiptRow | null = null;
  if (receipt.kind === 'REFUND') {
    const sale: ReceiptRow[] = await m.query(
      `SELECT ${RECEIPT_COLUMNS} FROM fiscal.receipt WHERE sale_id = $1 AND kind = 'SALE'`,
      [receipt.saleId],
    );
    saleReceipt = sale[0] ?? null;
  }
  return { receipt, device, saleReceipt };
}

interface Failure {
  code: string;
  message: string;
}

function asCallError(error: unknown): Failure {
  if (isGatewayCallError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return { code: error.code, message: error.message };
  }
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
}

class BodyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The gateway request: the stored one, and for a refund its sale receipt's requisites. */
function buildBody({ receipt, saleReceipt }: Claimed): ReceiptRequestBody {
  const stored = parseStoredRequest(receipt.request);
  if (!stored) throw new BodyError('INVALID_RECEIPT', 'The receipt has no usable request to send');
  const { lineNos: _lineNos, snapshots: _snapshots, ...body } = stored;
  if (receipt.kind !== 'REFUND') return body;
  if (
    saleReceipt?.status !== 'REGISTERED' ||
    !saleReceipt.terminalId ||
    !saleReceipt.receiptSeq ||
    !saleReceipt.fmDateTime ||
    !saleReceipt.fiscalSign
  ) {
    throw new BodyError(
      'ORIGINAL_NOT_REGISTERED',
      `The refunded sale's fiscal receipt is ${saleReceipt?.status ?? 'missing'}; the refund waits for it`,
    );
  }
  return {
    ...body,
    original: {
      terminalId: saleReceipt.terminalId,
      receiptSeq: saleReceipt.receiptSeq,
      dateTime: saleReceipt.fmDateTime,
      fiscalSign: saleReceipt.fiscalSign.trim(),
    },
  };
}

/** `POST /receipts`, opening / rotating the FM shift when the FM asks for it. */
async function registerWithShift(
  deps: WorkerDeps,
  client: FiscalGatewayClient,
  tenantId: string,
  device: DeviceRow,
  body: ReceiptRequestBody,
  log: Logger,
) {
  for (let round = 0; ; round++) {
    try {
      log.info({ deviceId: device.id, round }, 'sending the receipt to the fiscal gateway');
      return await client.registerReceipt(body);
    } catch (error) {
      if (!isGatewayCallError(error) || round >= 2) throw error;
      if (error.code === 'SHIFT_CLOSED') {
        await openShift(deps, client, tenantId, device, log);
      } else if (error.code === 'SHIFT_EXPIRED' || error.code === 'SHIFT_FULL') {
        log.info({ code: error.code }, 'closing the fiscal shift (Z report) and opening a new one');
        try {
          await recordShift(deps, tenantId, device, await client.closeShift());
        } catch (closeError) {
          if (!isGatewayCallError(closeError) || closeError.code !== 'SHIFT_CLOSED') throw closeError;
        }
        await openShift(deps, client, tenantId, device, log);
      } else {
        throw error;
      }
    }
  }
}

async function openShift(
  deps: WorkerDeps,
  client: FiscalGatewayClient,
  tenantId: string,
  device: DeviceRow,
  log: Logger,
): Promise<void> {
  try {
    const shift = await client.openShift();
    log.info({ zNumber: shift.zNumber }, 'fiscal shift opened');
    await recordShift(deps, tenantId, device, shift);
  } catch (error) {
    // Another job opened it a moment ago.
    if (!isGatewayCallError(error) || error.code !== 'SHIFT_ALREADY_OPEN') throw error;
  }
}

/** Upserts a shift as reported by the gateway (open, or closed with its Z totals). */
export async function recordShift(
  deps: Pick<WorkerDeps, 'dataSource'>,
  tenantId: string,
  device: Pick<DeviceRow, 'id'>,
  shift: GatewayShift,
): Promise<void> {
  const tiyin = (v: string) => parseMoney(v).toString();
  await inTenant(deps.dataSource, tenantId, (m) =>
    m.query(
      `INSERT INTO fiscal.shift (tenant_id, id, device_id, z_number, opened_at, closed_at, sale_count, refund_count,
         sale_cash, sale_card, sale_vat, refund_cash, refund_card, refund_vat)
       VALUES ($1, $14, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (tenant_id, device_id, z_number) DO UPDATE SET
         closed_at = EXCLUDED.closed_at, sale_count = EXCLUDED.sale_count, refund_count = EXCLUDED.refund_count,
         sale_cash = EXCLUDED.sale_cash, sale_card = EXCLUDED.sale_card, sale_vat = EXCLUDED.sale_vat,
         refund_cash = EXCLUDED.refund_cash, refund_card = EXCLUDED.refund_card, refund_vat = EXCLUDED.refund_vat,
         updated_at = now()`,
      [
        tenantId,
        device.id,
        shift.zNumber,
        shift.openedAt,
        shift.closedAt,
        shift.saleCount,
        shift.refundCount,
        tiyin(shift.saleCash),
        tiyin(shift.saleCard),
        tiyin(shift.saleVat),
        tiyin(shift.refundCash),
        tiyin(shift.refundCard),
        tiyin(shift.refundVat),
        newId(),
      ],
    ),
  );
}

/** Records a failed attempt and decides: retry later, FAILED, or NEEDS_ATTENTION. */
async function settleFailure(
  deps: WorkerDeps,
  tenantId: string,
  { receipt, device }: Claimed,
  failure: Failure,
  log: Logger,
): Promise<ProcessOutcome> {
  const refused = RECEIPT_REFUSED.has(failure.code);
  const exhausted = receipt.attempts >= deps.maxAttempts;
  const dead = DEVICE_ATTENTION.has(failure.code) || (!refused && exhausted);
  const status = refused ? 'FAILED' : dead ? 'NEEDS_ATTENTION' : 'PENDING';
  const nextAttempt = status === 'PENDING' ? backoffDelay(deps, receipt.attempts) : null;
  await inTenant(deps.dataSource, tenantId, async (m) => {
    const [settled]: [{ id: string }[], number] = await m.query(
      `UPDATE fiscal.receipt SET status = $2, error_code = $3, error_message = $4, updated_at = now(),
              next_attempt_at = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + $5::int * interval '1 millisecond' END
        WHERE id = $1 AND status = 'PENDING' RETURNING id`,
      [receipt.id, status, failure.code, failure.message.slice(0, 1000), nextAttempt],
    );
    // A retry later keeps the receipt PENDING: not a change of status, no event.
    if (settled[0] && status !== 'PENDING') await appendStatusEvent(m, tenantId, receipt.id);
    if (device) {
      await m.query(
        `UPDATE fiscal.device SET last_error_code = $2, status = coalesce($3, status),
                fm_locked = CASE WHEN $2 = 'FM_LOCKED' THEN true ELSE fm_locked END,
                paper_ok = CASE WHEN $2 = 'PAPER_OUT' THEN false ELSE paper_ok END,
                cover_open = CASE WHEN $2 = 'COVER_OPEN' THEN true ELSE cover_open END,
                attention_code = CASE WHEN $4 THEN $2 ELSE attention_code END
          WHERE id = $1`,
        [device.id, failure.code, DEVICE_STATUS[failure.code] ?? null, status === 'NEEDS_ATTENTION'],
      );
    }
  });
  if (status === 'PENDING') {
    log.warn(
      { code: failure.code, attempts: receipt.attempts, retryInMs: nextAttempt },
      'fiscal registration failed; will retry',
    );
    return { kind: 'retry', code: failure.code, message: failure.message, attempts: receipt.attempts };
  }
  log.error(
    { code: failure.code, attempts: receipt.attempts, status },
    'fiscal registration gave up; an operator must act',
  );
  return {
    kind: status === 'FAILED' ? 'failed' : 'needs-attention',
    code: failure.code,
    message: failure.message,
  };
}

/** Copies the gateway's `/status` onto the device row (best effort: a failure is only logged). */
export async function refreshDeviceStatus(
  deps: Pick<WorkerDeps, 'dataSource' | 'log'>,
  tenantId: string,
  device: Pick<DeviceRow, 'id'>,
  client: FiscalGatewayClient,
): Promise<void> {
  try {
    const status = await client.status();
    const d = status.device;
    await inTenant(deps.dataSource, tenantId, (m) =>
      d
        ? m.query(
            `UPDATE fiscal.device SET paper_ok = $2, cover_open = $3, fm_locked = $4, unsent_count = $5,
                    last_seen_at = now(), status_at = now(),
                    status = CASE WHEN $4 THEN 'LOCKED' WHEN NOT $2 THEN 'PAPER_OUT' WHEN $3 THEN 'COVER_OPEN'
                                  WHEN status = 'MEMORY_FULL' AND last_error_code IS NOT NULL THEN status
                                  ELSE 'OK' END
              WHERE id = $1`,
            [
              device.id,
              !(d.printer?.paperOut ?? false),
              d.printer?.coverOpen ?? false,
              d.locked,
              d.unsentCount,
            ],
          )
        : m.query(
            `UPDATE fiscal.device SET last_error_code = $2, status_at = now(),
                    status = CASE WHEN $2 = 'FM_OFFLINE' THEN 'OFFLINE' ELSE status END
              WHERE id = $1`,
            [device.id, status.deviceError?.code ?? 'DEVICE_ERROR'],
          ),
    );
  } catch (error) {
    deps.log.debug(
      { err: error instanceof Error ? error.message : String(error) },
      'device status not refreshed',
    );
  }
}

export interface ReceiptWorkerOptions extends WorkerDeps {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** The BullMQ worker: one `processReceipt` per job; a retryable outcome throws for BullMQ's backoff. */
export function startReceiptWorker(options: ReceiptWorkerOptions): Worker<ReceiptJob> {
  const worker = new Worker<ReceiptJob>(
    RECEIPT_QUEUE,
    async (job) => {
      const outcome = await processReceipt(options, job.data);
      if (outcome.kind === 'retry') throw new RetryableFiscalError(outcome.code, outcome.message);
      return outcome;
    },
    {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      // A job whose worker died goes back to wait once; again, and the reconciler takes over.
      maxStalledCount: 1,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    },
  );
  worker.on('error', (error) => options.log.warn({ err: error.message }, 'fiscal worker error'));
  return worker;
}
