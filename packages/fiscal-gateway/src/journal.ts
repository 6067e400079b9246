/**
 * The gateway's durable idempotency journal: one entry per (kind, sale id).
 *
 * A fiscal receipt must never be signed twice for one sale — a duplicate is a real tax record
 * the shop pays VAT on — and never lost. So before the gateway calls the FM it writes `pending`
 * (with the request), after the FM answers it writes `done` (with the fiscal data), and when
 * the FM definitely refused it writes `failed`. On a retry:
 *  - `done` → the stored fiscal data is returned, the FM is not called;
 *  - `pending` → the previous attempt may or may not have been signed (crash after the FM
 *    answered, timeout): the gateway asks the FM for the receipt by its external id first and
 *    registers only if the FM has none;
 *  - `failed` or none → register.
 *
 * Storage is an append-only JSON-lines file, each record fsynced before the call that depends
 * on it goes ahead; the last record per key wins when the file is read back. A torn last line
 * (power cut mid-write) is cut off on open. One process owns a journal file at a time.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FiscalErrorCode, FiscalReceipt, ReceiptKind } from './driver.ts';

/** Fiscal data as stored in the journal and sent over HTTP: money as integer-tiyin strings. */
export const fiscalRecordSchema = z.object({
  kind: z.enum(['sale', 'refund']),
  externalId: z.string(),
  terminalId: z.string(),
  receiptSeq: z.number().int(),
  dateTime: z.string(),
  fiscalSign: z.string(),
  qrUrl: z.string(),
  total: z.string().regex(/^\d+$/),
  cash: z.string().regex(/^\d+$/),
  card: z.string().regex(/^\d+$/),
  vat: z.string().regex(/^\d+$/),
  zNumber: z.number().int(),
});
/** {@link FiscalReceipt} in JSON form. */
export type FiscalRecord = z.infer<typeof fiscalRecordSchema>;

/** FiscalReceipt → JSON-safe record. */
export function toFiscalRecord(r: FiscalReceipt): FiscalRecord {
  return {
    kind: r.kind,
    externalId: r.externalId,
    terminalId: r.terminalId,
    receiptSeq: r.receiptSeq,
    dateTime: r.dateTime,
    fiscalSign: r.fiscalSign,
    qrUrl: r.qrUrl,
    total: r.total.toString(),
    cash: r.cash.toString(),
    card: r.card.toString(),
    vat: r.vat.toString(),
    zNumber: r.zNumber,
  };
}

/** JSON record → FiscalReceipt. */
export function fromFiscalRecord(r: FiscalRecord): FiscalReceipt {
  return {
    ...r,
    total: BigInt(r.total),
    cash: BigInt(r.cash),
    card: BigInt(r.card),
    vat: BigInt(r.vat),
  };
}

const lineSchema = z.discriminatedUnion('state', [
  z.object({
    v: z.literal(1),
    kind: z.enum(['sale', 'refund']),
    saleId: z.string(),
    state: z.literal('pending'),
    requestHash: z.string(),
    request: z.unknown(),
    at: z.string(),
  }),
  z.object({
    v: z.literal(1),
    kind: z.enum(['sale', 'refund']),
    saleId: z.string(),
    state: z.literal('done'),
    fiscal: fiscalRecordSchema,
    at: z.string(),
  }),
  z.object({
    v: z.literal(1),
    kind: z.enum(['sale', 'refund']),
    saleId: z.string(),
    state: z.literal('failed'),
    error: z.object({ code: z.string(), detail: z.string().optional() }),
    at: z.string(),
  }),
]);
type JournalLine = z.infer<typeof lineSchema>;

/** The current state of one key. */
export interface JournalEntry {
  kind: ReceiptKind;
  saleId: string;
  state: 'pending' | 'done' | 'failed';
  /** SHA-256 of the normalised request: the same key with other contents is a conflict. */
  requestHash: string;
  /** The request as received (JSON), kept to render the slip and to compare retries. */
  request: unknown;
  fiscal: FiscalRecord | null;
  error: { code: string; detail?: string } | null;
  updatedAt: string;
}

/** SHA-256 hex of a JSON value's text. The caller normalises the value first. */
export function hashRequest(json: unknown): string {
  return createHash('sha256').update(JSON.stringify(json)).digest('hex');
}

const keyOf = (kind: ReceiptKind, saleId: string) => `${kind}:${saleId}`;

/** An append-only, fsynced journal file. Open with {@link FiscalJournal.open}. */
export class FiscalJournal {
  private readonly entries = new Map<string, JournalEntry>();
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating if needed) and replays the journal file. */
  static async open(file: string, options: { now?: () => Date } = {}): Promise<FiscalJournal> {
    await mkdir(dirname(file), { recursive: true });
    let text = '';
    let existed = true;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      existed = false;
    }
    const complete = text.lastIndexOf('\n') + 1;
    if (complete < text.length) {
      // A torn record from a crash mid-write: it was never acknowledged, drop it.
      await truncate(file, Buffer.byteLength(text.slice(0, complete)));
      text = text.slice(0, complete);
    }
    const handle = await open(file, 'a');
    if (!existed) {
      await handle.sync();
      const dir = await open(dirname(file), 'r').catch(() => null);
      await dir?.sync().catch(() => undefined);
      await dir?.close();
    }
    const journal = new FiscalJournal(file, handle, options.now ?? (() => new Date()));
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        json = undefined;
      }
      // A complete but unreadable record is not a torn write: stop rather than guess, since a
      // lost `done` could mean signing a sale twice.
      const parsed = lineSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${file}:${index + 1}: unreadable journal record`);
      journal.apply(parsed.data);
    });
    return journal;
  }

  /** The entry for a key, if any. */
  get(kind: ReceiptKind, saleId: string): JournalEntry | undefined {
    return this.entries.get(keyOf(kind, saleId));
  }

  /** All entries, e.g. to list `pending` ones for a recovery sweep. */
  list(): JournalEntry[] {
    return [...this.entries.values()];
  }

  /** Records that the FM is about to be asked to sign this request. Durable when it resolves. */
  begin(kind: ReceiptKind, saleId: string, requestHash: string, request: unknown): Promise<void> {
    return this.append({ v: 1, kind, saleId, state: 'pending', requestHash, request, at: this.stamp() });
  }

  /** Records the FM's fiscal data for the key. Durable when it resolves. */
  complete(kind: ReceiptKind, saleId: string, fiscal: FiscalReceipt): Promise<void> {
    return this.append({
      v: 1,
      kind,
      saleId,
      state: 'done',
      fiscal: toFiscalRecord(fiscal),
      at: this.stamp(),
    });
  }

  /** Records that the FM refused the request, so nothing was signed and a retry may register. */
  fail(kind: ReceiptKind, saleId: string, code: FiscalErrorCode, detail?: string): Promise<void> {
    return this.append({
      v: 1,
      kind,
      saleId,
      state: 'failed',
      error: detail === undefined ? { code } : { code, detail },
      at: this.stamp(),
    });
  }

  /** Flushes pending writes and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes;
    await this.handle.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private apply(line: JournalLine): void {
    const key = keyOf(line.kind, line.saleId);
    const previous = this.entries.get(key);
    if (line.state === 'pending') {
      this.entries.set(key, {
        kind: line.kind,
        saleId: line.saleId,
        state: 'pending',
        requestHash: line.requestHash,
        request: line.request,
        fiscal: null,
        error: null,
        updatedAt: line.at,
      });
      return;
    }
    if (!previous) return; // a done/failed without its pending cannot be written by this code
    if (line.state === 'done') {
      this.entries.set(key, {
        ...previous,
        state: 'done',
        fiscal: line.fiscal,
        error: null,
        updatedAt: line.at,
      });
    } else {
      this.entries.set(key, { ...previous, state: 'failed', error: line.error, updatedAt: line.at });
    }
  }

  /** Appends one record and fsyncs; the in-memory view changes only once it is on disk. */
  private append(line: JournalLine): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const write = this.writes.then(async () => {
      await this.handle.write(`${JSON.stringify(line)}\n`);
      await this.handle.datasync();
      this.apply(line);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
