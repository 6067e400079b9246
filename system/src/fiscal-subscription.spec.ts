/**
 * `fiscalReceiptUpdated` over graphql-ws (issue 16): a sale synced by a terminal bound to the
 * fiscal module simulator (a CENTRAL device) is fiscalised by the fiscal worker, and a subscriber
 * sees each status its receipt gets — PENDING when the sale event creates it, REGISTERED when the
 * simulator signed it — in order, with the status each event reported; resuming after a cursor
 * gives the later steps once; `storeId` keeps one store's receipts; no tenant sees another's.
 */
import { newId } from '@jowi/server-kit';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo, demo2, SYNC, saleInput } from './rls-fixtures.ts';
import {
  createStackForTests,
  gatewayClient,
  loginHeaders,
  type TestStack,
  untilConsumersCaughtUp,
} from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
let owner2: Record<string, string>;
const gql = gatewayClient(() => stack.gatewayUrl);
const clients: Client[] = [];

beforeAll(async () => {
  stack = await createStackForTests({ fiscalSimulator: true });
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
  // The seed's demo sale gets its receipt (PENDING, then REGISTERED) after start-up: let that pass,
  // or a busy machine shows it as a spec's first event.
  for (const headers of [owner, owner2])
    await untilConsumersCaughtUp(stack.gatewayUrl, headers, { noPendingReceipts: true });
}, 240_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await stack?.close();
});

interface ReceiptEvent {
  cursor: string;
  status: string;
  receipt: { id: string; saleId: string; kind: string; status: string; fiscalSign: string | null };
}

const RECEIPT_UPDATED = `subscription($storeId: ID, $after: String) {
  fiscalReceiptUpdated(storeId: $storeId, after: $after) {
    cursor status receipt { id saleId kind status fiscalSign } } }`;

/** Subscribes as `headers`' user and returns a reader of the next event (failing after 30 s). */
function subscribe(headers: Record<string, string>, variables: { storeId?: string; after?: string } = {}) {
  const client = createClient({
    url: stack.gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: headers.authorization },
    retryAttempts: 0,
  });
  clients.push(client);
  const iterator = client.iterate<{ fiscalReceiptUpdated: ReceiptEvent }>({
    query: RECEIPT_UPDATED,
    variables: { storeId: variables.storeId ?? null, after: variables.after ?? null },
  });
  return {
    async next(): Promise<ReceiptEvent> {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no subscription event within 30 s')), 30_000),
      );
      const result = await Promise.race([iterator.next(), timeout]);
      expect(result.done).toBe(false);
      expect(result.value?.errors).toBeUndefined();
      return result.value!.data!.fiscalReceiptUpdated;
    },
    stop: () => iterator.return?.(),
  };
}

/** Syncs one sale of `tenant` from the first terminal of its store `store` (index). */
async function syncSale(tenant: typeof demo, headers: Record<string, string>, store = 0): Promise<string> {
  const id = newId();
  const input = { ...saleInput(tenant, id), terminalId: tenant.stores[store]!.terminals[0]!.id };
  const res = await gql<{ syncSales: { results: { status: string }[] } }>(SYNC, { input }, headers);
  expect(res.data?.syncSales.results[0]?.status).toBe('CREATED');
  return id;
}

/** Waits until the subscription is live on the server (a subscription starts after its ack). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('fiscalReceiptUpdated', () => {
  it('delivers every status of a sale’s receipt in order, and a resume gives the later ones once', async () => {
    const feed = subscribe(owner);
    await settle();
    const saleId = await syncSale(demo, owner);

    const created = await feed.next();
    expect(created.status).toBe('PENDING');
    expect(created.receipt).toMatchObject({ saleId, kind: 'SALE' });
    const registered = await feed.next();
    expect(registered.status).toBe('REGISTERED');
    expect(registered.receipt).toMatchObject({ id: created.receipt.id, status: 'REGISTERED' });
    expect(registered.receipt.fiscalSign).toMatch(/^\d{12}$/);
    await feed.stop();

    // Reconnecting after the first step: the registration comes (once, same cursor), then live.
    const resumed = subscribe(owner, { after: created.cursor });
    const again = await resumed.next();
    expect(again).toMatchObject({ cursor: registered.cursor, status: 'REGISTERED' });
    const next = await syncSale(demo, owner);
    const live = await resumed.next();
    expect(live.receipt.saleId).toBe(next);
    expect(live.status).toBe('PENDING');
    await resumed.stop();
  });

  it('keeps one store’s receipts with storeId', async () => {
    const airport = subscribe(owner, { storeId: demo.stores[1]!.id });
    await settle();
    await syncSale(demo, owner, 0);
    const there = await syncSale(demo, owner, 1);
    const first = await airport.next();
    expect(first.receipt.saleId).toBe(there);
    await airport.stop();
  });

  it("never delivers another tenant's receipts", async () => {
    const mine = subscribe(owner2);
    await settle();
    await syncSale(demo, owner);
    const own = await syncSale(demo2, owner2);
    // demo2's first event is its own receipt: demo's receipts, written before it, never came.
    const first = await mine.next();
    expect(first.receipt.saleId).toBe(own);
    expect(first.status).toBe('PENDING');
    await mine.stop();
  });
});
