/**
 * Issue 19 probe: 8 concurrent fresh `syncSales` batches of one tenant with the daily product
 * rollup upserted by the `sale_line` trigger in every batch (`trigger`: the down of
 * 1766100000300-product-rollup-consumer.ts) and kept by the product-rollup consumer
 * (`consumer`: its up, with the consumer running in this process during the run, as in the
 * subgraphs' process), A/B alternating on one database. (Earlier the same probe compared one
 * rollup row per key with rollup slots, 1765700000300-rollup-slots.ts.)
 *
 * `npx tsx bench/sync-probe.ts [seconds per run] [rounds] [concurrency]` (DATABASE_URL as for
 * `npm run bench`). The service layer alone (no HTTP), 50 sales × 5 lines per batch, the bench's
 * 8 terminals in 2 stores selling the same 200 products. While a run goes, `pg_stat_activity` is
 * sampled every 20 ms: the share of the batches' busy backends per wait event tells whether they
 * queue on each other's rows (`Lock:transactionid`) or on the machine (no wait = on CPU or ready
 * to run, `IO:WALSync` = commit). Wall-clock sales/s follow the machine's load; the wait shares
 * much less so. Each run also prints this process's CPU per 1 000 sales (the batches' Node work and,
 * with the consumer, its batches) and the sales the consumer had not rolled up when the run ended.
 */
import { entities as salesEntities } from '@jowi/sales';
import {
  type Consumer,
  createConsumer,
  createDataSource,
  createLogger,
  OWNER_ROLE,
  roleUrl,
  runtimeRole,
  systemContext,
} from '@jowi/server-kit';
import { ProductRollupConsumer1766100000300 } from '../subgraphs/sales/migrations/1766100000300-product-rollup-consumer.ts';
import type { SyncSalesInput } from '../subgraphs/sales/src/__generated__/resolvers-types.ts';
import { productRollupConsumer } from '../subgraphs/sales/src/services/product-rollup.ts';
import { DEMO, fillProducts, fillSales, productsForSales, TERMINAL_IDS } from './lib/data.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { formatWaits, sampleWaits } from './lib/waits.ts';
import { BATCH_SALES, loops, serviceSale } from './sections/sync.ts';

const [seconds = 8, rounds = 2, concurrency = 8] = process.argv.slice(2).map(Number);

/** CPU (user + system, ms) of the local PostgreSQL server's backends `pids` (ticks of 10 ms). */
async function backendCpuMs(pids: number[]): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length > 12) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}
const say = (m: string) => console.log(`[probe] ${m}`);

const db = await createBenchDatabase('1', say);
try {
  const products = await withAdmin(db.adminUrl, async (admin) => {
    await fillProducts(admin, db.adminUrl, 2000, say);
    const forSales = await productsForSales(admin);
    await fillSales(admin, forSales, 5000, say);
    return forSales.slice(0, 200);
  });
  const ds = createDataSource({
    url: roleUrl(db.adminUrl, runtimeRole('sales'), db.rolePassword),
    schema: 'sales',
    entities: salesEntities,
    poolSize: concurrency + 2,
  });
  await ds.initialize();
  const log = createLogger('probe', 'silent');
  const ctx = () => systemContext({ db: ds, tenantId: DEMO.id, log, permissions: ['sales:sync'] });
  const fresh = (loop: number): SyncSalesInput => ({
    terminalId: TERMINAL_IDS[loop % TERMINAL_IDS.length]!,
    sales: Array.from({ length: BATCH_SALES }, (_, n) => serviceSale(products, n)),
  });
  let deferred = true;
  const toggle = async (want: boolean) => {
    if (want === deferred) return;
    const owner = createDataSource({ url: db.adminUrl, schema: 'sales', poolSize: 1, setRole: OWNER_ROLE });
    await owner.initialize();
    const runner = owner.createQueryRunner();
    await runner.startTransaction();
    const migration = new ProductRollupConsumer1766100000300();
    await (want ? migration.up(runner) : migration.down(runner));
    await runner.commitTransaction();
    await runner.release();
    await owner.destroy();
    deferred = want;
  };
  const startRollup = async (): Promise<Consumer> => {
    const consumer = createConsumer({ ...productRollupConsumer, dataSource: ds, log });
    await consumer.start();
    return consumer;
  };
  const unrolled = () =>
    withAdmin(db.adminUrl, async (admin) => {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM events.event e
        WHERE e.type = 'sale.created' AND NOT EXISTS (SELECT 1 FROM sales.product_rolled r
          WHERE r.tenant_id = e.tenant_id AND r.sale_id::text = e.aggregate_id)`);
      return rows[0].n as number;
    });
  const warm = await startRollup();
  await loops(ctx, fresh, concurrency, 2, 'CREATED');
  await warm.stop();
  // The CPU of the sales role's backends (the batches' and the consumer's pool; PostgreSQL on this
  // machine), not the wait sampler's or anyone else's.
  const salesBackends = () =>
    withAdmin(db.adminUrl, async (admin) => {
      const { rows } = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = $1`,
        [runtimeRole('sales')],
      );
      return rows.map((r: { pid: number }) => r.pid);
    });
  const postgresCpuMs = async () => backendCpuMs(await salesBackends());
  const uptime = async () => (await import('node:os')).loadavg()[0]!.toFixed(1);
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? [false, true] : [true, false]) {
      await toggle(mode);
      const consumer = mode ? await startRollup() : null;
      const sampler = await sampleWaits(db.adminUrl);
      const load = await uptime();
      const cpu = process.cpuUsage();
      const pgBefore = await postgresCpuMs();
      const run = await loops(ctx, fresh, concurrency, seconds, 'CREATED');
      const used = process.cpuUsage(cpu);
      const pgUsed = (await postgresCpuMs()) - pgBefore;
      const shares = formatWaits(await sampler.stop());
      const behind = mode ? await unrolled() : 0;
      // With the consumer, its work left at the end belongs to the run too: wait for it (≤ 60 s).
      const deadline = Date.now() + 60_000;
      while (mode && (await unrolled()) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const pgAll = (await postgresCpuMs()) - pgBefore;
      await consumer?.stop();
      const sales = run.rps * BATCH_SALES;
      const cpuPerK = ((used.user + used.system) / 1000 / (sales * seconds)) * 1000;
      say(
        `${mode ? 'consumer' : 'trigger '} c${concurrency}: ${sales.toFixed(0)} sales/s, ` +
          `batch p50 ${run.p50.toFixed(0)} p95 ${run.p95.toFixed(0)} ms, bad ${run.bad}, load ${load}; ` +
          `node CPU ${cpuPerK.toFixed(0)}, PostgreSQL CPU ${((pgUsed / (sales * seconds)) * 1000).toFixed(0)} ` +
          `(${((pgAll / (sales * seconds)) * 1000).toFixed(0)} with the consumer's catch-up) ms/1000 sales; not yet rolled at the end ${behind}; busy backends: ${shares}`,
      );
    }
  }
  await toggle(true);
  await ds.destroy();
} finally {
  await db.close();
}
