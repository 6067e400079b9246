/**
 * {@link FiscalDriver} for E-POS Communicator: JSON-RPC 2.0 over HTTP to the local service that
 * owns the fiscal module (default `http://localhost:3448/rpc/api`).
 *
 * Three things the Communicator does not do for us, done here:
 *  - **Time.** The FM has no clock; every command carries `Time`, and each must be at least one
 *    second after the previous one. Commands that carry a time are queued one at a time and,
 *    when two fall into the same second, the next one waits for the following second instead of
 *    failing (`pace`). A clock that really went backwards still fails with `CLOCK_BACKWARDS`.
 *  - **Timeouts.** A request that gets no answer within `timeoutMs` fails with `TIMEOUT`, marked
 *    `uncertain`: the FM may still sign it, so the gateway must look before it registers again.
 *  - **Errors.** FM error names become stable {@link FiscalError} codes.
 */

import { formatEposTime, parseFiscalTime } from '@jowi/receipt';
import type { z } from 'zod';
import {
  type DeviceStatus,
  type FiscalDriver,
  FiscalError,
  type FiscalErrorCode,
  type FiscalReceipt,
  type ReceiptKind,
  type RefundReceipt,
  type ResendResult,
  resolveLine,
  type SaleReceipt,
  type ShiftReport,
} from './driver.ts';
import {
  EPOS_ERROR,
  EPOS_METHOD,
  type EposItem,
  type EposReceipt,
  type EposReceiptResult,
  type EposZReport,
  eposFindReceiptSchema,
  eposReceiptResultSchema,
  eposReceiptSchema,
  eposResendSchema,
  eposStatusSchema,
  eposUnsentSchema,
  eposZReportSchema,
  JSONRPC_CODE,
  jsonRpcResponseSchema,
} from './epos-protocol.ts';

/** Where E-POS Communicator listens by default. */
export const DEFAULT_EPOS_URL = 'http://localhost:3448/rpc/api';

/** How to reach and pace the Communicator. */
export interface EposDriverOptions {
  /** JSON-RPC endpoint; default {@link DEFAULT_EPOS_URL}. */
  url?: string;
  /** Per-request timeout; default 10 s (signing takes well under a second on a healthy FM). */
  timeoutMs?: number;
  /** Source of the `Time` sent with each command; inject a fake one in tests. */
  clock?: () => Date;
  /**
   * Wait for the next second instead of sending two commands in the same second (default true).
   * Turn off only to observe the FM's own 1-second rule.
   */
  pace?: boolean;
}

/** FM error name → stable code. Anything not listed is a `DEVICE_ERROR`. */
const ERROR_MAP: Record<string, FiscalErrorCode> = {
  [EPOS_ERROR.zReportNotOpen]: 'SHIFT_CLOSED',
  [EPOS_ERROR.zReportAlreadyOpen]: 'SHIFT_ALREADY_OPEN',
  [EPOS_ERROR.zReportEmpty]: 'SHIFT_EMPTY',
  [EPOS_ERROR.operationCountOverflow]: 'SHIFT_FULL',
  [EPOS_ERROR.zReportExpired]: 'SHIFT_EXPIRED',
  [EPOS_ERROR.zReportSpaceFull]: 'Z_LIMIT',
  [EPOS_ERROR.notEnoughCash]: 'REFUND_EXCEEDS_SHIFT',
  [EPOS_ERROR.notEnoughCard]: 'REFUND_EXCEEDS_SHIFT',
  [EPOS_ERROR.notEnoughVat]: 'REFUND_EXCEEDS_SHIFT',
  [EPOS_ERROR.receiptTimePast]: 'CLOCK_BACKWARDS',
  [EPOS_ERROR.openZReportTimePast]: 'CLOCK_BACKWARDS',
  [EPOS_ERROR.closeZReportTimePast]: 'CLOCK_BACKWARDS',
  [EPOS_ERROR.receiptMemoryFull]: 'MEMORY_FULL',
  [EPOS_ERROR.storeDaysLimit]: 'UNSENT_TOO_OLD',
  [EPOS_ERROR.locked]: 'FM_LOCKED',
  [EPOS_ERROR.fiscalDriveNotFound]: 'FM_OFFLINE',
  [EPOS_ERROR.paperOut]: 'PAPER_OUT',
  [EPOS_ERROR.coverOpen]: 'COVER_OPEN',
  [EPOS_ERROR.invalidReceipt]: 'INVALID_RECEIPT',
  [EPOS_ERROR.refundReceiptNotFound]: 'ORIGINAL_NOT_FOUND',
};

/** Maps a JSON-RPC error object to a {@link FiscalError}; the FM rejected, so nothing was signed. */
export function fiscalErrorFromRpc(error: { code: number; message: string; data?: unknown }): FiscalError {
  const detail =
    typeof error.data === 'object' && error.data !== null && 'detail' in error.data
      ? `${error.message}: ${String(error.data.detail)}`
      : error.message;
  const mapped = ERROR_MAP[error.message];
  if (mapped) return new FiscalError(mapped, detail);
  if (error.code === JSONRPC_CODE.invalidParams) return new FiscalError('INVALID_RECEIPT', detail);
  return new FiscalError('DEVICE_ERROR', `JSON-RPC ${error.code} ${detail}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function wireInt(value: bigint, field: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new FiscalError('INVALID_RECEIPT', `${field} out of range: ${value}`);
  }
  return Number(value);
}

/**
 * Builds the Communicator's receipt from the typed one, computing line prices and VAT where the
 * caller left them out, and refusing what the FM would refuse (total ≠ payments, names > 63…)
 * before anything reaches the device.
 */
export function toEposReceipt(
  receipt: SaleReceipt,
  time: Date,
  original?: RefundReceipt['original'],
): EposReceipt {
  let total = 0n;
  const items: EposItem[] = receipt.items.map((item, index) => {
    const at = `items[${index}]`;
    const { price, discount, amount, vat } = resolveLine(item);
    if (amount < 0n) throw new FiscalError('INVALID_RECEIPT', `${at}.discount exceeds the line price`);
    if (vat > amount) throw new FiscalError('INVALID_RECEIPT', `${at}.vat exceeds the line amount`);
    total += amount;
    return {
      Name: item.name,
      SPIC: item.spic,
      PackageCode: item.packageCode,
      ...(item.units === undefined ? {} : { Units: item.units }),
      ...(item.barcode === undefined ? {} : { Barcode: item.barcode }),
      Amount: wireInt(item.quantity, `${at}.quantity`),
      Price: wireInt(price, `${at}.price`),
      ProductPrice: wireInt(item.unitPrice, `${at}.unitPrice`),
      Discount: wireInt(discount, `${at}.discount`),
      VAT: wireInt(vat, `${at}.vat`),
      VATPercent: item.vatPercent as EposItem['VATPercent'],
      OwnerType: item.ownerType,
      ...(item.labels === undefined ? {} : { Labels: item.labels }),
    };
  });
  if (receipt.receivedCash + receipt.receivedCard !== total) {
    throw new FiscalError(
      'INVALID_RECEIPT',
      `payments ${receipt.receivedCash + receipt.receivedCard} ≠ receipt total ${total} tiyin`,
    );
  }
  const wire = {
    ExternalId: receipt.externalId,
    Time: formatEposTime(time),
    ReceivedCash: wireInt(receipt.receivedCash, 'receivedCash'),
    ReceivedCard: wireInt(receipt.receivedCard, 'receivedCard'),
    Items: items,
    ...(original
      ? {
          RefundInfo: {
            TerminalID: original.terminalId,
            ReceiptSeq: original.receiptSeq,
            DateTime: original.dateTime,
            FiscalSign: original.fiscalSign,
          },
        }
      : {}),
  };
  const parsed = eposReceiptSchema.safeParse(wire);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FiscalError('INVALID_RECEIPT', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The FM's answer for a signed receipt, as typed fiscal data. */
export function fromEposReceipt(result: EposReceiptResult): FiscalReceipt {
  return {
    kind: result.Type,
    externalId: result.ExternalId,
    terminalId: result.TerminalID,
    receiptSeq: result.ReceiptSeq,
    dateTime: result.DateTime,
    fiscalSign: result.FiscalSign,
    qrUrl: result.QRCodeURL,
    total: BigInt(result.Total),
    cash: BigInt(result.Cash),
    card: BigInt(result.Card),
    vat: BigInt(result.VAT),
    zNumber: result.ZReportNumber,
  };
}

function fromEposZReport(z: EposZReport): ShiftReport {
  return {
    zNumber: z.Number,
    open: z.Open,
    openedAt: z.OpenTime,
    closedAt: z.CloseTime,
    saleCount: z.SaleCount,
    refundCount: z.RefundCount,
    saleCash: BigInt(z.SaleCash),
    saleCard: BigInt(z.SaleCard),
    saleVat: BigInt(z.SaleVAT),
    refundCash: BigInt(z.RefundCash),
    refundCard: BigInt(z.RefundCard),
    refundVat: BigInt(z.RefundVAT),
    firstReceiptSeq: z.FirstReceiptSeq,
    lastReceiptSeq: z.LastReceiptSeq,
  };
}

/** Talks to E-POS Communicator (or the bundled simulator) over JSON-RPC 2.0. */
export class EposDriver implements FiscalDriver {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly pace: boolean;
  private nextId = 1;
  /** Commands that carry a time run one at a time, so their times are strictly increasing. */
  private timedQueue: Promise<unknown> = Promise.resolve();
  private lastTimedSecond: number | null = null;

  constructor(options: EposDriverOptions = {}) {
    this.url = options.url ?? DEFAULT_EPOS_URL;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
    this.pace = options.pace ?? true;
  }

  async status(): Promise<DeviceStatus> {
    const s = await this.call(EPOS_METHOD.status, {}, eposStatusSchema);
    return {
      terminalId: s.TerminalID,
      shiftOpen: s.ZReportOpen,
      zNumber: s.ZReportNumber,
      shiftOpenedAt: s.ZReportOpenTime,
      operationsInShift: s.OperationsInZReport,
      maxOperationsPerShift: s.MaxOperationsPerZReport,
      lastReceiptSeq: s.LastReceiptSeq,
      zReportsUsed: s.ZReportsUsed,
      zReportsCapacity: s.ZReportsCapacity,
      unsentCount: s.UnsentCount,
      unsentCapacity: s.ReceiptsCapacity,
      oldestUnsentAt: s.FirstUnacknowledgedReceiptTime,
      locked: s.Locked,
      lastOperationAt: s.LastOperationTime,
      printer: s.Printer ? { paperOut: s.Printer.PaperOut, coverOpen: s.Printer.CoverOpen } : null,
    };
  }

  openShift(): Promise<ShiftReport> {
    return this.timed(async (time) =>
      fromEposZReport(
        await this.call(EPOS_METHOD.openZReport, { Time: formatEposTime(time) }, eposZReportSchema),
      ),
    );
  }

  closeShift(): Promise<ShiftReport> {
    return this.timed(async (time) =>
      fromEposZReport(
        await this.call(EPOS_METHOD.closeZReport, { Time: formatEposTime(time) }, eposZReportSchema),
      ),
    );
  }

  async xReport(): Promise<ShiftReport> {
    return fromEposZReport(await this.call(EPOS_METHOD.getZReportInfo, { Number: 0 }, eposZReportSchema));
  }

  async registerSale(receipt: SaleReceipt): Promise<FiscalReceipt> {
    // Validate before queueing, so a bad receipt never waits for the clock.
    toEposReceipt(receipt, new Date());
    return this.timed(async (time) =>
      fromEposReceipt(
        await this.call(
          EPOS_METHOD.sendSaleReceipt,
          { Receipt: toEposReceipt(receipt, time) },
          eposReceiptResultSchema,
        ),
      ),
    );
  }

  async registerRefund(receipt: RefundReceipt): Promise<FiscalReceipt> {
    toEposReceipt(receipt, new Date(), receipt.original);
    return this.timed(async (time) =>
      fromEposReceipt(
        await this.call(
          EPOS_METHOD.sendRefundReceipt,
          { Receipt: toEposReceipt(receipt, time, receipt.original) },
          eposReceiptResultSchema,
        ),
      ),
    );
  }

  async unsentCount(): Promise<number> {
    return (await this.call(EPOS_METHOD.getUnsentCount, {}, eposUnsentSchema)).Count;
  }

  async resendUnsent(): Promise<ResendResult> {
    const result = await this.call(EPOS_METHOD.resendUnsent, {}, eposResendSchema);
    return { acknowledged: result.Acknowledged, remaining: result.Remaining };
  }

  async findReceipt(kind: ReceiptKind, externalId: string): Promise<FiscalReceipt | null> {
    const result = await this.call(
      EPOS_METHOD.findReceipt,
      { ExternalId: externalId, Type: kind },
      eposFindReceiptSchema,
    );
    return result.Found && result.Receipt ? fromEposReceipt(result.Receipt) : null;
  }

  /**
   * Runs a command that carries a `Time`, one at a time. With pacing on, a command that would
   * land in the same second as the previous one waits until the next second (at most ~1 s; a
   * clock that jumped back further is sent as is and the FM refuses it).
   */
  private timed<T>(run: (time: Date) => Promise<T>): Promise<T> {
    const task = this.timedQueue.then(async () => {
      if (this.pace && this.lastTimedSecond === null) {
        // First command since start: learn the FM's last operation time, so a restarted
        // gateway does not trip over the 1-second rule right away.
        const last = await this.status().then(
          (s) => (s.lastOperationAt ? parseFiscalTime(s.lastOperationAt) : null),
          () => null,
        );
        if (last) this.lastTimedSecond = Math.floor(last.getTime() / 1000);
      }
      let now = this.clock();
      if (this.pace && this.lastTimedSecond !== null) {
        const waitMs = (this.lastTimedSecond + 1) * 1000 - now.getTime();
        if (waitMs > 0 && waitMs <= 1000) {
          await sleep(waitMs + 5);
          now = this.clock();
        }
      }
      try {
        const result = await run(now);
        this.lastTimedSecond = Math.floor(now.getTime() / 1000);
        return result;
      } catch (error) {
        // The FM may have taken this time even though we got no answer.
        if (error instanceof FiscalError && error.uncertain) {
          this.lastTimedSecond = Math.floor(now.getTime() / 1000);
        }
        throw error;
      }
    });
    this.timedQueue = task.catch(() => undefined);
    return task;
  }

  /** One JSON-RPC call with a timeout; every failure becomes a {@link FiscalError}. */
  private async call<T>(method: string, params: unknown, schema: z.ZodType<T>): Promise<T> {
    const id = this.nextId++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let text: string;
    let status: number;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        throw new FiscalError('TIMEOUT', `${method} got no answer within ${this.timeoutMs} ms`, {
          uncertain: true,
          cause: error,
        });
      }
      // Refused or unresolvable: the request never reached the Communicator. Anything else
      // (a reset mid-request) might have reached the FM.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH';
      throw new FiscalError('FM_OFFLINE', `${method}: ${code ?? String(error)}`, {
        uncertain: !neverSent,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new FiscalError('DEVICE_ERROR', `${method}: HTTP ${status}, not JSON`, { uncertain: true });
    }
    const envelope = jsonRpcResponseSchema.safeParse(body);
    if (!envelope.success || envelope.data.id !== id) {
      throw new FiscalError('DEVICE_ERROR', `${method}: malformed JSON-RPC response`, { uncertain: true });
    }
    if (envelope.data.error) throw fiscalErrorFromRpc(envelope.data.error);
    const result = schema.safeParse(envelope.data.result);
    if (!result.success) {
      throw new FiscalError('DEVICE_ERROR', `${method}: unexpected result shape`, { uncertain: true });
    }
    return result.data;
  }
}
