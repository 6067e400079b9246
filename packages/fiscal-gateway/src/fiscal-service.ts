/**
 * Fiscalizing a POS document exactly once.
 *
 * The POS retries: after a timeout, after a crash, from two windows at once. The FM signs
 * whatever it is sent. Between them sits this service, which makes "register receipt for sale
 * X" idempotent:
 *  - **single flight** — concurrent calls for the same key in this process share one attempt;
 *  - **journal** — `pending` is on disk before the FM is called, `done` with the fiscal data
 *    after; a retry of a `done` key returns the stored data without touching the FM;
 *  - **reconcile** — a `pending` key (crash between the FM's answer and the journal write, or a
 *    timeout) is looked up in the FM by its external id before anything is registered again.
 * The same key with different contents is refused with `IDEMPOTENCY_CONFLICT`.
 */
import {
  type DeviceStatus,
  type FiscalDriver,
  FiscalError,
  type FiscalReceipt,
  type FiscalReference,
  type ReceiptKind,
  type ResendResult,
  type SaleReceipt,
  type ShiftReport,
} from './driver.ts';
import { type FiscalJournal, fromFiscalRecord, hashRequest } from './journal.ts';
import {
  assertPrinterReady,
  buildSlip,
  type PrinterStatus,
  type ReceiptPrinter,
  renderSlipEscPos,
  renderSlipHtml,
  type SellerInfo,
} from './printer.ts';
import {
  type ReceiptRequest,
  receiptRequestSchema,
  receiptRequestToJson,
  toReceiptRequest,
} from './receipt-request.ts';

/** Test seams: code run at the points where a real process could die. */
export interface FiscalServiceHooks {
  /** Runs after the FM signed and before the journal records it. Throw to simulate a crash. */
  afterDeviceCall?: (receipt: FiscalReceipt) => void | Promise<void>;
}

/** Outcome of {@link FiscalService.fiscalize}. */
export interface FiscalizeResult {
  receipt: FiscalReceipt;
  /** True when this call did not make the FM sign (answer from the journal or a lookup). */
  replayed: boolean;
  /** Whether the slip was printed by this call. */
  printed: boolean;
  /** Why printing failed after the receipt was signed (the receipt itself is valid). */
  printError?: FiscalError;
}

/** What the service needs. */
export interface FiscalServiceOptions {
  driver: FiscalDriver;
  journal: FiscalJournal;
  printer?: ReceiptPrinter;
  seller?: SellerInfo;
  hooks?: FiscalServiceHooks;
}

/** Gateway status: the device, the printer and the journal's unfinished entries. */
export interface GatewayStatus {
  device: DeviceStatus | null;
  deviceError: FiscalError | null;
  printer: PrinterStatus | null;
  pendingReceipts: number;
}

/** The gateway's logic, independent of HTTP. */
export class FiscalService {
  private readonly inflight = new Map<string, { hash: string; promise: Promise<FiscalizeResult> }>();

  constructor(private readonly options: FiscalServiceOptions) {}

  /** Registers a sale or refund once per (kind, saleId), however often it is called. */
  fiscalize(request: ReceiptRequest): Promise<FiscalizeResult> {
    const key = `${request.kind}:${request.saleId}`;
    const normalized = receiptRequestToJson(request);
    const hash = hashRequest(normalized);
    const running = this.inflight.get(key);
    if (running) {
      if (running.hash !== hash) {
        return Promise.reject(
          new FiscalError('IDEMPOTENCY_CONFLICT', `${key} is being registered with other contents`),
        );
      }
      return running.promise.then((result) => ({ ...result, replayed: true, printed: false }));
    }
    const promise = this.run(request, normalized, hash).finally(() => this.inflight.delete(key));
    this.inflight.set(key, { hash, promise });
    return promise;
  }

  private async run(request: ReceiptRequest, normalized: unknown, hash: string): Promise<FiscalizeResult> {
    const { driver, journal } = this.options;
    const { kind, saleId } = request;
    const entry = journal.get(kind, saleId);
    if (entry && entry.state !== 'failed' && entry.requestHash !== hash) {
      throw new FiscalError('IDEMPOTENCY_CONFLICT', `${kind} ${saleId} was sent with other contents`);
    }
    if (entry?.state === 'done' && entry.fiscal) {
      return { receipt: fromFiscalRecord(entry.fiscal), replayed: true, printed: false };
    }
    if (entry?.state === 'pending') {
      // The last attempt may have been signed: ask the FM before registering again. If the FM
      // cannot answer, this fails and the entry stays pending — never a blind second receipt.
      const found = await driver.findReceipt(kind, saleId);
      if (found) {
        await journal.complete(kind, saleId, found);
        return { receipt: found, replayed: true, ...(await this.print(request, found)) };
      }
    }

    const original = kind === 'refund' ? this.originalOf(request) : undefined;
    if (this.options.printer) assertPrinterReady(await this.options.printer.status());
    if (entry?.state !== 'pending') await journal.begin(kind, saleId, hash, normalized);

    const receipt: SaleReceipt = {
      externalId: saleId,
      items: request.items,
      receivedCash: request.payments.cash,
      receivedCard: request.payments.card,
    };
    let signed: FiscalReceipt;
    try {
      signed = original
        ? await driver.registerRefund({ ...receipt, original })
        : await driver.registerSale(receipt);
    } catch (error) {
      // A definite refusal means nothing was signed: record it so a corrected retry may go
      // ahead. An uncertain outcome (timeout, lost connection) stays pending for reconciling.
      if (error instanceof FiscalError && !error.uncertain) {
        await journal.fail(kind, saleId, error.code, error.detail);
      }
      throw error;
    }
    await this.options.hooks?.afterDeviceCall?.(signed);
    await journal.complete(kind, saleId, signed);
    return { receipt: signed, replayed: false, ...(await this.print(request, signed)) };
  }

  /** The refunded sale's fiscal data: given in the request, or from this journal. */
  private originalOf(request: ReceiptRequest): FiscalReference {
    if (request.original) return request.original;
    const sale = request.originalSaleId
      ? this.options.journal.get('sale', request.originalSaleId)
      : undefined;
    if (!sale?.fiscal) {
      throw new FiscalError(
        'ORIGINAL_NOT_FOUND',
        `sale ${request.originalSaleId} has no fiscal receipt here`,
      );
    }
    return sale.fiscal;
  }

  /** Prints the slip; a failure here is reported, not thrown — the receipt is already valid. */
  private async print(
    request: ReceiptRequest,
    receipt: FiscalReceipt,
  ): Promise<{ printed: boolean; printError?: FiscalError }> {
    const { printer, seller } = this.options;
    if (!printer) return { printed: false };
    try {
      await printer.print(renderSlipEscPos(buildSlip(request.items, receipt, seller)));
      return { printed: true };
    } catch (error) {
      const printError =
        error instanceof FiscalError
          ? error
          : new FiscalError('DEVICE_ERROR', String(error), { cause: error });
      return { printed: false, printError };
    }
  }

  /** The stored request and fiscal data of a done key, or null. */
  lookup(kind: ReceiptKind, saleId: string): { request: ReceiptRequest; receipt: FiscalReceipt } | null {
    const entry = this.options.journal.get(kind, saleId);
    if (entry?.state !== 'done' || !entry.fiscal) return null;
    const parsed = receiptRequestSchema.safeParse(entry.request);
    if (!parsed.success) return null;
    return { request: toReceiptRequest(parsed.data), receipt: fromFiscalRecord(entry.fiscal) };
  }

  /** The slip of a fiscalized document as HTML, or null when there is none. */
  async slipHtml(kind: ReceiptKind, saleId: string): Promise<string | null> {
    const found = this.lookup(kind, saleId);
    if (!found) return null;
    return renderSlipHtml(buildSlip(found.request.items, found.receipt, this.options.seller));
  }

  openShift(): Promise<ShiftReport> {
    return this.options.driver.openShift();
  }

  closeShift(): Promise<ShiftReport> {
    return this.options.driver.closeShift();
  }

  xReport(): Promise<ShiftReport> {
    return this.options.driver.xReport();
  }

  resendUnsent(): Promise<ResendResult> {
    return this.options.driver.resendUnsent();
  }

  /** Device, printer and journal health. A device fault is reported, not thrown. */
  async status(): Promise<GatewayStatus> {
    let device: DeviceStatus | null = null;
    let deviceError: FiscalError | null = null;
    try {
      device = await this.options.driver.status();
    } catch (error) {
      if (!(error instanceof FiscalError)) throw error;
      deviceError = error;
    }
    return {
      device,
      deviceError,
      printer: this.options.printer ? await this.options.printer.status() : null,
      pendingReceipts: this.options.journal.list().filter((e) => e.state === 'pending').length,
    };
  }
}
