/**
 * Central mode end to end, against real PostgreSQL, real Redis, the E-POS simulator and a real
 * fiscal gateway: sale events → PENDING receipts → BullMQ → gateway → FM → REGISTERED.
 *
 * Redis: its own database index (`redis://127.0.0.1:6379/7`, or JOWI_FISCAL_TEST_REDIS_URL), so
 * the FLUSHDB below wipes only this suite's keys. FLUSHDB and not FLUSHALL: FLUSHALL would also
 * wipe the other suites' Redis databases running in parallel (and the pub/sub wake-ups they rely
 * on are per server, so FLUSHDB shows the same loss — every queued job gone — without that harm).
 *
 * One describe whose tests share the simulator's FM, its shift and the Redis database, so it stays
 * one file; its setup and helpers live in central.fixtures.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleSaleRefunded } from '@jowi/events/testing';
import { computeFiscalSign, createFiscalGateway, EposDriver, startSimulator } from '@jowi/fiscal-gateway';
import { formatMoney, includedVat } from '@jowi/receipt';
import { inTenant, newId } from '@jowi/server-kit';
import { checkLoggedEvents, identityHeaders, postGraphQL, staffIdentity } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralConfig, entities } from '../index.ts';
import { registerDevice } from '../services/device.service.ts';
import {
  CENTRAL_SETTINGS,
  centralTerminal,
  db,
  dir,
  fmCounter,
  gatewayUrl,
  gql,
  keys,
  localTerminal,
  PRICE,
  publish,
  QR,
  receiptIn,
  redis,
  rowsOf,
  sale,
  saleCreated,
  salePayload,
  service,
  sim,
  startCentralStack,
  stopCentralStack,
  TENANT,
  WORKER_MAIN,
  waitFor,
} from './central.fixtures.ts';
import { startCentralFiscalization } from './index.ts';
import { saleReceiptRequest } from './receipt-request.ts';

beforeAll(startCentralStack);
afterAll(stopCentralStack);

// --- tests -------------------------------------------------------------------------------------

describe('central fiscalization (BullMQ, fiscal gateway, E-POS simulator)', () => {
  it('registers a sale.created of a central terminal: REGISTERED, QR URL of the exact format, shift opened', async () => {
    const saleId = newId();
    const before = fmCounter();
    await sale(saleId);
    const row = await receiptIn(saleId, 'REGISTERED');
    expect(fmCounter()).toBe(before + 1);
    expect(row).toMatchObject({
      mode: 'CENTRAL',
      terminal_id: 'UZ191211501033',
      error_code: null,
      attempts: 1,
    });
    expect(row.qr_url).toMatch(QR);
    expect(row.qr_url).toBe(
      `https://ofd.soliq.uz/check?t=UZ191211501033&r=${row.receipt_seq}&c=${row.fm_date_time}&s=${row.fiscal_sign}`,
    );
    // The simulator's deterministic fiscal sign over what the sale paid.
    expect(row.fiscal_sign).toBe(
      computeFiscalSign(sim.fm.secret, 'UZ191211501033', row.receipt_seq!, row.fm_date_time!, PRICE * 2n),
    );

    // What the gateway asks for `Sale.fiscalReceipt`.
    const data = await gql<{ _entities: { fiscalReceipt: Record<string, unknown> }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
         ... on Sale { fiscalReceipt { status terminalId receiptSeq fiscalSign qrUrl kind mode attempts lastErrorCode } } } }`,
      { r: [{ __typename: 'Sale', id: saleId }] },
    );
    expect(data._entities[0]!.fiscalReceipt).toEqual({
      status: 'REGISTERED',
      terminalId: 'UZ191211501033',
      receiptSeq: row.receipt_seq,
      fiscalSign: row.fiscal_sign,
      qrUrl: row.qr_url,
      kind: 'SALE',
      mode: 'CENTRAL',
      attempts: 1,
      lastErrorCode: null,
    });
    // The worker found the FM shift closed (SHIFT_CLOSED), opened it and recorded it.
    const devices = await gql<{
      fiscalDevices: { terminalId: string; shifts: { zNumber: number; open: boolean }[] }[];
    }>('{ fiscalDevices { terminalId shifts { zNumber open } } }');
    const device = devices.fiscalDevices.find((d) => d.terminalId === 'UZ191211501033');
    expect(device?.shifts[0]).toEqual({ zNumber: 1, open: true });
  });

  it('a sale that arrives with its local fiscal requisites is recorded as they are, never registered again', async () => {
    const saleId = newId();
    const before = fmCounter();
    const fiscal = {
      terminalId: 'UZ170703100412',
      receiptSeq: 731,
      dateTime: '20261128143000',
      fiscalSign: '123456789012',
    };
    // Even for a terminal bound to a CENTRAL device: the POS's own FM already signed this sale.
    await publish(saleCreated(saleId, { ...salePayload(saleId), fiscal }));
    const row = await receiptIn(saleId, 'REGISTERED');
    expect(row).toMatchObject({
      terminal_id: 'UZ170703100412',
      receipt_seq: 731,
      fm_date_time: '20261128143000',
      fiscal_sign: '123456789012',
      attempts: 0,
    });
    expect(row.qr_url).toBe(
      'https://ofd.soliq.uz/check?t=UZ170703100412&r=731&c=20261128143000&s=123456789012',
    );
    // The replay and a few reconciler passes later: still one receipt, nothing sent to the FM.
    await publish(saleCreated(saleId, { ...salePayload(saleId), fiscal }));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await rowsOf(saleId)).toHaveLength(1);
    expect(fmCounter()).toBe(before);
  });

  it('a replayed sale.created event leaves one receipt and one FM registration', async () => {
    const saleId = newId();
    const before = fmCounter();
    await sale(saleId);
    await receiptIn(saleId, 'REGISTERED');
    await sale(saleId);
    await sale(saleId);
    // Let the consumer apply the replays and the reconciler run a few passes.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await rowsOf(saleId)).toHaveLength(1);
    expect(fmCounter()).toBe(before + 1);
  });

  it('FLUSHDB between enqueue and work: the reconciler re-enqueues and the sale is registered exactly once', async () => {
    const worker = service.central.worker!;
    await worker.pause();
    try {
      const saleId = newId();
      const before = fmCounter();
      await sale(saleId);
      const pending = await receiptIn(saleId, 'PENDING');
      const queue = (
        service.central.dispatcher as unknown as { queue: { getJob(id: string): Promise<unknown> } }
      ).queue;
      await waitFor('the job in Redis', () => queue.getJob(pending.id));
      await redis.flushdb();
      expect(await queue.getJob(pending.id)).toBeUndefined();
      worker.resume();
      const row = await receiptIn(saleId, 'REGISTERED');
      expect(row.qr_url).toMatch(QR);
      expect(fmCounter()).toBe(before + 1);
      expect(await rowsOf(saleId)).toHaveLength(1);
    } finally {
      worker.resume();
    }
  });

  it('a worker process killed (SIGKILL) after its gateway call started: one registration, then REGISTERED', async () => {
    const worker = service.central.worker!;
    await worker.pause();
    let child: ChildProcess | null = null;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
        env: {
          ...process.env,
          DATABASE_URL: db.adminUrl,
          ...(process.env.JOWI_TEST_ROLE_PASSWORD
            ? { DB_ROLE_PASSWORD: process.env.JOWI_TEST_ROLE_PASSWORD }
            : {}),
          LOG_LEVEL: 'info',
          ...Object.fromEntries(Object.entries(CENTRAL_SETTINGS).map(([k, v]) => [k, String(v)])),
          // Only the queue in the child: the parent's reconciler is the one that must not be needed.
          FISCAL_RECONCILE_MS: '600000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      await waitFor('the child worker', async () => {
        if (child?.exitCode !== null) throw new Error(`worker process exited: ${output}`);
        return output.includes('fiscal worker ready');
      });
      // The FM shift is open (so the first call is the sale itself), and the FM is slow: the call
      // is in flight when the worker dies.
      await fetch(`${gatewayUrl}/shift/open`, { method: 'POST' }); // 409 SHIFT_ALREADY_OPEN is fine
      sim.setFaults({ delayMs: 2_500 });
      const saleId = newId();
      const before = fmCounter();
      await sale(saleId);
      await waitFor('the child calling the gateway', async () =>
        output.includes('sending the receipt to the fiscal gateway'),
      );
      // The gateway has the request: its journal holds the sale as pending (written before the FM call).
      await waitFor('the gateway journaling the sale', async () =>
        readFileSync(join(dir, 'journal.jsonl'), 'utf8').includes(saleId),
      );
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      // The FM signs the in-flight receipt anyway; the gateway journals it.
      await waitFor('the FM signing', async () => fmCounter() === before + 1);
      sim.setFaults({ delayMs: 0 });
      expect((await rowsOf(saleId))[0]!.status).toBe('PENDING');
      // The job's lock expires; a live worker takes the stalled job; the gateway replays.
      worker.resume();
      const row = await receiptIn(saleId, 'REGISTERED');
      expect(row.attempts).toBe(2);
      expect(fmCounter()).toBe(before + 1);
      expect(row.receipt_seq).toBe(before + 1);
    } finally {
      sim.setFaults({ delayMs: 0 });
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      worker.resume();
    }
  });

  it('FM locked: NEEDS_ATTENTION with the code, device flagged; after unlock retryFiscalization registers it', async () => {
    sim.setFaults({ locked: true });
    const saleId = newId();
    try {
      await sale(saleId);
      const dead = await receiptIn(saleId, 'NEEDS_ATTENTION');
      expect(dead.error_code).toBe('FM_LOCKED');
      const attention = await gql<{
        fiscalDevicesNeedingAttention: {
          terminalId: string;
          needsAttention: boolean;
          fmLocked: boolean;
          attentionCode: string;
        }[];
      }>('{ fiscalDevicesNeedingAttention { terminalId needsAttention fmLocked attentionCode } }');
      expect(attention.fiscalDevicesNeedingAttention).toEqual([
        { terminalId: 'UZ191211501033', needsAttention: true, fmLocked: true, attentionCode: 'FM_LOCKED' },
      ]);
      const listed = await gql<{
        fiscalReceipts: { edges: { node: { id: string; lastErrorCode: string } }[] };
      }>('{ fiscalReceipts(filter: { status: NEEDS_ATTENTION }) { edges { node { id lastErrorCode } } } }');
      expect(listed.fiscalReceipts.edges.map((e) => e.node)).toContainEqual({
        id: dead.id,
        lastErrorCode: 'FM_LOCKED',
      });
    } finally {
      sim.setFaults({ locked: false });
    }
    const [row] = await rowsOf(saleId);
    const RETRY = `mutation($input: RetryFiscalizationInput!) { retryFiscalization(input: $input) {
      fiscalReceipt { status attempts } errors { code } } }`;
    const denied = await postGraphQL(
      service.url,
      RETRY,
      { input: { receiptId: row!.id } },
      await identityHeaders(keys, staffIdentity(TENANT, ['fiscal:read'])),
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retried = await gql<{
      retryFiscalization: { fiscalReceipt: { status: string; attempts: number }; errors: unknown[] };
    }>(RETRY, { input: { receiptId: row!.id } });
    expect(retried.retryFiscalization).toEqual({
      fiscalReceipt: { status: 'PENDING', attempts: 0 },
      errors: [],
    });
    const registered = await receiptIn(saleId, 'REGISTERED');
    expect(registered.qr_url).toMatch(QR);
    const again = await gql<{ retryFiscalization: { errors: { code: string }[] } }>(RETRY, {
      input: { receiptId: row!.id },
    });
    expect(again.retryFiscalization.errors).toEqual([{ code: 'ALREADY_REGISTERED' }]);
    // One status event per step (the refused retries changed nothing and wrote none).
    expect(await statusEvents(row!.id)).toEqual([
      ['PENDING', null],
      ['NEEDS_ATTENTION', 'FM_LOCKED'],
      ['PENDING', 'FM_LOCKED'],
      ['REGISTERED', null],
    ]);
    const attention = await gql<{ fiscalDevicesNeedingAttention: unknown[] }>(
      '{ fiscalDevicesNeedingAttention { id } }',
    );
    expect(attention.fiscalDevicesNeedingAttention).toEqual([]);
  });

  it('registers a refund receipt that references its sale receipt', async () => {
    const saleId = newId();
    const refundId = newId();
    await sale(saleId);
    const saleRow = await receiptIn(saleId, 'REGISTERED');
    await publish({
      tenantId: TENANT,
      type: 'sale.refunded',
      aggregateId: saleId,
      source: 'sales',
      payload: exampleSaleRefunded({
        refundId,
        saleId,
        terminalId: centralTerminal,
        storeId: newId(),
        total: formatMoney(PRICE),
        vatTotal: formatMoney(includedVat(PRICE, 12)),
        lines: [
          {
            lineNo: 1,
            saleLineNo: 1,
            productId: newId(),
            quantity: '1.000',
            amount: formatMoney(PRICE),
            vatAmount: formatMoney(includedVat(PRICE, 12)),
          },
        ],
        payments: [{ method: 'CASH', amount: formatMoney(PRICE) }],
      }),
    });
    const refundRow = await receiptIn(saleId, 'REGISTERED', 'REFUND');
    expect(refundRow.qr_url).toMatch(QR);
    expect(refundRow.receipt_seq).toBeGreaterThan(saleRow.receipt_seq!);
    const data = await gql<{
      fiscalReceipts: {
        edges: {
          node: {
            kind: string;
            refundId: string | null;
            saleReceipt: { id: string; fiscalSign: string } | null;
          };
        }[];
      };
    }>(
      'query($s: ID!) { fiscalReceipts(filter: { saleId: $s, kind: REFUND }) { edges { node { kind refundId saleReceipt { id fiscalSign } } } } }',
      { s: saleId },
    );
    expect(data.fiscalReceipts.edges.map((e) => e.node)).toEqual([
      { kind: 'REFUND', refundId, saleReceipt: { id: saleRow.id, fiscalSign: saleRow.fiscal_sign } },
    ]);
    // In the FM, the refund is a refund receipt of this document.
    expect(sim.fm.findReceipt('refund', refundId).Found).toBe(true);
    // Sale.fiscalReceipt stays the sale's receipt.
    const entity = await gql<{ _entities: { fiscalReceipt: { kind: string } }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { fiscalReceipt { kind } } } }',
      { r: [{ __typename: 'Sale', id: saleId }] },
    );
    expect(entity._entities[0]!.fiscalReceipt.kind).toBe('SALE');
  });

  it('a receipt the FM refuses (an IKPU it rejects) is FAILED at once, with the code, and listed for the back office', async () => {
    // (A line without any IKPU never reaches the FM: it waits for the catalog, see missing-ikpu.spec.ts.)
    const saleId = newId();
    const before = fmCounter();
    await sale(saleId, centralTerminal, '123');
    const row = await receiptIn(saleId, 'FAILED');
    expect(row.error_code).toBe('INVALID_RECEIPT');
    expect(row.attempts).toBe(1);
    expect(fmCounter()).toBe(before);
    const failed = await gql<{
      fiscalReceipts: { edges: { node: { id: string; lastErrorMessage: string } }[] };
    }>('{ fiscalReceipts(filter: { status: FAILED }) { edges { node { id lastErrorMessage } } } }');
    expect(failed.fiscalReceipts.edges.map((e) => e.node.id)).toContain(row.id);
    expect(await statusEvents(row.id)).toEqual([
      ['PENDING', null],
      ['FAILED', 'INVALID_RECEIPT'],
    ]);
  });

  it('local mode: a PENDING receipt the POS completes; stuck ones are listed; a missing one needs attention after 24 h', async () => {
    const reported = newId();
    const missing = newId();
    await sale(reported, localTerminal);
    await sale(missing, localTerminal);
    const pending = await receiptIn(reported, 'PENDING');
    await receiptIn(missing, 'PENDING');
    expect(pending.mode).toBe('LOCAL');

    const RECORD = `mutation($input: RecordFiscalReceiptInput!) { recordFiscalReceipt(input: $input) {
      fiscalReceipt { id status } errors { code } } }`;
    const recorded = await gql<{ recordFiscalReceipt: { fiscalReceipt: { id: string; status: string } } }>(
      RECORD,
      {
        input: {
          saleId: reported,
          terminalId: 'UZ191211500001',
          receiptSeq: 7,
          dateTime: '20261128143000',
          fiscalSign: '123456789012',
        },
      },
    );
    expect(recorded.recordFiscalReceipt.fiscalReceipt).toEqual({ id: pending.id, status: 'REGISTERED' });

    // Stuck: PENDING and unchanged for longer than stuckAfterMinutes.
    await db.admin(
      `UPDATE fiscal.receipt SET updated_at = now() - interval '20 minutes' WHERE sale_id = $1`,
      [missing],
    );
    const stuck = await gql<{ fiscalReceipts: { edges: { node: { saleId: string } }[] } }>(
      '{ fiscalReceipts(filter: { stuck: true, stuckAfterMinutes: 15 }) { edges { node { saleId } } } }',
    );
    expect(stuck.fiscalReceipts.edges.map((e) => e.node.saleId)).toEqual([missing]);

    await db.admin(`UPDATE fiscal.receipt SET created_at = now() - interval '25 hours' WHERE sale_id = $1`, [
      missing,
    ]);
    await service.central.reconcile();
    const [expired] = await rowsOf(missing);
    expect(expired).toMatchObject({ status: 'NEEDS_ATTENTION', error_code: 'LOCAL_RECEIPT_MISSING' });
    // A local receipt is not retried by the subgraph; a late report from the POS still completes it.
    const late = await gql<{ recordFiscalReceipt: { fiscalReceipt: { status: string } } }>(RECORD, {
      input: {
        saleId: missing,
        terminalId: 'UZ191211500001',
        receiptSeq: 8,
        dateTime: '20261128143100',
        fiscalSign: '123456789013',
      },
    });
    expect(late.recordFiscalReceipt.fiscalReceipt.status).toBe('REGISTERED');
    expect(await statusEvents(expired!.id)).toEqual([
      ['PENDING', null],
      ['NEEDS_ATTENTION', 'LOCAL_RECEIPT_MISSING'],
      ['REGISTERED', null],
    ]);
  });

  it('ignores sales of terminals without a fiscal device', async () => {
    const saleId = newId();
    await sale(saleId, newId());
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await rowsOf(saleId)).toEqual([]);
  });

  it('pages fiscalReceipts newest first with keyset cursors', async () => {
    const first = await gql<{
      fiscalReceipts: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>('{ fiscalReceipts(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }');
    expect(first.fiscalReceipts.edges).toHaveLength(2);
    expect(first.fiscalReceipts.pageInfo.hasNextPage).toBe(true);
    const next = await gql<{ fiscalReceipts: { edges: { node: { id: string } }[] } }>(
      'query($a: String) { fiscalReceipts(first: 250, after: $a) { edges { node { id } } } }',
      { a: first.fiscalReceipts.pageInfo.endCursor },
    );
    const all = await db.admin<{ id: string }>(
      'SELECT id FROM fiscal.receipt ORDER BY created_at DESC, id DESC',
    );
    expect([...first.fiscalReceipts.edges, ...next.fiscalReceipts.edges].map((e) => e.node.id)).toEqual(
      all.map((r) => r.id),
    );
  });

  it('without Redis (direct mode) the reconciler sends due receipts to the gateway itself', async () => {
    // A second, queue-less instance on its own connection, as `npm start` runs without REDIS_URL.
    const ds = await db.dataSource('fiscal', entities);
    const direct = startCentralFiscalization({
      dataSource: ds,
      redisUrl: undefined,
      log: service.log,
      config: centralConfig({ FISCAL_RECONCILE_MS: 600_000, FISCAL_BACKOFF_MS: 100 }),
    });
    try {
      expect(direct.dispatcher.mode).toBe('direct');
      const saleId = newId();
      const receiptId = newId();
      const device = await db.admin<{ id: string }>(
        `SELECT id FROM fiscal.device WHERE terminal_id = 'UZ191211501033'`,
      );
      const request = saleReceiptRequest({ ...salePayload(saleId), storeId: null } as never);
      await db.admin(
        `INSERT INTO fiscal.receipt (tenant_id, id, sale_id, kind, status, mode, device_id, request, next_attempt_at)
         VALUES ($1, $2, $3, 'SALE', 'PENDING', 'CENTRAL', $4, $5, now() - interval '1 second')`,
        [TENANT, receiptId, saleId, device[0]!.id, JSON.stringify(request)],
      );
      const before = fmCounter();
      const pass = await direct.reconcile();
      expect(pass.requeued).toBeGreaterThanOrEqual(1);
      const row = await receiptIn(saleId, 'REGISTERED');
      expect(row.qr_url).toMatch(QR);
      expect(fmCounter()).toBe(before + 1);
    } finally {
      await direct.stop();
    }
  });

  it('closes an expired FM shift with its Z report and opens the next one (SHIFT_EXPIRED)', async () => {
    // A second FM whose shifts expire after 2 s instead of 24 h, with its own gateway and terminal.
    const shortSim = await startSimulator({
      stateFile: join(dir, 'fm-short.json'),
      port: 0,
      terminalId: 'UZ191211509990',
      limits: { maxShiftHours: 2 / 3600 },
    });
    const shortGateway = await createFiscalGateway({
      driver: new EposDriver({ url: shortSim.rpcUrl }),
      journalFile: join(dir, 'journal-short.jsonl'),
    });
    await shortGateway.listen({ port: 0, host: '127.0.0.1' });
    try {
      const terminal = newId();
      const url = `http://127.0.0.1:${(shortGateway.server.address() as { port: number }).port}`;
      await inTenant(service.dataSource!, TENANT, (m) =>
        registerDevice(m, TENANT, {
          terminalId: 'UZ191211509990',
          mode: 'CENTRAL',
          gatewayUrl: url,
          posTerminalIds: [terminal],
        }),
      );
      const first = newId();
      await sale(first, terminal);
      await receiptIn(first, 'REGISTERED');
      await new Promise((r) => setTimeout(r, 2_500));
      const second = newId();
      await sale(second, terminal);
      const row = await receiptIn(second, 'REGISTERED');
      expect(row).toMatchObject({ terminal_id: 'UZ191211509990', attempts: 1 });
      const shifts = await db.admin<{ z_number: number; closed_at: string | null; sale_count: number }>(
        `SELECT s.z_number, s.closed_at, s.sale_count FROM fiscal.shift s
           JOIN fiscal.device d ON d.id = s.device_id WHERE d.terminal_id = 'UZ191211509990' ORDER BY z_number`,
      );
      expect(shifts).toEqual([
        { z_number: 1, closed_at: expect.stringMatching(/^\d{14}$/), sale_count: 1 },
        { z_number: 2, closed_at: null, sale_count: 0 },
      ]);
      expect(shortSim.fm.snapshot()).toMatchObject({ zNumber: 2, lastReceiptSeq: 2 });
    } finally {
      await shortGateway.close();
      await shortSim.close();
    }
  });
});

/** The `fiscal.receipt.updated` events of a receipt, in log order: [status, errorCode]. */
async function statusEvents(receiptId: string): Promise<[string, string | null][]> {
  const rows = await db.admin<{ payload: { status: string; errorCode: string | null } }>(
    "SELECT payload FROM events.event WHERE type = 'fiscal.receipt.updated' AND aggregate_id = $1 ORDER BY id",
    [receiptId],
  );
  return rows.map((r) => [r.payload.status, r.payload.errorCode]);
}

describe('event contracts', () => {
  it('every fiscal.receipt.registered and .updated this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(db.admin, ['fiscal.receipt.registered', 'fiscal.receipt.updated']);
    expect(check.problems).toEqual([]);
    expect(check.counts['fiscal.receipt.registered']).toBeGreaterThan(0);
    expect(check.counts['fiscal.receipt.updated']).toBeGreaterThan(0);
  });
});
