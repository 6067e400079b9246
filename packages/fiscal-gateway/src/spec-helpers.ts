/** Shared fixtures for this package's specs: temp dirs, a simulator, a fake clock, receipts. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { FISCAL_ERRORS, FiscalError, type FiscalErrorCode, type SaleReceipt } from './driver.ts';
import { EposDriver } from './epos-driver.ts';
import type { FiscalModuleLimits } from './simulator/fiscal-module.ts';
import { type RunningSimulator, startSimulator } from './simulator/server.ts';

/** A fresh temp directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fiscal-gateway-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function fakeClock(start = '2025-03-03T04:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = new Date(iso).getTime();
    },
  };
}

/** A simulator on port 0 in a temp dir, plus a driver on a fake clock stepping 1 s per command. */
export async function simulatorWithDriver(
  options: { limits?: Partial<FiscalModuleLimits>; timeoutMs?: number; stateFile?: string } = {},
) {
  const tmp = await tempDir();
  const stateFile = options.stateFile ?? join(tmp.dir, 'fm.json');
  const sim = await startSimulator({
    port: 0,
    stateFile,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const clock = fakeClock();
  // Every command a second after the previous, so tests exercise the rules they name, not pacing.
  const driver = new EposDriver({
    url: sim.rpcUrl,
    timeoutMs: options.timeoutMs ?? 5_000,
    pace: false,
    clock: () => {
      clock.advance(1_000);
      return clock.now();
    },
  });
  return {
    sim,
    driver,
    clock,
    stateFile,
    dir: tmp.dir,
    async close() {
      await sim.close();
      await tmp.cleanup();
    },
  };
}

/** A one-line cash sale of `sum` UZS (12 % VAT). */
export function cashSale(sum: number, externalId: string = randomUUID()): SaleReceipt {
  const tiyin = BigInt(sum) * 100n;
  return {
    externalId,
    items: [
      {
        name: 'Osh (plov) 1 porsiya',
        spic: '10999001001000000',
        packageCode: '1512345',
        units: 1,
        quantity: 1000n,
        unitPrice: tiyin,
        vatPercent: 12,
        ownerType: 1,
      },
    ],
    receivedCash: tiyin,
    receivedCard: 0n,
  };
}

/** Awaits a rejection and checks it is a {@link FiscalError} with `code` and its three messages. */
export async function expectFiscalError(
  promise: Promise<unknown>,
  code: FiscalErrorCode,
): Promise<FiscalError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FiscalError);
  const fiscal = error as FiscalError;
  expect(fiscal.code).toBe(code);
  expect(fiscal.messages).toEqual(FISCAL_ERRORS[code].messages);
  for (const language of ['uz', 'ru', 'en'] as const)
    expect(fiscal.messages[language].length).toBeGreaterThan(10);
  expect(fiscal.retryable).toBe(FISCAL_ERRORS[code].retryable);
  return fiscal;
}

export type { RunningSimulator };
