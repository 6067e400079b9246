/**
 * Realtime over graphql-ws (issue 16): a subscriber on one gateway process receives a sale synced
 * through another (the event log is the source, Redis only wakes), with fields of several
 * services in its selection; a subscriber that reconnects with its last cursor receives what it
 * missed, in order, nothing twice; and no tenant ever receives another tenant's events.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StartedGateway } from '@jowi/gateway';
import { newId } from '@jowi/server-kit';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo, demo2, SYNC, saleInput } from './rls-fixtures.ts';
import {
  createStackForTests,
  gatewayClient,
  loginHeaders,
  startSecondGateway,
  type TestStack,
} from './testing.ts';

let stack: TestStack;
/** A second gateway process's worth: its own Apollo Server, event reader and Redis connections. */
let second: StartedGateway;
let owner: Record<string, string>;
let owner2: Record<string, string>;
const gqlA = gatewayClient(() => stack.gatewayUrl);
const clients: Client[] = [];

beforeAll(async () => {
  stack = await createStackForTests();
  second = await startSecondGateway(stack);
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
}, 240_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await second?.close();
  await stack?.close();
});

/** A graphql-ws client of the second gateway, signed in with `headers`' bearer token. */
function subscriber(headers: Record<string, string>): Client {
  const client = createClient({
    url: second.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: headers.authorization },
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

interface SaleEvent {
  saleSynced: { cursor: string; sale: { id: string; total: string; lines: { product: { name: string } }[] } };
}

const SALE_SYNCED = `subscription($after: String) { saleSynced(after: $after) {
  cursor sale { id total lines { product { name } } } } }`;

/** Subscribes and returns a reader of the next event (failing after 20 s). */
function subscribe(client: Client, after?: string) {
  const iterator = client.iterate<SaleEvent>({
    query: SALE_SYNCED,
    variables: { after: after ?? null },
  });
  return {
    async next(): Promise<SaleEvent['saleSynced']> {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no subscription event within 20 s')), 20_000),
      );
      const result = await Promise.race([iterator.next(), timeout]);
      expect(result.done).toBe(false);
      expect(result.value?.errors).toBeUndefined();
      return result.value!.data!.saleSynced;
    },
    stop: () => iterator.return?.(),
  };
}

async function syncSale(tenant: typeof demo, headers: Record<string, string>): Promise<string> {
  const id = newId();
  const res = await gqlA<{ syncSales: { results: { status: string }[] } }>(
    SYNC,
    { input: saleInput(tenant, id) },
    headers,
  );
  expect(res.data?.syncSales.results[0]?.status).toBe('CREATED');
  return id;
}

/** Waits until the subscription is live on the server (a subscription starts after its ack). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('subscriptions over graphql-ws', () => {
  it('refuses a connection without credentials', async () => {
    const client = createClient({
      url: second.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const closed = await new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
      client.subscribe({ query: SALE_SYNCED }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect(closed).toBe(4403);
  });

  it('delivers a sale synced through another gateway process, resolved through the supergraph', async () => {
    const feed = subscribe(subscriber(owner));
    await settle();
    const saleId = await syncSale(demo, owner);
    const event = await feed.next();
    expect(event.sale.id).toBe(saleId);
    expect(event.sale.lines[0]?.product.name).toBe(demo.products[0]!.name);
    expect(event.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    await feed.stop();
  });

  it('resumes after a reconnect with the last cursor: what was missed, in order, nothing twice', async () => {
    const first = subscribe(subscriber(owner));
    await settle();
    const one = await syncSale(demo, owner);
    const seen = await first.next();
    expect(seen.sale.id).toBe(one);
    await first.stop();

    // Disconnected: two sales go by.
    const two = await syncSale(demo, owner);
    const three = await syncSale(demo, owner);

    const resumed = subscribe(subscriber(owner), seen.cursor);
    expect((await resumed.next()).sale.id).toBe(two);
    expect((await resumed.next()).sale.id).toBe(three);
    // Then live, after the backlog.
    const four = await syncSale(demo, owner);
    expect((await resumed.next()).sale.id).toBe(four);
    await resumed.stop();
  });

  it("never delivers another tenant's events", async () => {
    const mine = subscribe(subscriber(owner2));
    const theirs = subscribe(subscriber(owner));
    await settle();
    const foreign = await syncSale(demo, owner);
    const own = await syncSale(demo2, owner2);
    // demo2's first event is its own sale: demo's sale, committed before it, never came.
    expect((await mine.next()).sale.id).toBe(own);
    expect((await theirs.next()).sale.id).toBe(foreign);
    const next = await syncSale(demo, owner);
    expect((await theirs.next()).sale.id).toBe(next);
    await mine.stop();
    await theirs.stop();
  });

  it('examples/integrator pulls a day of sales page by page, as an integrator would', async () => {
    const ids = [await syncSale(demo, owner), await syncSale(demo, owner)];
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'examples/integrator.ts', 'pull-sales', '2026-11-28'],
      {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...process.env, JOWI_URL: stack.gatewayUrl, JOWI_TOKEN: owner.authorization!.slice(7) },
      },
    );
    const pulled = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    for (const id of ids) expect(pulled.map((s) => s.id)).toContain(id);
    expect(new Set(pulled.map((s) => s.id)).size).toBe(pulled.length);
    expect(stderr).toMatch(/sales on 2026-11-28/);
  }, 60_000);
});
