import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventPayloadInput } from '@jowi/events';
import { exampleSaleCreated } from '@jowi/events/testing';
import { createFiscalGateway, EposDriver, type RunningSimulator, startSimulator } from '@jowi/fiscal-gateway';
import { formatMoney, includedVat } from '@jowi/receipt';
import { appendEvent, inTenant, type NewEvent, newId, publishEventsCommitted } from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  staffIdentity,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { migrations, type RunningFiscal, startFiscal } from '../index.ts';
import { registerDevice } from '../services/device.service.ts';

export const REDIS_URL = process.env.JOWI_FISCAL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
export const TENANT = '0190a000-0000-7000-8000-0000000000c1';
export const WORKER_MAIN = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
export const QR = /^https:\/\/ofd\.soliq\.uz\/check\?t=UZ\d{12}&r=\d+&c=\d{14}&s=\d{12}$/;

export const CENTRAL_SETTINGS = {
  REDIS_URL,
  FISCAL_MAX_ATTEMPTS: 3,
  FISCAL_BACKOFF_MS: 200,
  FISCAL_RECONCILE_MS: 300,
  FISCAL_STALE_PENDING_MS: 1_500,
  FISCAL_LOCK_MS: 2_000,
  FISCAL_STALLED_CHECK_MS: 500,
};

export let db: TestDatabase;
export let keys: TestKeys;
export let service: RunningFiscal;
export let sim: RunningSimulator;
export let gateway: FastifyInstance;
export let gatewayUrl: string;
export let redis: Redis;
export let dir: string;
/** POS terminals bound to the central device, and one bound to a local device. */
export const centralTerminal = newId();
export const localTerminal = newId();

export async function startCentralStack(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'jowi-fiscal-central-'));
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  db = await createTestDatabase([{ name: 'fiscal', migrations }]);
  keys = await createTestKeys();
  sim = await startSimulator({ stateFile: join(dir, 'fm.json'), port: 0, terminalId: 'UZ191211501033' });
  gateway = await createFiscalGateway({
    driver: new EposDriver({ url: sim.rpcUrl, timeoutMs: 20_000 }),
    journalFile: join(dir, 'journal.jsonl'),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}`;
  service = await startFiscal(
    testSubgraphEnv(db, keys, {
      ...CENTRAL_SETTINGS,
      LOG_LEVEL: (process.env.FISCAL_SPEC_LOG_LEVEL ?? 'silent') as 'silent',
    }),
  );
  await inTenant(service.dataSource!, TENANT, async (m) => {
    await registerDevice(m, TENANT, {
      terminalId: 'UZ191211501033',
      mode: 'CENTRAL',
      gatewayUrl,
      posTerminalIds: [centralTerminal],
    });
    await registerDevice(m, TENANT, {
      terminalId: 'UZ191211500001',
      mode: 'LOCAL',
      posTerminalIds: [localTerminal],
    });
  });
}

export async function stopCentralStack(): Promise<void> {
  await service?.close();
  await gateway?.close();
  await sim?.close();
  await db?.drop();
  redis?.disconnect();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// --- helpers -----------------------------------------------------------------------------------

export const PRICE = 4_500_000n; // 45 000.00 sum, VAT 12 % included

export function salePayload(
  saleId: string,
  terminalId = centralTerminal,
  ikpu: string | null = '10202001001000000',
): EventPayloadInput<'sale.created'> {
  const total = PRICE * 2n;
  const vat = includedVat(total, 12);
  return exampleSaleCreated({
    saleId,
    terminalId,
    storeId: newId(),
    shiftId: null,
    cashierId: null,
    customerId: null,
    createdAt: new Date().toISOString(),
    total: formatMoney(total),
    subtotal: formatMoney(total),
    discount: '0.00',
    vatTotal: formatMoney(vat),
    lines: [
      {
        lineNo: 1,
        productId: newId(),
        name: 'Plov (osh), 1 portion',
        ikpu,
        quantity: '2.000',
        unitPrice: formatMoney(PRICE),
        discount: '0.00',
        receiptDiscount: '0.00',
        total: formatMoney(total),
        vatRate: 12,
        vatAmount: formatMoney(vat),
      },
    ],
    payments: [{ method: 'CASH', amount: formatMoney(total), tendered: null, change: null, cardBrand: null }],
  });
}

/** Commits a sales event the way sales does, and announces it. */
export async function publish(event: NewEvent) {
  const ds = service.dataSource!;
  await inTenant(ds, TENANT, (m) => appendEvent(m, event));
  await publishEventsCommitted(redis, ds);
}

export const saleCreated = (saleId: string, payload: EventPayloadInput<'sale.created'>): NewEvent => ({
  tenantId: TENANT,
  type: 'sale.created',
  aggregateId: saleId,
  payload,
  source: 'sales',
});

export const sale = (saleId: string, terminalId?: string, ikpu?: string | null) =>
  publish(saleCreated(saleId, salePayload(saleId, terminalId, ikpu)));

export interface Row {
  id: string;
  status: string;
  kind: string;
  mode: string;
  attempts: number;
  error_code: string | null;
  terminal_id: string | null;
  receipt_seq: number | null;
  fiscal_sign: string | null;
  fm_date_time: string | null;
  qr_url: string | null;
}

export const rowsOf = (saleId: string) =>
  db.admin<Row>('SELECT * FROM fiscal.receipt WHERE sale_id = $1 ORDER BY kind DESC', [saleId]);

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const receiptIn = (saleId: string, status: string, kind = 'SALE') =>
  waitFor(`${kind} receipt of ${saleId} ${status}`, async () =>
    (await rowsOf(saleId)).find((r) => r.kind === kind && r.status === status),
  );

export const fmCounter = () => sim.fm.snapshot().lastReceiptSeq;

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  permissions = ['fiscal:read', 'fiscal:write'],
) {
  const headers = await identityHeaders(keys, staffIdentity(TENANT, permissions));
  const res = await postGraphQL<T>(service.url, query, variables, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}
