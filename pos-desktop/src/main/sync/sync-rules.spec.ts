/**
 * The uploader's rules without a server: how answers are classified, how batches are cut from
 * the queue, how long the loop waits, and that a request the server refuses whole is split until
 * the one entry at fault is parked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentState } from '../../shared/pos-types.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import { Outbox, type OutboxEntry } from '../outbox/outbox.ts';
import { openStore, type Store } from '../store/database.ts';
import { classify } from './classify.ts';
import { backoffDelay, SyncLoop } from './sync-loop.ts';
import {
  type SyncBatchInput,
  type SyncBatchResult,
  type SyncTransport,
  TransportError,
} from './transport.ts';

const TERMINAL = '01a24f00-0000-7000-8000-0000000000aa';
let dir = '';
let store: Store;
let outbox: Outbox;
let n = 0;

const uuid = () => `01a24f00-0000-7000-8000-${String(++n).padStart(12, '0')}`;

function sale(id = uuid(), shiftId?: string): OutboxEntry {
  const payload: SaleInputPayload = {
    id,
    createdAt: '2026-12-01T10:00:00.000Z',
    lines: [{ productId: uuid(), quantity: '1.000', unitPrice: '1000.00' }],
    payments: [{ method: 'CASH', amount: '1000.00' }],
    total: '1000.00',
    ...(shiftId ? { shiftId } : {}),
  };
  return outbox.enqueue('recordSale.v1', payload, {
    id,
    terminalId: TERMINAL,
    deviceTime: payload.createdAt,
  });
}

function refund(saleId: string): OutboxEntry {
  const id = uuid();
  return outbox.enqueue(
    'recordRefund.v1',
    { id, saleId },
    { id, terminalId: TERMINAL, deviceTime: '2026-12-01T11:00:00Z' },
  );
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jowi-pos-rules-'));
  store = openStore(join(dir, 'till.sqlite'));
  outbox = new Outbox(store);
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('classify', () => {
  const states = new Map<string, DocumentState>();
  const stateOf = (id: string) => states.get(id) ?? null;

  it('done for CREATED and DUPLICATE, parked for CONFLICT and REJECTED, retry for INTERNAL_ERROR and no answer', () => {
    const entry = sale();
    const result = (status: 'CREATED' | 'DUPLICATE' | 'CONFLICT' | 'REJECTED', code?: string) => ({
      id: entry.id,
      status,
      error: code ? { code, message: code } : null,
    });
    expect(classify(entry, result('CREATED'), stateOf)).toEqual({ action: 'done', status: 'CREATED' });
    expect(classify(entry, result('DUPLICATE'), stateOf)).toEqual({ action: 'done', status: 'DUPLICATE' });
    expect(classify(entry, result('CONFLICT', 'CONTENT_MISMATCH'), stateOf)).toMatchObject({
      action: 'park',
      status: 'CONFLICT',
      code: 'CONTENT_MISMATCH',
    });
    expect(classify(entry, result('REJECTED', 'TOTAL_MISMATCH'), stateOf)).toMatchObject({ action: 'park' });
    expect(classify(entry, result('REJECTED', 'INTERNAL_ERROR'), stateOf)).toMatchObject({ action: 'retry' });
    expect(classify(entry, undefined, stateOf)).toMatchObject({ action: 'retry', code: 'NO_RESULT' });
  });

  it("retries a refund whose sale this till has not uploaded yet; parks it when the sale isn't waiting", () => {
    const theSale = sale();
    const theRefund = refund(theSale.id);
    const notFound = {
      id: theRefund.id,
      status: 'REJECTED' as const,
      error: { code: 'SALE_NOT_FOUND', message: 'x' },
    };
    states.set(theSale.id, 'pending');
    expect(classify(theRefund, notFound, stateOf)).toMatchObject({ action: 'retry' });
    states.set(theSale.id, 'parked');
    expect(classify(theRefund, notFound, stateOf)).toMatchObject({ action: 'park', code: 'SALE_NOT_FOUND' });
  });
});

describe('outbox batches', () => {
  it('cuts a prefix of the queue: stops at the first entry over its list limit, skips held ones', () => {
    const a = sale();
    const b = sale();
    const held = outbox.enqueue(
      'recordSale.v1',
      { ...(b.payload as SaleInputPayload), id: uuid() },
      { id: uuid(), terminalId: TERMINAL, deviceTime: b.deviceTime, state: 'held' },
    );
    const r = refund(a.id);
    const c = sale();
    const limits = { sales: 2, refunds: 500, shiftEvents: 500, customers: 500 };
    expect(outbox.nextBatch(limits, 100).map((e) => e.id)).toEqual([a.id, b.id, r.id]);
    expect(outbox.nextBatch({ ...limits, sales: 3 }, 100).map((e) => e.id)).toEqual([a.id, b.id, r.id, c.id]);
    expect(outbox.nextBatch({ ...limits, sales: 3 }, 2).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(outbox.get(held.id)?.state).toBe('held');
  });

  it('moves entries only along the allowed transitions', () => {
    const a = sale();
    expect(outbox.discard(a.id)).toBe(false);
    expect(outbox.park(a.id, 'REJECTED', 'X', 'x')).toBe(true);
    expect(outbox.markDone(a.id, 'CREATED')).toBe(false);
    expect(outbox.retryParked(a.id)).toBe(true);
    expect(outbox.markDone(a.id, 'DUPLICATE')).toBe(true);
    expect(outbox.retryParked(a.id)).toBe(false);
    expect(outbox.depth()).toMatchObject({ done: 1, pending: 0, lastSeq: 1 });
  });
});

describe('sync loop', () => {
  it('waits half the doubling step plus a random half of it, up to the cap', () => {
    const options = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((f) => backoffDelay(f, options, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((f) => backoffDelay(f, options, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it('splits a batch the server refuses whole and parks only the entry at fault', async () => {
    const entries = [sale(), sale(), sale(), sale()];
    const poison = entries[2]!.id;
    const calls: number[] = [];
    const transport: SyncTransport = {
      async syncSales(input: SyncBatchInput): Promise<SyncBatchResult> {
        calls.push(input.sales.length);
        if (input.sales.some((s) => s.id === poison))
          throw new TransportError('invalid-request', 'BAD_USER_INPUT', 400);
        return {
          results: input.sales.map((s) => ({ id: s.id, status: 'CREATED' as const, error: null })),
          shiftEventResults: [],
          refundResults: [],
          customerResults: [],
          errors: [],
        };
      },
    };
    const loop = new SyncLoop({ store, outbox, transport, terminalId: TERMINAL });
    const outcome = await loop.syncOnce();
    expect(calls).toEqual([4, 1, 1, 1, 1]);
    expect(outcome).toMatchObject({ failed: false, done: 3, parked: 1 });
    expect(outbox.get(poison)).toMatchObject({ state: 'parked', errorCode: 'REQUEST_REJECTED' });
  });

  it('parks an entry the server keeps failing on after the attempt limit, without stopping the others', async () => {
    const [flaky, fine] = [sale(), sale()];
    const transport: SyncTransport = {
      async syncSales(input) {
        return {
          results: input.sales.map((s) =>
            s.id === flaky.id
              ? { id: s.id, status: 'REJECTED' as const, error: { code: 'INTERNAL_ERROR', message: 'boom' } }
              : { id: s.id, status: 'CREATED' as const, error: null },
          ),
          shiftEventResults: [],
          refundResults: [],
          customerResults: [],
          errors: [],
        };
      },
    };
    const loop = new SyncLoop({ store, outbox, transport, terminalId: TERMINAL, maxItemAttempts: 3 });
    expect(await loop.syncOnce()).toMatchObject({ done: 1, retried: 1 });
    expect(outbox.get(fine.id)?.state).toBe('done');
    await loop.syncOnce();
    expect(outbox.get(flaky.id)).toMatchObject({ state: 'pending', attempts: 2 });
    expect(await loop.syncOnce()).toMatchObject({ parked: 1 });
    expect(outbox.get(flaky.id)).toMatchObject({
      state: 'parked',
      resultStatus: 'RETRY_LIMIT',
      errorCode: 'INTERNAL_ERROR',
    });
  });
});

describe('disabled staff', () => {
  it('hands the disabled staff ids of an answer to the session, and nothing when there are none', async () => {
    const entry = sale();
    let disabled: string[] = ['0190a000-0000-7000-8000-00000000d15a'];
    const transport: SyncTransport = {
      async syncSales(input) {
        return {
          results: input.sales.map((s) => ({ id: s.id, status: 'CREATED' as const, error: null })),
          shiftEventResults: [],
          refundResults: [],
          customerResults: [],
          errors: [],
          disabledStaffIds: disabled,
        };
      },
    };
    const told: string[][] = [];
    const loop = new SyncLoop({
      store,
      outbox,
      transport,
      terminalId: TERMINAL,
      onDisabledStaff: (ids) => told.push([...ids]),
    });
    await loop.syncOnce();
    expect(outbox.get(entry.id)?.state).toBe('done');
    expect(told).toEqual([disabled]);
    disabled = [];
    sale();
    await loop.syncOnce();
    expect(told).toHaveLength(1);
  });
});

describe('disabled staff with nothing to upload', () => {
  it('the heartbeat is followed by an empty upload whose answer names them (and the catalog version)', async () => {
    const calls: SyncBatchInput[] = [];
    const beats: unknown[] = [];
    const transport: SyncTransport = {
      async syncSales(input) {
        calls.push(input);
        return {
          results: [],
          shiftEventResults: [],
          refundResults: [],
          customerResults: [],
          errors: [],
          disabledStaffIds: ['0190a000-0000-7000-8000-00000000d15b'],
          catalogVersion: 'c:9',
        };
      },
      async reportHealth(_terminalId, health) {
        beats.push(health);
      },
    };
    const told: string[][] = [];
    const loop = new SyncLoop({
      store,
      outbox,
      transport,
      terminalId: TERMINAL,
      appVersion: '1.4.2',
      onDisabledStaff: (ids) => told.push([...ids]),
    });
    const status = await loop.syncNow();
    expect(beats).toHaveLength(1);
    // Empty, and without health: the server records nothing for it.
    expect(calls).toEqual([{ terminalId: TERMINAL, sales: [], shiftEvents: [], refunds: [], customers: [] }]);
    expect(told).toEqual([['0190a000-0000-7000-8000-00000000d15b']]);
    expect(status.serverCatalogVersion).toBe('c:9');
    // Not due again within the minute: nothing more is sent.
    await loop.syncNow();
    expect(calls).toHaveLength(1);
  });
});

describe('terminal health', () => {
  const createdAll = async (input: SyncBatchInput): Promise<SyncBatchResult> => ({
    results: input.sales.map((s) => ({ id: s.id, status: 'CREATED' as const, error: null })),
    shiftEventResults: [],
    refundResults: [],
    customerResults: [],
    errors: [],
  });

  it('carries the depth each call leaves behind, and heartbeats only when the server figures are stale', async () => {
    for (let i = 0; i < 5; i++) sale();
    const carried: unknown[] = [];
    const beats: unknown[] = [];
    let clock = Date.parse('2026-12-01T10:00:00Z');
    let signedIn = true;
    const transport: SyncTransport = {
      async syncSales(input) {
        carried.push(input.health);
        return createdAll(input);
      },
      async reportHealth(terminalId, health) {
        expect(terminalId).toBe(TERMINAL);
        beats.push(health);
      },
    };
    const loop = new SyncLoop({
      store,
      outbox,
      transport,
      terminalId: TERMINAL,
      appVersion: '1.4.2',
      maxEntries: 2,
      heartbeatMs: 60_000,
      now: () => new Date(clock),
      canSync: () => signedIn,
    });
    await loop.syncOnce();
    expect(carried).toEqual([
      { outboxDepth: 3, parkedCount: 0, appVersion: '1.4.2' },
      { outboxDepth: 1, parkedCount: 0, appVersion: '1.4.2' },
      { outboxDepth: 0, parkedCount: 0, appVersion: '1.4.2' },
    ]);
    // The last call carried the figures as they are now: no heartbeat after it.
    expect(beats).toEqual([]);
    clock += 59_000;
    await loop.syncOnce();
    expect(beats).toEqual([]);
    clock += 1_000;
    await loop.syncOnce();
    expect(beats).toEqual([{ outboxDepth: 0, parkedCount: 0, appVersion: '1.4.2' }]);

    // A parked entry changes the figures: reported at the next round, not a minute later.
    outbox.park(sale().id, 'REJECTED', 'TOTAL_MISMATCH', 'refused');
    await loop.syncOnce();
    expect(beats.at(-1)).toEqual({ outboxDepth: 0, parkedCount: 1, appVersion: '1.4.2' });

    // Signed out: nobody to report as.
    signedIn = false;
    clock += 120_000;
    await loop.syncOnce();
    expect(beats).toHaveLength(2);
  });

  it('an unanswered heartbeat marks the till offline; the next one that lands marks it online', async () => {
    let reachable = false;
    const transport: SyncTransport = {
      syncSales: createdAll,
      async reportHealth() {
        if (!reachable) throw new TransportError('network', 'ECONNREFUSED');
      },
    };
    const loop = new SyncLoop({ store, outbox, transport, terminalId: TERMINAL, appVersion: '1.4.2' });
    expect(await loop.syncNow()).toMatchObject({ online: false, pending: 0 });
    reachable = true;
    expect(await loop.syncNow()).toMatchObject({ online: true });
  });

  it('sends no health without an app version', async () => {
    sale();
    const carried: unknown[] = [];
    const transport: SyncTransport = {
      async syncSales(input) {
        carried.push(input.health);
        return createdAll(input);
      },
      reportHealth: async () => expect.fail('no heartbeat without a version'),
    };
    await new SyncLoop({ store, outbox, transport, terminalId: TERMINAL }).syncOnce();
    expect(carried).toEqual([undefined]);
  });
});
