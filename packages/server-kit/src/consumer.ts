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
 * still polls every few seconds as a safety net; without Redis it just polls.
 *
 * Poison events (parking.ts): a handler that throws rolls its batch back. The runner then goes
 * one event at a time until the failing event is the first after the cursor, and counts each
 * failure of it in PostgreSQL (so a restart does not reset the count), backing off
 * exponentially between attempts. After `maxAttempts` — at once for a payload that breaks its
 * contract — the event is parked for this consumer and the cursor moves past it in one commit,
 * so one tenant's bad event never stops the others'. Operators see parked events and ask for a
 * retry; the runner applies requested retries on its next loop, each exactly once.
 *
 * A consumer may declare `handleBatch` instead of (or beside) `handle`: it gets all events of a
 * batch at once, one call per tenant (the tenant set, the tenant's events in log order), still
 * inside the transaction that moves the cursor, so it can replace per-event round trips with
 * set-based statements. When a batch of several events fails, nothing of it is committed and
 * its events are applied again one at a time (still through `handleBatch`, one event per call),
 * which pinpoints a poison event exactly as above while the events before it get through.
 *
 * Subgraphs declare consumers with `defineConsumer` (typed-consumer.ts), which parses every
 * event with its contract from `@jowi/events` before the handler sees it.
 *
 * The steps and the policy live in consumer-runner.ts, the sleeping loop in consumer-loop.ts;
 * {@link createConsumer} puts them together.
 */
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { ConsumerLoop } from './consumer-loop.ts';
import type { ConsumerMetrics } from './consumer-metrics.ts';
import { type ConsumerMetrics, consumerMetrics } from './consumer-metrics.ts';
import { ConsumerRunner } from './consumer-runner.ts';
import type { Consumer, ConsumerDefinition, ConsumerOptions, ConsumerRuntime } from './consumer-types.ts';
import {
  BatchHandlerError,
  type Consumer,
  type ConsumerBatchHandler,
  type ConsumerContext,
  type ConsumerDefinition,
  type ConsumerOptions,
  type ConsumerRuntime,
  type ConsumerStats,
  DEFAULT_MAX_ATTEMPTS,
} from './consumer-types.ts';
import { setTenant } from './db.ts';
import {
  advanceCursor,
  type BatchResult,
  consumeEvents,
  consumerLag,
  EventHandlerError,
  eventsChannel,
  isPermanentFailure,
  publishEventsCommitted,
  readEventBatch,
  type StoredEvent,
  takeEventsAppended,
  toStoredEvent,
} from './events.ts';
import { createLogger } from './logger.ts';
import { applyRetryRequest, errorMessage, recordFailure } from './parking.ts';

export * from './consumer-types.ts';

/** Creates a consumer without starting it; see {@link startConsumer}. */
export function createConsumer(options: ConsumerOptions): Consumer {
  const runner = new ConsumerRunner(options);
  const loop = new ConsumerLoop(runner, options);
  const { name, log, metrics } = runner;
  const lag = () => runner.lag();
  // Lag is reported from creation on (a consumer that is not running still lags) until stop().
  metrics?.probes.set(name, { lag, manager: options.dataSource.manager });
  metrics?.probes.set(name, { lag, manager });

  const failure: FailureState = { failingEvent: null, isolating: 0, backoffMs: 0 };
  let registered = false;
  let lastRetryCheck = 0;

  /** Applies one event through whichever handler the consumer declared. */
  const applyOne = (tx: EntityManager, event: StoredEvent): Promise<void> =>
    options.handleBatch ? options.handleBatch(tx, [event], context) : options.handle!(tx, event, context);

  /** Records the types this consumer follows on its cursor row (for lag read by other services). */
  async function register(): Promise<void> {
    if (registered) return;
    const wanted = types ? [...types].sort() : null;
    const rows: { types: string[] | null }[] = await manager.query(
      'SELECT types FROM events.consumer_cursor WHERE consumer = $1',
      [name],
    );
    if (!rows[0] || JSON.stringify(rows[0].types) !== JSON.stringify(wanted)) {
      await manager.query(
        `INSERT INTO events.consumer_cursor (consumer, types) VALUES ($1, $2)
         ON CONFLICT (consumer) DO UPDATE SET types = EXCLUDED.types`,
        [name, wanted],
      );
    }
    registered = true;
  }

  /**
   * One batch through `handleBatch`, in one transaction: one read (cursor lock and events), the
   * batch handler once per tenant with the tenant set, one cursor write, the commit.
   */
  function consumeBatched(handleBatch: ConsumerBatchHandler, limit: number): Promise<BatchResult> {
    return manager.transaction(async (tx) => {
      const batch = await readEventBatch(tx, { consumer: name, types, batchSize: limit });
      if (batch.locked) {
        return { applied: 0, lastId: null, locked: true, heldBack: false, appendedEvents: false };
      }
      const { rows, ready } = batch;
      const byTenant = new Map<string, StoredEvent[]>();
      for (const row of ready) {
        const event = toStoredEvent(row);
        const group = byTenant.get(event.tenantId);
        if (group) group.push(event);
        else byTenant.set(event.tenantId, [event]);
      }
      for (const [tenantId, group] of byTenant) {
        await setTenant(tx, tenantId);
        try {
          await handleBatch(tx, group, context);
        } catch (error) {
          // One event: pinpointed already (and the first after the cursor). Several: isolate.
          if (ready.length === 1) throw new EventHandlerError(group[0]!, error, true);
          throw new BatchHandlerError(
            ready.map((r) => toStoredEvent(r)),
            tenantId,
            error,
          );
        }
      }
      await advanceCursor(tx, name, ready);
      const last = ready[ready.length - 1];
      return {
        applied: ready.length,
        lastId: last ? BigInt(last.id) : null,
        locked: false,
        heldBack: ready.length < rows.length,
        appendedEvents: takeEventsAppended(tx),
      };
    });
  }

  async function runBatch(limit = batchSize): Promise<BatchResult> {
    await register();
    stats.batches++;
    const handle = options.handle;
    const result = options.handleBatch
      ? await consumeBatched(options.handleBatch, limit)
      : await consumeEvents(manager, { consumer: name, types, batchSize: limit }, (m, event) =>
          handle!(m, event, context),
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

  function nextBackoff(): number {
    failure.backoffMs = Math.min(
      maxBackoff,
      failure.backoffMs === 0 ? initialBackoff : failure.backoffMs * 2,
    );
    metrics?.backoff.set({ consumer: name }, failure.backoffMs / 1000);
    return failure.backoffMs;
  }

  function resetBackoff(): void {
    if (failure.backoffMs === 0) return;
    failure.backoffMs = 0;
    metrics?.backoff.set({ consumer: name }, 0);
  }

  /** A failed batch of several events: apply them one at a time, at once. */
  function onBatchFailure(error: BatchHandlerError): Step {
    failure.isolating = error.events;
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
    return { kind: 'failed', waitMs: 0 };
  }

  /** A handler failed on one event: count the attempt if it is the one at the cursor; park it when due. */
  async function onEventFailure(error: EventHandlerError): Promise<Step> {
    metrics?.poison.inc({ consumer: name });
    failure.failingEvent = error.eventId;
    const eventLog = {
      eventId: error.eventId.toString(),
      eventType: error.eventType,
      tenantId: error.tenantId,
    };
    // Not the first after the cursor: the events before it go through one by one first.
    if (!error.atCursor) return { kind: 'failed', waitMs: 0 };
    const message = errorMessage(error);
    const recorded = await recordFailure(manager, {
      consumer: name,
      types: types ?? null,
      event: { id: error.eventId, tenantId: error.tenantId, type: error.eventType },
      error: message,
      permanent: isPermanentFailure(error),
      maxAttempts,
    }).catch((recordError: unknown) => {
      log.error({ ...eventLog, err: recordError }, 'could not record the failed attempt');
      return null;
    });
    if (recorded?.outcome === 'parked') {
      stats.parked++;
      metrics?.parked.inc({ consumer: name });
      // Past it: the rest of an isolated batch goes back to full batches (another poison event
      // among them is isolated again).
      failure.failingEvent = null;
      failure.isolating = 0;
      resetBackoff();
      log.error(
        { ...eventLog, attempts: recorded.attempts, err: error.cause instanceof Error ? error.cause : error },
        'event parked: the consumer moved past it (see parkedEvents; retryParkedEvents applies it later)',
      );
      return { kind: 'progress', applied: 0 };
    }
    const waitMs = nextBackoff();
    log.error(
      {
        ...eventLog,
        attempts: recorded?.attempts ?? null,
        maxAttempts,
        err: error.cause instanceof Error ? error.cause : error,
        retryInMs: waitMs,
      },
      'event handler failed; batch rolled back, retrying',
    );
    return { kind: 'failed', waitMs };
  }

  async function onFailure(error: unknown): Promise<Step> {
    stats.failures++;
    if (error instanceof BatchHandlerError) return onBatchFailure(error);
    if (error instanceof EventHandlerError) return onEventFailure(error);
    const waitMs = nextBackoff();
    log.error({ err: error, retryInMs: waitMs }, 'event batch failed; retrying');
    return { kind: 'failed', waitMs };
  }

  /** Applies the retries operators requested for this consumer, one transaction each. */
  async function applyRetries(): Promise<{ handled: number; applied: number }> {
    lastRetryCheck = Date.now();
    let handled = 0;
    let applied = 0;
    for (let i = 0; i < 100; i++) {
      const retry = await applyRetryRequest(manager, name, applyOne);
      if (retry.outcome === 'none' || retry.outcome === 'locked') break;
      handled++;
      const eventLog = {
        eventId: retry.event.id.toString(),
        eventType: retry.event.type,
        tenantId: retry.event.tenantId,
      };
      if (retry.outcome === 'applied') {
        applied++;
        stats.retried++;
        metrics?.retried.inc({ consumer: name, outcome: 'applied' });
        log.info(eventLog, 'parked event applied on retry');
        if (retry.appendedEvents) void publishEventsCommitted(publisher, options.dataSource, log);
      } else {
        stats.retryFailures++;
        metrics?.retried.inc({ consumer: name, outcome: 'failed' });
        log.error({ ...eventLog, err: retry.error }, 'parked event failed again on retry; parked again');
      }
    }
    return { handled, applied };
  }

  /** One step of the runner: due retries, then a batch (one event at a time while isolating). */
  async function step(): Promise<Step> {
    if (Date.now() - lastRetryCheck >= pollMs) {
      const retried = await applyRetries().catch((error: unknown) => {
        log.error({ err: error }, 'could not apply retry requests');
        return { handled: 0, applied: 0 };
      });
      if (retried.handled > 0) return { kind: 'progress', applied: retried.applied };
    }
    const isolated = failure.failingEvent !== null || failure.isolating > 0;
    let result: BatchResult;
    try {
      result = await runBatch(isolated ? 1 : batchSize);
    } catch (error) {
      return onFailure(error);
    }
    resetBackoff();
    failure.isolating = Math.max(0, failure.isolating - result.applied);
    if (failure.failingEvent !== null && result.lastId === failure.failingEvent) {
      log.info({ eventId: failure.failingEvent.toString() }, 'previously failing event applied');
      failure.failingEvent = null;
    }
    if (result.applied > 0) return { kind: 'progress', applied: result.applied };
    if (result.locked) return { kind: 'locked' };
    if (result.heldBack) return { kind: 'heldBack' };
    // Drained: nothing is failing ahead of the cursor any more.
    failure.failingEvent = null;
    failure.isolating = 0;
    return { kind: 'idle' };
  }

  // The loop ---------------------------------------------------------------------------------

  let subscriber: Redis | null = null;
  const running: Promise<void> | null = null;
  const stopping = false;
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

  async function loop(): Promise<void> {
    let heldBackDelay = 0;
    while (!stopping) {
      wakeRequested = false;
      const next = await step().catch(async (error: unknown) => onFailure(error));
      if (next.kind === 'progress') {
        heldBackDelay = 0;
        continue;
      }
      if (next.kind === 'failed') {
        if (next.waitMs > 0) await pause(next.waitMs, false);
        continue;
      }
      if (next.kind === 'heldBack') {
        // Committed events wait for an older write transaction to finish: look again soon
        // (at least once a second, however long that transaction stays open).
        heldBackDelay = Math.min(pollMs, 1_000, heldBackDelay === 0 ? 50 : heldBackDelay * 2);
        await pause(heldBackDelay, true);
        continue;
      }
      heldBackDelay = 0;
      // Idle (or locked by another process): sleep until woken; a wake-up also checks retries.
      await pause(pollMs, true);
      lastRetryCheck = Math.min(lastRetryCheck, Date.now() - pollMs);
    }
  }

  async function subscribe(redis: Redis | string): Promise<void> {
    const channel = options.channel ?? eventsChannel(options.dataSource);
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

  async function runUntilIdle({ timeoutMs = 30_000 } = {}): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    lastRetryCheck = 0;
    for (;;) {
      const next = await step();
      if (next.kind === 'progress') {
        total += next.applied;
        continue;
      }
      if (next.kind === 'idle') return total;
      if (Date.now() > deadline) {
        throw new Error(`consumer ${name} not idle after ${timeoutMs} ms (${next.kind})`);
      }
      await sleep(next.kind === 'failed' ? next.waitMs : 25);
    }
  }

  return {
    name,
    async start() {
      await loop.start();
      log.info(
        {
          types: runner.types ?? 'all',
          pollMs: runner.pollMs,
          redis: Boolean(options.redis),
          maxAttempts: runner.maxAttempts,
        },
        'event consumer started',
      );
    },
    async stop() {
      await loop.stop();
      metrics?.probes.delete(name);
    },
    wake: loop.wake,
    runBatch: () => runner.runBatch(),
    runUntilIdle: (idle) => runner.runUntilIdle(idle),
    lag,
    stats: () => ({ ...runner.stats }),
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
  deps: Omit<ConsumerRuntime, 'redis'> & { redis: Redis | null },
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
 * outcomes on the service's registry).
 */
export function registryCounter<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[] },
): Counter<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Counter<L>;
  return new Counter({ ...config, registers: [registry] });
}

export type { ConsumerMetrics };
