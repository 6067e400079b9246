/// <reference path="./lib/autocannon.d.ts" />
/**
 * The load generator process: autocannon against one URL, a warm-up, then N measured repeats.
 * Runs apart from the servers (the parent starts it pinned with `taskset`), records every
 * response time itself (autocannon reports no p95) and the CPU time the watched server
 * processes spent during each repeat (from /proc), and prints one `RESULT {json}` line.
 *
 * Usage: node --import tsx bench/load-child.ts '<LoadSpec json>'
 */
import { readFileSync } from 'node:fs';
import { formatMoney } from '@jowi/receipt';
import { IDENTITY_HEADER, type Identity, importKey, newId, signIdentity } from '@jowi/server-kit';
import autocannon, { type AutocannonOptions, type AutocannonRequest } from 'autocannon';
import { quantile } from './lib/stats.ts';

export interface SyncBodySpec {
  mode: 'fresh' | 'replay';
  terminalIds: string[];
  /** Products to sell: id, price in tiyin (decimal string), VAT rate. */
  products: { id: string; price: string; vatRate: number }[];
  sales: number;
  lines: number;
  /**
   * `full`: receipts as a shop POS sends them — name and IKPU snapshots, a 1 % receipt discount,
   * split card + cash payments with tendered cash and change, receipt numbers. Default: plain
   * lines paid in cash.
   */
  receipt?: 'plain' | 'full';
}

export interface LoadSpec {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  repeats: number;
  headers: Record<string, string>;
  /** A fixed request body (GraphQL JSON). */
  body?: string;
  /** Sign a gateway identity header before each repeat (tokens live 30 s). */
  identity?: { privateJwk: Record<string, unknown>; identity: Identity };
  /** Generate `syncSales` batches instead of a fixed body. */
  sync?: SyncBodySpec;
  /**
   * A mix of callers and queries instead of a fixed body: each request is the next pair of
   * `order` — (caller, body): the caller's headers (its own token) and a body — round the list.
   * Indexes keep the spec small (it travels as one argv string).
   */
  mix?: { headers: Record<string, string>[]; bodies: string[]; order: number[] };
  /** Server processes whose CPU time is measured per repeat. */
  cpuPids: number[];
}

export interface RunResult {
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bad: number;
  /** CPU seconds per watched pid during the run. */
  cpu: Record<string, number>;
}

const SYNC = `mutation Sync($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code } } } }`;

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line (USER_HZ = 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

let pick = 0;
function syncBody(spec: SyncBodySpec, terminalId: string): string {
  const sales = [];
  const now = new Date().toISOString();
  for (let s = 0; s < spec.sales; s++) {
    const lines = [];
    let total = 0n;
    for (let l = 0; l < spec.lines; l++) {
      const product = spec.products[pick++ % spec.products.length]!;
      const price = BigInt(product.price);
      total += price;
      lines.push({
        productId: product.id,
        quantity: '1',
        unitPrice: formatMoney(price),
        vatRate: product.vatRate,
      });
    }
    if (spec.receipt === 'full') {
      sales.push(fullReceipt(lines, total, now));
      continue;
    }
    sales.push({
      id: newId(),
      createdAt: now,
      lines,
      payments: [{ method: 'CASH', amount: formatMoney(total) }],
      total: formatMoney(total),
    });
  }
  return JSON.stringify({ query: SYNC, variables: { input: { terminalId, sales } } });
}

let receiptNumber = 0;
/** A shop receipt over `lines` (plain, summing to `subtotal`): see {@link SyncBodySpec.receipt}. */
function fullReceipt(lines: Record<string, unknown>[], subtotal: bigint, createdAt: string) {
  const discount = subtotal / 100n;
  const total = subtotal - discount;
  const card = total / 2n;
  const cash = total - card;
  // The customer hands over the next whole 1 000 so'm.
  const tendered = ((cash + 99_999n) / 100_000n) * 100_000n;
  return {
    id: newId(),
    createdAt,
    receiptNumber: ++receiptNumber,
    lines: lines.map((line, i) => ({ ...line, name: `Bench product ${i + 1}`, ikpu: '10202001001000000' })),
    discount: formatMoney(discount),
    total: formatMoney(total),
    payments: [
      { method: 'CARD', amount: formatMoney(card), cardBrand: 'UZCARD', reference: `rrn-${receiptNumber}` },
      { method: 'CASH', amount: formatMoney(cash), tendered: formatMoney(tendered) },
    ],
  };
}

function verifier(spec: LoadSpec): ((body: string) => boolean) | undefined {
  // Cheap string checks: a GraphQL error, or a sync outcome other than the expected one.
  const noErrors = (body: string) => !body.includes('"errors":[{');
  if (!spec.sync) return noErrors;
  const unexpected = spec.sync.mode === 'fresh' ? '"DUPLICATE"' : '"CREATED"';
  return (body) =>
    noErrors(body) && !body.includes('REJECTED') && !body.includes('CONFLICT') && !body.includes(unexpected);
}

async function requestsFor(spec: LoadSpec): Promise<AutocannonRequest[] | undefined> {
  if (spec.mix) {
    const { headers, bodies, order } = spec.mix;
    const pairs = order.length / 2;
    let next = 0;
    return [
      {
        method: 'POST',
        setupRequest: (req) => {
          const at = 2 * (next++ % pairs);
          return {
            ...req,
            headers: { ...req.headers, ...headers[order[at]!] },
            body: bodies[order[at + 1]!],
          };
        },
      },
    ];
  }
  if (!spec.sync) return undefined;
  const sync = spec.sync;
  let turn = 0;
  const terminal = () => sync.terminalIds[turn++ % sync.terminalIds.length]!;
  if (sync.mode === 'fresh') {
    return [{ method: 'POST', setupRequest: (req) => ({ ...req, body: syncBody(sync, terminal()) }) }];
  }
  // Replay: a pool of batches sent once (untimed), then resent over and over.
  const pool = Array.from({ length: 16 }, () => syncBody(sync, terminal()));
  for (const body of pool) {
    const res = await fetch(spec.url, { method: 'POST', headers: spec.headers, body });
    const text = await res.text();
    if (!res.ok || text.includes('"errors":[{'))
      throw new Error(`priming replay failed: ${text.slice(0, 300)}`);
  }
  let next = 0;
  return [{ method: 'POST', setupRequest: (req) => ({ ...req, body: pool[next++ % pool.length]! }) }];
}

function once(options: AutocannonOptions, pids: number[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const before = pids.map(cpuSeconds);
    const started = process.hrtime.bigint();
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu: Record<string, number> = {};
      pids.forEach((pid, i) => {
        cpu[String(pid)] = cpuSeconds(pid) - before[i]!;
      });
      resolve({
        seconds,
        requests: latencies.length,
        rps: latencies.length / seconds,
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        p99: quantile(latencies, 0.99),
        bad: result.non2xx + result.errors + result.timeouts + result.mismatches,
        cpu,
      });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const requests = await requestsFor(spec);
  const key = spec.identity ? await importKey(spec.identity.privateJwk) : null;
  const kid = spec.identity?.privateJwk.kid as string | undefined;
  const options = async (duration: number): Promise<AutocannonOptions> => {
    const headers = { ...spec.headers };
    if (key && spec.identity) headers[IDENTITY_HEADER] = await signIdentity(key, kid, spec.identity.identity);
    return {
      url: spec.url,
      connections: spec.connections,
      duration,
      method: 'POST',
      headers,
      body: spec.body,
      requests: requests?.map((r) => ({ ...r, headers })),
      timeout: 30,
      verifyBody: verifier(spec),
    };
  };
  if (spec.warmupSeconds > 0) await once(await options(spec.warmupSeconds), []);
  const runs: RunResult[] = [];
  for (let i = 0; i < spec.repeats; i++)
    runs.push(await once(await options(spec.durationSeconds), spec.cpuPids));
  process.stdout.write(`RESULT ${JSON.stringify(runs)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
