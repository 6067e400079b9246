/**
 * A consumer in its own process, for the consumer spec's crash and two-process tests. Run as
 * `node --import tsx consumer-process.ts` with:
 *
 * - CONSUMER_DB_URL: runtime-role URL; CONSUMER_NAME: cursor key; CONSUMER_TYPES: comma list
 * - CONSUMER_TABLE: table that receives `(event_id, label)` per applied event
 * - CONSUMER_BATCH, CONSUMER_SLEEP_MS (per event, inside the transaction), CONSUMER_POLL_MS
 * - CONSUMER_LABEL: written beside each event id
 * - CONSUMER_MODE: `batch` for a batch handler (`handleBatch`, the same per-event work in it)
 *
 * Prints JSON lines: `{"ready":true}`, `{"applying":"<id>"}` before each event is handled, and
 * `{"stats":{…}}` after SIGTERM (which stops gracefully). SIGKILL is the crash.
 */
import type { EntityManager } from 'typeorm';
import { startConsumer } from '../consumer.ts';
import { createDataSource } from '../db.ts';
import type { StoredEvent } from '../events.ts';

const env = process.env;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const sleepMs = Number(env.CONSUMER_SLEEP_MS ?? 0);
const table = env.CONSUMER_TABLE!;
if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`bad CONSUMER_TABLE ${table}`);

const dataSource = createDataSource({ url: env.CONSUMER_DB_URL!, schema: 'public', poolSize: 2 });
await dataSource.initialize();
/** Applies one event: announce it, record it, take the configured time. */
async function apply(manager: EntityManager, event: StoredEvent): Promise<void> {
  print({ applying: event.id.toString() });
  await manager.query(`INSERT INTO ${table} (event_id, label) VALUES ($1, $2)`, [
    event.id.toString(),
    env.CONSUMER_LABEL ?? String(process.pid),
  ]);
  if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, sleepMs));
}

const base = {
  dataSource,
  name: env.CONSUMER_NAME!,
  types: env.CONSUMER_TYPES ? env.CONSUMER_TYPES.split(',') : undefined,
  batchSize: Number(env.CONSUMER_BATCH ?? 10),
  pollMs: Number(env.CONSUMER_POLL_MS ?? 50),
};
const consumer = await startConsumer(
  env.CONSUMER_MODE === 'batch'
    ? {
        ...base,
        async handleBatch(manager, events) {
          for (const event of events) await apply(manager, event);
        },
      }
    : { ...base, handle: apply },
);
print({ ready: true });

process.on('SIGTERM', () => {
  void (async () => {
    await consumer.stop();
    print({ stats: consumer.stats() });
    await dataSource.destroy();
    process.exit(0);
  })();
});
