/**
 * Side-by-side 2, sync ingest: `syncSales` batches (50 sales × 5 lines) through our gateway with
 * 1 and 8 concurrent terminals, fresh and replayed; then the sales service layer alone (no HTTP,
 * no GraphQL, same database), to show what the API costs. No pinning: ingest uses the machine.
 */
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { entities as salesEntities } from '@jowi/sales';
import {
  createDataSource,
  createLogger,
  newId,
  type RequestContext,
  roleUrl,
  runtimeRole,
  systemContext,
} from '@jowi/server-kit';
import type { StackKeys } from '@jowi/system';
import type { SaleInput, SyncSalesInput } from '../../subgraphs/sales/src/__generated__/resolvers-types.ts';
import { syncSales } from '../../subgraphs/sales/src/services/sync-sales.service.ts';
import { type BenchProduct, DEMO, TERMINAL_IDS } from '../lib/data.ts';
import { expectData, login, post } from '../lib/graphql.ts';
import { measure, type Scenario, summarise, type Timing } from '../lib/measure.ts';
import { startServer } from '../lib/procs.ts';
import { quantile } from '../lib/stats.ts';
import { formatWaits, sampleWaits, type WaitShares } from '../lib/waits.ts';
import type { RunResult } from '../load-child.ts';
import { dataSize } from './sales-sync.ts';

export const BATCH_SALES = 50;
export const BATCH_LINES = 5;

export interface SyncReport {
  batch: string;
  /** `sale.created` events − sales stored during the section (0 = exactly once). */
  exactly_once_gap: number;
  /**
   * What the busy backends waited on during the fresh 8-terminal gateway scenario, % of samples
   * (bench/lib/waits.ts): `Lock:transactionid` = batches queueing on each other's rows.
   */
  waits_gateway_fresh_c8: WaitShares;
  gateway: Scenario[];
  service_layer: Scenario[];
}

export async function syncSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  products: BenchProduct[],
  timing: Timing,
  say: (m: string) => void,
): Promise<SyncReport> {
  const keys = db.keys;
  const before = await dataSize(db.adminUrl);
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys, poolSize: 10 },
    { cpus: null },
  );
  const gateway = await startServer<{ url: string }>(
    'servers/gateway-ours.ts',
    { keys, urls: subgraphs.info.urls },
    { cpus: null },
  ).catch(async (error) => {
    await subgraphs.stop();
    throw error;
  });
  const scenarios: Scenario[] = [];
  let waits: WaitShares = {};
  try {
    const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
    const session = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
    const sanity = await post<{ syncSales: { results: { status: string; error: unknown }[] } }>(
      gateway.info.url,
      'mutation S($input: SyncSalesInput!) { syncSales(input: $input) { results { status error { code message } } } }',
      { input: { terminalId: TERMINAL_IDS[0], sales: [serviceSale(products, 0)].map(toJson) } },
      session.headers,
    );
    const first = expectData('syncSales sanity', sanity).syncSales.results[0];
    if (first?.status !== 'CREATED')
      throw new Error(`syncSales sanity: expected CREATED, got ${JSON.stringify(first)}`);
    for (const mode of ['fresh', 'replay'] as const) {
      for (const connections of [1, 8]) {
        say(`sync: ${mode} through the gateway, ${connections} terminal(s)`);
        const sampler = mode === 'fresh' && connections === 8 ? await sampleWaits(db.adminUrl) : null;
        const run = measure(
          `gateway ${mode} c${connections}`,
          {
            url: gateway.info.url,
            connections,
            headers: session.headers,
            sync: {
              mode,
              terminalIds: TERMINAL_IDS,
              products: products.slice(0, 200),
              sales: BATCH_SALES,
              lines: BATCH_LINES,
            },
          },
          timing,
          { loadCpus: null, watchPid: subgraphs.pid },
        );
        try {
          scenarios.push(await run);
        } finally {
          if (sampler) {
            waits = await sampler.stop();
            say(`sync: busy backends during fresh c8: ${formatWaits(waits)}`);
          }
        }
      }
    }
  } finally {
    await gateway.stop();
    await subgraphs.stop();
  }
  const serviceLayer = await serviceLayerRuns(db, products.slice(0, 200), timing, say);
  const after = await dataSize(db.adminUrl);
  const gap = after.events - before.events - (after.sales - before.sales);
  say(`sync: sale.created − sales stored during the section = ${gap} (0 = exactly once)`);
  return {
    batch: `${BATCH_SALES} sales × ${BATCH_LINES} lines`,
    exactly_once_gap: gap,
    waits_gateway_fresh_c8: waits,
    gateway: scenarios,
    service_layer: serviceLayer,
  };
}

let picked = 0;
/** A 5-line cash sale of `products` (round robin), as the service takes it. */
export function serviceSale(products: BenchProduct[], _n: number): SaleInput {
  const lines = Array.from({ length: BATCH_LINES }, () => {
    const p = products[picked++ % products.length]!;
    return { productId: p.id, quantity: 1000n, unitPrice: BigInt(p.price), vatRate: p.vatRate };
  });
  const total = lines.reduce((sum, l) => sum + l.unitPrice, 0n);
  return { id: newId(), createdAt: new Date(), lines, payments: [{ method: 'CASH', amount: total }], total };
}

/** The same sale as the GraphQL variables a POS sends. */
function toJson(sale: SaleInput): Record<string, unknown> {
  const money = (t: bigint) => `${t / 100n}.${(t % 100n).toString().padStart(2, '0')}`;
  return {
    id: sale.id,
    createdAt: (sale.createdAt as Date).toISOString(),
    lines: sale.lines.map((l) => ({
      productId: l.productId,
      quantity: '1',
      unitPrice: money(l.unitPrice as bigint),
      vatRate: l.vatRate,
    })),
    payments: sale.payments.map((p) => ({ method: p.method, amount: money(p.amount as bigint) })),
    total: money(sale.total as bigint),
  };
}

/** `concurrency` loops calling the service for `seconds`; latencies per 50-sale batch. */
export async function loops(
  ctx: () => RequestContext,
  batches: (loop: number) => SyncSalesInput,
  concurrency: number,
  seconds: number,
  expect: 'CREATED' | 'DUPLICATE',
): Promise<RunResult> {
  const latencies: number[] = [];
  let bad = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const out = await syncSales(ctx(), batches(i));
        latencies.push(performance.now() - t0);
        bad += out.results.filter((r) => r.status !== expect).length + out.errors.length;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    bad,
    cpu: {},
  };
}

async function serviceLayerRuns(
  db: { adminUrl: string; rolePassword?: string },
  products: BenchProduct[],
  timing: Timing,
  say: (m: string) => void,
): Promise<Scenario[]> {
  const ds = createDataSource({
    url: roleUrl(db.adminUrl, runtimeRole('sales'), db.rolePassword),
    schema: 'sales',
    entities: salesEntities,
    poolSize: 10,
  });
  await ds.initialize();
  const log = createLogger('bench', 'silent');
  const ctx = () => systemContext({ db: ds, tenantId: DEMO.id, log, permissions: ['sales:sync'] });
  const fresh = (loop: number): SyncSalesInput => ({
    terminalId: TERMINAL_IDS[loop % TERMINAL_IDS.length]!,
    sales: Array.from({ length: BATCH_SALES }, (_, n) => serviceSale(products, n)),
  });
  const out: Scenario[] = [];
  try {
    for (const concurrency of [1, 8]) {
      say(`sync: service layer alone, ${concurrency} concurrent batch(es), fresh and replayed`);
      await loops(ctx, fresh, concurrency, timing.warmupSeconds, 'CREATED');
      const runs: RunResult[] = [];
      for (let i = 0; i < timing.repeats; i++)
        runs.push(await loops(ctx, fresh, concurrency, timing.durationSeconds, 'CREATED'));
      out.push(summarise(`service fresh c${concurrency}`, concurrency, runs));
      const pool = Array.from({ length: 16 }, (_, i) => fresh(i));
      for (const batch of pool) await syncSales(ctx(), batch);
      let next = 0;
      const replayRuns: RunResult[] = [];
      for (let i = 0; i < timing.repeats; i++)
        replayRuns.push(
          await loops(
            ctx,
            () => pool[next++ % pool.length]!,
            concurrency,
            timing.durationSeconds,
            'DUPLICATE',
          ),
        );
      out.push(summarise(`service replay c${concurrency}`, concurrency, replayRuns));
    }
  } finally {
    await ds.destroy();
  }
  return out;
}
