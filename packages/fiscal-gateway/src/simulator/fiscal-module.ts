/**
 * A simulated fiscal module: the state machine behind the simulator's JSON-RPC endpoint.
 *
 * It enforces the FM rules the gateway must survive — a shift (Z report) must be open to sell,
 * an empty Z cannot be closed, at most N operations per Z, each command at least one second
 * after the previous, refunds bounded by the shift's cash/card/VAT, a bounded memory of receipts
 * the tax operator has not acknowledged plus a days limit on the oldest, a finite number of Z
 * reports per FM, a lock by the operator — and signs receipts deterministically.
 *
 * State is one JSON document written atomically (temp file, fsync, rename) after every change,
 * so a restarted simulator continues its receipt counter, keeps the open shift and the unsent
 * queue — like a real FM, whose memory survives a power cut.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fiscalQrUrl, formatCompactTime, parseFiscalTime } from '@jowi/receipt';
import { z } from 'zod';
import type { ReceiptKind } from '../driver.ts';
import {
  EPOS_ERROR,
  type EposReceipt,
  type EposReceiptResult,
  type EposStatus,
  type EposZReport,
  eposReceiptSchema,
} from '../epos-protocol.ts';

/** An FM refusal: `name` is the Communicator error name, sent as the JSON-RPC error message. */
export class FmError extends Error {
  constructor(
    readonly errorName: string,
    readonly detail?: string,
  ) {
    super(detail ? `${errorName}: ${detail}` : errorName);
  }
}

/** FM limits. Defaults are the real ones; tests shrink them to reach a limit quickly. */
export interface FiscalModuleLimits {
  /** Sales + refunds per Z report (default 9 999). */
  maxOperationsPerZ: number;
  /** Receipts not yet acknowledged by the tax operator (default 858). */
  maxUnsent: number;
  /** Age of the oldest unacknowledged receipt, in days, after which the FM refuses (default 1). */
  maxUnsentDays: number;
  /** Z reports an FM can hold over its life (default 832). */
  maxZReports: number;
  /** Hours a shift may stay open (default 24). */
  maxShiftHours: number;
  /** How many recent receipts the FM keeps for lookup by external id (default 10 000). */
  keepReceipts: number;
}

/** The real FM's limits. */
export const DEFAULT_LIMITS: FiscalModuleLimits = {
  maxOperationsPerZ: 9_999,
  maxUnsent: 858,
  maxUnsentDays: 1,
  maxZReports: 832,
  maxShiftHours: 24,
  keepReceipts: 10_000,
};

/** Injected faults. `locked` is FM state and survives a restart; the rest are transient. */
export interface SimulatorFaults {
  paperOut: boolean;
  coverOpen: boolean;
  /** The FM is unplugged: the Communicator answers, the FM does not. */
  offline: boolean;
  /** Force `ERROR_RECEIPT_MEMORY_FULL` whatever the unsent count. */
  memoryFull: boolean;
  locked: boolean;
  /** Delay before each command is processed (a slow FM or Communicator). */
  delayMs: number;
}

const money = z
  .string()
  .regex(/^\d+$/)
  .transform((value) => BigInt(value));

const zStateSchema = z.object({
  number: z.number().int(),
  openTime: z.string(),
  closeTime: z.string().nullable(),
  saleCount: z.number().int(),
  refundCount: z.number().int(),
  saleCash: money,
  saleCard: money,
  saleVat: money,
  refundCash: money,
  refundCard: money,
  refundVat: money,
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
});
type ZState = z.infer<typeof zStateSchema>;

const storedReceiptSchema = z.object({
  type: z.enum(['sale', 'refund']),
  externalId: z.string(),
  seq: z.number().int(),
  dateTime: z.string(),
  fiscalSign: z.string(),
  zNumber: z.number().int(),
  total: money,
  cash: money,
  card: money,
  vat: money,
});
type StoredReceipt = z.infer<typeof storedReceiptSchema>;

const stateSchema = z.object({
  version: z.literal(1),
  terminalId: z.string(),
  secret: z.string(),
  lastReceiptSeq: z.number().int(),
  zReportsUsed: z.number().int(),
  lastOperationTime: z.string().nullable(),
  locked: z.boolean(),
  current: zStateSchema.nullable(),
  closed: z.array(zStateSchema),
  unsent: z.array(z.object({ seq: z.number().int(), dateTime: z.string() })),
  receipts: z.array(storedReceiptSchema),
});
type FmState = z.infer<typeof stateSchema>;

/**
 * The fiscal sign: HMAC-SHA256 over terminal, receipt number, time and total with the FM's
 * secret, reduced to 12 decimal digits. Deterministic, so tests and auditors can recompute it.
 */
export function computeFiscalSign(
  secret: string,
  terminalId: string,
  receiptSeq: number,
  dateTime: string,
  total: bigint,
): string {
  const digest = createHmac('sha256', secret)
    .update(`${terminalId}|${receiptSeq}|${dateTime}|${total}`)
    .digest();
  return (digest.readBigUInt64BE(0) % 1_000_000_000_000n).toString().padStart(12, '0');
}

function toJson(state: FmState): string {
  return JSON.stringify(state, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2);
}

/** Writes `content` to `file` so that a crash leaves either the old or the new file, never half. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  try {
    const dir = openSync(dirname(file), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename is still atomic.
  }
}

const num = (value: bigint): number => Number(value);

/** Options of {@link SimulatedFiscalModule}. */
export interface FiscalModuleOptions {
  stateFile: string;
  terminalId: string;
  /** Per-FM signing secret; by default random on first start, then kept in the state file. */
  secret?: string;
  limits?: Partial<FiscalModuleLimits>;
  /** Used when a command carries no `Time`. */
  clock?: () => Date;
}

/** The FM state machine. Methods are synchronous; the server runs them one at a time. */
export class SimulatedFiscalModule {
  readonly limits: FiscalModuleLimits;
  readonly faults: SimulatorFaults = {
    paperOut: false,
    coverOpen: false,
    offline: false,
    memoryFull: false,
    locked: false,
    delayMs: 0,
  };
  private state: FmState;
  private readonly stateFile: string;
  private readonly clock: () => Date;

  constructor(options: FiscalModuleOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.stateFile = options.stateFile;
    this.clock = options.clock ?? (() => new Date());
    this.state = this.load(options);
    this.faults.locked = this.state.locked;
  }

  private load(options: FiscalModuleOptions): FmState {
    let text: string | null = null;
    try {
      text = readFileSync(options.stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) {
      const state = stateSchema.parse(JSON.parse(text));
      if (state.terminalId !== options.terminalId) {
        throw new Error(
          `State file ${options.stateFile} belongs to FM ${state.terminalId}, not ${options.terminalId}`,
        );
      }
      return state;
    }
    const fresh: FmState = {
      version: 1,
      terminalId: options.terminalId,
      secret: options.secret ?? randomBytes(32).toString('hex'),
      lastReceiptSeq: 0,
      zReportsUsed: 0,
      lastOperationTime: null,
      locked: false,
      current: null,
      closed: [],
      unsent: [],
      receipts: [],
    };
    writeFileAtomic(options.stateFile, toJson(fresh));
    return fresh;
  }

  /**
   * Persists the state. If the write fails the in-memory state is rolled back to the file's,
   * so the FM never answers with a receipt its memory does not hold.
   */
  private save(): void {
    this.state.locked = this.faults.locked;
    try {
      writeFileAtomic(this.stateFile, toJson(this.state));
    } catch (error) {
      this.state = stateSchema.parse(JSON.parse(readFileSync(this.stateFile, 'utf8')));
      throw error;
    }
  }

  /** The FM's signing secret (for tests that recompute a fiscal sign). */
  get secret(): string {
    return this.state.secret;
  }

  get terminalId(): string {
    return this.state.terminalId;
  }

  /** Applies a partial fault set; `locked` is persisted. */
  setFaults(faults: Partial<SimulatorFaults>): SimulatorFaults {
    Object.assign(this.faults, faults);
    if (faults.locked !== undefined) this.save();
    return { ...this.faults };
  }

  /** The tax operator acknowledges the oldest `count` unsent receipts (all by default). */
  acknowledge(count?: number): { acknowledged: number; remaining: number } {
    const n = Math.min(count ?? this.state.unsent.length, this.state.unsent.length);
    this.state.unsent.splice(0, n);
    this.save();
    return { acknowledged: n, remaining: this.state.unsent.length };
  }

  // --- JSON-RPC methods -------------------------------------------------------------------

  status(): EposStatus {
    this.requireOnline();
    const cur = this.state.current;
    return {
      TerminalID: this.state.terminalId,
      ZReportOpen: cur !== null,
      ZReportNumber: cur?.number ?? null,
      ZReportOpenTime: cur?.openTime ?? null,
      OperationsInZReport: cur ? cur.saleCount + cur.refundCount : 0,
      MaxOperationsPerZReport: this.limits.maxOperationsPerZ,
      LastReceiptSeq: this.state.lastReceiptSeq,
      ZReportsUsed: this.state.zReportsUsed,
      ZReportsCapacity: this.limits.maxZReports,
      UnsentCount: this.state.unsent.length,
      ReceiptsCapacity: this.limits.maxUnsent,
      FirstUnacknowledgedReceiptTime: this.state.unsent[0]?.dateTime ?? null,
      Locked: this.faults.locked,
      LastOperationTime: this.state.lastOperationTime,
      Printer: { PaperOut: this.faults.paperOut, CoverOpen: this.faults.coverOpen },
    };
  }

  openZReport(time: string | undefined): EposZReport {
    this.requireOnline();
    this.requireUnlocked();
    this.requirePrinter();
    if (this.state.current) throw new FmError(EPOS_ERROR.zReportAlreadyOpen);
    if (this.state.zReportsUsed >= this.limits.maxZReports) {
      throw new FmError(EPOS_ERROR.zReportSpaceFull, `${this.limits.maxZReports} Z reports used`);
    }
    const at = this.operationTime(time, EPOS_ERROR.openZReportTimePast);
    this.state.zReportsUsed += 1;
    this.state.current = {
      number: this.state.zReportsUsed,
      openTime: at,
      closeTime: null,
      saleCount: 0,
      refundCount: 0,
      saleCash: 0n,
      saleCard: 0n,
      saleVat: 0n,
      refundCash: 0n,
      refundCard: 0n,
      refundVat: 0n,
      firstSeq: null,
      lastSeq: null,
    };
    this.state.lastOperationTime = at;
    this.save();
    return this.zReport(this.state.current, false);
  }

  closeZReport(time: string | undefined): EposZReport {
    this.requireOnline();
    this.requireUnlocked();
    this.requirePrinter();
    const cur = this.state.current;
    if (!cur) throw new FmError(EPOS_ERROR.zReportNotOpen);
    if (cur.saleCount + cur.refundCount === 0) throw new FmError(EPOS_ERROR.zReportEmpty);
    const at = this.operationTime(time, EPOS_ERROR.closeZReportTimePast);
    cur.closeTime = at;
    this.state.closed.push(cur);
    if (this.state.closed.length > 50) this.state.closed.shift();
    this.state.current = null;
    this.state.lastOperationTime = at;
    this.save();
    return this.zReport(cur, false);
  }

  getZReportInfo(number: number): EposZReport {
    this.requireOnline();
    const cur = this.state.current;
    if (number === 0) {
      if (!cur) throw new FmError(EPOS_ERROR.zReportNotOpen);
      return this.zReport(cur, true);
    }
    const z = cur?.number === number ? cur : this.state.closed.find((c) => c.number === number);
    if (!z) throw new FmError(EPOS_ERROR.zReportNotFound, `Z ${number}`);
    return this.zReport(z, true);
  }

  sendReceipt(kind: ReceiptKind, params: unknown): EposReceiptResult {
    this.requireOnline();
    const parsed = z.object({ Receipt: eposReceiptSchema }).safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FmError(EPOS_ERROR.invalidReceipt, `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const receipt = parsed.data.Receipt;
    this.requireUnlocked();
    this.requirePrinter();
    const cur = this.state.current;
    if (!cur) throw new FmError(EPOS_ERROR.zReportNotOpen);
    const at = this.operationTime(receipt.Time, EPOS_ERROR.receiptTimePast);
    const atDate = parseFiscalTime(at) as Date;
    const opened = parseFiscalTime(cur.openTime) as Date;
    if (atDate.getTime() - opened.getTime() > this.limits.maxShiftHours * 3_600_000) {
      throw new FmError(EPOS_ERROR.zReportExpired, `shift open since ${cur.openTime}`);
    }
    if (cur.saleCount + cur.refundCount >= this.limits.maxOperationsPerZ) {
      throw new FmError(EPOS_ERROR.operationCountOverflow, `${this.limits.maxOperationsPerZ} per Z report`);
    }
    if (this.faults.memoryFull || this.state.unsent.length >= this.limits.maxUnsent) {
      throw new FmError(EPOS_ERROR.receiptMemoryFull, `${this.state.unsent.length} unsent receipts`);
    }
    const oldest = this.state.unsent[0];
    if (oldest) {
      const age = atDate.getTime() - (parseFiscalTime(oldest.dateTime) as Date).getTime();
      if (age > this.limits.maxUnsentDays * 86_400_000) {
        throw new FmError(EPOS_ERROR.storeDaysLimit, `oldest unsent receipt from ${oldest.dateTime}`);
      }
    }
    const totals = this.totals(receipt);
    if (kind === 'refund') this.checkRefund(receipt, cur, totals);

    const seq = this.state.lastReceiptSeq + 1;
    const fiscalSign = computeFiscalSign(this.state.secret, this.state.terminalId, seq, at, totals.total);
    const stored: StoredReceipt = {
      type: kind,
      externalId: receipt.ExternalId,
      seq,
      dateTime: at,
      fiscalSign,
      zNumber: cur.number,
      ...totals,
    };
    this.state.lastReceiptSeq = seq;
    this.state.lastOperationTime = at;
    this.state.receipts.push(stored);
    if (this.state.receipts.length > this.limits.keepReceipts) this.state.receipts.shift();
    this.state.unsent.push({ seq, dateTime: at });
    if (kind === 'sale') {
      cur.saleCount += 1;
      cur.saleCash += totals.cash;
      cur.saleCard += totals.card;
      cur.saleVat += totals.vat;
    } else {
      cur.refundCount += 1;
      cur.refundCash += totals.cash;
      cur.refundCard += totals.card;
      cur.refundVat += totals.vat;
    }
    cur.firstSeq ??= seq;
    cur.lastSeq = seq;
    this.save();
    return this.receiptResult(stored);
  }

  getUnsentCount(): { Count: number; FirstUnacknowledgedReceiptTime: string | null } {
    this.requireOnline();
    return {
      Count: this.state.unsent.length,
      FirstUnacknowledgedReceiptTime: this.state.unsent[0]?.dateTime ?? null,
    };
  }

  /** The Communicator sends the queue to the tax operator and feeds the acknowledgements back. */
  resendUnsent(): { Acknowledged: number; Remaining: number } {
    this.requireOnline();
    const { acknowledged, remaining } = this.acknowledge();
    return { Acknowledged: acknowledged, Remaining: remaining };
  }

  findReceipt(type: ReceiptKind, externalId: string): { Found: boolean; Receipt: EposReceiptResult | null } {
    this.requireOnline();
    for (let i = this.state.receipts.length - 1; i >= 0; i--) {
      const r = this.state.receipts[i];
      if (r && r.type === type && r.externalId === externalId) {
        return { Found: true, Receipt: this.receiptResult(r) };
      }
    }
    return { Found: false, Receipt: null };
  }

  /** Counters for tests and the control endpoint. */
  snapshot(): {
    terminalId: string;
    lastReceiptSeq: number;
    zReportsUsed: number;
    shiftOpen: boolean;
    zNumber: number | null;
    unsentCount: number;
    faults: SimulatorFaults;
  } {
    return {
      terminalId: this.state.terminalId,
      lastReceiptSeq: this.state.lastReceiptSeq,
      zReportsUsed: this.state.zReportsUsed,
      shiftOpen: this.state.current !== null,
      zNumber: this.state.current?.number ?? null,
      unsentCount: this.state.unsent.length,
      faults: { ...this.faults },
    };
  }

  // --- rules --------------------------------------------------------------------------------

  private requireOnline(): void {
    if (this.faults.offline) throw new FmError(EPOS_ERROR.fiscalDriveNotFound, 'fiscal module not connected');
  }

  private requireUnlocked(): void {
    if (this.faults.locked) throw new FmError(EPOS_ERROR.locked, 'fiscal module locked by the tax operator');
  }

  private requirePrinter(): void {
    if (this.faults.coverOpen) throw new FmError(EPOS_ERROR.coverOpen);
    if (this.faults.paperOut) throw new FmError(EPOS_ERROR.paperOut);
  }

  /**
   * The command's time as `yyyyMMddHHmmss`, refused unless at least one second after the last
   * operation (the FM has no clock, so its times only ever move forward).
   */
  private operationTime(time: string | undefined, pastError: string): string {
    const date = time === undefined ? this.clock() : parseFiscalTime(time);
    if (!date) throw new FmError(EPOS_ERROR.invalidReceipt, `bad Time ${time}`);
    const at = formatCompactTime(date);
    const last = this.state.lastOperationTime;
    if (last !== null && date.getTime() < (parseFiscalTime(last) as Date).getTime() + 1000) {
      throw new FmError(pastError, `time ${at} is not 1 s after the last operation ${last}`);
    }
    return at;
  }

  private totals(receipt: EposReceipt): { total: bigint; cash: bigint; card: bigint; vat: bigint } {
    let total = 0n;
    let vat = 0n;
    for (const item of receipt.Items) {
      const amount = BigInt(item.Price) - BigInt(item.Discount);
      if (amount < 0n) throw new FmError(EPOS_ERROR.invalidReceipt, `discount above price on ${item.Name}`);
      if (BigInt(item.VAT) > amount)
        throw new FmError(EPOS_ERROR.invalidReceipt, `VAT above amount on ${item.Name}`);
      total += amount;
      vat += BigInt(item.VAT);
    }
    const cash = BigInt(receipt.ReceivedCash);
    const card = BigInt(receipt.ReceivedCard);
    if (cash + card !== total) {
      throw new FmError(EPOS_ERROR.invalidReceipt, `payments ${cash + card} ≠ total ${total}`);
    }
    return { total, cash, card, vat };
  }

  private checkRefund(
    receipt: EposReceipt,
    cur: ZState,
    totals: { cash: bigint; card: bigint; vat: bigint },
  ): void {
    const info = receipt.RefundInfo;
    if (!info) throw new FmError(EPOS_ERROR.invalidReceipt, 'a refund needs RefundInfo of the original sale');
    if (info.TerminalID === this.state.terminalId) {
      if (info.ReceiptSeq > this.state.lastReceiptSeq) {
        throw new FmError(EPOS_ERROR.refundReceiptNotFound, `no receipt ${info.ReceiptSeq} yet`);
      }
      const original = this.state.receipts.find((r) => r.seq === info.ReceiptSeq);
      if (original && (original.type !== 'sale' || original.fiscalSign !== info.FiscalSign)) {
        throw new FmError(EPOS_ERROR.refundReceiptNotFound, `receipt ${info.ReceiptSeq} does not match`);
      }
    }
    if (totals.cash > cur.saleCash - cur.refundCash) {
      throw new FmError(EPOS_ERROR.notEnoughCash, `${cur.saleCash - cur.refundCash} tiyin cash in the shift`);
    }
    if (totals.card > cur.saleCard - cur.refundCard) {
      throw new FmError(EPOS_ERROR.notEnoughCard, `${cur.saleCard - cur.refundCard} tiyin card in the shift`);
    }
    if (totals.vat > cur.saleVat - cur.refundVat) {
      throw new FmError(EPOS_ERROR.notEnoughVat, `${cur.saleVat - cur.refundVat} tiyin VAT in the shift`);
    }
  }

  private receiptResult(r: StoredReceipt): EposReceiptResult {
    return {
      Type: r.type,
      ExternalId: r.externalId,
      TerminalID: this.state.terminalId,
      ReceiptSeq: r.seq,
      DateTime: r.dateTime,
      FiscalSign: r.fiscalSign,
      QRCodeURL: fiscalQrUrl({
        terminalId: this.state.terminalId,
        receiptSeq: r.seq,
        dateTime: r.dateTime,
        fiscalSign: r.fiscalSign,
      }),
      ZReportNumber: r.zNumber,
      Total: num(r.total),
      Cash: num(r.cash),
      Card: num(r.card),
      VAT: num(r.vat),
    };
  }

  private zReport(z: ZState, withReceipts: boolean): EposZReport {
    return {
      Number: z.number,
      Open: z.closeTime === null,
      OpenTime: z.openTime,
      CloseTime: z.closeTime,
      SaleCount: z.saleCount,
      RefundCount: z.refundCount,
      SaleCash: num(z.saleCash),
      SaleCard: num(z.saleCard),
      SaleVAT: num(z.saleVat),
      RefundCash: num(z.refundCash),
      RefundCard: num(z.refundCard),
      RefundVAT: num(z.refundVat),
      FirstReceiptSeq: z.firstSeq,
      LastReceiptSeq: z.lastSeq,
      ...(withReceipts
        ? {
            Receipts: this.state.receipts
              .filter((r) => r.zNumber === z.number)
              .map((r) => this.receiptResult(r)),
          }
        : {}),
    };
  }
}
