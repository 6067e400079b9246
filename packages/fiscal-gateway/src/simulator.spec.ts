import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fiscalQrUrl } from '@jowi/receipt';
import { afterEach, describe, expect, it } from 'vitest';
import { EposDriver } from './epos-driver.ts';
import { computeFiscalSign } from './simulator/fiscal-module.ts';
import { type RunningSimulator, startSimulator } from './simulator/server.ts';
import { cashSale, expectFiscalError, fakeClock, tempDir } from './spec-helpers.ts';

const QR_URL = /^https:\/\/ofd\.soliq\.uz\/check\?t=UZ\d{12}&r=\d+&c=\d{14}&s=\d{12}$/;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dir(): Promise<string> {
  const tmp = await tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

async function sim(options: Parameters<typeof startSimulator>[0]): Promise<RunningSimulator> {
  const running = await startSimulator(options);
  cleanups.push(() => running.close());
  return running;
}

function steppingDriver(url: string, start?: string) {
  const clock = fakeClock(start);
  return new EposDriver({
    url,
    pace: false,
    clock: () => {
      clock.advance(1_000);
      return clock.now();
    },
  });
}

describe('simulator persistence', () => {
  it('keeps counters, the open shift, the unsent queue and the lock across a restart', async () => {
    const stateFile = join(await dir(), 'fm.json');
    const first = await startSimulator({ port: 0, stateFile });
    const driver1 = steppingDriver(first.rpcUrl);
    await driver1.openShift();
    await driver1.registerSale(cashSale(1_000));
    const second = await driver1.registerSale(cashSale(2_000));
    await first.close();

    const restarted = await sim({ port: 0, stateFile });
    // Later clock: the FM remembers the last operation time too.
    const driver2 = steppingDriver(restarted.rpcUrl, '2025-03-03T05:00:00Z');
    const status = await driver2.status();
    expect(status).toMatchObject({ shiftOpen: true, zNumber: 1, lastReceiptSeq: 2, unsentCount: 2 });
    const third = await driver2.registerSale(cashSale(3_000));
    expect(third.receiptSeq).toBe(second.receiptSeq + 1);
    expect(third.zNumber).toBe(1);
    expect(await driver2.xReport()).toMatchObject({ saleCount: 3, saleCash: 600_000n });

    restarted.setFaults({ locked: true });
    await restarted.close();
    const again = await sim({ port: 0, stateFile });
    await expectFiscalError(
      steppingDriver(again.rpcUrl, '2025-03-03T06:00:00Z').registerSale(cashSale(1)),
      'FM_LOCKED',
    );
  });

  it('writes state via a temp file and rename: a failed write leaves the old state and signs nothing', async () => {
    const stateFile = join(await dir(), 'fm.json');
    const running = await sim({ port: 0, stateFile });
    const driver = steppingDriver(running.rpcUrl);
    await driver.openShift();
    await driver.registerSale(cashSale(1_000));
    const before = await readFile(stateFile, 'utf8');
    // Block the temp file's name so the next write cannot happen.
    await mkdir(`${stateFile}.${process.pid}.tmp`);
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'DEVICE_ERROR');
    expect(await readFile(stateFile, 'utf8')).toBe(before);
    expect(running.fm.snapshot().lastReceiptSeq).toBe(1);
  });

  it('refuses a state file that belongs to another FM', async () => {
    const stateFile = join(await dir(), 'fm.json');
    await (await startSimulator({ port: 0, stateFile, terminalId: 'UZ191211501033' })).close();
    await expect(startSimulator({ port: 0, stateFile, terminalId: 'UZ000000000001' })).rejects.toThrow(
      /belongs to FM UZ191211501033/,
    );
  });
});

describe('fiscal sign and QR link', () => {
  it('returns a 12-digit deterministic fiscal sign and the tax committee QR link', async () => {
    const running = await sim({
      port: 0,
      stateFile: join(await dir(), 'fm.json'),
      terminalId: 'UZ191211501033',
      secret: 'test-secret',
    });
    const driver = steppingDriver(running.rpcUrl);
    await driver.openShift();
    const receipt = await driver.registerSale(cashSale(12_500));
    expect(receipt.fiscalSign).toMatch(/^\d{12}$/);
    expect(receipt.dateTime).toMatch(/^\d{14}$/);
    expect(receipt.qrUrl).toMatch(QR_URL);
    expect(receipt.qrUrl).toBe(
      `https://ofd.soliq.uz/check?t=UZ191211501033&r=${receipt.receiptSeq}&c=${receipt.dateTime}&s=${receipt.fiscalSign}`,
    );
    expect(receipt.qrUrl).toBe(fiscalQrUrl(receipt));
    expect(receipt.fiscalSign).toBe(
      computeFiscalSign('test-secret', 'UZ191211501033', receipt.receiptSeq, receipt.dateTime, 1_250_000n),
    );

    // Another FM with the same secret, fed the same commands, signs the same.
    const twin = await sim({
      port: 0,
      stateFile: join(await dir(), 'fm.json'),
      terminalId: 'UZ191211501033',
      secret: 'test-secret',
    });
    const twinDriver = steppingDriver(twin.rpcUrl);
    await twinDriver.openShift();
    expect((await twinDriver.registerSale(cashSale(12_500))).fiscalSign).toBe(receipt.fiscalSign);
    // Any other total, number or secret gives another sign.
    const t = receipt.dateTime;
    expect(computeFiscalSign('test-secret', 'UZ191211501033', 1, t, 1_250_001n)).not.toBe(receipt.fiscalSign);
    expect(computeFiscalSign('test-secret', 'UZ191211501033', 2, t, 1_250_000n)).not.toBe(receipt.fiscalSign);
    expect(computeFiscalSign('other-secret', 'UZ191211501033', 1, t, 1_250_000n)).not.toBe(
      receipt.fiscalSign,
    );
  });
});

describe('simulator control API', () => {
  it('injects faults and acknowledges unsent receipts over HTTP', async () => {
    const running = await sim({ port: 0, stateFile: join(await dir(), 'fm.json') });
    const driver = steppingDriver(running.rpcUrl);
    const control = (path: string, body: unknown) =>
      fetch(`${running.baseUrl}/control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    await driver.openShift();
    await driver.registerSale(cashSale(1_000));
    await driver.registerSale(cashSale(1_000));
    expect(await control('faults', { paperOut: true })).toMatchObject({ paperOut: true });
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'PAPER_OUT');
    await control('faults/clear', {});
    expect(await control('acknowledge', { count: 1 })).toEqual({ acknowledged: 1, remaining: 1 });
    expect(await driver.unsentCount()).toBe(1);
    const rejected = await fetch(`${running.baseUrl}/control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paperOut: 'yes' }),
    });
    expect(rejected.status).toBe(400);
  });

  it('answers JSON-RPC errors for unknown methods', async () => {
    const running = await sim({ port: 0, stateFile: join(await dir(), 'fm.json') });
    const response = await fetch(running.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'Api.Nope' }),
    });
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32601 } });
  });
});
