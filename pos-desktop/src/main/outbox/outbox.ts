/**
 * The outbox: every sale, refund and shift event this till decided, in the order it decided
 * them, kept in SQLite until the server has acknowledged it.
 *
 * An entry's life:
 *
 *   held ──(fiscalised)──► pending ──(CREATED / DUPLICATE)──► done
 *                            │  ▲
 *        (CONFLICT/REJECTED) │  │ (supervisor: retry)
 *                            ▼  │
 *                           parked ──(supervisor: discard)──► discarded
 *
 * `held` is a sale recorded but not yet signed by the local fiscal module: it is durable (the
 * cashier can finish it after a crash) but never uploaded unsigned. Network trouble, 5xx and
 * retryable per-item errors leave an entry `pending` (with `attempts` counted); only what the
 * server answered for that very entry moves it. Nothing is ever deleted: `done` and `discarded`
 * rows are the till's history.
 *
 * All methods are synchronous statements on the store; callers that must write several things
 * atomically (a sale and its receipt row, a batch of results) wrap them in `store.transaction`.
 */
import type { DocumentState, OutboxDepth } from '../../shared/pos-types.ts';
import type { Store } from '../store/database.ts';
import {
  COMMANDS,
  type CommandName,
  type CommandPayloads,
  isCommandName,
  type SyncSection,
} from './commands.ts';

/** One outbox row, payload parsed. */
export interface OutboxEntry<C extends CommandName = CommandName> {
  seq: number;
  id: string;
  command: C;
  terminalId: string;
  payload: CommandPayloads[C];
  deviceTime: string;
  state: DocumentState;
  attempts: number;
  resultStatus: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
  syncedAt: string | null;
}

interface Row {
  seq: number;
  id: string;
  command: string;
  terminal_id: string;
  payload: string;
  device_time: string;
  state: DocumentState;
  attempts: number;
  result_status: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  synced_at: string | null;
}

function toEntry(row: Row): OutboxEntry {
  if (!isCommandName(row.command)) throw new Error(`outbox entry ${row.seq}: unknown command ${row.command}`);
  return {
    seq: row.seq,
    id: row.id,
    command: row.command,
    terminalId: row.terminal_id,
    payload: JSON.parse(row.payload) as CommandPayloads[CommandName],
    deviceTime: row.device_time,
    state: row.state,
    attempts: row.attempts,
    resultStatus: row.result_status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    syncedAt: row.synced_at,
  };
}

/** What {@link Outbox.enqueue} needs besides the payload. */
export interface EnqueueOptions {
  /** The document's client UUID (v7). */
  id: string;
  terminalId: string;
  deviceTime: string;
  /** `held` for a sale awaiting its fiscal signature; default `pending`. */
  state?: 'held' | 'pending';
}

export class Outbox {
  constructor(
    private readonly db: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Appends a command; returns the entry with its sequence number. */
  enqueue<C extends CommandName>(
    command: C,
    payload: CommandPayloads[C],
    options: EnqueueOptions,
  ): OutboxEntry<C> {
    const at = this.stamp();
    const row = this.db
      .prepare<unknown[], Row>(
        `INSERT INTO outbox (id, command, terminal_id, payload, device_time, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        options.id,
        command,
        options.terminalId,
        JSON.stringify(payload),
        options.deviceTime,
        options.state ?? 'pending',
        at,
        at,
      );
    return toEntry(row!) as OutboxEntry<C>;
  }

  get(id: string): OutboxEntry | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?').get(id);
    return row ? toEntry(row) : null;
  }

  /** Entries in `state`, oldest first. */
  list(state: DocumentState, limit = 1000): OutboxEntry[] {
    return this.db
      .prepare<[string, number], Row>('SELECT * FROM outbox WHERE state = ? ORDER BY seq LIMIT ?')
      .all(state, limit)
      .map(toEntry);
  }

  /** Entries of one command, newest first. */
  listCommand(command: CommandName, limit: number): OutboxEntry[] {
    return this.db
      .prepare<[string, number], Row>('SELECT * FROM outbox WHERE command = ? ORDER BY seq DESC LIMIT ?')
      .all(command, limit)
      .map(toEntry);
  }

  /**
   * The refunds of `saleIds` this till recorded, oldest first, except discarded ones (a supervisor
   * gave them up: the server never took them back).
   */
  refundsOf(saleIds: readonly string[]): OutboxEntry<'recordRefund.v1'>[] {
    if (saleIds.length === 0) return [];
    return this.db
      .prepare<string[], Row>(
        `SELECT * FROM outbox WHERE command = 'recordRefund.v1' AND state <> 'discarded'
           AND json_extract(payload, '$.saleId') IN (${saleIds.map(() => '?').join(', ')}) ORDER BY seq`,
      )
      .all(...saleIds)
      .map(toEntry) as OutboxEntry<'recordRefund.v1'>[];
  }

  /**
   * The next upload: pending entries in sequence order, stopping at the first that would exceed
   * its section's limit or `maxEntries` — so a batch is always a prefix of the queue and a refund
   * never travels before the sale it refunds. Commands the server cannot take yet are skipped.
   */
  nextBatch(limits: Record<SyncSection, number>, maxEntries: number): OutboxEntry[] {
    const counts: Record<SyncSection, number> = { sales: 0, shiftEvents: 0, refunds: 0, customers: 0 };
    const batch: OutboxEntry[] = [];
    const rows = this.db
      .prepare<[], Row>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq")
      .iterate();
    for (const row of rows) {
      const entry = toEntry(row);
      const section = COMMANDS[entry.command].section;
      if (!section) continue;
      if (counts[section] >= limits[section] || batch.length >= maxEntries) break;
      counts[section] += 1;
      batch.push(entry);
    }
    return batch;
  }

  private setState(
    id: string,
    state: DocumentState,
    fields: { resultStatus?: string | null; code?: string | null; message?: string | null; synced?: boolean },
    onlyFrom: DocumentState[],
  ): boolean {
    const at = this.stamp();
    const placeholders = onlyFrom.map(() => '?').join(', ');
    const result = this.db
      .prepare(
        `UPDATE outbox SET state = ?, result_status = COALESCE(?, result_status), error_code = ?,
           error_message = ?, updated_at = ?, synced_at = CASE WHEN ? THEN ? ELSE synced_at END
         WHERE id = ? AND state IN (${placeholders})`,
      )
      .run(
        state,
        fields.resultStatus ?? null,
        fields.code ?? null,
        fields.message ?? null,
        at,
        fields.synced ? 1 : 0,
        at,
        id,
        ...onlyFrom,
      );
    return result.changes === 1;
  }

  /** The server stored it (CREATED), already had it (DUPLICATE), or linked a customer to one on file (LINKED). */
  markDone(id: string, status: 'CREATED' | 'DUPLICATE' | 'LINKED'): boolean {
    return this.setState(id, 'done', { resultStatus: status, synced: true }, ['pending']);
  }

  /** A retryable per-item failure: stays pending, one more attempt counted. */
  markRetry(id: string, code: string, message: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, error_code = ?, error_message = ?, updated_at = ?
         WHERE id = ? AND state = 'pending'`,
      )
      .run(code, message, this.stamp(), id);
  }

  /** Needs attention: the server refused it, or holds other content under its id. */
  park(id: string, status: 'CONFLICT' | 'REJECTED' | 'RETRY_LIMIT', code: string, message: string): boolean {
    return this.setState(id, 'parked', { resultStatus: status, code, message }, ['pending']);
  }

  /** A held sale is signed: it may upload now. */
  release(id: string): boolean {
    return this.setState(id, 'pending', {}, ['held']);
  }

  /** Supervisor: send a parked entry again. */
  retryParked(id: string): boolean {
    return this.setState(id, 'pending', {}, ['parked']);
  }

  /** Supervisor: give up on a parked entry. */
  discard(id: string): boolean {
    return this.setState(id, 'discarded', {}, ['parked']);
  }

  /** Replaces the payload of an entry that has not been sent (a held sale gets its fiscal requisites). */
  updatePayload<C extends CommandName>(id: string, payload: CommandPayloads[C]): boolean {
    const result = this.db
      .prepare("UPDATE outbox SET payload = ?, updated_at = ? WHERE id = ? AND state = 'held'")
      .run(JSON.stringify(payload), this.stamp(), id);
    return result.changes === 1;
  }

  /** Entry counts by state, and the last sequence number used. */
  depth(): OutboxDepth {
    const depth: OutboxDepth = { held: 0, pending: 0, done: 0, parked: 0, discarded: 0, lastSeq: 0 };
    const rows = this.db
      .prepare<[], { state: DocumentState; n: number }>(
        'SELECT state, count(*) AS n FROM outbox GROUP BY state',
      )
      .all();
    for (const row of rows) depth[row.state] = row.n;
    const last = this.db
      .prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
      .get();
    depth.lastSeq = last?.seq ?? 0;
    return depth;
  }

  /** Counts of the states still in play, through the state index (cheap however long the history). */
  openCounts(): { held: number; pending: number; parked: number } {
    const counts = { held: 0, pending: 0, parked: 0 };
    const rows = this.db
      .prepare<[], { state: 'held' | 'pending' | 'parked'; n: number }>(
        "SELECT state, count(*) AS n FROM outbox WHERE state IN ('held', 'pending', 'parked') GROUP BY state",
      )
      .all();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** Device time of the oldest entry not uploaded yet (held or pending). */
  oldestOpenDeviceTime(): string | null {
    const row = this.db
      .prepare<[], { t: string | null }>(
        "SELECT min(device_time) AS t FROM outbox WHERE state IN ('held', 'pending')",
      )
      .get();
    return row?.t ?? null;
  }
}
