import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '@jowi/fiscal-gateway/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FiscalFailure,
  FiscalFailureCode,
  FiscalResult,
  FiscalSaleInput,
} from '../renderer/lib/bridge.ts';
import type { FiscalConfig } from './config.ts';
import { type FiscalModule, startFiscal } from './fiscal.ts';

const silent = { warn: () => {}, error: () => {} };

/** The value of a successful result; fails the test with the cashier's message otherwise. */
function expectOk<T>(result: FiscalResult<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.messages.en}`);
  return result.value;
}

/** The failure of a result, checked for `code` and a message in each language. */
function expectFailure(result: FiscalResult<unknown>, code: FiscalFailureCode): FiscalFailure {
  if (result.ok) expect.fail(`expected ${code}, got ok`);
  expect(result.error.code).toBe(code);
  for (const language of ['uz', 'ru', 'en'] as const) {
    expect(result.error.messages[language].length).toBeGreaterThan(10);
  }
  expect(typeof result.error.retryable).toBe('boolean');
  return result.error;
}

/** Two plov at 45 000 UZS each, paid in cash. */
function plovSale(saleId: string = randomUUID(), quantity = 2): FiscalSaleInput {
  const sum = `${45_000 * quantity}.00`;
  return {
    saleId,
    items: [
      {
        name: 'Osh (plov) 1 porsiya',
        spic: '10999001001000000',
        packageCode: '1512345',
        units: 1,
        quantity: `${quantity}.000`,
        unitPrice: '45000.00',
        vatPercent: 12,
        ownerType: 1,
      },
    ],
    payments: { cash: sum, card: '0.00' },
  };
}

describe('POS fiscal module, local mode against the E-POS simulator', () => {
  let dir = '';
  let sim: RunningSimulator;
  let config: FiscalConfig;
  let fiscal: FiscalModule;

  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${sim.baseUrl}/control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    expect(response.ok).toBe(true);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jowi-pos-fiscal-'));
    sim = await startSimulator({ port: 0, stateFile: join(dir, 'fm.json') });
    config = {
      mode: 'local',
      deviceUrl: sim.rpcUrl,
      port: 0,
      journalFile: join(dir, 'fiscal-journal.jsonl'),
    };
    fiscal = await startFiscal(config, { logger: silent });
  });

  afterAll(async () => {
    await fiscal?.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('walks a shift: open → sale → same sale again → paper out → paper back → refund → Z report', async () => {
    const { api } = fiscal;

    // The HTTP API listens on loopback only; IPC handlers do not depend on it.
    expect(fiscal.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = expectOk(await api.status());
    expect(status).toMatchObject({ mode: 'local', apiUrl: fiscal.apiUrl, apiError: null, deviceError: null });
    expect(status.device).toMatchObject({ terminalId: 'UZ191211501033', shiftOpen: false });

    // Selling before the shift is open is refused with the FM's rule, not an exception.
    const closed = expectFailure(await api.registerSale(plovSale()), 'SHIFT_CLOSED');
    expect(closed.retryable).toBe(false);

    const opened = expectOk(await api.openShift());
    expect(opened).toMatchObject({ open: true, zNumber: 1, saleCount: 0 });

    const saleId = randomUUID();
    const first = expectOk(await api.registerSale(plovSale(saleId)));
    expect(first.replayed).toBe(false);
    expect(first.receipt).toMatchObject({ kind: 'sale', saleId, total: '90000.00', cash: '90000.00' });
    expect(first.receipt.fiscalSign).toMatch(/^\d{12}$/);
    expect(first.receipt.qrUrl).toContain(`r=${first.receipt.receiptSeq}`);
    const signedSoFar = sim.fm.snapshot().lastReceiptSeq;

    // The same sale again (retry after a timeout, double click): the original fiscal data, and
    // the FM is not asked to sign a second receipt.
    const again = expectOk(await api.registerSale(plovSale(saleId)));
    expect(again.replayed).toBe(true);
    expect(again.receipt).toEqual(first.receipt);
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(signedSoFar);

    // Paper out, injected through the simulator's control API.
    await control('faults', { paperOut: true });
    const paperSaleId = randomUUID();
    const paperOut = expectFailure(await api.registerSale(plovSale(paperSaleId, 1)), 'PAPER_OUT');
    expect(paperOut.retryable).toBe(true);
    expect(paperOut.messages.uz).toMatch(/qogʻoz/);
    expect(paperOut.messages.ru).toMatch(/бумага/);
    expect(paperOut.messages.en).toMatch(/out of paper/);
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(signedSoFar);
    const faulty = expectOk(await api.status());
    expect(faulty.device?.printer).toEqual({ paperOut: true, coverOpen: false });

    // Paper back: the refused sale goes through on retry (nothing was signed the first time).
    await control('faults/clear');
    const retried = expectOk(await api.registerSale(plovSale(paperSaleId, 1)));
    expect(retried).toMatchObject({ replayed: false, receipt: { receiptSeq: signedSoFar + 1 } });

    // Refund one plov of the first sale: a new document id, pointing back to the sale.
    const refundId = randomUUID();
    const refund = expectOk(await api.registerRefund({ ...plovSale(refundId, 1), originalSaleId: saleId }));
    expect(refund.receipt).toMatchObject({ kind: 'refund', saleId: refundId, total: '45000.00' });
    expect(refund.receipt.receiptSeq).toBe(signedSoFar + 2);
    const refundAgain = expectOk(
      await api.registerRefund({ ...plovSale(refundId, 1), originalSaleId: saleId }),
    );
    expect(refundAgain).toMatchObject({ replayed: true, receipt: refund.receipt });

    const x = expectOk(await api.xReport());
    expect(x).toMatchObject({ open: true, saleCount: 2, refundCount: 1, saleCash: '135000.00' });

    // The slip: fiscal sign and QR link of the first sale.
    const slip = expectOk(await api.slipHtml(saleId));
    expect(slip).toContain(first.receipt.fiscalSign);
    expect(slip).toContain('<svg');
    expectFailure(await api.slipHtml(randomUUID()), 'RECEIPT_NOT_FOUND');
    expectFailure(await api.slipHtml('../shift/close'), 'INVALID_REQUEST');

    const z = expectOk(await api.closeShift());
    expect(z).toMatchObject({
      open: false,
      zNumber: 1,
      saleCount: 2,
      refundCount: 1,
      saleCash: '135000.00',
      refundCash: '45000.00',
    });
    expect(z.closedAt).not.toBeNull();
  });

  it('answers a repeated sale from the journal after the till restarts, even with the FM unplugged', async () => {
    expectOk(await fiscal.api.openShift());
    const saleId = randomUUID();
    const first = expectOk(await fiscal.api.registerSale(plovSale(saleId)));

    await fiscal.close();
    await control('faults', { offline: true });
    fiscal = await startFiscal(config, { logger: silent });
    const status = expectOk(await fiscal.api.status());
    expect(status.deviceError?.code).toBe('FM_OFFLINE');

    const again = expectOk(await fiscal.api.registerSale(plovSale(saleId)));
    expect(again).toMatchObject({ replayed: true, receipt: first.receipt });
    expectFailure(await fiscal.api.registerSale(plovSale()), 'FM_OFFLINE');
    await control('faults/clear');
  });

  it('keeps serving IPC when the HTTP API port is taken', async () => {
    const taken = Number(new URL(fiscal.apiUrl ?? '').port);
    const second = await startFiscal(
      { ...config, port: taken, journalFile: join(dir, 'second-journal.jsonl') },
      { logger: silent },
    );
    try {
      expect(second.apiUrl).toBeNull();
      const status = expectOk(await second.api.status());
      expect(status.apiError).toMatch(/EADDRINUSE/);
      expect(status.device?.terminalId).toBe('UZ191211501033');
    } finally {
      await second.close();
    }
  });

  it('turns bad input from the renderer into INVALID_RECEIPT, never a throw', async () => {
    const broken = { ...plovSale(), items: [{ name: 'x' }] } as unknown as FiscalSaleInput;
    const invalid = expectFailure(await fiscal.api.registerSale(broken), 'INVALID_RECEIPT');
    expect(invalid.detail).toBeTruthy();
    expectFailure(await fiscal.api.registerSale(null as unknown as FiscalSaleInput), 'INVALID_RECEIPT');
    // The renderer cannot smuggle a refund through registerSale.
    const smuggled = { ...plovSale(), kind: 'refund', originalSaleId: randomUUID() } as FiscalSaleInput;
    expectFailure(await fiscal.api.registerSale(smuggled), 'INVALID_RECEIPT');
  });
});

describe('POS fiscal module, other modes', () => {
  const base = {
    deviceUrl: 'http://127.0.0.1:1/rpc/api',
    port: 0,
    journalFile: '/nonexistent/journal.jsonl',
  };

  it('mode off: status says so, every operation is refused with FISCAL_DISABLED', async () => {
    const fiscal = await startFiscal({ ...base, mode: 'off' }, { logger: silent });
    expect(fiscal.apiUrl).toBeNull();
    expect(expectOk(await fiscal.api.status())).toMatchObject({ mode: 'off', device: null });
    const refused = expectFailure(await fiscal.api.registerSale(plovSale()), 'FISCAL_DISABLED');
    expect(refused).toMatchObject({
      retryable: false,
      messages: { en: expect.stringMatching(/turned off/) },
    });
    expectFailure(await fiscal.api.openShift(), 'FISCAL_DISABLED');
    expectFailure(await fiscal.api.closeShift(), 'FISCAL_DISABLED');
    await fiscal.close();
  });

  it('mode central: nothing runs locally, operations are refused with FISCAL_CENTRAL_MODE', async () => {
    const fiscal = await startFiscal({ ...base, mode: 'central' }, { logger: silent });
    expect(expectOk(await fiscal.api.status()).mode).toBe('central');
    expectFailure(await fiscal.api.registerSale(plovSale()), 'FISCAL_CENTRAL_MODE');
    await fiscal.close();
  });

  it('a gateway that cannot open its journal answers FISCAL_UNAVAILABLE instead of crashing the till', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-fiscal-'));
    try {
      // The journal path is a directory: the gateway cannot open it.
      const fiscal = await startFiscal({ ...base, mode: 'local', journalFile: dir }, { logger: silent });
      const failure = expectFailure(await fiscal.api.status(), 'FISCAL_UNAVAILABLE');
      expect(failure.detail).toBeTruthy();
      expectFailure(await fiscal.api.registerSale(plovSale()), 'FISCAL_UNAVAILABLE');
      await fiscal.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
