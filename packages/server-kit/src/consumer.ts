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
 * Batch handlers also overlap PostgreSQL and this process: when a batch is full, the runner
 * starts reading the next one on another connection while the handler's statements run. The
 * settled events after a position never change, so the next batch applies what was read ahead
 * if, under the cursor lock, the cursor still stands where the read started; otherwise it reads
 * again. Effects and cursor still commit together, so a crash loses or doubles nothing.
 *
 * Subgraphs declare consumers with `defineConsumer` (typed-consumer.ts), which parses every
 * event with its contract from `@jowi/events` before the handler sees it.
 *
 * The steps and the policy live in consumer-runner.ts, the sleeping loop in consumer-loop.ts;
 * {@link createConsumer} puts them together.
 */
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { ConsumerLoop } from './consumer-loop.ts';
import type { ConsumerMetrics } from './consumer-metrics.ts';
import { ConsumerRunner } from './consumer-runner.ts';
import type { Consumer, ConsumerDefinition, ConsumerOptions, ConsumerRuntime } from './consumer-types.ts';

export * from './consumer-types.ts';

/** Creates a consumer without starting it; see {@link startConsumer}. */
export function createConsumer(options: ConsumerOptions): Consumer {
  const runner = new ConsumerRunner(options);
  const loop = new ConsumerLoop(runner, options);
  const { name, log, metrics } = runner;
  const lag = () => runner.lag();
  // Lag is reported from creation on (a consumer that is not running still lags) until stop().
  metrics?.probes.set(name, { lag, manager: options.dataSource.manager });
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
      await runner.settle();
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
