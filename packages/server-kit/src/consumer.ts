/**
 * Event consumers: the loop that turns the event log into a subgraph's own state.
 *
 * A consumer owns a cursor (`<runtime role>:<name>`) in `events.consumer_cursor`. Each batch
 * is one transaction: lock the cursor row (`FOR UPDATE SKIP LOCKED`, so of several processes
 * running the same consumer exactly one works at a time), apply the settled events after it,
 * move it, commit (see `consumeEvents` in events.ts). A crash rolls the whole batch back; a
 * replay starts at the committed cursor; so an event is applied exactly once.
 *
 * The loop drains batches until one applies nothing, then sleeps until woken. With Redis it
 * subscribes to {@link eventsChannel} (writers publish there after committing events) and
 * still polls every few seconds as a safety net; without Redis it just polls. A handler that
 * throws rolls its batch back; the loop logs the event id, counts it, backs off exponentially
 * and retries — one event at a time until it is past the failing one, so the events before it
 * still get through. An event is never skipped: a poison event stops its consumer, loudly.
 *
 * A consumer may declare `handleBatch` instead of (or beside) `handle`: it gets all events of a
 * batch at once, one call per tenant (the tenant set, the tenant's events in log order), still
 * inside the transaction that moves the cursor, so it can replace per-event round trips with
 * set-based statements. The batch is read by the same `consumeEvents` (same lock, same settled
 * prefix, same cursor update) and applied before that transaction commits. When a batch of
 * several events fails, nothing of it is committed and its events are applied again one at a
 * time (still through `handleBatch`, one event per call), which pinpoints a poison event exactly
 * as above while the events before it get through.
 */
import { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { setTenant } from './db.ts';
import {
  type BatchResult,
  type ConsumerLag,
  consumeEvents,
  consumerLag,
  EventHandlerError,
  eventsChannel,
  publishEventsCommitted,
  type StoredEvent,
  takeEventsAppended,
} from './events.ts';
import { createLogger, type Logger } from './logger.ts';

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
 * defence; throwing rolls the whole batch back and the event is retried.
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

interface ConsumerDefinitionBase {
  /** Cursor key `<runtime role>:<name>`, e.g. `jowi_inventory:stock-from-sales`. */
  name: string;
  /** Event types to read; all when omitted. */
  types?: string[];
  /** Events per transaction (default 100). */
  batchSize?: number;
  /** Polling interval in ms: the fallback without Redis (default 1 000), a safety net with it (default 5 000). */
  pollMs?: number;
}

/**
 * A consumer as a subgraph declares it (`startSubgraph({ consumers })`): with `handle` (one
 * event per call), or `handleBatch` (all of a tenant's events of a batch per call), which wins
 * when both are given.
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
  /** First retry delay after a failed batch (default 500 ms), doubled up to `maxBackoffMs` (default 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
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
   * One batch, outside the loop (tools and tests). Handler failures are thrown: an
   * {@link EventHandlerError}, or a {@link BatchHandlerError} when a batch handler failed on
   * several events.
   */
  runBatch(): Promise<BatchResult>;
  /**
   * Applies batches until no committed event is left past the cursor, waiting out cursors
   * locked by another process and events held back by open transactions. For tests and tools;
   * throws when not idle within `timeoutMs` (default 30 s). Returns how many it applied.
   * A failed batch of several events is retried one event at a time, as the loop does, so a
   * handler failure is thrown as the {@link EventHandlerError} of the failing event, after the
   * events before it were applied.
   */
  runUntilIdle(options?: { timeoutMs?: number }): Promise<number>;
  lag(): Promise<ConsumerLag>;
  stats(): ConsumerStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates a consumer without starting it; see {@link startConsumer}. */
export function createConsumer(options: ConsumerOptions): Consumer {
  const name = options.name;
  const batchSize = options.batchSize ?? 100;
  const channel = options.channel ?? eventsChannel(options.dataSource);
  const redisConfigured = Boolean(options.redis);
  const pollMs = options.pollMs ?? (redisConfigured ? 5_000 : 1_000);
  const initialBackoff = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const log = (options.log ?? createLogger('consumer', 'silent')).child({ consumer: name });
  const registry = options.registry ?? null;
  const metrics = registry ? consumerMetrics(registry) : null;
  const context: ConsumerContext = { consumer: name, log, registry };
  const stats: ConsumerStats = { batches: 0, applied: 0, locked: 0, heldBack: 0, failures: 0 };
  const publisher = typeof options.redis === 'object' ? options.redis : null;
  // Lag is reported from creation on (a consumer that is not running still lags) until stop().
  metrics?.lagProbes.set(name, () => consumerLag(options.dataSource.manager, name, options.types));

  let subscriber: Redis | null = null;
  let running: Promise<void> | null = null;
  let stopping = false;
  let wakeRequested = false;
  let interrupt: ((reason: 'wake' | 'stop') => void) | null = null;
  let interruptibleByWake = false;

  function wake(): void {
    wakeRequested = true;
    if (interruptibleByWake) interrupt?.('wake');
  }

  /** Sleeps `ms`; `stop()` always ends it, a wake-up only when `wakeable`. */
  async function pause(ms: number, wakeable: boolean): Promise<void> {
    if (stopping) return;
    if (wakeable && wakeRequested) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      }
      interrupt = done;
      interruptibleByWake = wakeable;
    });
    interruptibleByWake = false;
  }

  /**
   * One batch through `handleBatch`: `consumeEvents` reads the batch and moves the cursor inside
   * our transaction (as a savepoint, its lock held until our commit), collecting the events;
   * the batch handler then applies them, tenant by tenant, before the one commit.
   */
  function consumeBatched(handleBatch: ConsumerBatchHandler, limit: number): Promise<BatchResult> {
    return options.dataSource.manager.transaction(async (tx) => {
      const events: StoredEvent[] = [];
      const result = await consumeEvents(
        tx,
        { consumer: name, types: options.types, batchSize: limit },
        async (_manager, event) => {
          events.push(event);
        },
      );
      const byTenant = new Map<string, StoredEvent[]>();
      for (const event of events) {
        const group = byTenant.get(event.tenantId);
        if (group) group.push(event);
        else byTenant.set(event.tenantId, [event]);
      }
      for (const [tenantId, group] of byTenant) {
        await setTenant(tx, tenantId);
        try {
          await handleBatch(tx, group, context);
        } catch (error) {
          // One event: pinpointed already. Several: the runner isolates the failing one.
          if (events.length === 1) throw new EventHandlerError(group[0]!, error);
          throw new BatchHandlerError(events, tenantId, error);
        }
      }
      return { ...result, appendedEvents: takeEventsAppended(tx) };
    });
  }

  async function runBatch(limit = batchSize): Promise<BatchResult> {
    stats.batches++;
    const handle = options.handle;
    const result = options.handleBatch
      ? await consumeBatched(options.handleBatch, limit)
      : await consumeEvents(
          options.dataSource.manager,
          { consumer: name, types: options.types, batchSize: limit },
          (manager, event) => handle!(manager, event, context),
        );
    if (result.applied > 0) {
      stats.applied += result.applied;
      metrics?.applied.inc({ consumer: name }, result.applied);
    }
    if (result.locked) stats.locked++;
    if (result.heldBack) stats.heldBack++;
    if (result.appendedEvents) void publishEventsCommitted(publisher, options.dataSource, log);
    return result;
  }

  async function loop(): Promise<void> {
    let backoff = 0;
    let heldBackDelay = 0;
    /** Set after a handler failure: go one event at a time until this event is applied. */
    let failingEvent: bigint | null = null;
    /** Set after a batch handler failure: how many events still to apply one at a time. */
    let isolating = 0;
    while (!stopping) {
      wakeRequested = false;
      let result: BatchResult;
      try {
        result = await runBatch(failingEvent === null && isolating === 0 ? batchSize : 1);
      } catch (error) {
        if (error instanceof BatchHandlerError) {
          // Not pinpointed yet: retry its events one by one at once (no backoff); the failing
          // one then fails alone, as an EventHandlerError, and backs off.
          stats.failures++;
          isolating = error.events;
          log.warn(
            {
              firstEventId: error.firstEventId.toString(),
              lastEventId: error.lastEventId.toString(),
              events: error.events,
              tenantId: error.tenantId,
              err: error.cause instanceof Error ? error.cause : error,
            },
            'event batch failed; rolled back, applying its events one at a time',
          );
          continue;
        }
        backoff = Math.min(maxBackoff, backoff === 0 ? initialBackoff : backoff * 2);
        if (error instanceof EventHandlerError) {
          stats.failures++;
          failingEvent = error.eventId;
          metrics?.poison.inc({ consumer: name });
          log.error(
            {
              eventId: error.eventId.toString(),
              eventType: error.eventType,
              tenantId: error.tenantId,
              err: error.cause instanceof Error ? error.cause : error,
              retryInMs: backoff,
            },
            'event handler failed; batch rolled back, retrying (the event is not skipped)',
          );
        } else {
          log.error({ err: error, retryInMs: backoff }, 'event batch failed; retrying');
        }
        metrics?.backoff.set({ consumer: name }, backoff / 1000);
        await pause(backoff, false);
        continue;
      }
      if (backoff > 0) {
        backoff = 0;
        metrics?.backoff.set({ consumer: name }, 0);
      }
      if (failingEvent !== null && result.lastId !== null && result.lastId >= failingEvent) {
        log.info({ eventId: failingEvent.toString() }, 'previously failing event applied');
        failingEvent = null;
      }
      isolating = Math.max(0, isolating - result.applied);
      if (result.applied > 0) {
        heldBackDelay = 0;
        continue;
      }
      if (result.heldBack) {
        // Committed events wait for an older write transaction to finish: look again soon
        // (at least once a second, however long that transaction stays open).
        heldBackDelay = Math.min(pollMs, 1_000, heldBackDelay === 0 ? 50 : heldBackDelay * 2);
        await pause(heldBackDelay, true);
        continue;
      }
      heldBackDelay = 0;
      await pause(pollMs, true);
    }
  }

  async function subscribe(redis: Redis | string): Promise<void> {
    const overrides = { enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false };
    const sub = typeof redis === 'string' ? new Redis(redis, overrides) : redis.duplicate(overrides);
    subscriber = sub;
    sub.on('error', (error: Error) => log.warn({ err: error.message }, 'event wake-up subscriber error'));
    sub.on('message', (ch: string) => {
      if (ch === channel) wake();
    });
    // After a reconnect, anything published meanwhile was missed: look at the log.
    sub.on('ready', () => wake());
    const subscribed = sub.subscribe(channel).then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([subscribed, sleep(3_000).then(() => false)]);
    if (!ok) log.warn('could not subscribe to event wake-ups yet; polling until Redis answers');
  }

  return {
    name,
    async start() {
      if (running) return;
      stopping = false;
      if (options.redis) await subscribe(options.redis);
      running = loop();
      log.info({ types: options.types ?? 'all', pollMs, redis: redisConfigured }, 'event consumer started');
    },
    async stop() {
      stopping = true;
      interrupt?.('stop');
      await running;
      running = null;
      metrics?.lagProbes.delete(name);
      subscriber?.disconnect();
      subscriber = null;
    },
    wake,
    runBatch: () => runBatch(),
    async runUntilIdle({ timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let total = 0;
      let isolating = 0;
      for (;;) {
        let result: BatchResult;
        try {
          result = await runBatch(isolating > 0 ? 1 : batchSize);
        } catch (error) {
          // As the loop does: a failed batch is retried one event at a time, so what is thrown
          // names the failing event and the events before it are applied.
          if (!(error instanceof BatchHandlerError)) throw error;
          stats.failures++;
          isolating = error.events;
          continue;
        }
        isolating = Math.max(0, isolating - result.applied);
        total += result.applied;
        if (result.applied > 0) continue;
        if (!result.locked && !result.heldBack) return total;
        if (Date.now() > deadline) {
          throw new Error(
            `consumer ${name} not idle after ${timeoutMs} ms (${result.locked ? 'cursor locked' : 'events held back'})`,
          );
        }
        await sleep(25);
      }
    },
    lag: () => consumerLag(options.dataSource.manager, name, options.types),
    stats: () => ({ ...stats }),
  };
}

/** Creates and starts a consumer. */
export async function startConsumer(options: ConsumerOptions): Promise<Consumer> {
  const consumer = createConsumer(options);
  await consumer.start();
  return consumer;
}

/** Starts a subgraph's declared consumers on its data source, Redis and registry; `stop` stops them all. */
export async function startConsumers(
  definitions: readonly ConsumerDefinition[],
  deps: { dataSource: DataSource; redis: Redis | null; log: Logger; registry: Registry },
): Promise<{ consumers: Consumer[]; stop(): Promise<void> }> {
  const consumers: Consumer[] = [];
  for (const definition of definitions) {
    consumers.push(await startConsumer({ ...definition, ...deps }));
  }
  return {
    consumers,
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

/**
 * A counter on `registry`, created on first use and shared afterwards (handlers count their own
 * outcomes, e.g. skipped events, on the service's registry).
 */
export function registryCounter<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[] },
): Counter<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Counter<L>;
  return new Counter({ ...config, registers: [registry] });
}

interface ConsumerMetrics {
  applied: Counter<'consumer'>;
  poison: Counter<'consumer'>;
  backoff: Gauge<'consumer'>;
  /** Lag of every started consumer on this registry, read at scrape time. */
  lagProbes: Map<string, () => Promise<ConsumerLag>>;
}

const metricsByRegistry = new WeakMap<Registry, ConsumerMetrics>();

/** The consumer metrics of a registry, shared by its consumers (label `consumer`). */
function consumerMetrics(registry: Registry): ConsumerMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const lagProbes = new Map<string, () => Promise<ConsumerLag>>();
  // One lag query per consumer per scrape, shared by both lag gauges.
  let snapshot: { at: number; lags: Promise<Map<string, ConsumerLag>> } | null = null;
  const currentLags = (): Promise<Map<string, ConsumerLag>> => {
    if (!snapshot || Date.now() - snapshot.at > 1_000) {
      snapshot = {
        at: Date.now(),
        lags: (async () => {
          const lags = new Map<string, ConsumerLag>();
          for (const [consumer, probe] of lagProbes) {
            const lag = await probe().catch(() => null);
            if (lag) lags.set(consumer, lag);
          }
          return lags;
        })(),
      };
    }
    return snapshot.lags;
  };
  const metrics: ConsumerMetrics = {
    lagProbes,
    applied: new Counter({
      name: 'jowi_consumer_events_applied_total',
      help: 'Events applied by an event consumer (committed with its cursor)',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    poison: new Counter({
      name: 'jowi_consumer_poison_events_total',
      help: 'Batches rolled back because a handler failed on an event (retried with backoff, never skipped)',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    backoff: new Gauge({
      name: 'jowi_consumer_backoff_seconds',
      help: 'Current retry delay of a failing event consumer (0 when healthy)',
      labelNames: ['consumer'],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'jowi_consumer_lag_events',
    help: 'Committed events of its types that an event consumer has not applied yet',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, lag] of await currentLags()) this.set({ consumer }, lag.eventsBehind);
    },
  });
  new Gauge({
    name: 'jowi_consumer_lag_seconds',
    help: 'Age of the oldest event an event consumer has not applied yet (0 when caught up)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, lag] of await currentLags()) this.set({ consumer }, lag.secondsBehind);
    },
  });
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
