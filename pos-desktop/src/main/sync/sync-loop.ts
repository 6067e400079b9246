/**
 * The sync loop: uploads the outbox to `syncSales` in the background, for as long as the host runs.
 *
 * A round takes the pending entries in sequence order as batches (sales, shift events and
 * refunds of a batch in one call, within the server's limits of 500 per list), applies each
 * answer in one SQLite transaction, and goes on until nothing is left to send. Each entry's
 * answer is classified (`classify.ts`): done, retry, or parked in needs attention — a parked or
 * retried entry never holds back the ones behind it.
 *
 * Between rounds the loop sleeps: the idle interval when all went well, otherwise an exponential
 * backoff with jitter (half the step fixed, half random, so a shop's tills that lost the internet
 * together do not come back in lock step). A new entry (`notify`) or `syncNow` ends the sleep.
 * Time and randomness are injected, so tests check the schedule without waiting for it.
 *
 * A call the server refuses as a whole (400: an entry the server cannot even parse) is split:
 * the round sends its entries one by one and parks the one that is refused alone.
 *
 * Terminal health: every call carries the till's outbox depth, parked count and app version, so
 * the back office sees them with each sync. The depth leaves out the call's own entries — the
 * server stores them in the same transaction — so when they all land the report is already
 * right. After a round the loop sends a light heartbeat (`reportTerminalHealth`) when the server's
 * figures are out of date (an entry was retried or parked, a new one came in) or none reached it
 * for the heartbeat interval. A round that failed (offline, signed out) sends none; with an empty
 * outbox the heartbeat is the only call, so it is also what notices the connection is back.
 * A heartbeat is followed by an empty `syncSales` (no health: it records nothing), so a till with
 * nothing to upload still hears, once per heartbeat, what every upload answer carries: the
 * server's catalog version and the staff disabled since (a disabled cashier is signed out then,
 * not at their next sale).
 */
import { posFailure } from '../../shared/pos-errors.ts';
import type { PosFailure, SyncStatus } from '../../shared/pos-types.ts';
import { COMMANDS, SYNC_LIMITS, type SyncSection } from '../outbox/commands.ts';
import type { Outbox, OutboxEntry } from '../outbox/outbox.ts';
import type { Store } from '../store/database.ts';
import { recordCustomerAnswer } from '../till/customers.ts';
import { classify, type Verdict } from './classify.ts';
import {
  type SyncBatchInput,
  type SyncBatchResult,
  type SyncItemResult,
  type SyncTransport,
  type TerminalHealthReport,
  TransportError,
} from './transport.ts';

/** Exponential backoff with equal jitter. */
export interface BackoffOptions {
  /** First step (default 1 s). */
  baseMs: number;
  /** Longest step (default 5 min). */
  maxMs: number;
}

/** The delay before attempt `failures + 1`: the step doubles per failure up to the cap; half of it is random. */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Sleeps `ms`, or less when `signal` aborts. Never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

export interface SyncLoopOptions {
  store: Store;
  outbox: Outbox;
  transport: SyncTransport;
  terminalId: string;
  /** Reported with the till's health (calls carry no health report without it). */
  appVersion?: string;
  /** A heartbeat is sent when no report reached the server for this long (default 60 s). */
  heartbeatMs?: number;
  /** Whether the host holds a server session (else rounds are skipped: nobody to upload as). */
  canSync?: () => boolean;
  limits?: Record<SyncSection, number>;
  /** Entries per call at most (default 200). */
  maxEntries?: number;
  backoff?: BackoffOptions;
  /** Sleep after a round with nothing left (default 15 s). */
  idleMs?: number;
  /** A retried entry is parked as RETRY_LIMIT after this many attempts (default 20). */
  maxItemAttempts?: number;
  random?: () => number;
  sleep?: Sleep;
  now?: () => Date;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Told the disabled staff ids of each answer (the session forgets their PIN verifiers). */
  onDisabledStaff?: (staffIds: readonly string[]) => void;
}

/** What one round did. */
export interface RoundOutcome {
  /** A call failed as a whole (network, 5xx, auth, batch error): back off. */
  failed: boolean;
  sent: number;
  done: number;
  retried: number;
  parked: number;
}

const SECTION_RESULTS = {
  sales: 'results',
  shiftEvents: 'shiftEventResults',
  refunds: 'refundResults',
  customers: 'customerResults',
} as const satisfies Record<SyncSection, keyof SyncBatchResult>;

export class SyncLoop {
  private readonly limits: Record<SyncSection, number>;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly sleep: Sleep;
  private readonly now: () => Date;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private wake = new AbortController();
  private running: Promise<void> | null = null;
  private round: Promise<RoundOutcome> | null = null;
  private stopped = false;
  private failures = 0;
  private retryRounds = 0;
  private online: boolean | null = null;
  private lastSyncAt: string | null = null;
  private lastAttemptAt: string | null = null;
  private nextAttemptAt: string | null = null;
  private lastError: PosFailure | null = null;
  private serverCatalogVersion: string | null = null;
  /** The health the server holds for this till, and when it got it. */
  private reported: { health: TerminalHealthReport; at: number } | null = null;
  /** Every delay the loop chose, newest last (bounded): for tests and support. */
  readonly delays: number[] = [];

  constructor(private readonly options: SyncLoopOptions) {
    this.limits = options.limits ?? SYNC_LIMITS;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 300_000 };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run();
  }

  /** Stops the loop after the current call. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.running;
    await this.round;
  }

  /** Something new is in the outbox, or the connection may be back: attempt now. */
  notify(): void {
    this.wake.abort();
    this.emit();
  }

  /** Runs one round now (joining one in progress) and returns the status after it. */
  async syncNow(): Promise<SyncStatus> {
    await this.syncOnce();
    return this.status();
  }

  /** Subscribes to status changes. */
  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SyncStatus {
    const counts = this.options.outbox.openCounts();
    return {
      online: this.online,
      pending: counts.pending + counts.held,
      held: counts.held,
      parked: counts.parked,
      lastSyncAt: this.lastSyncAt,
      lastAttemptAt: this.lastAttemptAt,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      oldestPendingAt: this.options.outbox.oldestOpenDeviceTime(),
      canSync: this.options.canSync?.() ?? true,
      serverCatalogVersion: this.serverCatalogVersion,
    };
  }

  /** Tells subscribers the current status. */
  emit(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.options.logger?.warn('sync: a status listener failed', error);
      }
    }
  }

  /** One round; concurrent callers share it. */
  syncOnce(): Promise<RoundOutcome> {
    this.round ??= this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.syncOnce();
      const delay = this.nextDelay(outcome);
      this.delays.push(delay);
      if (this.delays.length > 100) this.delays.shift();
      this.nextAttemptAt = new Date(this.now().getTime() + delay).toISOString();
      this.emit();
      if (this.stopped) break;
      this.wake = new AbortController();
      await this.sleep(delay, this.wake.signal);
    }
  }

  private nextDelay(outcome: RoundOutcome): number {
    if (outcome.failed) {
      this.failures += 1;
      return backoffDelay(this.failures, this.backoff, this.random);
    }
    this.failures = 0;
    if (outcome.retried > 0) {
      this.retryRounds += 1;
      return backoffDelay(this.retryRounds, this.backoff, this.random);
    }
    this.retryRounds = 0;
    return this.options.idleMs ?? 15_000;
  }

  private async runRound(): Promise<RoundOutcome> {
    const outcome: RoundOutcome = { failed: false, sent: 0, done: 0, retried: 0, parked: 0 };
    if (this.options.canSync && !this.options.canSync()) {
      this.lastError = posFailure('SYNC_SIGN_IN_NEEDED');
      return { ...outcome, failed: this.options.outbox.openCounts().pending > 0 };
    }
    const tried = new Set<string>();
    let maxEntries = this.options.maxEntries ?? 200;
    for (;;) {
      const batch = this.options.outbox
        .nextBatch(this.limits, maxEntries + tried.size)
        .filter((entry) => !tried.has(entry.id))
        .slice(0, maxEntries);
      if (batch.length === 0) break;
      for (const entry of batch) tried.add(entry.id);
      const step = await this.sendBatch(batch);
      if (step === 'split' && batch.length > 1) {
        for (const entry of batch) tried.delete(entry.id);
        maxEntries = 1;
        continue;
      }
      if (step === 'split') {
        const entry = batch[0]!;
        this.options.outbox.park(entry.id, 'REJECTED', 'REQUEST_REJECTED', this.lastError?.detail ?? '');
        this.lastError = null;
        outcome.parked += 1;
        maxEntries = this.options.maxEntries ?? 200;
        continue;
      }
      if (step === 'failed') {
        outcome.failed = true;
        break;
      }
      outcome.sent += batch.length;
      outcome.done += step.done;
      outcome.retried += step.retried;
      outcome.parked += step.parked;
      this.emit();
    }
    if (!outcome.failed && !this.lastError) this.lastSyncAt = this.now().toISOString();
    if (!outcome.failed) await this.heartbeatIfDue();
    return outcome;
  }

  /** The till's health now; `inFlight` entries are being sent with it, so they do not count as waiting. */
  private health(inFlight = 0): TerminalHealthReport | undefined {
    if (!this.options.appVersion) return undefined;
    const counts = this.options.outbox.openCounts();
    return {
      outboxDepth: Math.max(0, counts.pending + counts.held - inFlight),
      parkedCount: counts.parked,
      appVersion: this.options.appVersion,
    };
  }

  private heartbeatDue(health: TerminalHealthReport): boolean {
    if (!this.reported) return true;
    const { health: last, at } = this.reported;
    const changed = last.outboxDepth !== health.outboxDepth || last.parkedCount !== health.parkedCount;
    return changed || this.now().getTime() - at >= (this.options.heartbeatMs ?? 60_000);
  }

  /** Sends `reportTerminalHealth` when the server's figures are stale; a failure only marks the till offline. */
  private async heartbeatIfDue(): Promise<void> {
    const { transport, terminalId, canSync } = this.options;
    const health = this.health();
    if (!health || !transport.reportHealth || (canSync && !canSync())) return;
    if (!this.heartbeatDue(health)) return;
    try {
      await transport.reportHealth(terminalId, health);
      this.online = true;
      this.reported = { health, at: this.now().getTime() };
    } catch (error) {
      if (error instanceof TransportError && error.kind === 'network') this.online = false;
      this.options.logger?.warn('sync: the heartbeat was not recorded', error);
      return;
    }
    try {
      const answer = await transport.syncSales(this.toInput([], undefined));
      if (answer.errors.length === 0) this.hear(answer);
    } catch (error) {
      this.options.logger?.warn('sync: the empty upload after the heartbeat failed', error);
    }
  }

  /** Sends one batch and applies the answer; 'failed' / 'split' when there is no per-item answer. */
  private async sendBatch(
    batch: OutboxEntry[],
  ): Promise<'failed' | 'split' | { done: number; retried: number; parked: number }> {
    this.lastAttemptAt = this.now().toISOString();
    const health = this.health(batch.length);
    let answer: SyncBatchResult;
    try {
      answer = await this.options.transport.syncSales(this.toInput(batch, health));
    } catch (error) {
      return this.recordTransportFailure(error);
    }
    this.online = true;
    if (answer.errors.length > 0) {
      const code = answer.errors[0]!.code;
      this.lastError =
        code === 'INVALID_TERMINAL' || code === 'UNKNOWN_TERMINAL'
          ? posFailure(code, { detail: answer.errors[0]!.message })
          : posFailure('SERVER_ERROR', { detail: `${code}: ${answer.errors[0]!.message}` });
      return 'failed';
    }
    this.lastError = null;
    if (health) this.reported = { health, at: this.now().getTime() };
    this.hear(answer);
    return this.applyAnswer(batch, answer);
  }

  /** What every answer tells the till besides its entries' results. */
  private hear(answer: SyncBatchResult): void {
    if (answer.catalogVersion) this.serverCatalogVersion = answer.catalogVersion;
    if (answer.disabledStaffIds?.length) this.options.onDisabledStaff?.(answer.disabledStaffIds);
  }

  private recordTransportFailure(error: unknown): 'failed' | 'split' {
    if (!(error instanceof TransportError)) {
      this.options.logger?.error('sync: unexpected failure', error);
      this.lastError = posFailure('INTERNAL_ERROR', { detail: String(error) });
      return 'failed';
    }
    if (error.kind === 'invalid-request') {
      this.online = true;
      this.lastError = posFailure('SERVER_ERROR', { detail: error.message });
      return 'split';
    }
    this.online = error.kind === 'unauthenticated';
    this.lastError =
      error.kind === 'network'
        ? posFailure('SERVER_UNREACHABLE', { detail: error.message })
        : error.kind === 'unauthenticated'
          ? posFailure('SYNC_SIGN_IN_NEEDED', { detail: error.message })
          : posFailure('SERVER_ERROR', { detail: error.message });
    return 'failed';
  }

  private toInput(batch: OutboxEntry[], health: TerminalHealthReport | undefined): SyncBatchInput {
    const input: SyncBatchInput = {
      terminalId: this.options.terminalId,
      sales: [],
      shiftEvents: [],
      refunds: [],
      customers: [],
      ...(health ? { health } : {}),
    };
    for (const entry of batch) {
      const section = COMMANDS[entry.command].section;
      if (section) (input[section] as unknown[]).push(entry.payload);
    }
    return input;
  }

  /**
   * Classifies every answer and applies all of them in one transaction. Results come in input
   * order per list; they are matched by position (an OPEN and the CLOSE of one shift share an
   * id) and checked against the id sent.
   */
  private applyAnswer(batch: OutboxEntry[], answer: SyncBatchResult) {
    const { outbox, store } = this.options;
    const maxAttempts = this.options.maxItemAttempts ?? 20;
    const counts = { done: 0, retried: 0, parked: 0 };
    const position: Record<SyncSection, number> = { sales: 0, shiftEvents: 0, refunds: 0, customers: 0 };
    store.transaction(() => {
      for (const entry of batch) {
        const section = COMMANDS[entry.command].section!;
        const candidate = answer[SECTION_RESULTS[section]][position[section]++];
        const sentId = (entry.payload as { id: string }).id;
        const result: SyncItemResult | undefined = candidate?.id === sentId ? candidate : undefined;
        const verdict: Verdict = classify(entry, result, (id) => outbox.get(id)?.state ?? null);
        if (verdict.action === 'done') {
          outbox.markDone(entry.id, verdict.status);
          if (entry.command === 'registerCustomer.v1') recordCustomerAnswer(store, entry.id, result!);
          counts.done += 1;
        } else if (verdict.action === 'park') {
          outbox.park(entry.id, verdict.status, verdict.code, verdict.message);
          counts.parked += 1;
        } else if (entry.attempts + 1 >= maxAttempts) {
          outbox.park(entry.id, 'RETRY_LIMIT', verdict.code, verdict.message);
          counts.parked += 1;
        } else {
          outbox.markRetry(entry.id, verdict.code, verdict.message);
          counts.retried += 1;
        }
      }
    })();
    return counts;
  }
}
