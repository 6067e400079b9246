/**
 * A consumer in its own process, for the consumer spec's crash and two-process tests. Run as
 * `node --import tsx consumer-process.ts` with:
 *
 * - CONSUMER_DB_URL: runtime-role URL; CONSUMER_NAME: cursor key; CONSUMER_TYPES: comma list
 * - CONSUMER_TABLE: table that receives `(event_id, label)` per applied event
 * - CONSUMER_BATCH, CONSUMER_SLEEP_MS (per event, inside the transaction), CONSUMER_POLL_MS
 * - CONSUMER_LABEL: written beside each event id
 *
 * Prints JSON lines: `{"ready":true}`, `{"applying":"<id>"}` before each event is handled, and
 * `{"stats":{…}}` after SIGTERM (which stops gracefully). SIGKILL is the crash.
 */
import { startConsumer } from '../consumer.ts';
import { createDataSource } from '../db.ts';

const env = process.env;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const sleepMs = Number(env.CONSUMER_SLEEP_MS ?? 0);
const table = env.CONSUMER_TABLE!;
if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`bad CONSUMER_TABLE ${table}`);

const dataSource = createDataSource({ url: env.CONSUMER_DB_URL!, schema: 'public', poolSize: 2 });
await dataSource.initialize();
const consumer = await startConsumer({
  dataSource,
  name: env.CONSUMER_NAME!,
  types: env.CONSUMER_TYPES ? env.CONSUMER_TYPES.split(',') : undefined,
  batchSize: Number(env.CONSUMER_BATCH ?? 10),
  pollMs: Number(env.CONSUMER_POLL_MS ?? 50),
  async handle(manager, event) {
    print({ applying: event.id.toString() });
    await manager.query(`INSERT INTO ${table} (event_id, label) VALUES ($1, $2)`, [
      event.id.toString(),
      env.CONSUMER_LABEL ?? String(process.pid),
    ]);
    if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, sleepMs));
  },
});
print({ ready: true });

process.on('SIGTERM', () => {
  void (async () => {
    await consumer.stop();
    print({ stats: consumer.stats() });
    await dataSource.destroy();
    process.exit(0);
  })();
});
