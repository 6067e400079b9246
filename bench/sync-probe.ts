/**
 * Issue 19 probe: what 8 concurrent fresh `syncSales` batches of one tenant wait on, with the
 * daily rollup as issue 15 left it (one row per key) and with rollup slots
 * (migration 1765700000300-rollup-slots.ts), A/B alternating on one database.
 *
 * `npx tsx bench/sync-probe.ts [seconds per run] [rounds] [concurrency]` (DATABASE_URL as for
 * `npm run bench`). The service layer alone (no HTTP), 50 sales × 5 lines per batch, the bench's
 * 8 terminals in 2 stores selling the same 200 products. While a run goes, `pg_stat_activity` is
 * sampled every 20 ms: the share of the batches' busy backends per wait event tells whether they
 * queue on each other's rows (`Lock:transactionid`) or on the machine (no wait = on CPU or ready
 * to run, `IO:WALSync` = commit). Wall-clock sales/s follow the machine's load; the wait shares
 * much less so.
 */
import { entities as salesEntities } from '@jowi/sales';
import {
  createDataSource,
  createLogger,
  OWNER_ROLE,
  roleUrl,
  runtimeRole,
  systemContext,
} from '@jowi/server-kit';
import { RollupSlots1765700000300 } from '../subgraphs/sales/migrations/1765700000300-rollup-slots.ts';
import type { SyncSalesInput } from '../subgraphs/sales/src/__generated__/resolvers-types.ts';
import { setSyncGrouping } from '../subgraphs/sales/src/services/sync-group.ts';
import { DEMO, fillProducts, fillSales, productsForSales, TERMINAL_IDS } from './lib/data.ts';
import { createBenchDatabase, withAdmin } from './lib/setup.ts';
import { costProbe } from './lib/sync-cost.ts';
import { formatWaits, sampleWaits } from './lib/waits.ts';
import { BATCH_SALES, loops, serviceSale } from './sections/sync.ts';

const [seconds = 8, rounds = 2, concurrency = 8] = process.argv.slice(2, 5).map(Number);
/**
 * `commit-delay` (5th argument): alternate the server's group commit instead of the rollup —
 * `commit_delay` 0 against `PROBE_COMMIT_DELAY_US` (default 1 000 µs; `commit_siblings` 2), set
 * with ALTER SYSTEM on a private server (it is server-wide). `synchronous_commit` stays on.
 */
const commitDelay = process.argv[5] === 'commit-delay';
/**
 * `group` (5th argument): alternate `syncSales` group commit (sync-group.ts) off and on, in
 * process (`PROBE_GROUPS` groups of the tenant in flight, default 2). Each run also prints the cost per 1 000 sales: WAL bytes (`pg_current_wal_lsn` diff —
 * server-wide, so use a private server), the CPU of the bench database's backends
 * (`/proc/<pid>/stat`, PostgreSQL on this machine) and of this process, and with
 * `PROBE_STATEMENTS=1` the top statements by time (`pg_stat_statements`, if the server loads it).
 */
const group = process.argv[5] === 'group';
const delayUs = Number(process.env.PROBE_COMMIT_DELAY_US ?? 1000);
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
  let slotted = true;
  const toggle = async (want: boolean) => {
    if (want === slotted) return;
    if (group) {
      setSyncGrouping(want, Number(process.env.PROBE_GROUPS ?? 2));
      slotted = want;
      return;
    }
    if (commitDelay) {
      await withAdmin(db.adminUrl, async (admin) => {
        await admin.query(`ALTER SYSTEM SET commit_delay = ${want ? delayUs : 0}`);
        await admin.query('ALTER SYSTEM SET commit_siblings = 2');
        await admin.query('SELECT pg_reload_conf()');
      });
      slotted = want;
      return;
    }
    const owner = createDataSource({ url: db.adminUrl, schema: 'sales', poolSize: 1, setRole: OWNER_ROLE });
    await owner.initialize();
    const runner = owner.createQueryRunner();
    await runner.startTransaction();
    const migration = new RollupSlots1765700000300();
    await (want ? migration.up(runner) : migration.down(runner));
    await runner.commitTransaction();
    await runner.release();
    await owner.destroy();
    slotted = want;
  };
  await loops(ctx, fresh, concurrency, 2, 'CREATED');
  const uptime = async () => (await import('node:os')).loadavg()[0]!.toFixed(1);
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? [false, true] : [true, false]) {
      await toggle(mode);
      const sampler = await sampleWaits(db.adminUrl);
      const load = await uptime();
      const cost = await costProbe(db.adminUrl);
      const run = await loops(ctx, fresh, concurrency, seconds, 'CREATED');
      const costs = await cost.stop(run.requests * BATCH_SALES);
      const shares = formatWaits(await sampler.stop());
      const label = group
        ? mode
          ? 'grouped'
          : 'alone  '
        : commitDelay
          ? mode
            ? `delay ${delayUs}`
            : 'delay 0'
          : mode
            ? 'slots  '
            : 'one row';
      say(`${label} c${concurrency}: ${costs}, load after ${await uptime()}`);
      say(
        `${label} c${concurrency}: ${(run.rps * BATCH_SALES).toFixed(0)} sales/s, ` +
          `batch p50 ${run.p50.toFixed(0)} p95 ${run.p95.toFixed(0)} ms, bad ${run.bad}, load ${load}; ` +
          `busy backends: ${shares}`,
      );
    }
  }
  await toggle(!commitDelay);
  await ds.destroy();
} finally {
  await db.close();
}
