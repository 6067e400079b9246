/**
 * The other subscription feeds over graphql-ws (issue 16): `shiftClosed`, `catalogChanged` and
 * `stockLow` each deliver their envelope (`cursor` plus the entity read through the supergraph),
 * and a subscriber that comes back with its last cursor as `after` receives what it missed, in
 * order, once. An API key signs in on `connection_init` and is held to its scopes, and
 * examples/integrator's `subscribe` and `receive-webhooks` work against the stack. `saleSynced`
 * (with a second gateway process) is in subscriptions.spec.ts, `fiscalReceiptUpdated` in
 * fiscal-subscription.spec.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@jowi/server-kit';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo } from './rls-fixtures.ts';
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
  stack = await createStackForTests();
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
  // The seed's demo sale moves stock after start-up: let it pass before thresholds are set.
  for (const headers of [owner, owner2]) await untilConsumersCaughtUp(stack.gatewayUrl, headers);
}, 240_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await stack?.close();
});

/** Subscribes to `field` as `headers`' user; `next()` reads the next envelope (failing after 30 s). */
function subscribe<E>(
  headers: Record<string, string>,
  field: string,
  query: string,
  variables: Record<string, unknown>,
) {
  const client = createClient({
    url: stack.gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: headers.authorization },
    retryAttempts: 0,
  });
  clients.push(client);
  const iterator = client.iterate<Record<string, E>>({ query, variables });
  return {
    async next(): Promise<E> {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no ${field} event within 30 s`)), 30_000),
      );
      const result = await Promise.race([iterator.next(), timeout]);
      expect(result.done).toBe(false);
      expect(result.value?.errors).toBeUndefined();
      return result.value!.data![field]!;
    },
    stop: () => iterator.return?.(),
  };
}

/** Waits until the subscription is live on the server (a subscription starts after its ack). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

async function mutate<T>(query: string, input: unknown, headers = owner): Promise<T> {
  const res = await gql<Record<string, T & { errors: unknown[] }>>(query, { input }, headers);
  expect(res.errors).toBeUndefined();
  const payload = Object.values(res.data ?? {})[0]!;
  expect(payload.errors).toEqual([]);
  return payload;
}

const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  results { status } shiftEventResults { status } errors { code } } }`;

describe('shiftClosed', () => {
  interface ShiftEvent {
    cursor: string;
    shift: { id: string; status: string; storeId: string; countedCash: string | null };
  }
  const QUERY = `subscription($storeId: ID, $after: String) { shiftClosed(storeId: $storeId, after: $after) {
    cursor shift { id status storeId countedCash } } }`;

  /** Opens and closes one shift on the store's terminal, through syncSales as the POS does. */
  async function openAndClose(store: number): Promise<string> {
    const id = newId();
    await mutate(SYNC, {
      terminalId: demo.stores[store]!.terminals[0]!.id,
      sales: [],
      shiftEvents: [
        { kind: 'OPEN', id, at: '2026-11-28T08:00:00Z', amount: '100000.00' },
        { kind: 'CLOSE', id, at: '2026-11-28T20:00:00Z', amount: '100000.00', reason: 'end of day' },
      ],
    });
    return id;
  }

  it('delivers the closed shift, keeps one store with storeId, and resumes after a cursor', async () => {
    const all = subscribe<ShiftEvent>(owner, 'shiftClosed', QUERY, { storeId: null, after: null });
    const second = subscribe<ShiftEvent>(owner, 'shiftClosed', QUERY, {
      storeId: demo.stores[1]!.id,
      after: null,
    });
    await settle();
    const one = await openAndClose(0);
    const first = await all.next();
    expect(first).toMatchObject({
      shift: { id: one, status: 'CLOSED', storeId: demo.stores[0]!.id, countedCash: '100000.00' },
    });
    expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    await all.stop();

    // Disconnected: two more shifts close, one in each store.
    const two = await openAndClose(1);
    const three = await openAndClose(0);
    // The store-1 subscriber saw only its store's shift.
    expect((await second.next()).shift.id).toBe(two);

    const resumed = subscribe<ShiftEvent>(owner, 'shiftClosed', QUERY, {
      storeId: null,
      after: first.cursor,
    });
    expect((await resumed.next()).shift.id).toBe(two);
    expect((await resumed.next()).shift.id).toBe(three);
    // Live after the backlog; the store-1 subscriber did not get store 0's shift in between.
    const four = await openAndClose(1);
    expect((await resumed.next()).shift.id).toBe(four);
    expect((await second.next()).shift.id).toBe(four);
    await resumed.stop();
    await second.stop();
  });
});

describe('catalogChanged', () => {
  interface ChangeEvent {
    cursor: string;
    change: { kind: string; entity: string; id: string; product: { name: string; price: string } | null };
  }
  const QUERY = `subscription($after: String) { catalogChanged(after: $after) {
    cursor change { kind entity id product { name price } } } }`;
  const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { code } } }`;

  async function createProduct(name: string, headers = owner): Promise<string> {
    const payload = await mutate<{ product: { id: string } }>(
      CREATE,
      {
        sku: `FEED-${newId().slice(-8)}`,
        name,
        price: '8500.00',
        vatRate: 12,
        ikpu: '10401001001000000',
        packageCode: '1500',
        unit: 'pcs',
      },
      headers,
    );
    return payload.product.id;
  }

  it("delivers each change with the product as it is, never another tenant's, and resumes after a cursor", async () => {
    const live = subscribe<ChangeEvent>(owner, 'catalogChanged', QUERY, { after: null });
    await settle();
    await createProduct('Feed: theirs', owner2);
    const mine = await createProduct('Feed: qatiq');
    const first = await live.next();
    // demo's first event is its own product: demo2's, created before it, never came.
    expect(first.change).toEqual({
      kind: 'UPSERT',
      entity: 'PRODUCT',
      id: mine,
      product: { name: 'Feed: qatiq', price: '8500.00' },
    });
    await live.stop();

    const two = await createProduct('Feed: ayran');
    const three = await createProduct('Feed: suzma');
    const resumed = subscribe<ChangeEvent>(owner, 'catalogChanged', QUERY, { after: first.cursor });
    expect((await resumed.next()).change.id).toBe(two);
    const third = await resumed.next();
    expect([third.change.id, third.change.product?.name]).toEqual([three, 'Feed: suzma']);
    const four = await createProduct('Feed: kefir');
    expect((await resumed.next()).change.id).toBe(four);
    await resumed.stop();
  });
});

describe('stockLow', () => {
  interface LowEvent {
    cursor: string;
    level: {
      store: { id: string };
      product: { id: string; name: string };
      quantity: string;
      threshold: string;
    };
  }
  const QUERY = `subscription($storeId: ID, $after: String) { stockLow(storeId: $storeId, after: $after) {
    cursor level { store { id } product { id name } quantity threshold } } }`;
  const product = () => demo.products[0]!;

  /** The product's quantity in the store now ("0.000" without a level yet). */
  async function quantity(storeId: string): Promise<string> {
    const res = await gql<{ product: { stockLevels: { store: { id: string }; quantity: string }[] } }>(
      'query($id: ID!) { product(id: $id) { stockLevels { store { id } quantity } } }',
      { id: product().id },
      owner,
    );
    return res.data?.product.stockLevels.find((l) => l.store.id === storeId)?.quantity ?? '0.000';
  }

  /** Sets the threshold at the current quantity (not low yet), then sells two: one crossing. */
  async function crossBelow(store: number): Promise<{ storeId: string; threshold: string }> {
    const storeId = demo.stores[store]!.id;
    const threshold = await quantity(storeId);
    await mutate(
      `mutation($input: SetStockThresholdInput!) { setStockThreshold(input: $input) { errors { code } } }`,
      { storeId, productId: product().id, threshold },
    );
    const price = `${product().price / 100n}.00`;
    const total = `${(product().price * 2n) / 100n}.00`;
    await mutate(SYNC, {
      terminalId: demo.stores[store]!.terminals[0]!.id,
      sales: [
        {
          id: newId(),
          createdAt: '2026-11-28T09:30:00Z',
          lines: [{ productId: product().id, quantity: '2.000', unitPrice: price }],
          payments: [{ method: 'CASH', amount: total }],
          total,
        },
      ],
    });
    return { storeId, threshold };
  }

  it('delivers a crossing below the threshold with the level, and resumes after a cursor', async () => {
    const live = subscribe<LowEvent>(owner, 'stockLow', QUERY, { storeId: null, after: null });
    await settle();
    const a = await crossBelow(0);
    const first = await live.next();
    expect(first.level).toMatchObject({
      store: { id: a.storeId },
      product: { id: product().id, name: product().name },
      threshold: a.threshold,
    });
    expect(Number(first.level.quantity)).toBeLessThan(Number(a.threshold));
    await live.stop();

    // Disconnected: the same product crosses in the other store.
    const b = await crossBelow(1);
    const resumed = subscribe<LowEvent>(owner, 'stockLow', QUERY, { storeId: null, after: first.cursor });
    const missed = await resumed.next();
    expect(missed.level.store.id).toBe(b.storeId);
    // Then live, nothing twice: the next event is a new crossing (the threshold set again re-arms it).
    const c = await crossBelow(0);
    const next = await resumed.next();
    expect(next.level.store.id).toBe(c.storeId);
    expect(next.level.threshold).toBe(c.threshold);
    expect(new Set([first.cursor, missed.cursor, next.cursor]).size).toBe(3);
    await resumed.stop();
  });
});

describe('an API key on connection_init', () => {
  it('subscribes within its scopes and is refused a feed outside them (FORBIDDEN)', async () => {
    const created = await gql<{ createApiKey: { secret: string; errors: unknown[] } }>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret errors { code } } }`,
      { input: { name: 'feeds: read:sales', scopes: ['read:sales'] } },
      owner,
    );
    expect(created.data?.createApiKey.errors).toEqual([]);
    const client = createClient({
      url: stack.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { apiKey: created.data!.createApiKey.secret },
      retryAttempts: 0,
    });
    clients.push(client);

    const refused = client.iterate({ query: 'subscription { catalogChanged { cursor } }' });
    const first = await refused.next();
    expect(first.value?.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const sales = client.iterate<{ saleSynced: { sale: { id: string } } }>({
      query: 'subscription { saleSynced { cursor sale { id } } }',
    });
    await settle();
    const id = newId();
    const product = demo.products[0]!;
    const price = `${product.price / 100n}.00`;
    await mutate(SYNC, {
      terminalId: demo.stores[0]!.terminals[0]!.id,
      sales: [
        {
          id,
          createdAt: '2026-11-28T09:30:00Z',
          lines: [{ productId: product.id, quantity: '1.000', unitPrice: price }],
          payments: [{ method: 'CASH', amount: price }],
          total: price,
        },
      ],
    });
    const event = await sales.next();
    expect(event.value?.errors).toBeUndefined();
    expect(event.value?.data?.saleSynced.sale.id).toBe(id);
    await sales.return?.();
  });
});

describe('examples/integrator', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jowi-integrator-'));
  afterAll(() => {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `examples/integrator.ts <args>`; `line()` resolves with its next stdout line. */
  function run(args: string[], env: Record<string, string>) {
    // One process (node with tsx's loader, no npx in between), so stopping it stops the client.
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/integrator.ts', ...args], {
      cwd: root,
      env: { ...process.env, JOWI_URL: stack.gatewayUrl, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const lines: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        const reader = waiting.shift();
        if (reader) reader(line);
        else lines.push(line);
      }
    });
    return {
      line: (): Promise<string> => {
        const ready = lines.shift();
        if (ready !== undefined) return Promise.resolve(ready);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no output within 30 s; stderr: ${stderr}`)),
            30_000,
          );
          waiting.push((line) => {
            clearTimeout(timer);
            resolve(line);
          });
        });
      },
      stderr: () => stderr,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill();
        }),
    };
  }

  async function syncSale(): Promise<string> {
    const id = newId();
    const product = demo.products[0]!;
    const price = `${product.price / 100n}.00`;
    await mutate(SYNC, {
      terminalId: demo.stores[0]!.terminals[0]!.id,
      sales: [
        {
          id,
          createdAt: '2026-11-28T09:30:00Z',
          lines: [{ productId: product.id, quantity: '1.000', unitPrice: price }],
          payments: [{ method: 'CASH', amount: price }],
          total: price,
        },
      ],
    });
    return id;
  }

  it('subscribe follows saleSynced and, restarted, resumes from its saved cursor', async () => {
    const env = { JOWI_TOKEN: owner.authorization!.slice(7), JOWI_CURSOR_FILE: join(dir, 'cursor') };
    const first = run(['subscribe'], env);
    // A subscription starts with the next event: sync until the client is listening and gets one.
    let seen: { id: string } | null = null;
    const firstLine = first.line().then((line) => {
      seen = JSON.parse(line) as { id: string };
    });
    for (let i = 0; i < 20 && !seen; i++) {
      await syncSale();
      await Promise.race([firstLine, new Promise((resolve) => setTimeout(resolve, 1500))]);
    }
    await firstLine;
    expect(seen).not.toBeNull();
    // Drain what arrived for the other syncs of the loop, then stop: its cursor is on disk.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await first.stop();

    const missed = [await syncSale(), await syncSale()];
    const again = run(['subscribe'], env);
    const resumed = [JSON.parse(await again.line()).id, JSON.parse(await again.line()).id];
    expect(resumed).toEqual(missed);
    await again.stop();
  }, 120_000);

  it('receive-webhooks accepts a signed delivery from Jowi and prints its event', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const created = await mutate<{ endpoint: { id: string; secret: string } }>(
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
        endpoint { id secret } errors { code } } }`,
      { url: `http://127.0.0.1:${port}/jowi`, events: ['sale.created'] },
    );
    const receiver = run(['receive-webhooks', String(port)], {
      JOWI_WEBHOOK_SECRET: created.endpoint.secret,
    });
    for (let i = 0; i < 300 && !receiver.stderr().includes('receiving webhooks'); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // Delivered at least once: the receiver may have come up after the first attempt (then it is retried).
    const saleId = await syncSale();
    const line = await receiver.line();
    expect(line.startsWith('sale.created ')).toBe(true);
    expect(JSON.parse(line.slice('sale.created '.length))).toMatchObject({ saleId });
    await receiver.stop();
  }, 120_000);
});
