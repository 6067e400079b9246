/**
 * Realtime and webhook throughput (issue 16), on the whole backend in one process over a fresh
 * database with the demo data (`createStackForTests`, Redis when REDIS_URL is set):
 *
 * - `subscription_events_per_s_200_clients`: 200 graphql-ws clients of one tenant subscribe to
 *   `saleSynced`; a batch of sales is synced; events delivered per second to all clients together,
 *   from the sync until the last client has the last sale (each delivery is a `sale(id:)` query
 *   through the supergraph). The rate limiter is off here: it would measure the bucket, not us.
 * - `webhook_deliveries_per_s`: endpoints on a loopback receiver that answers 204 at once; a batch
 *   of sales events fans out to them; deliveries per second from the append until the receiver has
 *   them all (signing, POST, attempt recorded, in order per endpoint).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId } from '@jowi/server-kit';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { demo, SYNC } from '../../system/src/rls-fixtures.ts';
import {
  createStackForTests,
  gatewayClient,
  loginHeaders,
  type TestStack,
} from '../../system/src/testing.ts';
import { round } from '../lib/stats.ts';

export interface RealtimeReport {
  /** Median time from sending the 1 MB request to its refusal, through HTTP: anonymous (413, body size). */
  refuse_1mb_http_anonymous_ms: number;
  /** The same signed in (400 `QUERY_TOO_LARGE`, length; the body is under the 1 MiB limit). */
  refuse_1mb_http_signed_in_ms: number;
  subscription_events_per_s_200_clients: number;
  subscription_clients: number;
  subscription_sales: number;
  webhook_deliveries_per_s: number;
  webhook_endpoints: number;
  webhook_events: number;
}

const CLIENTS = 200;
const SALES = 25;
const ENDPOINTS = 10;
const WEBHOOK_SALES = 50;

function salesBatch(count: number) {
  const product = demo.products[0]!;
  const price = `${product.price / 100n}.00`;
  return {
    terminalId: demo.stores[0]!.terminals[0]!.id,
    sales: Array.from({ length: count }, () => ({
      id: newId(),
      createdAt: new Date().toISOString(),
      lines: [{ productId: product.id, quantity: '1.000', unitPrice: price }],
      payments: [{ method: 'CASH', amount: price }],
      total: price,
    })),
  };
}

async function subscriptionThroughput(
  stack: TestStack,
  headers: Record<string, string>,
  say: (m: string) => void,
) {
  const url = stack.gatewayUrl.replace(/^http/, 'ws');
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const clients = Array.from({ length: CLIENTS }, () =>
    createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: headers.authorization },
    }),
  );
  for (const client of clients) {
    client.subscribe(
      { query: 'subscription { saleSynced { cursor sale { id total lines { product { name } } } } }' },
      {
        next: () => {
          received += 1;
          if (received === CLIENTS * SALES) done();
        },
        error: (error) => say(`subscription error: ${String(error)}`),
        complete: () => undefined,
      },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const started = performance.now();
  const res = await gatewayClient(() => stack.gatewayUrl)(SYNC, { input: salesBatch(SALES) }, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await all;
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) await client.dispose();
  const perSecond = (CLIENTS * SALES) / seconds;
  say(
    `subscriptions: ${CLIENTS} clients × ${SALES} sales in ${round(seconds, 2)} s = ${round(perSecond, 0)} events/s`,
  );
  return perSecond;
}

async function webhookThroughput(
  stack: TestStack,
  headers: Record<string, string>,
  say: (m: string) => void,
) {
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204).end();
      received += 1;
      if (received === ENDPOINTS * WEBHOOK_SALES) done();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const gql = gatewayClient(() => stack.gatewayUrl);
  for (let i = 0; i < ENDPOINTS; i++) {
    const res = await gql(
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { errors { code } } }',
      { input: { url: `http://127.0.0.1:${port}/hook/${i}`, events: ['sale.created'] } },
      headers,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  const started = performance.now();
  const res = await gql(SYNC, { input: salesBatch(WEBHOOK_SALES) }, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await all;
  const seconds = (performance.now() - started) / 1000;
  receiver.close();
  const perSecond = (ENDPOINTS * WEBHOOK_SALES) / seconds;
  say(
    `webhooks: ${ENDPOINTS} endpoints × ${WEBHOOK_SALES} events in ${round(seconds, 2)} s = ${round(perSecond, 0)}/s`,
  );
  return perSecond;
}

/**
 * The 1 MB field-repetition request of issue 16 (it held the gateway for 101 s), sent to the real
 * gateway over HTTP: milliseconds from the first byte sent until the refusal has been read, median
 * of `rounds`, anonymous and signed in.
 */
async function refuseOverHttp(
  stack: TestStack,
  headers: Record<string, string>,
  say: (m: string) => void,
  rounds = 20,
) {
  const body = JSON.stringify({ query: `{ ${'__typename '.repeat(95_000)}}` });
  const time = async (extra: Record<string, string>, status: number) => {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...extra },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`1 MB request: ${response.status}, not ${status}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const anonymous = await time({}, 413);
  const signedIn = await time({ authorization: headers.authorization! }, 400);
  say(
    `1 MB request (${body.length} bytes) refused over HTTP: anonymous ${round(anonymous, 2)} ms, signed in ${round(signedIn, 2)} ms (median of ${rounds})`,
  );
  return { anonymous, signedIn };
}

export async function realtimeSection(say: (m: string) => void): Promise<RealtimeReport> {
  if (process.env.REDIS_URL) process.env.JOWI_TEST_REDIS_URL ??= process.env.REDIS_URL;
  const stack = await createStackForTests({ gatewayEnv: { RATE_LIMIT: false } });
  try {
    const headers = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
    const refused = await refuseOverHttp(stack, headers, say);
    const events = await subscriptionThroughput(stack, headers, say);
    const deliveries = await webhookThroughput(stack, headers, say);
    return {
      refuse_1mb_http_anonymous_ms: round(refused.anonymous, 2),
      refuse_1mb_http_signed_in_ms: round(refused.signedIn, 2),
      subscription_events_per_s_200_clients: round(events, 0),
      subscription_clients: CLIENTS,
      subscription_sales: SALES,
      webhook_deliveries_per_s: round(deliveries, 0),
      webhook_endpoints: ENDPOINTS,
      webhook_events: WEBHOOK_SALES,
    };
  } finally {
    await stack.close();
  }
}
