/**
 * One consumer's steps (see consumer.ts for the whole story): register the cursor, apply a
 * batch, and the poison-event policy around it — isolate a failing batch, count each failed
 * attempt at the event after the cursor, back off, park it when due, apply operators' retries.
 * The loop that calls {@link ConsumerRunner.step} and sleeps between steps is consumer-loop.ts.
 */
import type { EntityManager } from 'typeorm';
import { type ConsumerMetrics, consumerMetrics } from './consumer-metrics.ts';
import {
  BatchHandlerError,
  type ConsumerBatchHandler,
  type ConsumerContext,
  type ConsumerOptions,
  type ConsumerStats,
  DEFAULT_MAX_ATTEMPTS,
} from './consumer-types.ts';
import { setTenant } from './db.ts';
import {
  type BatchResult,
  type ConsumerLag,
  completeBatch,
  consumeEvents,
  consumerLag,
  type EventBatch,
  EventHandlerError,
  type EventRow,
  isPermanentFailure,
  type LogPosition,
  lockCursor,
  positionAfter,
  publishEventsCommitted,
  readEventBatch,
  readEventsAhead,
  type StoredEvent,
  takeEventsAppended,
  toStoredEvent,
} from './events.ts';
import { createLogger, type Logger } from './logger.ts';
import { applyRetryRequest, errorMessage, recordFailure } from './parking.ts';
import { snapshotHolder } from './snapshot-holder.ts';

/** What one step of the runner did, and how long to wait before the next. */
export type Step =
  /** Events applied (or retries handled): go on at once. */
  | { kind: 'progress'; applied: number }
  /** A failure: go on after `waitMs` (0: at once, e.g. to isolate a failing batch). */
  | { kind: 'failed'; waitMs: number }
  | { kind: 'heldBack' }
  | { kind: 'locked' }
  | { kind: 'idle' };

/** A batch read ahead of the cursor (see `ConsumerRunner.readAhead`), and where it starts. */
interface ReadAhead {
  after: LogPosition;
  rows: EventRow[];
  ready: EventRow[];
}

/** The poison-event policy's state: which event fails, how many to isolate, the backoff. */
interface FailureState {
  /** After a handler failure: go one event at a time until this event is applied or parked. */
  failingEvent: bigint | null;
  /** After a batch handler failure: how many events still to apply one at a time. */
  isolating: number;
  backoffMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Log fields naming an event. */
const eventFields = (event: { id: bigint; type: string; tenantId: string }) => ({
  eventId: event.id.toString(),
  eventType: event.type,
  tenantId: event.tenantId,
});

const causeOf = (error: Error & { cause?: unknown }) => (error.cause instanceof Error ? error.cause : error);

/** The settings, counters and policy state of one consumer, and the steps that use them. */
export class ConsumerRunner {
  readonly name: string;
  readonly types: string[] | undefined;
  readonly batchSize: number;
  readonly pollMs: number;
  readonly maxAttempts: number;
  readonly log: Logger;
  readonly metrics: ConsumerMetrics | null;
  readonly stats: ConsumerStats = {
    batches: 0,
    applied: 0,
    locked: 0,
    heldBack: 0,
    failures: 0,
    parked: 0,
    retried: 0,
    retryFailures: 0,
    readAhead: 0,
  };
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly context: ConsumerContext;
  private readonly manager: EntityManager;
  private readonly failure: FailureState = { failingEvent: null, isolating: 0, backoffMs: 0 };
  /** The next batch, being read while the current one is applied (batch handlers only). */
  private ahead: Promise<ReadAhead | null> | null = null;
  private registered = false;
  private lastRetryCheck = 0;
  private readonly heldBackWarnMs: number;
  /** Since when every step found its events held back with nothing applied (null: not held back). */
  private heldBackSince: number | null = null;
  private lastHolderCheck = 0;
  /** The transaction last named as holding this consumer back (logged once each). */
  private reportedHolder: string | null = null;

  constructor(private readonly options: ConsumerOptions) {
    this.name = options.name;
    this.types = options.types ? [...options.types] : undefined;
    this.batchSize = options.batchSize ?? 100;
    this.pollMs = options.pollMs ?? (options.redis ? 5_000 : 1_000);
    this.initialBackoff = options.initialBackoffMs ?? 500;
    this.maxBackoff = options.maxBackoffMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.heldBackWarnMs = options.heldBackWarnMs ?? 10_000;
    this.log = (options.log ?? createLogger('consumer', 'silent')).child({ consumer: this.name });
    const registry = options.registry ?? null;
    this.metrics = registry ? consumerMetrics(registry) : null;
    this.context = { consumer: this.name, log: this.log, registry };
    this.manager = options.dataSource.manager;
  }

  /** Events behind, seconds behind and position of this consumer's cursor. */
  lag(): Promise<ConsumerLag> {
    return consumerLag(this.manager, this.name, this.types);
  }

  /** Makes the next step look for requested retries first (after a wake-up or a pause). */
  checkRetriesSoon(): void {
    this.lastRetryCheck = Math.min(this.lastRetryCheck, Date.now() - this.pollMs);
  }

  /** Records the types this consumer follows on its cursor row (for lag read by other services). */
  private async register(): Promise<void> {
    if (this.registered) return;
    const wanted = this.types ? [...this.types].sort() : null;
    const rows: { types: string[] | null }[] = await this.manager.query(
      'SELECT types FROM events.consumer_cursor WHERE consumer = $1',
      [this.name],
    );
    if (!rows[0] || JSON.stringify(rows[0].types) !== JSON.stringify(wanted)) {
      await this.manager.query(
        `INSERT INTO events.consumer_cursor (consumer, types) VALUES ($1, $2)
         ON CONFLICT (consumer) DO UPDATE SET types = EXCLUDED.types`,
        [this.name, wanted],
      );
    }
    this.registered = true;
  }

  /** Applies one event through whichever handler the consumer declared. */
  private applyOne = (tx: EntityManager, event: StoredEvent): Promise<void> =>
    this.options.handleBatch
      ? this.options.handleBatch(tx, [event], this.context)
      : this.options.handle!(tx, event, this.context);

  /**
   * One batch through `handleBatch`, in one transaction: one read (cursor lock and events), the
   * batch handler once per tenant with the tenant set, one cursor write, the commit. A full batch
   * first starts reading the next one ahead (see {@link readAhead}), so that PostgreSQL reads it
   * and this process parses it while the handler's statements run.
   */
  private async consumeBatched(handleBatch: ConsumerBatchHandler, limit: number): Promise<BatchResult> {
    const ahead = await this.takeReadAhead();
    try {
      return await this.manager.transaction(async (tx) => {
        const batch = await this.lockAndRead(tx, ahead, limit);
        if (batch.locked) {
          return { applied: 0, lastId: null, locked: true, heldBack: false, appendedEvents: false };
        }
        if (batch.ready.length === this.batchSize) this.readAhead(positionAfter(batch.ready)!);
        await this.applyBatch(
          tx,
          handleBatch,
          batch.ready.map((row) => toStoredEvent(row)),
        );
        return completeBatch(tx, this.name, batch, takeEventsAppended(tx));
      });
    } catch (error) {
      // Whatever was read ahead follows a cursor position that did not commit.
      this.ahead = null;
      throw error;
    }
  }

  /** The batch handler once per tenant of `events`, with the tenant set; failures pinpointed. */
  private async applyBatch(
    tx: EntityManager,
    handleBatch: ConsumerBatchHandler,
    events: StoredEvent[],
  ): Promise<void> {
    for (const [tenantId, group] of groupByTenant(events)) {
      await setTenant(tx, tenantId);
      try {
        await handleBatch(tx, group, this.context);
      } catch (error) {
        // One event: pinpointed already (and the first after the cursor). Several: isolate.
        if (events.length === 1) throw new EventHandlerError(group[0]!, error, true);
        throw new BatchHandlerError(events, tenantId, error);
      }
    }
  }

  /**
   * Starts reading the batch after `after` on another connection of the pool, while this batch's
   * transaction goes on. Only settled events are ever applied from it, and only if the cursor,
   * locked by the next batch, still stands at `after` ({@link lockAndRead}); a failed read is
   * simply not used.
   */
  private readAhead(after: LogPosition): void {
    const options = { consumer: this.name, types: this.types, batchSize: this.batchSize, after };
    this.ahead = readEventsAhead(this.manager, options).then(
      (read) => ({ after, ...read }),
      () => null,
    );
  }

  /** The batch read ahead, if any (waiting for its read to finish); forgets it. */
  private async takeReadAhead(): Promise<ReadAhead | null> {
    const ahead = this.ahead;
    this.ahead = null;
    return ahead ? await ahead : null;
  }

  /**
   * Locks the cursor and reads the batch after it: the batch read ahead when the cursor still
   * stands where that read started (nothing moved it since: no other process, no parking) and it
   * found settled events; otherwise one read of cursor and events, as without reading ahead.
   */
  private async lockAndRead(tx: EntityManager, ahead: ReadAhead | null, limit: number): Promise<EventBatch> {
    if (ahead && ahead.ready.length > 0 && limit === this.batchSize) {
      const cursor = await lockCursor(tx, this.name);
      if (!cursor) return { locked: true };
      if (cursor.position === ahead.after.position && cursor.txid === ahead.after.txid) {
        this.stats.readAhead++;
        return { locked: false, rows: ahead.rows, ready: ahead.ready };
      }
    }
    return readEventBatch(tx, { consumer: this.name, types: this.types, batchSize: limit });
  }

  /** Waits for a read ahead still under way (before the data source closes); forgets it. */
  async settle(): Promise<void> {
    await this.takeReadAhead();
  }

  /** One batch of up to `limit` events, without the poison policy (failures are thrown). */
  async runBatch(limit = this.batchSize): Promise<BatchResult> {
    await this.register();
    this.stats.batches++;
    const { handle, handleBatch } = this.options;
    const result = handleBatch
      ? await this.consumeBatched(handleBatch, limit)
      : await consumeEvents(
          this.manager,
          { consumer: this.name, types: this.types, batchSize: limit },
          (m, event) => handle!(m, event, this.context),
        );
    if (result.applied > 0) {
      this.stats.applied += result.applied;
      this.metrics?.applied.inc({ consumer: this.name }, result.applied);
    }
    if (result.locked) this.stats.locked++;
    if (result.heldBack) this.stats.heldBack++;
    if (result.appendedEvents) this.publishCommitted();
    return result;
  }

  private publishCommitted(): void {
    const publisher = typeof this.options.redis === 'object' ? this.options.redis : null;
    void publishEventsCommitted(publisher, this.options.dataSource, this.log);
  }

  private nextBackoff(): number {
    const { failure } = this;
    failure.backoffMs = Math.min(
      this.maxBackoff,
      failure.backoffMs === 0 ? this.initialBackoff : failure.backoffMs * 2,
    );
    this.metrics?.backoff.set({ consumer: this.name }, failure.backoffMs / 1000);
    return failure.backoffMs;
  }

  private resetBackoff(): void {
    if (this.failure.backoffMs === 0) return;
    this.failure.backoffMs = 0;
    this.metrics?.backoff.set({ consumer: this.name }, 0);
  }

  /** A failed batch of several events: apply them one at a time, at once. */
  private onBatchFailure(error: BatchHandlerError): Step {
    this.failure.isolating = error.events;
    this.log.warn(
      {
        firstEventId: error.firstEventId.toString(),
        lastEventId: error.lastEventId.toString(),
        events: error.events,
        tenantId: error.tenantId,
        err: causeOf(error),
      },
      'event batch failed; rolled back, applying its events one at a time',
    );
    return { kind: 'failed', waitMs: 0 };
  }

  /** A handler failed on one event: count the attempt if it is the one at the cursor; park it when due. */
  private async onEventFailure(error: EventHandlerError): Promise<Step> {
    this.metrics?.poison.inc({ consumer: this.name });
    this.failure.failingEvent = error.eventId;
    // Not the first after the cursor: the events before it go through one by one first.
    if (!error.atCursor) return { kind: 'failed', waitMs: 0 };
    const event = { id: error.eventId, tenantId: error.tenantId, type: error.eventType };
    const recorded = await recordFailure(this.manager, {
      consumer: this.name,
      types: this.types ?? null,
      event,
      error: errorMessage(error),
      permanent: isPermanentFailure(error),
      maxAttempts: this.maxAttempts,
    }).catch((recordError: unknown) => {
      this.log.error({ ...eventFields(event), err: recordError }, 'could not record the failed attempt');
      return null;
    });
    if (recorded?.outcome === 'parked') return this.parked(error, recorded.attempts);
    const waitMs = this.nextBackoff();
    this.log.error(
      {
        ...eventFields(event),
        attempts: recorded?.attempts ?? null,
        maxAttempts: this.maxAttempts,
        err: causeOf(error),
        retryInMs: waitMs,
      },
      'event handler failed; batch rolled back, retrying',
    );
    return { kind: 'failed', waitMs };
  }

  /** The failing event was parked and the cursor moved past it: back to full batches. */
  private parked(error: EventHandlerError, attempts: number): Step {
    this.stats.parked++;
    this.metrics?.parked.inc({ consumer: this.name });
    // Past it: the rest of an isolated batch goes back to full batches (another poison event
    // among them is isolated again).
    this.failure.failingEvent = null;
    this.failure.isolating = 0;
    this.resetBackoff();
    this.log.error(
      {
        ...eventFields({ id: error.eventId, tenantId: error.tenantId, type: error.eventType }),
        attempts,
        err: causeOf(error),
      },
      'event parked: the consumer moved past it (see parkedEvents; retryParkedEvents applies it later)',
    );
    return { kind: 'progress', applied: 0 };
  }

  /** What a failed step leads to, by the kind of failure. */
  onFailure = async (error: unknown): Promise<Step> => {
    this.stats.failures++;
    if (error instanceof BatchHandlerError) return this.onBatchFailure(error);
    if (error instanceof EventHandlerError) return this.onEventFailure(error);
    const waitMs = this.nextBackoff();
    this.log.error({ err: error, retryInMs: waitMs }, 'event batch failed; retrying');
    return { kind: 'failed', waitMs };
  };

  /** Applies the retries operators requested for this consumer, one transaction each. */
  private async applyRetries(): Promise<{ handled: number; applied: number }> {
    this.lastRetryCheck = Date.now();
    let handled = 0;
    let applied = 0;
    for (let i = 0; i < 100; i++) {
      const retry = await applyRetryRequest(this.manager, this.name, this.applyOne);
      if (retry.outcome === 'none' || retry.outcome === 'locked') break;
      handled++;
      if (retry.outcome === 'applied') {
        applied++;
        this.stats.retried++;
        this.metrics?.retried.inc({ consumer: this.name, outcome: 'applied' });
        this.log.info(eventFields(retry.event), 'parked event applied on retry');
        if (retry.appendedEvents) this.publishCommitted();
      } else {
        this.stats.retryFailures++;
        this.metrics?.retried.inc({ consumer: this.name, outcome: 'failed' });
        this.log.error(
          { ...eventFields(retry.event), err: retry.error },
          'parked event failed again on retry; parked again',
        );
      }
    }
    return { handled, applied };
  }

  /** Due retries first (at most once per poll interval); any of them handled is progress. */
  private async dueRetries(): Promise<Step | null> {
    if (Date.now() - this.lastRetryCheck < this.pollMs) return null;
    const retried = await this.applyRetries().catch((error: unknown) => {
      this.log.error({ err: error }, 'could not apply retry requests');
      return { handled: 0, applied: 0 };
    });
    return retried.handled > 0 ? { kind: 'progress', applied: retried.applied } : null;
  }

  /** One step of the runner: due retries, then a batch (one event at a time while isolating). */
  step = async (): Promise<Step> => {
    const retried = await this.dueRetries();
    if (retried) return retried;
    const { failure } = this;
    const isolated = failure.failingEvent !== null || failure.isolating > 0;
    let result: BatchResult;
    try {
      result = await this.runBatch(isolated ? 1 : this.batchSize);
    } catch (error) {
      return this.onFailure(error);
    }
    this.resetBackoff();
    failure.isolating = Math.max(0, failure.isolating - result.applied);
    if (failure.failingEvent !== null && result.lastId === failure.failingEvent) {
      this.log.info({ eventId: failure.failingEvent.toString() }, 'previously failing event applied');
      failure.failingEvent = null;
    }
    if (result.heldBack && result.applied === 0) {
      await this.explainHeldBack();
      return { kind: 'heldBack' };
    }
    this.heldBackSince = null;
    if (result.applied > 0) return { kind: 'progress', applied: result.applied };
    if (result.locked) return { kind: 'locked' };
    // Drained: nothing is failing ahead of the cursor any more.
    failure.failingEvent = null;
    failure.isolating = 0;
    return { kind: 'idle' };
  };

  /**
   * Held back with nothing applied for `heldBackWarnMs`: names the open transaction that holds
   * the events back (issue 19: consumers stalled silently behind other processes' long
   * transactions), once per transaction; looked up at most once per `heldBackWarnMs`.
   */
  private async explainHeldBack(): Promise<void> {
    const now = Date.now();
    this.heldBackSince ??= now;
    if (now - this.heldBackSince < this.heldBackWarnMs) return;
    if (this.lastHolderCheck !== 0 && now - this.lastHolderCheck < this.heldBackWarnMs) return;
    this.lastHolderCheck = now;
    const holder = await snapshotHolder(this.manager).catch((error: unknown) => {
      this.log.warn({ err: error }, 'events held back; could not look up the open transaction holding them');
      return null;
    });
    if (!holder || holder.txid === this.reportedHolder) return;
    this.reportedHolder = holder.txid;
    this.log.warn(
      {
        heldBackMs: now - this.heldBackSince,
        blockingPid: holder.pid,
        blockingTxid: holder.txid,
        blockingDatabase: holder.database,
        blockingApplication: holder.application,
        blockingOpenSeconds: holder.openSeconds,
      },
      `events held back for ${Math.round((now - this.heldBackSince) / 1000)} s by open transaction ${holder.txid} ` +
        `(pid ${holder.pid ?? 'none: prepared'}, database ${holder.database ?? 'unknown'}): ` +
        'committed events wait until every older transaction on the server ends',
    );
  }

  /** Steps until idle, waiting out locks, held-back events and backoff; see `Consumer.runUntilIdle`. */
  async runUntilIdle({ timeoutMs = 30_000 } = {}): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    this.lastRetryCheck = 0;
    for (;;) {
      const next = await this.step();
      if (next.kind === 'progress') {
        total += next.applied;
        continue;
      }
      if (next.kind === 'idle') return total;
      if (Date.now() > deadline) {
        throw new Error(`consumer ${this.name} not idle after ${timeoutMs} ms (${next.kind})`);
      }
      await sleep(next.kind === 'failed' ? next.waitMs : 25);
    }
  }
}

/** A batch's events by tenant, each tenant's in log order, tenants in order of first appearance. */
function groupByTenant(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const byTenant = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const group = byTenant.get(event.tenantId);
    if (group) group.push(event);
    else byTenant.set(event.tenantId, [event]);
  }
  return byTenant;
}
