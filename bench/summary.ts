/**
 * The comparable figures of a run (the `latest.json` contract) and the ratios against the
 * targets of issue 8. Everything is a number, or null when its part did not run.
 */
import type { Scenario } from './lib/measure.ts';
import { round } from './lib/stats.ts';
import type { CatalogReport } from './sections/catalog.ts';
import type { GatewayReport } from './sections/gateway.ts';
import type { GatewayMixReport } from './sections/gateway-mix.ts';
import type { SalesSyncReport } from './sections/sales-sync.ts';
import type { SyncReport } from './sections/sync.ts';

const find = (list: Scenario[] | undefined, name: string) => list?.find((s) => s.name === name) ?? null;
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a != null && b != null && b !== 0 ? round(a / b, 2) : null;

export function summary(
  gateway: GatewayReport | null,
  sync: SyncReport | null,
  catalog: CatalogReport | null,
  batchSales: number,
  salesSync: SalesSyncReport | null = null,
  gatewayMix: GatewayMixReport | null = null,
) {
  const target = (name: string) => gateway?.targets.find((t) => t.name === name)?.scenarios;
  // The federated page (with stock) at 50 connections is the headline comparison.
  const ours = find(target('ours'), 'ours page+stock c50');
  const apollo = find(target('stock_apollo'), 'stock_apollo page+stock c50');
  const mercurius = find(target('mercurius'), 'mercurius page+stock c50');
  // The realistic mix (gateway-mix.ts): many callers with their own tokens, two tenants.
  const mixOurs = find(gatewayMix?.scenarios, 'ours mix c50');
  const mixUnshared = find(gatewayMix?.scenarios, 'ours_unshared mix c50');
  const mixMercurius = find(gatewayMix?.scenarios, 'mercurius mix c50');
  const direct1 = find(target('direct'), 'direct page c1');
  const ours1 = find(target('ours'), 'ours page c1');
  const direct50 = find(target('direct'), 'direct page c50');
  const ours50 = find(target('ours'), 'ours page c50');
  // The `sync` section's figures when it ran; else the `sales-sync` section's (the same 50 × 5
  // batches through the gateway, with full receipts), so `sync.*` is filled by either.
  const fresh8 =
    find(sync?.gateway, 'gateway fresh c8') ?? find(salesSync?.scenarios, 'sales-sync fresh 8 terminals');
  const replay8 =
    find(sync?.gateway, 'gateway replay c8') ?? find(salesSync?.scenarios, 'sales-sync replay 8 terminals');
  const service8 = find(sync?.service_layer, 'service fresh c8');
  const first = find(catalog?.scenarios, 'catalog first page c4');
  const deep = find(catalog?.scenarios, 'catalog deep page c4');
  const search = find(catalog?.scenarios, 'catalog search c4');
  const barcode = find(catalog?.scenarios, 'catalog barcode c4');
  const changes = catalog?.changes ?? null;
  return {
    gateway: {
      ours_rps: ours?.rps ?? null,
      stock_apollo_rps: apollo?.rps ?? null,
      mercurius_rps: mercurius?.rps ?? null,
      ours_p99_ms_50conn: ours?.p99_ms ?? null,
      ours_rps_per_core: ours?.rps_per_core ?? null,
      stock_apollo_rps_per_core: apollo?.rps_per_core ?? null,
      mercurius_rps_per_core: mercurius?.rps_per_core ?? null,
      stock_apollo_p99_ms_50conn: apollo?.p99_ms ?? null,
      mercurius_p99_ms_50conn: mercurius?.p99_ms ?? null,
      ours_vs_stock_apollo: ratio(ours?.rps, apollo?.rps),
      ours_vs_mercurius: ratio(ours?.rps, mercurius?.rps),
      ours_vs_stock_apollo_per_core: ratio(ours?.rps_per_core, apollo?.rps_per_core),
      ours_vs_mercurius_per_core: ratio(ours?.rps_per_core, mercurius?.rps_per_core),
      added_p50_ms_1conn: ours1 && direct1 ? round(ours1.p50_ms - direct1.p50_ms, 2) : null,
      added_p99_ms_1conn: ours1 && direct1 ? round(ours1.p99_ms - direct1.p99_ms, 2) : null,
      added_p50_ms_50conn: ours50 && direct50 ? round(ours50.p50_ms - direct50.p50_ms, 2) : null,
      added_p99_ms_50conn: ours50 && direct50 ? round(ours50.p99_ms - direct50.p99_ms, 2) : null,
      mix_ours_rps: mixOurs?.rps ?? null,
      mix_ours_unshared_rps: mixUnshared?.rps ?? null,
      mix_mercurius_rps: mixMercurius?.rps ?? null,
      mix_ours_vs_mercurius: ratio(mixOurs?.rps, mixMercurius?.rps),
      mix_sharing_gain: ratio(mixOurs?.rps, mixUnshared?.rps),
      mix_joined_pct: gatewayMix?.sharing?.joined_pct ?? null,
      mix_p99_ms_50conn: mixOurs?.p99_ms ?? null,
      mix_unshared_p99_ms_50conn: mixUnshared?.p99_ms ?? null,
      mix_mercurius_p99_ms_50conn: mixMercurius?.p99_ms ?? null,
      // Requests per core-second of the subgraphs (what saturates): steadier than rps under load.
      mix_ours_rps_per_subgraph_core: mixOurs?.rps_per_core ?? null,
      mix_unshared_rps_per_subgraph_core: mixUnshared?.rps_per_core ?? null,
      mix_mercurius_rps_per_subgraph_core: mixMercurius?.rps_per_core ?? null,
      mix_ours_vs_mercurius_per_subgraph_core: ratio(mixOurs?.rps_per_core, mixMercurius?.rps_per_core),
    },
    sync: {
      sales_per_s: fresh8 ? round(fresh8.rps * batchSales) : null,
      batch_p95_ms: fresh8?.p95_ms ?? null,
      replay_sales_per_s: replay8 ? round(replay8.rps * batchSales) : null,
      replay_speedup: ratio(replay8?.rps, fresh8?.rps),
      service_layer_sales_per_s: service8 ? round(service8.rps * batchSales) : null,
      exactly_once_gap: sync?.exactly_once_gap ?? salesSync?.exactly_once_gap ?? null,
      api_share_of_time: fresh8 && service8 ? round(1 - fresh8.rps / service8.rps, 2) : null,
    },
    catalog: {
      page_p95_ms: first?.p95_ms ?? null,
      deep_to_first_ratio: ratio(deep?.p50_ms, first?.p50_ms),
      search_p95_ms: search?.p95_ms ?? null,
      barcode_p95_ms: barcode?.p95_ms ?? null,
      changes_pull_s: changes && !catalog?.changes_skipped ? round(changes.seconds, 2) : null,
      changes_gzip_mib: changes && !catalog?.changes_skipped ? round(changes.gzip_bytes / 2 ** 20, 2) : null,
      import_rows_per_s: catalog?.import?.first_rows_per_s ?? null,
      import_rerun_rows_per_s: catalog?.import?.rerun_rows_per_s ?? null,
    },
  };
}

/**
 * Targets from issue 8: [figure, target, higher-is-better]. The gateway ratios are judged per
 * gateway core ("at equal cores"): on two cores the subgraphs' core saturates first and caps
 * every gateway's raw RPS alike, so raw ratios are printed but only per-core ones can show a
 * difference between gateways.
 */
export const TARGETS: [string, string, number, boolean][] = [
  ['gateway', 'ours_vs_stock_apollo_per_core', 1.5, true],
  ['gateway', 'ours_vs_mercurius_per_core', 1.0, true],
  ['gateway', 'ours_vs_stock_apollo', 1.5, true],
  ['gateway', 'ours_vs_mercurius', 1.0, true],
  ['gateway', 'ours_p99_ms_50conn', 150, false],
  ['gateway', 'added_p50_ms_1conn', 2, false],
  ['gateway', 'added_p99_ms_1conn', 5, false],
  // Issue 19: the realistic mix (many callers with their own tokens, two tenants, 50 connections).
  ['gateway', 'mix_ours_vs_mercurius', 1.5, true],
  ['gateway', 'mix_p99_ms_50conn', 150, false],
  ['sync', 'sales_per_s', 5000, true],
  ['sync', 'batch_p95_ms', 100, false],
  ['sync', 'replay_speedup', 2, true],
  ['catalog', 'page_p95_ms', 20, false],
  // Issue 19: each consumer alone at least as fast as ingestion's target, and caught up within
  // 5 s of 4 s of writing at full speed.
  ['consumers', 'inventory_events_per_s', 5000, true],
  ['consumers', 'loyalty_events_per_s', 5000, true],
  ['consumers', 'catch_up_s', 5, false],
  ['catalog', 'deep_to_first_ratio', 1.2, false],
  ['catalog', 'search_p95_ms', 30, false],
  ['catalog', 'changes_pull_s', 2, false],
  ['catalog', 'changes_gzip_mib', 4, false],
  ['pos', 'first_sync_ms_100k', 10_000, false],
  ['pos', 'warm_start_ms', 1_500, false],
  ['pos', 'search_p95_ms', 50, false],
  ['pos', 'heap_mib', 200, false],
];
