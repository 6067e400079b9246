import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FiscalError } from './driver.ts';
import { EposDriver } from './epos-driver.ts';
import { DEFAULT_LIMITS } from './simulator/fiscal-module.ts';
import { startSimulator } from './simulator/server.ts';
import { cashSale, expectFiscalError, simulatorWithDriver, tempDir } from './spec-helpers.ts';

type Setup = Awaited<ReturnType<typeof simulatorWithDriver>>;
let setup: Setup | undefined;
async function start(options: Parameters<typeof simulatorWithDriver>[0] = {}): Promise<Setup> {
  setup = await simulatorWithDriver(options);
  return setup;
}
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('E-POS driver against the simulator: FM rules', () => {
  it('refuses to sell without an open shift (SHIFT_CLOSED)', async () => {
    const { driver, sim } = await start();
    await expectFiscalError(driver.registerSale(cashSale(10_000)), 'SHIFT_CLOSED');
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(0);
    await driver.openShift();
    const receipt = await driver.registerSale(cashSale(10_000));
    expect(receipt.receiptSeq).toBe(1);
    expect(receipt.total).toBe(1_000_000n);
  });

  it('refuses to close an empty Z report (SHIFT_EMPTY) and to open a second one', async () => {
    const { driver } = await start();
    await driver.openShift();
    await expectFiscalError(driver.closeShift(), 'SHIFT_EMPTY');
    await expectFiscalError(driver.openShift(), 'SHIFT_ALREADY_OPEN');
    await driver.registerSale(cashSale(5_000));
    const z = await driver.closeShift();
    expect(z).toMatchObject({ open: false, saleCount: 1, saleCash: 500_000n, firstReceiptSeq: 1 });
    await expectFiscalError(driver.closeShift(), 'SHIFT_CLOSED');
  });

  it('stops at the operations-per-Z limit (SHIFT_FULL); 9 999 by default', async () => {
    expect(DEFAULT_LIMITS.maxOperationsPerZ).toBe(9_999);
    const { driver } = await start({ limits: { maxOperationsPerZ: 3 } });
    expect((await driver.status()).maxOperationsPerShift).toBe(3);
    await driver.openShift();
    for (let i = 0; i < 3; i++) await driver.registerSale(cashSale(1_000));
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'SHIFT_FULL');
    await driver.closeShift();
    await driver.openShift();
    expect((await driver.registerSale(cashSale(1_000))).receiptSeq).toBe(4);
  });

  it('needs each command at least 1 s after the previous (CLOCK_BACKWARDS)', async () => {
    const { sim } = await start();
    let now = new Date('2025-03-03T04:00:00Z');
    const driver = new EposDriver({ url: sim.rpcUrl, pace: false, clock: () => now });
    await driver.openShift();
    // Same second as the opening.
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'CLOCK_BACKWARDS');
    // Half a second later is still too fast.
    now = new Date(now.getTime() + 500);
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'CLOCK_BACKWARDS');
    now = new Date('2025-03-03T04:00:01Z');
    await driver.registerSale(cashSale(1_000));
    // The clock went back an hour.
    now = new Date('2025-03-03T03:00:00Z');
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'CLOCK_BACKWARDS');
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(1);
  });

  it('paces commands itself: two sales within one second both succeed, a second apart', async () => {
    const { sim } = await start();
    const driver = new EposDriver({ url: sim.rpcUrl }); // real clock, pacing on
    await driver.openShift();
    const [a, b] = await Promise.all([
      driver.registerSale(cashSale(1_000)),
      driver.registerSale(cashSale(2_000)),
    ]);
    expect(Number(b?.dateTime) - Number(a?.dateTime)).toBeGreaterThanOrEqual(1);
  });

  it('limits a refund to the cash, card and VAT taken in the shift (REFUND_EXCEEDS_SHIFT)', async () => {
    const { driver, sim } = await start();
    await driver.openShift();
    const sale = await driver.registerSale(cashSale(10_000));
    const refund = (sum: number) => ({ ...cashSale(sum), original: sale });
    await expectFiscalError(driver.registerRefund(refund(20_000)), 'REFUND_EXCEEDS_SHIFT');
    const card = { ...refund(1_000), receivedCash: 0n, receivedCard: 100_000n };
    await expectFiscalError(driver.registerRefund(card), 'REFUND_EXCEEDS_SHIFT');
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(1);
    const done = await driver.registerRefund(refund(10_000));
    expect(done).toMatchObject({ kind: 'refund', receiptSeq: 2, cash: 1_000_000n });
    const x = await driver.xReport();
    expect(x).toMatchObject({ open: true, saleCount: 1, refundCount: 1, refundCash: 1_000_000n });
    // Everything was refunded: nothing more can go back.
    await expectFiscalError(driver.registerRefund(refund(1)), 'REFUND_EXCEEDS_SHIFT');
  });

  it('refuses a refund whose original receipt does not match (ORIGINAL_NOT_FOUND)', async () => {
    const { driver } = await start();
    await driver.openShift();
    const sale = await driver.registerSale(cashSale(10_000));
    const forged = {
      ...sale,
      fiscalSign: sale.fiscalSign === '000000000000' ? '000000000001' : '000000000000',
    };
    await expectFiscalError(
      driver.registerRefund({ ...cashSale(1_000), original: forged }),
      'ORIGINAL_NOT_FOUND',
    );
  });

  it('fills the unsent memory (MEMORY_FULL, 858 by default) until ResendUnsent acknowledges', async () => {
    expect(DEFAULT_LIMITS.maxUnsent).toBe(858);
    const { driver } = await start({ limits: { maxUnsent: 2 } });
    await driver.openShift();
    await driver.registerSale(cashSale(1_000));
    await driver.registerSale(cashSale(1_000));
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'MEMORY_FULL');
    expect(await driver.unsentCount()).toBe(2);
    expect(await driver.resendUnsent()).toEqual({ acknowledged: 2, remaining: 0 });
    expect(await driver.unsentCount()).toBe(0);
    expect((await driver.registerSale(cashSale(1_000))).receiptSeq).toBe(3);
  });

  it('refuses when the oldest unsent receipt is older than the days limit (UNSENT_TOO_OLD)', async () => {
    const { driver, clock } = await start({ limits: { maxUnsentDays: 1 } });
    await driver.openShift();
    await driver.registerSale(cashSale(1_000));
    await driver.closeShift();
    clock.advance(25 * 3_600_000);
    await driver.openShift();
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'UNSENT_TOO_OLD');
    await driver.resendUnsent();
    await driver.registerSale(cashSale(1_000));
  });

  it('refuses to sell in a shift open for more than 24 h (SHIFT_EXPIRED), but lets it close', async () => {
    const { driver, clock } = await start();
    await driver.openShift();
    await driver.registerSale(cashSale(1_000));
    clock.advance(24 * 3_600_000);
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'SHIFT_EXPIRED');
    await driver.closeShift();
    await driver.openShift();
    await driver.resendUnsent(); // the day-old receipt would otherwise block (UNSENT_TOO_OLD)
    await driver.registerSale(cashSale(1_000));
  });

  it('runs out of Z reports (Z_LIMIT); 832 by default', async () => {
    expect(DEFAULT_LIMITS.maxZReports).toBe(832);
    const { driver } = await start({ limits: { maxZReports: 2 } });
    for (let z = 0; z < 2; z++) {
      await driver.openShift();
      await driver.registerSale(cashSale(1_000));
      await driver.closeShift();
    }
    await expectFiscalError(driver.openShift(), 'Z_LIMIT');
    expect((await driver.status()).zReportsUsed).toBe(2);
  });

  it('refuses everything fiscal while the tax operator has locked the FM (FM_LOCKED)', async () => {
    const { driver, sim } = await start();
    await driver.openShift();
    sim.setFaults({ locked: true });
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'FM_LOCKED');
    expect((await driver.status()).locked).toBe(true);
    sim.setFaults({ locked: false });
    await driver.registerSale(cashSale(1_000));
  });
});

describe('E-POS driver against the simulator: device faults', () => {
  it('reports paper out and cover open, and signs nothing meanwhile', async () => {
    const { driver, sim } = await start();
    await driver.openShift();
    sim.setFaults({ paperOut: true });
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'PAPER_OUT');
    sim.setFaults({ paperOut: false, coverOpen: true });
    await expectFiscalError(driver.registerSale(cashSale(1_000)), 'COVER_OPEN');
    expect((await driver.status()).printer).toEqual({ paperOut: false, coverOpen: true });
    expect(sim.fm.snapshot().lastReceiptSeq).toBe(0);
    sim.setFaults({ coverOpen: false });
    expect((await driver.registerSale(cashSale(1_000))).receiptSeq).toBe(1);
  });

  it('reports FM_OFFLINE when the FM is unplugged and when the Communicator is not running', async () => {
    const { driver, sim } = await start();
    sim.setFaults({ offline: true });
    const unplugged = await expectFiscalError(driver.status(), 'FM_OFFLINE');
    expect(unplugged.uncertain).toBe(false);
    const { dir, cleanup } = await tempDir();
    const other = await startSimulator({ port: 0, stateFile: join(dir, 'fm.json') });
    const url = other.rpcUrl;
    await other.close();
    await cleanup();
    const down = await expectFiscalError(new EposDriver({ url }).status(), 'FM_OFFLINE');
    expect(down.uncertain).toBe(false);
  });

  it('gives up on a slow device after the timeout (TIMEOUT, outcome uncertain)', async () => {
    const { driver, sim } = await start({ timeoutMs: 150 });
    await driver.openShift();
    sim.setFaults({ delayMs: 600 });
    const error = await expectFiscalError(driver.registerSale(cashSale(1_000)), 'TIMEOUT');
    expect(error.uncertain).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('refuses an invalid receipt before it reaches the FM (INVALID_RECEIPT)', async () => {
    const { driver } = await start();
    await driver.openShift();
    const badSpic = cashSale(1_000);
    badSpic.items[0] = { ...badSpic.items[0]!, spic: '123' };
    await expectFiscalError(driver.registerSale(badSpic), 'INVALID_RECEIPT');
    const unpaid = { ...cashSale(1_000), receivedCash: 1n };
    await expectFiscalError(driver.registerSale(unpaid), 'INVALID_RECEIPT');
    const longName = cashSale(1_000);
    longName.items[0] = { ...longName.items[0]!, name: 'x'.repeat(64) };
    await expectFiscalError(driver.registerSale(longName), 'INVALID_RECEIPT');
  });

  it('maps the FM’s own refusal of bad params to INVALID_RECEIPT', async () => {
    const { sim } = await start();
    const response = await fetch(sim.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Api.SendSaleReceipt', params: { Receipt: {} } }),
    });
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.message).toBe('ERROR_INVALID_RECEIPT');
    const { fiscalErrorFromRpc } = await import('./epos-driver.ts');
    expect(fiscalErrorFromRpc(body.error)).toBeInstanceOf(FiscalError);
    expect(fiscalErrorFromRpc(body.error).code).toBe('INVALID_RECEIPT');
    expect(fiscalErrorFromRpc({ code: -32000, message: 'ERROR_SOMETHING_NEW' }).code).toBe('DEVICE_ERROR');
  });
});
