/**
 * `consumers`: the event consumers of the sales log — inventory's stock-from-sales and, when
 * present, customers' loyalty — measured in this process against the bench database, each as
 * its own runtime role (grants and RLS apply).
 *
 * 1. Throughput: `EVENTS` `sale.created` events (5 lines each, real bench products, both demo
 *    stores) are appended as the sales role with nothing consuming; then each consumer alone
 *    drains them (`runUntilIdle`): events applied per second.
 * 2. Lag under load: both consumers run (woken after every commit, as Redis pub/sub would) while
 *    two writers append batches of 50 sales (the shape of a `syncSales` batch) as fast as
 *    PostgreSQL takes them. Lag (events behind, seconds behind the oldest unapplied event) is
 *    sampled every 200 ms; after the writers stop, the time to drain is measured.
 *
 * The writers append events directly (the sales role's `appendEvents`, the same statement
 * `syncSales` commits its events with), not through the gateway: the consumer, not HTTP, is
 * what is measured, and on 2 cores an HTTP stack would take the CPU the consumers need.
 */

import { loyaltyConsumer } from '@jowi/customers';
import { exampleSaleCreated } from '@jowi/events/testing';
import { stockFromSalesConsumer } from '@jowi/inventory';
import {
  appendEvents,
  type Consumer,
  type ConsumerDefinition,
  createConsumer,
  createDataSource,
  formatMoney,
  inTenant,
  type NewEvent,
  newId,
  roleUrl,
  runtimeRole,
} from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { type BenchProduct, DEMO } from '../lib/data.ts';
import { type BenchDatabase, withAdmin } from '../lib/setup.ts';
import { quantile, round } from '../lib/stats.ts';

const EVENTS = 20_000;
const BATCH = 50;
const LINES = 5;

export interface ConsumerThroughput {
  consumer: string;
  events: number;
  seconds: number;
  events_per_s: number;
}

export interface ConsumerLagReport {
  seconds: number;
  sales_appended: number;
  appended_per_s: number;
  consumers: {
    consumer: string;
    applied: number;
    lag_events_p50: number;
    lag_events_p95: number;
    lag_events_max: number;
    lag_seconds_p95: number;
    lag_seconds_max: number;
    drain_seconds: number;
  }[];
}

export interface ConsumersReport {
  lines_per_sale: number;
  data: { events_before: number; stock_movements_after: number; database_mb: number };
  throughput: ConsumerThroughput[];
  under_load: ConsumerLagReport;
}

/** The `n`-th bench sale's `sale.created` (also used by bench/consumers-probe.ts). */
export function sale(products: BenchProduct[], n: number): NewEvent {
  const saleId = newId();
  const store = DEMO.stores[n % DEMO.stores.length]!;
  return {
    tenantId: DEMO.id,
    type: 'sale.created',
    aggregateId: saleId,
    source: 'sales',
    payload: exampleSaleCreated({
      saleId,
      terminalId: store.terminals[0]!.id,
      storeId: store.id,
      total: '50000.00',
      lines: Array.from({ length: LINES }, (_, i) => {
        const p = products[(n * LINES + i) % products.length]!;
        // The contract's Money strings ("12500.00"): the product's price is in tiyin.
        const price = formatMoney(BigInt(p.price));
        return { productId: p.id, quantity: '1.000', unitPrice: price, total: price, vatRate: p.vatRate };
      }),
    }),
  };
}

/** Appends `count` bench sales from the `from`-th on, in one transaction as the sales role. */
export async function append(
  sales: DataSource,
  products: BenchProduct[],
  from: number,
  count: number,
): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => sale(products, from + i));
  await inTenant(sales, DEMO.id, (m) => appendEvents(m, events));
}

/** Moves a consumer's cursor to the end of the log (the bench data may hold older sales events). */
async function skipToEnd(adminUrl: string, consumer: string): Promise<void> {
  await withAdmin(adminUrl, (admin) =>
    admin.query(
      `INSERT INTO events.consumer_cursor (consumer, position, txid)
       SELECT $1, id, txid FROM events.event ORDER BY txid DESC, id DESC LIMIT 1
       ON CONFLICT (consumer) DO UPDATE SET position = EXCLUDED.position, txid = EXCLUDED.txid`,
      [consumer],
    ),
  );
}

export async function consumersSection(
  db: BenchDatabase,
  products: BenchProduct[],
  say: (m: string) => void,
  durationSeconds = 10,
): Promise<ConsumersReport> {
  const source = (name: 'sales' | 'inventory' | 'customers', pool: number) =>
    createDataSource({
      url: roleUrl(db.adminUrl, runtimeRole(name), db.rolePassword),
      schema: name,
      poolSize: pool,
      applicationName: `bench-${name}`,
    });
  const sales = source('sales', 4);
  const inventory = source('inventory', 2);
  const customers = source('customers', 2);
  await Promise.all([sales.initialize(), inventory.initialize(), customers.initialize()]);
  const definitions: [ConsumerDefinition, DataSource][] = [
    [stockFromSalesConsumer, inventory],
    [loyaltyConsumer, customers],
  ];
  try {
    const eventsBefore = await withAdmin(db.adminUrl, async (a) =>
      Number((await a.query<{ n: string }>('SELECT count(*)::text AS n FROM events.event')).rows[0]!.n),
    );
    for (const [d] of definitions) await skipToEnd(db.adminUrl, d.name);

    say(`consumers: appending ${EVENTS} sale.created events (${LINES} lines each)`);
    for (let i = 0; i < EVENTS; i += 500) await append(sales, products, i, Math.min(500, EVENTS - i));
    const throughput: ConsumerThroughput[] = [];
    for (const [definition, dataSource] of definitions) {
      const consumer = createConsumer({ ...definition, dataSource });
      const t = performance.now();
      const applied = await consumer.runUntilIdle({ timeoutMs: 600_000 });
      const seconds = (performance.now() - t) / 1000;
      throughput.push({
        consumer: definition.name,
        events: applied,
        seconds: round(seconds, 2),
        events_per_s: Math.round(applied / seconds),
      });
      say(`consumers: ${definition.name} applied ${applied} events in ${round(seconds, 1)} s`);
    }

    say(`consumers: lag while 2 writers append ${BATCH}-sale batches for ${durationSeconds} s`);
    const running: Consumer[] = definitions.map(([definition, dataSource]) =>
      createConsumer({ ...definition, dataSource, pollMs: 1_000 }),
    );
    for (const c of running) await c.start();
    const samples = running.map(() => ({ events: [] as number[], seconds: [] as number[] }));
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await Promise.all(
          running.map(async (c, i) => {
            const lag = await c.lag();
            samples[i]!.events.push(lag.eventsBehind);
            samples[i]!.seconds.push(lag.secondsBehind);
          }),
        );
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const appliedBefore = running.map((c) => c.stats().applied);
    let appended = 0;
    const deadline = performance.now() + durationSeconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (performance.now() < deadline) {
          const from = EVENTS + appended;
          appended += BATCH;
          await append(sales, products, from, BATCH);
          for (const c of running) c.wake();
        }
      }),
    );
    const writeSeconds = (performance.now() - t0) / 1000;
    const drainStart = performance.now();
    const drain = await Promise.all(
      running.map(async (c) => {
        while ((await c.lag()).eventsBehind > 0) await new Promise((r) => setTimeout(r, 20));
        return (performance.now() - drainStart) / 1000;
      }),
    );
    sampling = false;
    await sampler;
    for (const c of running) await c.stop();

    const dataAfter = await withAdmin(db.adminUrl, async (a) => {
      const r = (
        await a.query<{ movements: string; parked: string; bytes: string }>(
          `SELECT (SELECT count(*) FROM inventory.stock_movement)::text AS movements,
                  (SELECT count(*) FROM events.parked_event)::text AS parked,
                  pg_database_size(current_database())::text AS bytes`,
        )
      ).rows[0]!;
      return {
        movements: Number(r.movements),
        parked: Number(r.parked),
        mb: Math.round(Number(r.bytes) / 2 ** 20),
      };
    });
    // A parked event was not applied: its figures would measure the runner's retries, not a consumer.
    if (dataAfter.parked > 0) throw new Error(`consumers: ${dataAfter.parked} events were parked`);
    return {
      lines_per_sale: LINES,
      data: {
        events_before: eventsBefore,
        stock_movements_after: dataAfter.movements,
        database_mb: dataAfter.mb,
      },
      throughput,
      under_load: {
        seconds: round(writeSeconds, 1),
        sales_appended: appended,
        appended_per_s: Math.round(appended / writeSeconds),
        consumers: running.map((c, i) => ({
          consumer: c.name,
          applied: c.stats().applied - appliedBefore[i]!,
          lag_events_p50: quantile(samples[i]!.events, 0.5),
          lag_events_p95: quantile(samples[i]!.events, 0.95),
          lag_events_max: Math.max(0, ...samples[i]!.events),
          lag_seconds_p95: round(quantile(samples[i]!.seconds, 0.95), 2),
          lag_seconds_max: round(Math.max(0, ...samples[i]!.seconds), 2),
          drain_seconds: round(drain[i]!, 2),
        })),
      },
    };
  } finally {
    await Promise.all([sales.destroy(), inventory.destroy(), customers.destroy()]);
  }
}

/**
 * The section's figures for the summary of `latest.json` (issue 19's targets): each consumer
 * draining alone, and the time the slower one took to catch up after the writers stopped.
 */
export function consumersSummary(report: ConsumersReport | null) {
  const alone = (name: string) =>
    report?.throughput.find((t) => t.consumer.endsWith(`:${name}`))?.events_per_s ?? null;
  const drains = report?.under_load.consumers.map((c) => c.drain_seconds) ?? [];
  return {
    inventory_events_per_s: alone('stock-from-sales'),
    loyalty_events_per_s: alone('loyalty'),
    catch_up_s: drains.length > 0 ? Math.max(...drains) : null,
    write_seconds: report?.under_load.seconds ?? null,
    appended_per_s: report?.under_load.appended_per_s ?? null,
  };
}

/** Prints the section's figures. */
export function printConsumers(report: ConsumersReport | null): void {
  if (!report) return;
  console.log(
    `\nEvent consumers (sale.created with ${report.lines_per_sale} lines; log held ${report.data.events_before} events before)`,
  );
  for (const t of report.throughput) {
    console.log(
      `  ${t.consumer.padEnd(34)} drained ${t.events} events in ${t.seconds} s = ${t.events_per_s} events/s`,
    );
  }
  const u = report.under_load;
  console.log(
    `  under load: ${u.sales_appended} sales appended in ${u.seconds} s (${u.appended_per_s}/s, 2 writers × ${BATCH}-sale batches)`,
  );
  for (const c of u.consumers) {
    console.log(
      `  ${c.consumer.padEnd(34)} applied ${c.applied}; lag events p50 ${c.lag_events_p50} p95 ${c.lag_events_p95} max ${c.lag_events_max}; ` +
        `seconds p95 ${c.lag_seconds_p95} max ${c.lag_seconds_max}; drained ${c.drain_seconds} s after the writers stopped`,
    );
  }
}
