/**
 * The types of event consumers (see consumer.ts): handlers, definitions, runtime options, stats.
 */
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import type { BatchResult, ConsumerLag, StoredEvent } from './events.ts';
import type { Logger } from './logger.ts';

/** What a handler gets beside the transaction and the event. */
export interface ConsumerContext {
  /** The cursor key, `<runtime role>:<name>`. */
  consumer: string;
  log: Logger;
  /** The service's metrics registry (handlers may count their own outcomes there). */
  registry: Registry | null;
}

/**
 * Applies one event inside the batch transaction, with the event's tenant set. Must be
 * idempotent at the data level too (unique keys, `ON CONFLICT DO NOTHING`) as a second line of
 * defence; throwing rolls the whole batch back and the event is retried, then parked.
 */
export type ConsumerHandler = (
  manager: EntityManager,
  event: StoredEvent,
  context: ConsumerContext,
) => Promise<void>;

/**
 * Applies several events at once inside the batch transaction: called once per tenant of the
 * batch, with that tenant set and its events in log order (`(txid, id)`). Everything it writes
 * commits with the cursor, or nothing does. The same rules as {@link ConsumerHandler} apply
 * (idempotent at the data level; throwing rolls the batch back), and it must give the same
 * result as applying the events one call each: after a failure the runner does exactly that to
 * find the failing event.
 */
export type ConsumerBatchHandler = (
  manager: EntityManager,
  events: readonly StoredEvent[],
  context: ConsumerContext,
) => Promise<void>;

export interface ConsumerDefinitionBase {
  /** Cursor key `<runtime role>:<name>`, e.g. `jowi_inventory:stock-from-sales`. */
  name: string;
  /** Event types to read; all when omitted. */
  types?: readonly string[];
  /** Events per transaction (default 100). */
  batchSize?: number;
  /** Polling interval in ms: the fallback without Redis (default 1 000), a safety net with it (default 5 000). */
  pollMs?: number;
}

/**
 * A consumer as a subgraph declares it (`startSubgraph({ consumers })`): with `handle` (one
 * event per call), or `handleBatch` (all of a tenant's events of a batch per call), which wins
 * when both are given. Subgraphs build it with `defineConsumer`, which types and parses events.
 */
export type ConsumerDefinition = ConsumerDefinitionBase &
  (
    | { handle: ConsumerHandler; handleBatch?: ConsumerBatchHandler }
    | { handle?: ConsumerHandler; handleBatch: ConsumerBatchHandler }
  );

/** Thrown (and the batch rolled back) when a batch handler fails on a batch of several events. */
export class BatchHandlerError extends Error {
  /** How many events the rolled-back batch held (the runner retries that many one by one). */
  readonly events: number;
  readonly firstEventId: bigint;
  readonly lastEventId: bigint;
  /** The tenant whose events were being applied. */
  readonly tenantId: string;
  constructor(events: readonly StoredEvent[], tenantId: string, cause: unknown) {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    super(
      `batch handler failed on ${events.length} events (${first.id}…${last.id}), tenant ${tenantId}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'BatchHandlerError';
    this.events = events.length;
    this.firstEventId = first.id;
    this.lastEventId = last.id;
    this.tenantId = tenantId;
  }
}

/** Default bound on attempts at a failing event before it is parked (`CONSUMER_MAX_ATTEMPTS`). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Runtime dependencies of a consumer beside its definition. */
export interface ConsumerRuntime {
  /** Connection as the subgraph's runtime role (which must be an event consumer). */
  dataSource: DataSource;
  /** Redis client (a subscriber connection is duplicated from it) or URL; null/undefined: poll only. */
  redis?: Redis | string | null;
  /** Wake-up channel (default {@link eventsChannel} of the data source). */
  channel?: string;
  log?: Logger;
  /** Registry for the consumer metrics (the subgraph's `/metrics`). */
  registry?: Registry;
  /** First retry delay after a failed attempt (default 500 ms), doubled up to `maxBackoffMs` (default 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts at a failing event before it is parked (default {@link DEFAULT_MAX_ATTEMPTS}). */
  maxAttempts?: number;
  /**
   * After this long held back with nothing applied (default 10 000 ms), the consumer logs which
   * open transaction on the server holds its events back (its pid, database, application; see
   * snapshot-holder.ts), once per such transaction.
   */
  heldBackWarnMs?: number;
}

export type ConsumerOptions = ConsumerDefinition & ConsumerRuntime;

/** Counters of one consumer instance since it was created. */
export interface ConsumerStats {
  batches: number;
  applied: number;
  /** Attempts that found the cursor held by another process. */
  locked: number;
  /** Attempts that found committed events waiting behind an older open transaction. */
  heldBack: number;
  /** Batches rolled back by a failing handler. */
  failures: number;
  /** Events this instance parked. */
  parked: number;
  /** Retry requests applied (`applied`) and failed again (`failed`). */
  retried: number;
  retryFailures: number;
  /** Batches applied from a read ahead (a batch handler's next batch, read while the previous one ran). */
  readAhead: number;
}

export interface Consumer {
  readonly name: string;
  /** Starts the loop (subscribing to Redis first, when configured). */
  start(): Promise<void>;
  /** Finishes the batch in progress, stops the loop and closes the subscriber. */
  stop(): Promise<void>;
  /** Makes a sleeping loop look at the log now. */
  wake(): void;
  /**
   * One batch, outside the loop (tools and tests), without the poison policy: handler failures
   * are thrown — an {@link EventHandlerError}, or a {@link BatchHandlerError} when a batch
   * handler failed on several events.
   */
  runBatch(): Promise<BatchResult>;
  /**
   * What the loop does, until nothing is left to do: applies batches (isolating, counting,
   * backing off from and parking failing events exactly as the loop does) and requested
   * retries, waiting out cursors locked by another process and events held back by open
   * transactions. For tests and tools; throws when not idle within `timeoutMs` (default 30 s).
   * Returns how many events it applied (retries included).
   */
  runUntilIdle(options?: { timeoutMs?: number }): Promise<number>;
  lag(): Promise<ConsumerLag>;
  stats(): ConsumerStats;
}
