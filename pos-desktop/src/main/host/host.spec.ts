/**
 * The sync loop against the real backend, through a proxy that can cut or refuse: every entry
 * reaches the server exactly once, a refused one is parked without holding back the rest, and
 * an unreachable gateway means backoff, then catching up.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@jowi/fiscal-gateway/simulator';
import { formatMoney, moneyTimesQuantity, parseMoney, parseQuantity } from '@jowi/receipt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogProduct,
  demoTill,
  GatewayProxy,
  gql,
  ManualSleep,
  ownerHeaders,
  pairingCode,
  startHostMain,
  startSystem,
} from '../../../e2e/host-harness.ts';
import type { PaymentDraft, PosResult, SaleDraft } from '../../shared/pos-types.ts';
import { type PosHost, startPosHost } from './pos-host.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

let system: System;
let proxy: GatewayProxy;
let owner: Record<string, string>;
let terminalId = '';
let products: CatalogProduct[] = [];
const dirs: string[] = [];
const hosts: PosHost[] = [];

function ok<T>(result: PosResult<T>): T {
  if (!result.ok)
    expect.fail(`expected ok, got ${result.error.code}: ${result.error.detail ?? result.error.messages.en}`);
  return result.value;
}

/** A cart of `items` (product index, quantity) paid as `pay` says; nets are gross (no discounts). */
function draft(items: Array<[number, string]>, pay: (total: bigint) => PaymentDraft[]): SaleDraft {
  const lines = items.map(([index, quantity]) => {
    const product = products[index]!;
    const total = moneyTimesQuantity(parseMoney(product.price), parseQuantity(quantity));
    return {
      productId: product.id,
      quantity,
      unitPrice: product.price,
      total: formatMoney(total),
      vatRate: product.vatRate,
      name: product.name,
      ikpu: product.ikpu,
      packageCode: product.packageCode,
      ownerType: product.ownerType,
    };
  });
  const total = lines.reduce((acc, line) => acc + parseMoney(line.total), 0n);
  return { lines, payments: pay(total), total: formatMoney(total), catalogVersion: 'test-catalog-1' };
}

const cash = (total: bigint): PaymentDraft[] => [
  { method: 'CASH', amount: formatMoney(total), tendered: formatMoney(total + 50_000n) },
];
const card = (total: bigint): PaymentDraft[] => [
  { method: 'CARD', amount: formatMoney(total), cardBrand: 'HUMO' },
];
const split = (total: bigint): PaymentDraft[] => [
  { method: 'CASH', amount: formatMoney(total / 2n) },
  { method: 'PAYME', amount: formatMoney(total - total / 2n), reference: 'pm-1' },
];

/** A host paired with the demo terminal, its cashier signed in online. */
async function pairedHost(
  sleep = new ManualSleep(),
  now?: () => Date,
  fiscalDeviceUrl?: string,
): Promise<{ host: PosHost; sleep: ManualSleep; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-sync-'));
  dirs.push(dir);
  const mode = fiscalDeviceUrl ? ('local' as const) : ('off' as const);
  const host = await startPosHost({
    dataDir: dir,
    gatewayUrl: proxy.url,
    clientVersion: 'pos-desktop/test',
    fiscal: {
      mode,
      deviceUrl: fiscalDeviceUrl ?? 'http://127.0.0.1:1/rpc/api',
      port: 0,
      journalFile: join(dir, 'j.jsonl'),
    },
    sync: {
      sleep: sleep.sleep,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      idleMs: 30_000,
      autoStart: false,
    },
    logger: { warn: () => {}, error: () => {} },
    ...(now ? { now } : {}),
  });
  hosts.push(host);
  ok(
    await host.api.session.pair({
      code: await pairingCode(system.gatewayUrl, owner, terminalId),
      deviceName: 'Spec till',
    }),
  );
  ok(await host.api.session.pinLogin('1111'));
  return { host, sleep, dir };
}

/** Closes the till's shift and uploads it: the demo terminal is shared by the tests of this file. */
async function closeShift(host: PosHost): Promise<void> {
  const x = ok(await host.api.shift.xReport());
  ok(await host.api.shift.close({ countedCash: x.expectedCash }));
  expect(ok(await host.api.sync.syncNow())).toMatchObject({ pending: 0, parked: 0 });
}

async function storedCounts(ids: string[]) {
  const [row] = await system.db.admin<{ sales: string; refunds: string; moves: string }>(
    `SELECT (SELECT count(*) FROM sales.sale WHERE id = ANY($1::uuid[])) AS sales,
            (SELECT count(*) FROM sales.refund WHERE id = ANY($1::uuid[])) AS refunds,
            (SELECT count(*) FROM sales.cash_movement WHERE id = ANY($1::uuid[])) AS moves`,
    [ids],
  );
  return { sales: Number(row!.sales), refunds: Number(row!.refunds), moves: Number(row!.moves) };
}

beforeAll(async () => {
  system = await startSystem();
  proxy = await new GatewayProxy(system.gatewayUrl).start();
  owner = await ownerHeaders(system.gatewayUrl);
  ({ terminalId, products } = await demoTill(system.gatewayUrl, owner));
});

afterAll(async () => {
  for (const host of hosts) await host.close();
  await proxy?.close();
  await system?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('sync loop against the real gateway', () => {
  it('uploads 20 mixed entries exactly once; after a lost answer the resend is DUPLICATE', async () => {
    const { host } = await pairedHost();
    const till = host.till()!;
    ok(await host.api.shift.open({ openingFloat: '200000.00' }));
    ok(await host.api.shift.cashIn({ amount: '50000.00', reason: 'Change from the bank' }));
    const payers = [cash, card, split];
    const sales: string[] = [];
    for (let i = 0; i < 15; i++) {
      const items: Array<[number, string]> = [
        [i % products.length, '1.000'],
        [(i + 3) % products.length, '2.000'],
      ];
      const outcome = ok(await host.api.sale.complete(draft(items, payers[i % 3]!)));
      expect(outcome).toMatchObject({
        fiscal: 'not-required',
        sale: { state: 'pending', receiptNumber: i + 1 },
      });
      sales.push(outcome.sale.id);
    }
    const first = ok(await host.api.sale.get(sales[0]!));
    const refundAmount = first.lines[0]!.total;
    const refund = ok(
      await host.api.refund.record({
        saleId: first.id,
        lines: [{ saleLineNo: 1, quantity: '1.000', amount: refundAmount }],
        payments: [{ method: 'CASH', amount: refundAmount }],
        reason: 'Returned by the customer',
      }),
    );
    ok(await host.api.shift.cashOut({ amount: '10000.00', reason: 'Bread delivery' }));
    const x = ok(await host.api.shift.xReport());
    expect(x).toMatchObject({ saleCount: 15, refundCount: 1, cashIn: '50000.00', cashOut: '10000.00' });
    const z = ok(await host.api.shift.close({ countedCash: x.expectedCash }));
    expect(z.difference).toBe('0.00');
    expect(ok(await host.api.sync.depth())).toMatchObject({ pending: 20, lastSeq: 20 });

    // The first upload is committed by the server, but its answer is lost on the way back.
    proxy.set('cut-once');
    const afterCut = ok(await host.api.sync.syncNow());
    expect(proxy.cuts).toBe(1);
    expect(afterCut).toMatchObject({ online: false, pending: 20, lastError: { code: 'SERVER_UNREACHABLE' } });
    const ids = till.context.outbox.list('pending').map((e) => (e.payload as { id: string }).id);
    expect(ids).toEqual(expect.arrayContaining([...sales, refund.refund.id]));
    expect(await storedCounts(ids)).toEqual({ sales: 15, refunds: 1, moves: 2 });

    // The resend: the server already has everything, with the same content.
    const after = ok(await host.api.sync.syncNow());
    expect(after).toMatchObject({ online: true, pending: 0, parked: 0, lastError: null });
    // The answer carries the server's catalog version (the seeded catalog has changes).
    expect(after.serverCatalogVersion).toMatch(/.+/);
    const done = till.context.outbox.list('done');
    expect(done).toHaveLength(20);
    expect(new Set(done.map((e) => e.resultStatus))).toEqual(new Set(['DUPLICATE']));
    expect(await storedCounts(ids)).toEqual({ sales: 15, refunds: 1, moves: 2 });

    // Prices, cashier, receipt number and the catalog version went with each sale.
    const [stored] = await system.db.admin<{ n: string }>(
      `SELECT count(*) AS n FROM sales.sale WHERE id = ANY($1::uuid[]) AND catalog_version = 'test-catalog-1'
         AND receipt_number IS NOT NULL`,
      [sales],
    );
    expect(Number(stored!.n)).toBe(15);
    const [shift] = await system.db.admin<{ counted_cash: string }>(
      'SELECT counted_cash FROM sales.shift WHERE id = $1 AND closed_at IS NOT NULL',
      [x.shiftId],
    );
    expect(shift?.counted_cash).toBe(String(parseMoney(x.expectedCash)));
  });

  it('parks a sale the server rejects and still uploads the ones behind it', async () => {
    const { host } = await pairedHost();
    ok(await host.api.shift.open({ openingFloat: '0.00' }));
    // The demo cashier lacks `sales:discount`: the till refuses a discount before recording anything.
    const discounted = draft([[1, '1.000']], () => []);
    const line = discounted.lines[0]!;
    line.discount = '100.00';
    line.total = formatMoney(parseMoney(line.total) - 100n);
    discounted.total = line.total;
    discounted.payments = [{ method: 'CARD', amount: line.total }];
    expect(code(await host.api.sale.complete(discounted))).toBe('DISCOUNT_NOT_PERMITTED');
    expect(ok(await host.api.sync.depth()).lastSeq).toBe(1);
    const good1 = ok(await host.api.sale.complete(draft([[1, '1.000']], cash))).sale;
    // Adds up on the till, but not by the server's arithmetic (the net is below gross without a discount).
    const bad = draft([[2, '1.000']], () => []);
    bad.lines[0]!.total = formatMoney(parseMoney(bad.lines[0]!.total) - 100n);
    bad.total = bad.lines[0]!.total;
    bad.payments = [{ method: 'CARD', amount: bad.total }];
    const rejected = ok(await host.api.sale.complete(bad)).sale;
    const good2 = ok(await host.api.sale.complete(draft([[3, '1.000']], card))).sale;

    const status = ok(await host.api.sync.syncNow());
    expect(status).toMatchObject({ pending: 0, parked: 1 });
    const attention = ok(await host.api.sync.needsAttention());
    expect(attention).toEqual([
      expect.objectContaining({
        id: rejected.id,
        status: 'REJECTED',
        code: 'TOTAL_MISMATCH',
        summary: expect.stringMatching(/^Sale #2/),
      }),
    ]);
    expect(await storedCounts([good1.id, good2.id, rejected.id])).toMatchObject({ sales: 2 });

    // A supervisor retries it (still refused: parked again), then gives up on it.
    ok(await host.api.sync.retry(rejected.id));
    expect(ok(await host.api.sync.syncNow())).toMatchObject({ parked: 1, pending: 0 });
    expect(ok(await host.api.sync.discard(rejected.id))).toMatchObject({ parked: 0 });
    expect(ok(await host.api.sync.depth())).toMatchObject({ discarded: 1, parked: 0 });
    const notParked = await host.api.sync.discard(rejected.id);
    expect(notParked.ok ? null : notParked.error.code).toBe('NOT_PARKED');
    await closeShift(host);
  });

  it('backs off with jitter while the gateway is unreachable, then catches up', async () => {
    const { host, sleep } = await pairedHost();
    ok(await host.api.shift.open({ openingFloat: '0.00' }));
    for (let i = 0; i < 3; i++) ok(await host.api.sale.complete(draft([[i, '1.000']], cash)));
    const till = host.till()!;
    const statuses: boolean[] = [];
    host.onSyncStatus((s) => statuses.push(s.online === true));

    proxy.set('refuse');
    till.sync.start();
    // Three failed rounds: each delay is half the doubling step plus half of it times random (0.5).
    await expect.poll(() => sleep.delays.length).toBe(1);
    sleep.release();
    await expect.poll(() => sleep.delays.length).toBe(2);
    sleep.release();
    await expect.poll(() => sleep.delays.length).toBe(3);
    expect(sleep.delays).toEqual([750, 1500, 3000]);
    expect(proxy.refused).toBeGreaterThan(0);
    expect(till.sync.status()).toMatchObject({
      online: false,
      pending: 4,
      lastError: { code: 'SERVER_UNREACHABLE' },
    });

    // The connection is back: the next attempt uploads everything, and the loop goes idle.
    proxy.set('pass');
    sleep.release();
    await expect.poll(() => sleep.delays.length).toBe(4);
    expect(sleep.delays[3]).toBe(30_000);
    expect(till.sync.status()).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(statuses.at(-1)).toBe(true);
    await till.sync.stop();
    await closeShift(host);
  });
});

describe('terminal health', () => {
  interface Health {
    terminalId: string;
    lastSeenAt: string;
    lastSyncAt: string | null;
    outboxDepth: number;
    parkedCount: number;
    appVersion: string;
    stale: boolean;
  }
  /** The demo terminal's health as the back office reads it. */
  async function serverHealth(): Promise<Health | undefined> {
    const data = await gql<{ terminalHealth: Health[] }>(
      system.gatewayUrl,
      `{ terminalHealth { terminalId lastSeenAt lastSyncAt outboxDepth parkedCount appVersion stale } }`,
      {},
      owner,
    );
    return data.terminalHealth.find((row) => row.terminalId === terminalId);
  }

  it('reports outbox depth, parked count and version with a sync; the heartbeat keeps last-seen fresh', async () => {
    let clock = Date.now();
    const { host } = await pairedHost(new ManualSleep(), () => new Date(clock));
    const before = await serverHealth();
    ok(await host.api.shift.open({ openingFloat: '0.00' }));
    ok(await host.api.sale.complete(draft([[1, '1.000']], cash)));
    // Adds up on the till, but not by the server's arithmetic: parked after the upload.
    const bad = draft([[2, '1.000']], () => []);
    bad.lines[0]!.total = formatMoney(parseMoney(bad.lines[0]!.total) - 100n);
    bad.total = bad.lines[0]!.total;
    bad.payments = [{ method: 'CARD', amount: bad.total }];
    const rejected = ok(await host.api.sale.complete(bad)).sale;

    expect(ok(await host.api.sync.syncNow())).toMatchObject({ pending: 0, parked: 1 });
    const synced = await serverHealth();
    expect(synced).toMatchObject({ outboxDepth: 0, parkedCount: 1, appVersion: 'test', stale: false });
    expect(synced!.lastSyncAt).not.toBeNull();
    if (before?.lastSyncAt)
      expect(Date.parse(synced!.lastSyncAt!)).toBeGreaterThan(Date.parse(before.lastSyncAt));

    // Nothing changed and the minute is not over: a round sends nothing.
    ok(await host.api.sync.syncNow());
    expect(await serverHealth()).toEqual(synced);

    // A minute on with an empty outbox: the heartbeat moves last-seen, not last-sync.
    clock += 60_000;
    ok(await host.api.sync.syncNow());
    const beat = await serverHealth();
    expect(beat).toMatchObject({
      outboxDepth: 0,
      parkedCount: 1,
      appVersion: 'test',
      lastSyncAt: synced!.lastSyncAt,
    });
    expect(Date.parse(beat!.lastSeenAt)).toBeGreaterThan(Date.parse(synced!.lastSeenAt));

    // Discarding the parked sale is reported at the next round.
    ok(await host.api.sync.discard(rejected.id));
    ok(await host.api.sync.syncNow());
    expect(await serverHealth()).toMatchObject({ parkedCount: 0, lastSyncAt: synced!.lastSyncAt });
    await closeShift(host);
  });
});

/** The failure code of a result (fails the test when it is ok). */
function code(result: PosResult<unknown>): string {
  if (result.ok) expect.fail('expected a failure');
  return result.error.code;
}

describe('session: pairing, PIN sign-in online and offline', () => {
  it('refuses a wrong pairing code, and keeps the device secret out of reach of the renderer', async () => {
    const { host, dir } = await pairedHost();
    const wrong = await host.api.session.pair({ code: '00000000', deviceName: 'Other' });
    // Already paired with entries? No entries yet: the server refuses the code itself.
    expect(code(wrong)).toBe('PAIRING_CODE_INVALID');
    const state = ok(await host.api.session.state());
    expect(state).toMatchObject({
      paired: true,
      terminalId,
      mode: 'online',
      canSync: true,
      cashier: { name: expect.any(String) },
    });
    expect(JSON.stringify(state)).not.toMatch(/deviceSecret|refreshToken/);
    const secrets = await stat(join(dir, 'secrets.json'));
    expect(secrets.mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'terminals', `${terminalId}.sqlite`))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('"1111"');
  });

  it('signs in offline with a PIN verified online before; throttles wrong PINs; the verifier expires', async () => {
    let clock = Date.parse('2026-12-01T08:00:00Z');
    const { host } = await pairedHost(new ManualSleep(), () => new Date(clock));
    const till = host.till()!;
    const [verifier] = till.store.prepare('SELECT pin_hash FROM pin_verifier').all() as {
      pin_hash: string;
    }[];
    expect(verifier?.pin_hash).toMatch(/^\$argon2id\$/);

    proxy.set('refuse');
    try {
      ok(await host.api.session.logout());
      const offline = ok(await host.api.session.pinLogin('1111'));
      expect(offline.session).toMatchObject({
        mode: 'offline',
        locked: false,
        cashier: { roles: expect.arrayContaining(['cashier']) },
      });
      expect(offline.offlineValidUntil).toBe('2026-12-08T08:00:00.000Z');
      // The till keeps selling offline: a shift and a sale go into the outbox.
      ok(await host.api.shift.open({ openingFloat: '10000.00' }));
      ok(await host.api.sale.complete(draft([[0, '1.000']], cash)));

      ok(await host.api.session.lock());
      expect(code(await host.api.shift.xReport())).toBe('TILL_LOCKED');
      for (let i = 0; i < 4; i++) expect(code(await host.api.session.pinLogin('9999'))).toBe('INVALID_PIN');
      const locked = await host.api.session.pinLogin('9999');
      expect(locked.ok ? null : locked.error).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 30 });
      // Even the right PIN waits out the lock; the next wrong one doubles it.
      expect(code(await host.api.session.pinLogin('1111'))).toBe('PIN_LOCKED');
      clock += 31_000;
      const again = await host.api.session.pinLogin('0000');
      expect(again.ok ? null : again.error).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 60 });
      clock += 61_000;
      expect(ok(await host.api.session.pinLogin('1111')).session).toMatchObject({
        mode: 'offline',
        locked: false,
      });
      expect(ok(await host.api.shift.xReport())).toMatchObject({ saleCount: 1 });

      // Eight days without an online sign-in: the cached verifier is gone.
      clock += 8 * 24 * 3_600_000;
      expect(code(await host.api.session.pinLogin('1111'))).toBe('OFFLINE_LOGIN_UNAVAILABLE');
      expect(till.store.prepare('SELECT count(*) AS n FROM pin_verifier').get()).toEqual({ n: 0 });
    } finally {
      proxy.set('pass');
    }
    // Online again: the PIN works, and what was sold offline uploads with the server session.
    ok(await host.api.session.pinLogin('1111'));
    const synced = ok(await host.api.sync.syncNow());
    expect(ok(await host.api.sync.needsAttention())).toEqual([]);
    expect(synced).toMatchObject({ pending: 0, parked: 0, online: true });
    await closeShift(host);
  });
});

describe('sale: record, then fiscalise, then print', () => {
  it('keeps a paper-out sale held until it is signed — once — and uploads it with its requisites', async () => {
    const simDir = await mkdtemp(join(tmpdir(), 'jowi-pos-fm-'));
    dirs.push(simDir);
    const sim = await startSimulator({ port: 0, stateFile: join(simDir, 'fm.json') });
    const faults = (path: string, body: unknown = {}) =>
      fetch(`${sim.baseUrl}/control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      const { host } = await pairedHost(new ManualSleep(), undefined, sim.rpcUrl);
      ok(await host.api.shift.open({ openingFloat: '0.00' }));
      ok(await host.api.fiscal.openShift());

      const first = ok(await host.api.sale.complete(draft([[0, '1.000']], cash)));
      expect(first).toMatchObject({ fiscal: 'done', fiscalError: null, sale: { state: 'pending' } });
      expect(first.sale.fiscal?.fiscalSign).toMatch(/^\d{12}$/);

      await faults('faults', { paperOut: true });
      const stuck = ok(await host.api.sale.complete(draft([[1, '2.000']], card)));
      expect(stuck).toMatchObject({ fiscal: 'failed', sale: { state: 'held', fiscal: null } });
      expect(stuck.fiscalError).toMatchObject({ code: 'PAPER_OUT', retryable: true });
      expect(ok(await host.api.sale.unfinished()).map((s) => s.id)).toEqual([stuck.sale.id]);
      expect(code(await host.api.shift.close({ countedCash: '0.00' }))).toBe('UNFINISHED_SALES');
      // A held sale is never uploaded unsigned.
      expect(ok(await host.api.sync.syncNow())).toMatchObject({ pending: 1, held: 1 });

      await faults('faults/clear');
      const signed = ok(await host.api.sale.fiscalise(stuck.sale.id));
      expect(signed).toMatchObject({ fiscal: 'done', sale: { state: 'pending' } });
      const again = ok(await host.api.sale.fiscalise(stuck.sale.id));
      expect(again.sale.fiscal).toEqual(signed.sale.fiscal);
      expect(sim.fm.snapshot().lastReceiptSeq).toBe(2);

      // The first slip is the original; every later print says COPY.
      const slip = ok(await host.api.print.receipt(first.sale.id));
      expect(slip).toMatchObject({ format: 'html', copy: false });
      expect(slip.html).toContain(first.sale.fiscal!.fiscalSign);
      const reprint = ok(await host.api.print.receipt(first.sale.id));
      expect(reprint.copy).toBe(true);
      expect(reprint.html).toContain('NUSXA');

      expect(ok(await host.api.sync.syncNow())).toMatchObject({ pending: 0, parked: 0 });
      const receipts = await system.db.admin<{ id: string; fiscal_sign: string | null }>(
        `SELECT s.id, (SELECT r.fiscal_sign FROM fiscal.receipt r WHERE r.sale_id = s.id LIMIT 1) AS fiscal_sign
           FROM sales.sale s WHERE s.id = ANY($1::uuid[]) ORDER BY s.id`,
        [[first.sale.id, stuck.sale.id]],
      );
      expect(receipts.map((r) => r.id)).toEqual([first.sale.id, stuck.sale.id].sort());
      await expect
        .poll(
          async () =>
            (
              await system.db.admin<{ fiscal_sign: string }>(
                'SELECT fiscal_sign FROM fiscal.receipt WHERE sale_id = ANY($1::uuid[]) ORDER BY fiscal_sign',
                [[first.sale.id, stuck.sale.id]],
              )
            ).map((r) => r.fiscal_sign),
          // The fiscal subgraph records them from the sale events, asynchronously.
          { timeout: 30_000, interval: 200 },
        )
        .toEqual([first.sale.fiscal!.fiscalSign, signed.sale.fiscal!.fiscalSign].sort());
      await closeShift(host);
    } finally {
      await sim.close();
    }
  });
});

describe('the host process', () => {
  it('pairs at start with a pairing code from the environment (how npm start pre-pairs the demo POS)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-main-'));
    dirs.push(dir);
    const env = {
      JOWI_POS_DATA_DIR: dir,
      JOWI_GATEWAY_URL: system.gatewayUrl,
      JOWI_POS_HOST_SECRET: 'secret-of-this-start-0123456789',
      JOWI_FISCAL_MODE: 'central',
      JOWI_PAIRING_CODE: await pairingCode(system.gatewayUrl, owner, terminalId),
    };
    const first = await startHostMain(env);
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(first).toMatchObject({ paired: true, terminalId });
    // Started again with the used code: already paired, nothing is redeemed twice.
    const second = await startHostMain(env);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(second).toMatchObject({ paired: true, terminalId });
    expect(second.child.exitCode).toBe(0);
  });
});

describe('cashless-only goods, by the host’s own catalog', () => {
  it('refuses cash for a product the catalog it pulled marks cashless-only, whatever the draft says', async () => {
    const base = products[0]!;
    const created = await gql<{ createProduct: { product: CatalogProduct | null; errors: unknown[] } }>(
      system.gatewayUrl,
      `mutation($i: CreateProductInput!) { createProduct(input: $i) {
         product { id name price vatRate ikpu packageCode ownerType } errors { code message } } }`,
      {
        i: {
          sku: 'WINE-HOST-1',
          name: 'Vino Jowi 0.75 l',
          price: '90000.00',
          vatRate: 12,
          ikpu: base.ikpu,
          packageCode: base.packageCode,
          cashlessOnly: true,
        },
      },
      owner,
    );
    expect(created.createProduct.errors).toEqual([]);
    const wine = created.createProduct.product!;
    const { host } = await pairedHost();
    // The till's catalog holds the product with its flag (pulled from the server's feed).
    await expect
      .poll(
        async () => {
          await host.api.catalog.pullNow();
          return ok(await host.api.catalog.product(wine.id))?.cashlessOnly;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    ok(await host.api.shift.open({ openingFloat: '0.00' }));
    products.push(wine);
    try {
      // The draft says nothing of it (a renderer that forgot, or lies): the host's catalog decides.
      const refused = await host.api.sale.complete(draft([[products.length - 1, '1.000']], cash));
      expect(refused.ok ? 'ok' : refused.error).toMatchObject({
        code: 'CASH_FOR_CASHLESS',
        detail: expect.stringContaining('Vino Jowi'),
      });
      const split = draft([[products.length - 1, '1.000']], card);
      const flagged = { ...split, lines: split.lines.map((l) => ({ ...l, cashlessOnly: false })) };
      const withCash = {
        ...flagged,
        payments: [
          { method: 'CASH' as const, amount: '1.00' },
          { method: 'CARD' as const, amount: '89999.00' },
        ],
      };
      const partCash = await host.api.sale.complete(withCash);
      expect(partCash.ok ? 'ok' : partCash.error.code).toBe('CASH_FOR_CASHLESS');
      expect(ok(await host.api.sync.depth()).pending).toBe(1); // only the shift's OPEN: nothing recorded
      expect(ok(await host.api.sale.complete(split)).sale.state).toBe('pending');
    } finally {
      products.pop();
    }
    await closeShift(host);
  });
});
