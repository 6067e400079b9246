/**
 * The consumers section's figures in the `latest.json` summary (issue 19): each consumer's drain
 * alone and the slower one's catch-up, judged against their targets; a section that did not run
 * gives nulls.
 */
import { expect, it } from 'vitest';
import { mergeLatest } from './main.ts';
import { type ConsumersReport, consumersSummary } from './sections/consumers.ts';
import { TARGETS } from './summary.ts';

const report: ConsumersReport = {
  lines_per_sale: 5,
  data: { events_before: 10, stock_movements_after: 100, database_mb: 50 },
  throughput: [
    { consumer: 'jowi_inventory:stock-from-sales', events: 20_000, seconds: 4, events_per_s: 5_000 },
    { consumer: 'jowi_customers:loyalty', events: 20_000, seconds: 2, events_per_s: 10_000 },
  ],
  under_load: {
    seconds: 4.1,
    sales_appended: 4_550,
    appended_per_s: 1_120,
    consumers: [
      {
        consumer: 'jowi_inventory:stock-from-sales',
        applied: 4_550,
        lag_events_p50: 1,
        lag_events_p95: 2,
        lag_events_max: 3,
        lag_seconds_p95: 1,
        lag_seconds_max: 1,
        drain_seconds: 4.05,
      },
      {
        consumer: 'jowi_customers:loyalty',
        applied: 4_550,
        lag_events_p50: 1,
        lag_events_p95: 2,
        lag_events_max: 3,
        lag_seconds_p95: 1,
        lag_seconds_max: 1,
        drain_seconds: 0.81,
      },
    ],
  },
};

it('summarises each consumer alone and the slower catch-up, with targets', () => {
  expect(consumersSummary(report)).toEqual({
    inventory_events_per_s: 5_000,
    loyalty_events_per_s: 10_000,
    catch_up_s: 4.05,
    write_seconds: 4.1,
    appended_per_s: 1_120,
  });
  expect(consumersSummary(null).catch_up_s).toBeNull();
  const judged = TARGETS.filter(([section]) => section === 'consumers').map(([, key]) => key);
  expect(judged).toEqual(['inventory_events_per_s', 'loyalty_events_per_s', 'catch_up_s']);
});

it('a consumers run replaces the consumers summary in latest.json', () => {
  const merged = mergeLatest(
    { consumers: { catch_up_s: 15.5 }, sync: { sales_per_s: 1 }, details: {} },
    { consumers: consumersSummary(report), details: { consumers: report } },
    ['consumers'],
  );
  expect((merged.consumers as { catch_up_s: number }).catch_up_s).toBe(4.05);
  expect(merged.sync).toEqual({ sales_per_s: 1 });
});
