/**
 * The outbox survives the host being killed: a real host process (`main.ts`, offline — its
 * gateway is a closed port) takes a PIN sign-in against a cached verifier, a shift and 20 sales
 * over the loopback API, and is SIGKILLed the moment the last answer arrives. Reopened, the
 * store holds every entry, and a new host continues the sequence.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostMain } from '../../../e2e/host-harness.ts';
import { loopbackPosApi } from '../../renderer/lib/bridge.ts';
import type { PosApi } from '../../shared/pos-api.ts';
import type { PosResult, SaleDraft, SyncStatus } from '../../shared/pos-types.ts';
import { Outbox } from '../outbox/outbox.ts';
import { DEFAULT_PIN_POLICY, PinVerifiers } from '../session/pin-guard.ts';
import { SecretStore } from '../session/secret-store.ts';
import { openStore } from '../store/database.ts';

const TERMINAL = '01a24f00-0000-7000-8000-00000000f001';
const PRODUCT = '01a24f00-0000-7000-8000-00000000a001';
const SECRET = randomBytes(24).toString('base64url');

let dir = '';
let deadPort = 0;

function ok<T>(result: PosResult<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.detail ?? ''}`);
  return result.value;
}

/** A port nothing listens on: the host's gateway is "the internet is down". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const startHostProcess = () =>
  startHostMain({
    JOWI_POS_DATA_DIR: dir,
    JOWI_GATEWAY_URL: `http://127.0.0.1:${deadPort}/graphql`,
    JOWI_POS_HOST_SECRET: SECRET,
    JOWI_FISCAL_MODE: 'off',
  });

const sale = (n: number): SaleDraft => {
  const amount = `${1000 * n}.00`;
  return {
    lines: [
      {
        productId: PRODUCT,
        quantity: '1.000',
        unitPrice: amount,
        total: amount,
        vatRate: 12,
        name: 'Non (tandir)',
        ikpu: '10701001001000000',
        packageCode: '1501234',
        ownerType: 'OWN_PRODUCTION',
      },
    ],
    payments: [{ method: 'CASH', amount }],
    total: amount,
    catalogVersion: null,
  };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jowi-pos-durable-'));
  deadPort = await closedPort();
  // A till paired earlier, whose cashier signed in online before: the device credential and the
  // PIN verifier are what the host cached then.
  new SecretStore(join(dir, 'secrets.json')).set('device', {
    terminalId: TERMINAL,
    deviceId: randomUUID(),
    deviceSecret: 'paired-before',
    deviceName: 'Kassa 1',
    pairedAt: new Date().toISOString(),
  });
  const store = openStore(join(dir, 'terminals', `${TERMINAL}.sqlite`));
  await new PinVerifiers(store, DEFAULT_PIN_POLICY, () => new Date()).remember(
    { staffId: randomUUID(), name: 'Dilnoza', roles: ['cashier'], permissions: [] },
    '1111',
  );
  store.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('outbox durability', () => {
  it('keeps every entry of a SIGKILLed host, and the sequence continues after a restart', async () => {
    const first = await startHostProcess();
    let pos: PosApi = loopbackPosApi({ url: first.url, secret: SECRET });
    try {
      expect(ok(await pos.session.pinLogin('1111')).session).toMatchObject({ mode: 'offline' });
      ok(await pos.shift.open({ openingFloat: '50000.00' }));
      for (let n = 1; n <= 20; n++) {
        expect(ok(await pos.sale.complete(sale(n))).sale).toMatchObject({ seq: n + 1, state: 'pending' });
      }
    } finally {
      // No shutdown hook runs: the process is gone the moment the last answer was read.
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
    }
    expect(first.child.signalCode).toBe('SIGKILL');

    const store = openStore(join(dir, 'terminals', `${TERMINAL}.sqlite`));
    const outbox = new Outbox(store);
    const pending = outbox.list('pending');
    expect(pending.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(pending.map((e) => e.command)).toEqual(['shiftEvent.v1', ...Array(20).fill('recordSale.v1')]);
    expect(pending.slice(1).map((e) => (e.payload as { total: string }).total)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${1000 * (i + 1)}.00`),
    );
    store.close();

    const second = await startHostProcess();
    pos = loopbackPosApi({ url: second.url, secret: SECRET });
    try {
      const pushed: SyncStatus[] = [];
      const unsubscribe = pos.sync.subscribe((status) => pushed.push(status));
      ok(await pos.session.pinLogin('1111'));
      // The open shift was part of the durable state too.
      expect(ok(await pos.shift.xReport())).toMatchObject({ saleCount: 20, expectedCash: '260000.00' });
      const next = ok(await pos.sale.complete(sale(21))).sale;
      expect(next).toMatchObject({ seq: 22, receiptNumber: 21 });
      expect(ok(await pos.sync.depth())).toMatchObject({ pending: 22, lastSeq: 22 });
      // The bridge's event stream tells the renderer's badge about the new entry.
      await expect.poll(() => pushed.at(-1)?.pending).toBe(22);
      // Signed in offline, with no server session on this till: uploads wait for an online sign-in.
      expect(pushed.at(-1)).toMatchObject({ canSync: false, lastError: { code: 'SYNC_SIGN_IN_NEEDED' } });
      unsubscribe();
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});
