/**
 * Metrics of the event consumers on a service's registry (label `consumer`): events applied,
 * failures, the current retry delay, and — read from PostgreSQL at scrape time — lag and
 * parked events.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import type { ConsumerLag } from './events.ts';
import { parkedCounts } from './parking.ts';

/** How a registry's scrape reads one started consumer's state. */
export interface ConsumerProbe {
  lag(): Promise<ConsumerLag>;
  /** A manager as the consumer's runtime role (which sees its parked events of every tenant). */
  manager: EntityManager;
}

export interface ConsumerMetrics {
  applied: Counter<'consumer'>;
  poison: Counter<'consumer'>;
  parked: Counter<'consumer'>;
  retried: Counter<'consumer' | 'outcome'>;
  backoff: Gauge<'consumer'>;
  /** Every started consumer on this registry, read at scrape time. */
  probes: Map<string, ConsumerProbe>;
}

const metricsByRegistry = new WeakMap<Registry, ConsumerMetrics>();

interface Reading {
  lags: Map<string, ConsumerLag>;
  parked: Map<string, number>;
}

/** One reading per second at most, shared by the gauges of one scrape. */
function sharedReading(probes: Map<string, ConsumerProbe>): () => Promise<Reading> {
  let snapshot: { at: number; reading: Promise<Reading> } | null = null;
  return () => {
    if (!snapshot || Date.now() - snapshot.at > 1_000) {
      snapshot = { at: Date.now(), reading: read(probes) };
    }
    return snapshot.reading;
  };
}

async function read(probes: Map<string, ConsumerProbe>): Promise<Reading> {
  const lags = new Map<string, ConsumerLag>();
  for (const [consumer, probe] of probes) {
    const lag = await probe.lag().catch(() => null);
    if (lag) lags.set(consumer, lag);
  }
  let parked = new Map<string, number>();
  const first = probes.values().next().value;
  if (first) parked = await parkedCounts(first.manager, [...probes.keys()]).catch(() => new Map());
  return { lags, parked };
}

/** The consumer metrics of a registry, created on first use and shared by its consumers. */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const probes = new Map<string, ConsumerProbe>();
  const reading = sharedReading(probes);
  const labelNames = ['consumer'] as const;
  const metrics: ConsumerMetrics = {
    probes,
    applied: new Counter({
      name: 'jowi_consumer_events_applied_total',
      help: 'Events applied by an event consumer (committed with its cursor)',
      labelNames,
      registers: [registry],
    }),
    poison: new Counter({
      name: 'jowi_consumer_poison_events_total',
      help: 'Batches rolled back because a handler failed on an event (retried with backoff, then parked)',
      labelNames,
      registers: [registry],
    }),
    parked: new Counter({
      name: 'jowi_consumer_events_parked_total',
      help: 'Events an event consumer parked (failed every attempt, or broke their contract)',
      labelNames,
      registers: [registry],
    }),
    retried: new Counter({
      name: 'jowi_consumer_retries_total',
      help: 'Parked events retried at an operator’s request, by outcome (applied, failed)',
      labelNames: ['consumer', 'outcome'],
      registers: [registry],
    }),
    backoff: new Gauge({
      name: 'jowi_consumer_backoff_seconds',
      help: 'Current retry delay of a failing event consumer (0 when healthy)',
      labelNames,
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'jowi_consumer_lag_events',
    help: 'Committed events of its types that an event consumer has not applied yet',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, lag] of (await reading()).lags) this.set({ consumer }, lag.eventsBehind);
    },
  });
  new Gauge({
    name: 'jowi_consumer_lag_seconds',
    help: 'Age of the oldest event an event consumer has not applied yet (0 when caught up)',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, lag] of (await reading()).lags) this.set({ consumer }, lag.secondsBehind);
    },
  });
  new Gauge({
    name: 'jowi_consumer_parked_events',
    help: 'Events parked for an event consumer, of every tenant, waiting for an operator (retryParkedEvents)',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, n] of (await reading()).parked) this.set({ consumer }, n);
    },
  });
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
