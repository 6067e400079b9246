/**
 * `npm run bench [-- <section…>] [--products N] [--sales N] [--duration S] [--warmup S]`
 *
 * Starts real services on a fresh PostgreSQL database (DATABASE_URL's server, else an embedded
 * one) with NODE_ENV=production, loads data with progress output, runs the sections (by default
 * gateway, sync, catalog, sales, consumers; sales-sync when named), prints a table and writes
 * bench/results/<date>.json and latest.json.
 * `npm run bench -- pos` measures the POS host: its catalog (pos-catalog.ts), then 1 000 offline sales
 * synced through the gateway by its sync loop and complete-sale to slip with the fiscal module
 * simulator (pos.ts).
 * `npm run bench -- sales --sales 1000000` measures the daily summary and the business-day listing
 * over a million generated sales (about 3 minutes of loading on 2 cores).
 * `npm run bench -- admin --sales 1000000 --products 100000` times the back office's pages in Chromium
 * (section `admin`, run when named).
 * `npm run bench -- reports --sales 1000000` exports a year of generated sales as CSV and XLSX
 * through the gateway: time to the last byte and the services' peak resident memory (when named).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  type BenchProduct,
  type CatalogData,
  fillProducts,
  fillSales,
  productsForSales,
} from './lib/data.ts';
import type { Scenario, Timing } from './lib/measure.ts';
import { BENCH_DIR, stopAll } from './lib/procs.ts';
import { type BenchDatabase, createBenchDatabase, withAdmin } from './lib/setup.ts';
import { round } from './lib/stats.ts';
import { type AdminReport, adminSection } from './sections/admin.ts';
import { type ApiReport, apiSection } from './sections/api.ts';
import { type CatalogReport, catalogSection } from './sections/catalog.ts';
import {
  type ConsumersReport,
  consumersSection,
  consumersSummary,
  printConsumers,
} from './sections/consumers.ts';
import { type GatewayReport, gatewaySection, OTHER_CPU } from './sections/gateway.ts';
import { type GatewayMixReport, gatewayMixSection } from './sections/gateway-mix.ts';
import { type PosReport, posSection, posTillSummary } from './sections/pos.ts';
import { type PosCatalogReport, posCatalogSection, posCatalogSummary } from './sections/pos-catalog.ts';
import { type ReportsReport, reportsSection } from './sections/reports.ts';
import {
  printSalesReads,
  type SalesReadsReport,
  salesReadsSection,
  salesReadsSummary,
} from './sections/sales-reads.ts';
import { type SalesSyncReport, salesSyncSection } from './sections/sales-sync.ts';
import { BATCH_SALES, type SyncReport, syncSection } from './sections/sync.ts';
import { summary } from './summary.ts';
import { printTable } from './table.ts';

const SECTIONS = [
  'gateway',
  'gateway-mix',
  'sync',
  'catalog',
  'sales',
  'sales-sync',
  'consumers',
  'api',
  'pos',
  'admin',
  'reports',
] as const;
/**
 * What `npm run bench` runs without names: every comparison the issue asks for, within 15 minutes
 * on 2 cores. `sales-sync` (the same ingestion with full shop receipts) repeats `sync`'s gateway
 * half and runs when named.
 */
const DEFAULT_SECTIONS: readonly Section[] = [
  'gateway',
  'gateway-mix',
  'sync',
  'catalog',
  'sales',
  'consumers',
  'api',
];
type Section = (typeof SECTIONS)[number];

interface Args {
  sections: Section[];
  products: number;
  sales: number;
  timing: Timing;
}

function parseArgs(argv: string[]): Args {
  const sections: Section[] = [];
  const flags: Record<string, number> = {
    products: 10_000,
    sales: 100_000,
    duration: 4,
    warmup: 3,
    repeats: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=');
      const value = Number(inline ?? argv[++i]);
      if (!(name! in flags) || !Number.isFinite(value) || value < 0) throw new Error(`bad flag ${arg}`);
      flags[name!] = value;
    } else if ((SECTIONS as readonly string[]).includes(arg)) {
      sections.push(arg as Section);
    } else {
      throw new Error(`unknown benchmark "${arg}" (known: ${SECTIONS.join(', ')})`);
    }
  }
  return {
    sections: sections.length ? sections : [...DEFAULT_SECTIONS],
    products: Math.max(60, Math.floor(flags.products!)),
    sales: Math.floor(flags.sales!),
    timing: {
      warmupSeconds: flags.warmup!,
      durationSeconds: Math.max(1, flags.duration!),
      repeats: Math.max(1, flags.repeats!),
    },
  };
}

const t0 = Date.now();
const say = (m: string) => console.log(`[bench ${Math.round((Date.now() - t0) / 1000)}s] ${m}`);

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  process.env.NODE_ENV = 'production';
  let db: BenchDatabase | null = null;
  const cleanup = async () => {
    await stopAll();
    await db?.close().catch((e) => console.error(e));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void cleanup().finally(() => process.exit(130));
    });
  }
  const started = new Date();
  const m = machine();
  say(`machine: ${m.nproc} cores (${m.cpu_model}), ${m.memory_gib} GiB, Node ${m.node}; NODE_ENV=production`);
  say(
    `sections: ${args.sections.join(', ')}; products ${args.products}, sales ${args.sales}; ` +
      `warm-up ${args.timing.warmupSeconds}s, ${args.timing.repeats} × ${args.timing.durationSeconds}s per scenario`,
  );
  let gateway: GatewayReport | null = null;
  let gatewayMix: GatewayMixReport | null = null;
  let sync: SyncReport | null = null;
  let catalog: CatalogReport | null = null;
  let salesReads: SalesReadsReport | null = null;
  let salesSync: SalesSyncReport | null = null;
  let consumers: ConsumersReport | null = null;
  let api: ApiReport | null = null;
  let posCatalog: PosCatalogReport | null = null;
  let admin: AdminReport | null = null;
  let pos: PosReport | null = null;
  let reports: ReportsReport | null = null;
  const skipped: Record<string, string> = {};
  let data: CatalogData | null = null;
  let products: BenchProduct[] = [];
  try {
    db = await createBenchDatabase(OTHER_CPU, say);
    say(`database: ${db.description}`);
    const bench = db;
    [data, products] = await withAdmin(bench.adminUrl, async (admin) => {
      const made = await fillProducts(admin, bench.adminUrl, args.products, say);
      const forSales = await productsForSales(admin);
      if (
        ['gateway-mix', 'sync', 'catalog', 'sales', 'sales-sync', 'admin', 'reports'].some((s) =>
          args.sections.includes(s as Section),
        )
      )
        await fillSales(admin, forSales, args.sales, say);
      return [made, forSales] as const;
    });
    for (const section of args.sections) {
      try {
        if (section === 'gateway') gateway = await gatewaySection(bench, args.timing, say);
        if (section === 'gateway-mix') gatewayMix = await gatewayMixSection(bench, args.timing, say);
        if (section === 'sync') sync = await syncSection(bench, products, args.timing, say);
        if (section === 'catalog') catalog = await catalogSection(bench, data, args.timing, say);
        if (section === 'sales') salesReads = await salesReadsSection(bench, args.timing, say);
        if (section === 'sales-sync') salesSync = await salesSyncSection(bench, products, args.timing, say);
        if (section === 'api') api = await apiSection(say);
        if (section === 'pos') {
          posCatalog = await posCatalogSection(bench, data, say);
          pos = await posSection(bench, say);
        }
        if (section === 'admin')
          admin = await adminSection(
            bench,
            { sales: args.sales, products: data?.count ?? args.products },
            say,
          );
        if (section === 'reports') reports = await reportsSection(bench, say);
        if (section === 'consumers')
          consumers = await consumersSection(bench, products, say, args.timing.durationSeconds);
      } catch (error) {
        skipped[section] = String(error instanceof Error ? error.message : error).slice(0, 600);
        say(`${section} failed: ${skipped[section]}`);
        await stopAll();
      }
    }
  } finally {
    await cleanup();
  }
  const report = {
    date: started.toISOString(),
    machine: m,
    database: db?.description ?? null,
    data: { products: data?.count ?? null, product_generator: data?.generator ?? null, sales: args.sales },
    timing: args.timing,
    pinning: gateway?.pinning ?? null,
    ...summary(gateway, sync, catalog, BATCH_SALES, salesSync, gatewayMix),
    skipped,
    sales_reads: salesReadsSummary(salesReads),
    consumers: consumersSummary(consumers),
    api,
    pos: { ...posCatalogSummary(posCatalog), ...posTillSummary(pos) },
    admin,
    reports,
    details: {
      gateway,
      gateway_mix: gatewayMix,
      sync,
      catalog,
      sales_reads: salesReads,
      sales_sync: salesSync,
      consumers,
      api,
      pos_catalog: posCatalog,
      pos_till: pos,
      admin,
      reports,
    },
  };
  printTable(report, gateway, sync, catalog, gatewayMix);
  printSalesReads(salesReads);
  printConsumers(consumers);
  const dir = `${BENCH_DIR}results`;
  mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(`${dir}/${stamp}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const latest = `${dir}/latest.json`;
  const previous = existsSync(latest)
    ? (JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>)
    : {};
  writeFileSync(latest, `${JSON.stringify(mergeLatest(previous, report, args.sections), null, 2)}\n`);
  say(
    `wrote bench/results/${stamp}.json and bench/results/latest.json (${round((Date.now() - t0) / 60000, 1)} min)`,
  );
}

export type { Scenario };

/** The keys of `latest.json` (summary and details) each section writes. */
const SECTION_KEYS: Record<Section, { summary: string[]; details: string[] }> = {
  gateway: { summary: ['gateway', 'pinning'], details: ['gateway'] },
  'gateway-mix': { summary: ['gateway'], details: ['gateway_mix'] },
  sync: { summary: ['sync'], details: ['sync'] },
  'sales-sync': { summary: ['sync'], details: ['sales_sync'] },
  catalog: { summary: ['catalog'], details: ['catalog'] },
  sales: { summary: ['sales_reads'], details: ['sales_reads'] },
  consumers: { summary: ['consumers'], details: ['consumers'] },
  api: { summary: ['api'], details: ['api'] },
  pos: { summary: ['pos'], details: ['pos_catalog', 'pos_till'] },
  admin: { summary: ['admin'], details: ['admin'] },
  reports: { summary: ['reports'], details: ['reports'] },
};
/** Summary keys more than one module of a section fills: merged key by key, a null never replacing a figure. */
const MERGED_SUMMARY = new Set(['pos', 'gateway']);

function mergedValue(key: string, previous: unknown, value: unknown): unknown {
  if (!MERGED_SUMMARY.has(key) || typeof previous !== 'object' || previous === null) return value;
  const merged: Record<string, unknown> = { ...(previous as Record<string, unknown>) };
  for (const [name, figure] of Object.entries(value as Record<string, unknown>))
    if (figure !== null || !(name in merged)) merged[name] = figure;
  return merged;
}

/**
 * `latest.json` after a run: the keys of the sections that ran are replaced, every other
 * section's keys are kept from the previous file, so `npm run bench -- api` updates only `api`.
 */
export function mergeLatest(
  previous: Record<string, unknown>,
  report: Record<string, unknown>,
  ran: readonly Section[],
): Record<string, unknown> {
  const summaryKeys = new Set(ran.flatMap((s) => SECTION_KEYS[s].summary));
  const detailKeys = new Set(ran.flatMap((s) => SECTION_KEYS[s].details));
  const allSummary = new Set(Object.values(SECTION_KEYS).flatMap((k) => k.summary));
  const merged: Record<string, unknown> = { ...previous };
  for (const [key, value] of Object.entries(report)) {
    if (key === 'details') continue;
    if (!allSummary.has(key) || summaryKeys.has(key)) merged[key] = mergedValue(key, previous[key], value);
  }
  const details = { ...((previous.details as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(report.details as Record<string, unknown>))
    if (detailKeys.has(key)) details[key] = value;
  merged.details = details;
  return merged;
}
