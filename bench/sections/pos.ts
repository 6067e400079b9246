/**
 * The POS section (issue 14): the real POS host (`pos-desktop/src/main`, SQLite outbox, sync
 * loop, in-process fiscal gateway) against the whole backend on the bench database.
 *
 * - `sync_1000_s`: 1 000 sales queued offline on one till (with its shift's OPEN), then uploaded
 *   through the gateway by the host's own sync loop (`sync.syncNow`, batches of 200) until the
 *   outbox is empty — seconds from the first request to the last answer.
 * - `sale_to_receipt_p95_ms`: `sale.complete` (outbox write with `synchronous=FULL`, then the
 *   receipt registered with the fiscal module simulator over E-POS JSON-RPC) followed by
 *   `print.receipt` (the slip rendered), on another till in local fiscal mode. A fiscal module
 *   takes at most one receipt per second, so each sale starts just after the next second begins,
 *   as a cashier's would; the figure is the till's work, not the module's pacing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@jowi/fiscal-gateway/simulator';
import { formatMoney, moneyTimesQuantity, parseMoney, parseQuantity } from '@jowi/receipt';
import { startStack } from '@jowi/system';
import { type CatalogProduct, gql, ownerHeaders, pairingCode } from '../../pos-desktop/e2e/host-harness.ts';
import type {
  PinLoginResult,
  PosResult,
  PrintJob,
  SaleDraft,
  SaleOutcome,
  SessionState,
  ShiftInfo,
  SyncStatus,
} from '../../pos-desktop/src/shared/pos-types.ts';
import type { BenchDatabase } from '../lib/setup.ts';
import { quantile, round } from '../lib/stats.ts';

export interface PosReport {
  sync_1000_s: number;
  sync_sales: number;
  sync_requests_of_200: number;
  sale_to_receipt_p50_ms: number;
  sale_to_receipt_p95_ms: number;
  sale_to_receipt_max_ms: number;
  receipts: number;
}

const SYNC_SALES = 1000;

/**
 * The host's API as the bench drives it. The module is imported through a variable (as the POS's
 * own harness imports the backend), so type-checking the bench does not type-check the POS's
 * renderer files under Node's settings.
 */
interface PosHost {
  api: {
    session: {
      pair(input: { code: string; deviceName: string }): Promise<PosResult<SessionState>>;
      pinLogin(pin: string): Promise<PosResult<PinLoginResult>>;
    };
    shift: { open(input: { openingFloat: string }): Promise<PosResult<ShiftInfo>> };
    sale: { complete(draft: SaleDraft): Promise<PosResult<SaleOutcome>> };
    print: { receipt(id: string): Promise<PosResult<PrintJob>> };
    sync: { syncNow(): Promise<PosResult<SyncStatus>> };
    fiscal: { openShift(): Promise<PosResult<unknown>> };
  };
  close(): Promise<void>;
}
const HOST_MODULE = '../../pos-desktop/src/main/host/pos-host.ts';

async function startPosHost(options: Record<string, unknown>): Promise<PosHost> {
  const module = (await import(HOST_MODULE)) as {
    startPosHost(o: Record<string, unknown>): Promise<PosHost>;
  };
  return module.startPosHost(options);
}

function ok<T>(what: string, result: PosResult<T>): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.detail ?? ''}`);
  return result.value;
}

/** A cart of two products (the second ×2), paid in cash with change or by card. */
function cart(products: CatalogProduct[], i: number): SaleDraft {
  const lines = [products[i % products.length]!, products[(i + 7) % products.length]!].map((p, n) => {
    const quantity = n === 0 ? '1.000' : '2.000';
    return {
      productId: p.id,
      quantity,
      unitPrice: p.price,
      total: formatMoney(moneyTimesQuantity(parseMoney(p.price), parseQuantity(quantity))),
      vatRate: p.vatRate,
      name: p.name,
      ikpu: p.ikpu,
      packageCode: p.packageCode,
      ownerType: p.ownerType,
    };
  });
  const total = formatMoney(lines.reduce((acc, l) => acc + parseMoney(l.total), 0n));
  const payment =
    i % 2 === 0
      ? { method: 'CASH' as const, amount: total, tendered: formatMoney(parseMoney(total) + 10_000_00n) }
      : { method: 'CARD' as const, amount: total, cardBrand: 'HUMO' as const };
  return { lines, payments: [payment], total, catalogVersion: null };
}

async function pairedTill(
  gatewayUrl: string,
  owner: Record<string, string>,
  terminalId: string,
  dir: string,
  fiscal: { mode: 'off' | 'local'; deviceUrl: string },
): Promise<PosHost> {
  const host = await startPosHost({
    dataDir: dir,
    gatewayUrl,
    clientVersion: 'pos-desktop/bench',
    fiscal: { ...fiscal, port: 0, journalFile: join(dir, 'fiscal-journal.jsonl') },
    sync: { autoStart: false },
    logger: { warn: () => {}, error: console.error },
  });
  ok(
    'pair',
    await host.api.session.pair({
      code: await pairingCode(gatewayUrl, owner, terminalId),
      deviceName: 'Bench',
    }),
  );
  ok('PIN', await host.api.session.pinLogin('1111'));
  ok('open shift', await host.api.shift.open({ openingFloat: '500000.00' }));
  return host;
}

export async function posSection(db: BenchDatabase, say: (m: string) => void): Promise<PosReport> {
  const dir = mkdtempSync(join(tmpdir(), 'jowi-bench-pos-'));
  const stack = await startStack({
    adminUrl: db.adminUrl,
    rolePassword: db.rolePassword,
    keys: db.keys,
    seed: 'always',
    logLevel: 'silent',
    nodeEnv: 'production',
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  });
  const simulator = await startSimulator({ port: 0, stateFile: join(dir, 'fm.json') });
  const hosts: PosHost[] = [];
  try {
    const owner = await ownerHeaders(stack.gatewayUrl);
    const data = await gql<{
      stores: { edges: { node: { terminals: { id: string }[] } }[] };
      products: { edges: { node: CatalogProduct }[] };
    }>(
      stack.gatewayUrl,
      `{ stores(first: 10) { edges { node { terminals { id } } } }
         products(first: 40, filter: { active: true }) { edges { node { id name price vatRate ikpu packageCode ownerType } } } }`,
      {},
      owner,
    );
    const [syncTerminal, fiscalTerminal] = data.stores.edges.map((e) => e.node.terminals[0]!.id);
    const products = data.products.edges.map((e) => e.node);

    // 1 000 sales recorded with the gateway never asked (offline), then one upload round.
    const offline = await pairedTill(stack.gatewayUrl, owner, syncTerminal!, join(dir, 'sync'), {
      mode: 'off',
      deviceUrl: simulator.rpcUrl,
    });
    hosts.push(offline);
    for (let i = 0; i < SYNC_SALES; i++) ok('sale', await offline.api.sale.complete(cart(products, i)));
    say(`pos: ${SYNC_SALES} sales queued offline; uploading through the gateway`);
    const started = performance.now();
    const after = ok('sync', await offline.api.sync.syncNow());
    const syncSeconds = (performance.now() - started) / 1000;
    if (after.pending !== 0 || after.parked !== 0)
      throw new Error(`sync left ${after.pending} pending, ${after.parked} parked`);
    say(`pos: sync_1000_s ${round(syncSeconds, 2)}`);

    // Complete-sale to slip ready with the fiscal module simulator.
    const till = await pairedTill(stack.gatewayUrl, owner, fiscalTerminal!, join(dir, 'fiscal'), {
      mode: 'local',
      deviceUrl: simulator.rpcUrl,
    });
    hosts.push(till);
    ok('fiscal shift', await till.api.fiscal.openShift());
    const receipts = Number(process.env.BENCH_POS_RECEIPTS ?? 60);
    const times: number[] = [];
    for (let i = 0; i < receipts; i++) {
      const nextSecond = Math.ceil(Date.now() / 1000) * 1000 + 20;
      await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
      const t = performance.now();
      const outcome = ok('complete', await till.api.sale.complete(cart(products, i)));
      if (outcome.fiscal !== 'done') throw new Error(`sale not fiscalised: ${outcome.fiscalError?.code}`);
      ok('slip', await till.api.print.receipt(outcome.sale.id));
      times.push(performance.now() - t);
    }
    const report: PosReport = {
      sync_1000_s: round(syncSeconds, 2),
      sync_sales: SYNC_SALES,
      sync_requests_of_200: Math.ceil((SYNC_SALES + 1) / 200),
      sale_to_receipt_p50_ms: round(quantile(times, 0.5), 1),
      sale_to_receipt_p95_ms: round(quantile(times, 0.95), 1),
      sale_to_receipt_max_ms: round(Math.max(...times), 1),
      receipts,
    };
    say(
      `pos: sale_to_receipt p50 ${report.sale_to_receipt_p50_ms} ms, p95 ${report.sale_to_receipt_p95_ms} ms`,
    );
    return report;
  } finally {
    for (const host of hosts) await host.close().catch(() => undefined);
    await simulator.close().catch(() => undefined);
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The till's keys of the `pos` summary (the catalog's come from pos-catalog.ts). */
export function posTillSummary(report: PosReport | null) {
  return {
    sync_1000_s: report?.sync_1000_s ?? null,
    sale_to_receipt_p95_ms: report?.sale_to_receipt_p95_ms ?? null,
  };
}
