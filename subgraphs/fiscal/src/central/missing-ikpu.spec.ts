/**
 * Sale lines that reach fiscal without an IKPU, against real PostgreSQL, the E-POS simulator and
 * a real fiscal gateway (central mode without Redis: the subgraph calls the gateway itself):
 * fiscal's own catalog projection (fed by `catalog.product.upserted`) fills them; a product it
 * does not know holds the receipt in NEEDS_ATTENTION with `MISSING_IKPU` instead of a FAILED
 * the FM would never accept, and `retryFiscalization` registers it once the product is known.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventContractError } from '@jowi/events';
import { exampleProductUpserted, exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import { createFiscalGateway, EposDriver, type RunningSimulator, startSimulator } from '@jowi/fiscal-gateway';
import { formatMoney, includedVat } from '@jowi/receipt';
import { insertEvents, inTenant, newId, type StoredEvent } from '@jowi/server-kit';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities, migrations, type RunningFiscal, startFiscal } from '../index.ts';
import { registerDevice } from '../services/device.service.ts';
import { catalogConsumer } from './catalog.consumer.ts';

const TENANT = '0190a000-0000-7000-8000-0000000000c2';
const OTHER_TENANT = '0190a000-0000-7000-8000-0000000000c3';
const FM = 'UZ191211501044';
const terminal = newId();

let db: TestDatabase;
let keys: TestKeys;
let service: RunningFiscal;
let sim: RunningSimulator;
let gateway: FastifyInstance;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jowi-fiscal-ikpu-'));
  db = await createTestDatabase([{ name: 'fiscal', migrations }]);
  keys = await createTestKeys();
  sim = await startSimulator({ stateFile: join(dir, 'fm.json'), port: 0, terminalId: FM });
  gateway = await createFiscalGateway({
    driver: new EposDriver({ url: sim.rpcUrl, timeoutMs: 20_000 }),
    journalFile: join(dir, 'journal.jsonl'),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  service = await startFiscal(
    testSubgraphEnv(db, keys, { REDIS_URL: undefined, FISCAL_BACKOFF_MS: 200, FISCAL_RECONCILE_MS: 500 }),
  );
  await inTenant(service.dataSource!, TENANT, (m) =>
    registerDevice(m, TENANT, {
      terminalId: FM,
      mode: 'CENTRAL',
      gatewayUrl: `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}`,
      posTerminalIds: [terminal],
    }),
  );
});

afterAll(async () => {
  await service?.close();
  await gateway?.close();
  await sim?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Appends an event as its producer writes it (as written: these specs also send partial payloads). */
const append = (type: string, aggregateId: string, payload: Record<string, unknown>, source: string) =>
  inTenant(service.dataSource!, TENANT, (m) =>
    insertEvents(m, [{ tenantId: TENANT, type, version: 1, aggregateId, payload, source }]),
  );

let seq = 100;
/** Announces a product as catalog does (`catalog.product.upserted`, its snapshot plus `seq`). */
async function announce(id: string, name: string, ikpu: string) {
  await append(
    'catalog.product.upserted',
    id,
    exampleProductUpserted({ id, name, ikpu, ownerType: 'SERVICE', seq: String(seq++) }),
    'catalog',
  );
  await waitFor(`product ${id} in fiscal's projection`, async () => {
    const rows = await db.admin('SELECT 1 FROM fiscal.product_ref WHERE id = $1 AND ikpu = $2', [id, ikpu]);
    return rows.length > 0;
  });
}

const PRICE = 1_120_000n; // 11 200.00 with 12 % VAT included: 1 200.00

/** A `sale.created` as sales emits it for a minimal line whose product it did not know. */
function saleCreated(saleId: string, productId: string, over: { name?: string } = {}) {
  return exampleSaleCreated({
    saleId,
    terminalId: terminal,
    total: formatMoney(PRICE),
    vatTotal: formatMoney(includedVat(PRICE, 12)),
    lines: [
      {
        productId,
        unitPrice: formatMoney(PRICE),
        total: formatMoney(PRICE),
        vatAmount: formatMoney(includedVat(PRICE, 12)),
        ...over,
      },
    ],
    payments: [{ method: 'CARD', amount: formatMoney(PRICE) }],
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Row {
  id: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  fiscal_sign: string | null;
  request: { items: { name: string; spic: string; packageCode: string; ownerType: number }[] };
}
const receiptIn = (saleId: string, status: string, kind = 'SALE') =>
  waitFor(`${kind} receipt of ${saleId} ${status}`, async () => {
    const rows = await db.admin<Row>('SELECT * FROM fiscal.receipt WHERE sale_id = $1 AND kind = $2', [
      saleId,
      kind,
    ]);
    return rows.find((r) => r.status === status);
  });

const RETRY = `mutation($input: RetryFiscalizationInput!) { retryFiscalization(input: $input) {
  fiscalReceipt { status lastErrorCode } errors { code message } } }`;
async function retry(receiptId: string) {
  const res = await postGraphQL<{
    retryFiscalization: {
      fiscalReceipt: { status: string; lastErrorCode: string | null } | null;
      errors: { code: string; message: string }[];
    };
  }>(
    service.url,
    RETRY,
    { input: { receiptId } },
    await identityHeaders(keys, staffIdentity(TENANT, ['fiscal:read', 'fiscal:write'])),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.retryFiscalization;
}

const fmCounter = () => sim.fm.snapshot().lastReceiptSeq;

describe('sale lines without IKPU (central mode)', () => {
  it('fills a line from fiscal’s catalog projection and registers it', async () => {
    const product = newId();
    await announce(product, 'Yetkazib berish', '10999001001000000');
    const saleId = newId();
    await append('sale.created', saleId, saleCreated(saleId, product), 'sales');
    const row = await receiptIn(saleId, 'REGISTERED');
    expect(row.request.items).toMatchObject([
      { name: 'Yetkazib berish', spic: '10999001001000000', packageCode: '1510', ownerType: 2 },
    ]);
  });

  it('holds a sale of a product fiscal does not know in NEEDS_ATTENTION (MISSING_IKPU), then registers it on retry once the product is known', async () => {
    const product = newId();
    const saleId = newId();
    const before = fmCounter();
    await append('sale.created', saleId, saleCreated(saleId, product, { name: 'Somsa' }), 'sales');
    const waiting = await receiptIn(saleId, 'NEEDS_ATTENTION');
    expect(waiting.error_code).toBe('MISSING_IKPU');
    expect(waiting.error_message).toContain(`line 1, product "Somsa" (${product})`);
    expect(waiting.attempts).toBe(0);

    // Retried too early: still unknown, the receipt stays where it is and nothing reaches the FM.
    const early = await retry(waiting.id);
    expect(early.errors.map((e) => e.code)).toEqual(['MISSING_IKPU']);
    expect(early.fiscalReceipt).toEqual({ status: 'NEEDS_ATTENTION', lastErrorCode: 'MISSING_IKPU' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fmCounter()).toBe(before);

    // The catalog announces it; the retry fills the line (the name sent wins) and registers it.
    await announce(product, 'Somsa, tandir', '10905001001000000');
    const retried = await retry(waiting.id);
    expect(retried.errors).toEqual([]);
    const registered = await receiptIn(saleId, 'REGISTERED');
    expect(registered.request.items).toMatchObject([
      { name: 'Somsa', spic: '10905001001000000', packageCode: '1510', ownerType: 2 },
    ]);
    expect(fmCounter()).toBe(before + 1);

    // Each status the receipt got is one `fiscal.receipt.updated`, in order, with the sale's
    // store; the early retry changed nothing and wrote none.
    const updates = await db.admin<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM events.event WHERE type = 'fiscal.receipt.updated' AND aggregate_id = $1 ORDER BY id",
      [waiting.id],
    );
    const storeId = (
      await db.admin<{ store_id: string }>('SELECT store_id FROM fiscal.receipt WHERE id = $1', [waiting.id])
    )[0]!.store_id;
    expect(storeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(updates.map((e) => e.payload)).toEqual([
      {
        receiptId: waiting.id,
        saleId,
        storeId,
        kind: 'SALE',
        status: 'NEEDS_ATTENTION',
        errorCode: 'MISSING_IKPU',
      },
      { receiptId: waiting.id, saleId, storeId, kind: 'SALE', status: 'PENDING', errorCode: 'MISSING_IKPU' },
      { receiptId: waiting.id, saleId, storeId, kind: 'SALE', status: 'REGISTERED', errorCode: null },
    ]);
  });

  it('a refund of a sale waiting for its IKPU waits too, and both register after the product is known', async () => {
    const product = newId();
    const saleId = newId();
    const refundId = newId();
    await append('sale.created', saleId, saleCreated(saleId, product), 'sales');
    const sale = await receiptIn(saleId, 'NEEDS_ATTENTION');
    await append(
      'sale.refunded',
      saleId,
      exampleSaleRefunded({
        refundId,
        saleId,
        terminalId: terminal,
        total: formatMoney(PRICE),
        lines: [
          {
            saleLineNo: 1,
            productId: product,
            quantity: '1.000',
            amount: formatMoney(PRICE),
            vatAmount: formatMoney(includedVat(PRICE, 12)),
          },
        ],
        payments: [{ method: 'CARD', amount: formatMoney(PRICE) }],
      }),
      'sales',
    );
    const refund = await receiptIn(saleId, 'NEEDS_ATTENTION', 'REFUND');
    expect(refund.error_code).toBe('MISSING_IKPU');

    await announce(product, 'Manti', '10202001004000000');
    expect((await retry(sale.id)).errors).toEqual([]);
    await receiptIn(saleId, 'REGISTERED');
    expect((await retry(refund.id)).errors).toEqual([]);
    const refunded = await receiptIn(saleId, 'REGISTERED', 'REFUND');
    expect(refunded.request.items).toMatchObject([{ name: 'Manti', spic: '10202001004000000' }]);
  });
});

describe('fiscal catalog consumer (the handler as the runner calls it)', () => {
  it('keeps the newest write per product and tenant; a replay or a late older event changes nothing', async () => {
    const ds = await db.dataSource('fiscal', entities);
    const id = newId();
    const event = (name: string, at: number): StoredEvent => ({
      id: 1n,
      tenantId: OTHER_TENANT,
      type: 'catalog.product.upserted',
      version: 1,
      aggregateId: id,
      payload: exampleProductUpserted({
        id,
        name,
        ikpu: '10999001001000000',
        packageCode: '1',
        ownerType: 'RESALE',
        seq: String(at),
      }),
      source: 'catalog',
      createdAt: new Date(),
    });
    const apply = (e: StoredEvent) =>
      inTenant(ds, OTHER_TENANT, (m) =>
        catalogConsumer.handle!(m, e, { consumer: catalogConsumer.name, log: service.log, registry: null }),
      );
    const state = () =>
      db.admin('SELECT tenant_id, name, seq::text AS seq FROM fiscal.product_ref WHERE id = $1', [id]);
    await apply(event('v1', 7));
    await apply(event('v2', 8));
    await apply(event('v2', 8));
    await apply(event('v1', 7));
    expect(await state()).toEqual([{ tenant_id: OTHER_TENANT, name: 'v2', seq: '8' }]);
    await expect(apply({ ...event('bad', 9), payload: { id: 'nope' } })).rejects.toThrow(EventContractError);
  });
});
