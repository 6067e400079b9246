import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EposDriver } from './epos-driver.ts';
import { createFiscalGateway, type FiscalGatewayOptions } from './http.ts';
import { escapeHtml, SimulatedPrinter } from './printer.ts';
import { startSimulator } from './simulator/server.ts';
import { tempDir } from './spec-helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface ErrorBody {
  error: {
    code: string;
    message: string;
    messages: { uz: string; ru: string; en: string };
    retryable: boolean;
  };
}
interface ReceiptBody {
  receipt: {
    receiptSeq: number;
    fiscalSign: string;
    qrUrl: string;
    kind: string;
    total: string;
    saleId: string;
  };
  replayed: boolean;
  printed: boolean;
}

/** Simulator + gateway on free ports; `gateway()` may be called again to model a restart. */
async function stack(options: { timeoutMs?: number; printer?: SimulatedPrinter } = {}) {
  const tmp = await tempDir();
  cleanups.push(tmp.cleanup);
  const sim = await startSimulator({ port: 0, stateFile: join(tmp.dir, 'fm.json') });
  cleanups.push(() => sim.close());
  const journalFile = join(tmp.dir, 'journal.jsonl');
  const driver = () => new EposDriver({ url: sim.rpcUrl, timeoutMs: options.timeoutMs ?? 5_000 });
  const gateway = async (extra: Partial<FiscalGatewayOptions> = {}) => {
    const app: FastifyInstance = await createFiscalGateway({
      driver: driver(),
      journalFile,
      ...(options.printer ? { printer: options.printer } : {}),
      ...extra,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    cleanups.push(() => app.close());
    const call = async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, body: (type.includes('json') ? JSON.parse(text) : text) as T };
    };
    return { app, base, call };
  };
  return { sim, gateway, journalFile, seq: () => sim.fm.snapshot().lastReceiptSeq };
}

function sale(saleId: string = randomUUID(), sum = '45000.00') {
  return {
    kind: 'sale',
    saleId,
    items: [
      {
        name: 'Somsa',
        spic: '10999001001000000',
        packageCode: '1512345',
        quantity: '3.000',
        unitPrice: '15000.00',
        vatPercent: 12,
        ownerType: 1,
      },
    ],
    payments: { cash: sum, card: '0.00' },
  };
}

describe('fiscal gateway HTTP API', () => {
  it('registers one sale once when the same request arrives 10 times at once', async () => {
    const s = await stack();
    const { call } = await s.gateway();
    await call('POST', '/shift/open');
    const before = s.seq();
    const body = sale();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call<ReceiptBody>('POST', '/receipts', body)),
    );
    const seqs = new Set(results.map((r) => r.body.receipt.receiptSeq));
    expect(seqs.size).toBe(1);
    expect(s.seq()).toBe(before + 1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    // And again later, sequentially: still the same receipt, still one registration.
    const again = await call<ReceiptBody>('POST', '/receipts', body);
    expect(again).toMatchObject({ status: 200, body: { replayed: true } });
    expect(again.body.receipt.receiptSeq).toBe([...seqs][0]);
    expect(s.seq()).toBe(before + 1);
  });

  it('after a crash between the FM answer and the journal write, a new gateway finds the receipt in the FM', async () => {
    const s = await stack();
    const crashing = await s.gateway({
      hooks: {
        afterDeviceCall: () => {
          throw new Error('simulated crash after the FM signed');
        },
      },
    });
    await crashing.call('POST', '/shift/open');
    const before = s.seq();
    const body = sale();
    const crashed = await crashing.call<ErrorBody>('POST', '/receipts', body);
    expect(crashed.status).toBe(500);
    expect(s.seq()).toBe(before + 1); // the FM did sign
    await crashing.app.close();

    const restarted = await s.gateway();
    const retry = await restarted.call<ReceiptBody>('POST', '/receipts', body);
    expect(retry.status).toBe(200);
    expect(retry.body.receipt.receiptSeq).toBe(before + 1);
    expect(s.seq()).toBe(before + 1); // not signed twice
    const status = await restarted.call<{ pendingReceipts: number }>('GET', '/status');
    expect(status.body.pendingReceipts).toBe(0);
  });

  it('after a timeout, the retry gets the receipt the slow FM signed late, not a second one', async () => {
    const s = await stack({ timeoutMs: 200 });
    const { call } = await s.gateway();
    await call('POST', '/shift/open');
    const before = s.seq();
    s.sim.setFaults({ delayMs: 500 });
    const body = sale();
    const timedOut = await call<ErrorBody>('POST', '/receipts', body);
    expect(timedOut.status).toBe(504);
    expect(timedOut.body.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    s.sim.setFaults({ delayMs: 0 });
    // The FM is still busy with the late sale: the lookup may time out too (and must not
    // register blindly); the POS simply retries until it gets an answer.
    let retry = await call<ReceiptBody & ErrorBody>('POST', '/receipts', body);
    for (let i = 0; i < 10 && retry.status === 504; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      retry = await call<ReceiptBody & ErrorBody>('POST', '/receipts', body);
    }
    expect(retry.status).toBe(200);
    expect(retry.body.receipt.receiptSeq).toBe(before + 1);
    expect(s.seq()).toBe(before + 1);
  });

  it('answers a retry of a done sale from the journal, even with the FM offline', async () => {
    const s = await stack();
    const first = await s.gateway();
    await first.call('POST', '/shift/open');
    const body = sale();
    const created = await first.call<ReceiptBody>('POST', '/receipts', body);
    expect(created.status).toBe(201);
    await first.app.close();
    s.sim.setFaults({ offline: true });
    const second = await s.gateway();
    const replay = await second.call<ReceiptBody>('POST', '/receipts', body);
    expect(replay.status).toBe(200);
    expect(replay.body.receipt).toEqual(created.body.receipt);
  });

  it('refuses the same sale id with different contents (IDEMPOTENCY_CONFLICT)', async () => {
    const s = await stack();
    const { call } = await s.gateway();
    await call('POST', '/shift/open');
    const saleId = randomUUID();
    await call('POST', '/receipts', sale(saleId));
    const changed = sale(saleId);
    changed.items[0] = { ...changed.items[0]!, quantity: '2.000' };
    changed.payments.cash = '30000.00';
    const conflict = await call<ErrorBody>('POST', '/receipts', changed);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(s.seq()).toBe(1);
  });

  it('registers a refund that references its sale’s fiscal data', async () => {
    const s = await stack();
    const { call } = await s.gateway();
    await call('POST', '/shift/open');
    const saleId = randomUUID();
    const sold = await call<ReceiptBody>('POST', '/receipts', sale(saleId));
    const refund = { ...sale(randomUUID(), '15000.00'), kind: 'refund', originalSaleId: saleId };
    refund.items[0] = { ...refund.items[0]!, quantity: '1.000' };
    const refunded = await call<ReceiptBody>('POST', '/receipts', refund);
    expect(refunded.status).toBe(201);
    expect(refunded.body.receipt).toMatchObject({
      kind: 'refund',
      receiptSeq: sold.body.receipt.receiptSeq + 1,
    });
    const x = await call<{ xReport: { refundCount: number; refundCash: string } }>('GET', '/shift/x-report');
    expect(x.body.xReport).toMatchObject({ refundCount: 1, refundCash: '15000.00' });

    // A refund of a sale this gateway never fiscalized…
    const orphan = { ...refund, saleId: randomUUID(), originalSaleId: randomUUID() };
    const missing = await call<ErrorBody>('POST', '/receipts', orphan);
    expect(missing).toMatchObject({ status: 409, body: { error: { code: 'ORIGINAL_NOT_FOUND' } } });
    // …or with fiscal data the FM did not issue, is refused.
    const forged = {
      ...refund,
      saleId: randomUUID(),
      originalSaleId: undefined,
      original: {
        terminalId: 'UZ191211501033',
        receiptSeq: 1,
        dateTime: '20250303090000',
        fiscalSign: '123456789012',
      },
    };
    const wrong = await call<ErrorBody>('POST', '/receipts', forged);
    expect(wrong).toMatchObject({ status: 409, body: { error: { code: 'ORIGINAL_NOT_FOUND' } } });
  });

  it('reports faults as JSON with a stable code, uz/ru/en messages and a fitting status', async () => {
    const s = await stack();
    const { call } = await s.gateway();
    const closed = await call<ErrorBody>('POST', '/receipts', sale());
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('SHIFT_CLOSED');
    expect(Object.keys(closed.body.error.messages).sort()).toEqual(['en', 'ru', 'uz']);
    expect(closed.body.error.retryable).toBe(false);

    await call('POST', '/shift/open');
    s.sim.setFaults({ paperOut: true });
    const paper = await call<ErrorBody>('POST', '/receipts', sale());
    expect(paper.status).toBe(503);
    expect(paper.body.error).toMatchObject({ code: 'PAPER_OUT', retryable: true });
    expect(paper.body.error.messages.uz).toMatch(/qogʻoz/);
    expect(paper.body.error.messages.ru).toMatch(/бумага/);
    s.sim.setFaults({ paperOut: false });
    // The refused sale was not signed: the same sale id now registers normally.
    const after = await call<ReceiptBody>('POST', '/receipts', sale());
    expect(after.status).toBe(201);

    const bad = await call<ErrorBody>('POST', '/receipts', { ...sale(), items: [{ name: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_RECEIPT');
    const notJson = await fetch(`${(await s.gateway()).base}/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe('INVALID_REQUEST');

    s.sim.setFaults({ offline: true });
    const offline = await call<ErrorBody>('POST', '/shift/close');
    expect(offline).toMatchObject({ status: 503, body: { error: { code: 'FM_OFFLINE' } } });
    const status = await call<{ deviceError: { code: string } }>('GET', '/status');
    expect(status.body.deviceError.code).toBe('FM_OFFLINE');
  });

  it('checks the printer before signing and prints the slip after', async () => {
    const printer = new SimulatedPrinter();
    const s = await stack({ printer });
    const { call } = await s.gateway();
    await call('POST', '/shift/open');
    printer.coverOpen = true;
    const body = sale();
    const cover = await call<ErrorBody>('POST', '/receipts', body);
    expect(cover).toMatchObject({ status: 503, body: { error: { code: 'COVER_OPEN' } } });
    expect(s.seq()).toBe(0);
    printer.coverOpen = false;
    const ok = await call<ReceiptBody>('POST', '/receipts', body);
    expect(ok.body.printed).toBe(true);
    expect(printer.jobs).toHaveLength(1);
    // A replay does not print a second copy.
    await call('POST', '/receipts', body);
    expect(printer.jobs).toHaveLength(1);
  });

  it('serves the slip with the fiscal sign and QR link, and runs a shift to its Z report', async () => {
    const s = await stack();
    const { call } = await s.gateway();
    const opened = await call<{ shift: { open: boolean; zNumber: number } }>('POST', '/shift/open');
    expect(opened.body.shift).toMatchObject({ open: true, zNumber: 1 });
    const saleId = randomUUID();
    const sold = await call<ReceiptBody>('POST', '/receipts', sale(saleId));
    const slip = await call<string>('GET', `/receipts/${saleId}/slip.html`);
    expect(slip.status).toBe(200);
    expect(slip.body).toContain(sold.body.receipt.fiscalSign);
    expect(slip.body).toContain(escapeHtml(sold.body.receipt.qrUrl));
    expect(slip.body).toContain('<svg');
    const missing = await call<ErrorBody>('GET', `/receipts/${randomUUID()}/slip.html`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'RECEIPT_NOT_FOUND' } } });
    const z = await call<{ zReport: { open: boolean; saleCount: number; saleCash: string } }>(
      'POST',
      '/shift/close',
    );
    expect(z.body.zReport).toEqual(
      expect.objectContaining({ open: false, saleCount: 1, saleCash: '45000.00' }),
    );
  });
});
