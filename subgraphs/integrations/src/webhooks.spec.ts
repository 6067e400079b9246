/**
 * Webhooks end to end on real PostgreSQL and a real HTTP receiver on loopback (allowed by
 * configuration here, as production refuses it): events appended to the log become signed
 * deliveries through the delivery consumer, a 500 is retried and every attempt recorded, an
 * endpoint's deliveries arrive in event order (a failing one holds the next back until it
 * succeeds or fails for good), and a replay sends the same body again.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleSaleCreated } from '@jowi/events/testing';
import { appendEvent, inTenant, type NewEvent, type RunningService } from '@jowi/server-kit';
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
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, startIntegrations, verifyWebhookSignature } from './index.ts';
import { checkWebhookUrl } from './services/url-policy.ts';
import { postWebhook } from './worker/post.ts';

const TENANT_A = '0190a000-0000-7000-8000-0000000000a1';
const TENANT_B = '0190a000-0000-7000-8000-0000000000b1';
const MANAGE = ['webhooks:manage'];

/** A loopback receiver that records every POST and answers with the status `answer` picks. */
interface Receiver {
  url: string;
  received: { path: string; event: string; delivery: string; signature: string; body: string }[];
  answer: (body: string) => number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = { received: [], answer: () => 200 };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    receiver.received.push({
      path: String(req.url),
      event: String(req.headers['jowi-event']),
      delivery: String(req.headers['jowi-delivery']),
      signature: String(req.headers['jowi-signature']),
      body,
    });
    res.writeHead(receiver.answer(body)).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;
let producer: DataSource;
let receiver: Receiver;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'integrations', migrations }]);
  keys = await createTestKeys();
  service = await startIntegrations(
    testSubgraphEnv(db, keys, {
      // Consumers poll (every second) instead of waiting for a Redis wake-up nobody sends here.
      REDIS_URL: undefined,
      WEBHOOK_ALLOW_PRIVATE_URLS: true,
      WEBHOOK_BACKOFF_MS: 50,
      WEBHOOK_MAX_BACKOFF_MS: 200,
      WEBHOOK_RETRY_WINDOW_S: 2,
      WEBHOOK_POLL_MS: 25,
      CONSUMER_BACKOFF_MS: 50,
    }),
  );
  // Events are appended the way a producing subgraph does (any runtime role may append).
  producer = await db.dataSource('integrations');
  receiver = await startReceiver();
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
  await db?.drop();
});

const gql = async <T>(
  tenant: string,
  query: string,
  variables: Record<string, unknown> = {},
  perms = MANAGE,
) => postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, staffIdentity(tenant, perms)));

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id url events secret active } errors { code field } } }`;

async function createEndpoint(tenant: string, url: string, events: string[]) {
  const res = await gql<{
    createWebhookEndpoint: { endpoint: { id: string; secret: string }; errors: { code: string }[] };
  }>(tenant, CREATE, { input: { url, events } });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?.createWebhookEndpoint.errors).toEqual([]);
  return res.body.data!.createWebhookEndpoint.endpoint;
}

async function append(event: NewEvent): Promise<bigint> {
  return inTenant(producer, event.tenantId, (m) => appendEvent(m, event));
}

const sale = (tenantId: string, total: string) =>
  append({
    tenantId,
    type: 'sale.created',
    aggregateId: 'sale',
    source: 'sales',
    payload: exampleSaleCreated({ total }),
  });

async function until<T>(probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const DELIVERIES = `query($id: ID!, $filter: WebhookDeliveryFilter) {
  webhookDeliveries(endpointId: $id, filter: $filter, first: 50) { edges { node {
    id eventId event status attemptCount replayOf body attempts { number statusCode latencyMs error } } } } }`;
interface DeliveryView {
  id: string;
  eventId: string;
  event: string;
  status: string;
  attemptCount: number;
  replayOf: string | null;
  body: string;
  attempts: { number: number; statusCode: number | null; latencyMs: number; error: string | null }[];
}
async function deliveries(tenant: string, endpointId: string): Promise<DeliveryView[]> {
  const res = await gql<{ webhookDeliveries: { edges: { node: DeliveryView }[] } }>(tenant, DELIVERIES, {
    id: endpointId,
  });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.webhookDeliveries.edges.map((e) => e.node);
}

describe('webhook endpoints', () => {
  it('shows the secret once, validates input and needs webhooks:manage', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/setup`, ['stock.low']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await gql<{ webhookEndpoints: { id: string; secret: string | null }[] }>(
      TENANT_A,
      '{ webhookEndpoints { id secret } }',
    );
    expect(listed.body.data?.webhookEndpoints).toContainEqual({ id: endpoint.id, secret: null });

    const bad = await gql<{ createWebhookEndpoint: { errors: { code: string; field: string[] }[] } }>(
      TENANT_A,
      CREATE,
      {
        input: {
          url: 'ftp://example.com/x',
          events: ['sale.created', 'no.such'],
          description: 'x'.repeat(501),
        },
      },
    );
    expect(bad.body.data?.createWebhookEndpoint.errors.map((e) => e.code)).toEqual([
      'INVALID_URL',
      'INVALID_EVENTS',
      'INVALID_DESCRIPTION',
    ]);

    const forbidden = await gql(TENANT_A, '{ webhookEndpoints { id } }', {}, ['sales:read']);
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another tenant sees none of them.
    const other = await gql<{ webhookEndpoints: unknown[] }>(TENANT_B, '{ webhookEndpoints { id } }');
    expect(other.body.data?.webhookEndpoints).toEqual([]);
  });

  it('refuses private and loopback receivers unless allowed (SSRF), at save time and at connection time', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://localhost:8080/x',
    ]) {
      expect(await checkWebhookUrl(url, false)).toEqual({ ok: false, reason: 'URL_NOT_ALLOWED' });
    }
    expect((await checkWebhookUrl('http://93.184.215.14/x', false)).ok).toBe(true);
    expect((await checkWebhookUrl('http://127.0.0.1/x', true)).ok).toBe(true);
    // A name that resolves to loopback is refused by the socket's own lookup: nothing is sent.
    const before = receiver.received.length;
    const port = new URL(receiver.url).port;
    const refused = await postWebhook(`http://localhost:${port}/hooks`, '{}', {
      headers: {},
      timeoutMs: 2000,
      allowPrivate: false,
    });
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toMatch(/private address/);
    expect(receiver.received.length).toBe(before);
  });
});

describe('changing endpoints', () => {
  const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) {
    endpoint { id url events description active } errors { code } } }`;
  const DELETE = `mutation($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { id errors { code } } }`;
  type Updated = { updateWebhookEndpoint: { endpoint: Record<string, unknown>; errors: unknown[] } };
  type Deleted = { deleteWebhookEndpoint: { id: string | null; errors: { code: string }[] } };

  it('updates URL, events and description; a paused endpoint collects deliveries and sends them when resumed', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/before`, ['stock.low']);
    const probe = await createEndpoint(TENANT_A, `${receiver.url}/probe`, ['sale.created']);
    const paused = await gql<Updated>(TENANT_A, UPDATE, {
      input: {
        id: endpoint.id,
        url: `${receiver.url}/after`,
        events: ['sale.created'],
        description: 'ERP',
        active: false,
      },
    });
    expect(paused.body.data?.updateWebhookEndpoint).toEqual({
      endpoint: {
        id: endpoint.id,
        url: `${receiver.url}/after`,
        events: ['sale.created'],
        description: 'ERP',
        active: false,
      },
      errors: [],
    });

    await sale(TENANT_A, '313.00');
    // The same event went to the active probe: by the time it is delivered the sender has seen
    // the paused endpoint's delivery too, and left it alone.
    await until(async () => (await deliveries(TENANT_A, probe.id))[0]?.status === 'DELIVERED');
    const [held] = await until(async () => {
      const list = await deliveries(TENANT_A, endpoint.id);
      return list.length ? list : null;
    });
    expect(held).toMatchObject({ status: 'PENDING', attemptCount: 0 });
    expect(receiver.received.filter((r) => r.path === '/hooks/after')).toEqual([]);

    const resumed = await gql<Updated>(TENANT_A, UPDATE, { input: { id: endpoint.id, active: true } });
    expect(resumed.body.data?.updateWebhookEndpoint.endpoint).toMatchObject({
      active: true,
      description: 'ERP',
    });
    const got = await until(() => receiver.received.find((r) => r.delivery === held!.id));
    expect(got.path).toBe('/hooks/after');
    expect(JSON.parse(got.body).data.total).toBe('313.00');
    // Gone again, so the specs below see only their own endpoints' sale.created deliveries.
    for (const id of [endpoint.id, probe.id]) await gql<Deleted>(TENANT_A, DELETE, { id });
  });

  it('deletes an endpoint of its own tenant only', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/deleted`, ['sale.created']);
    const foreign = await gql<Deleted>(TENANT_B, DELETE, { id: endpoint.id });
    expect(foreign.body.data?.deleteWebhookEndpoint.errors.map((e) => e.code)).toEqual(['UNKNOWN_ENDPOINT']);
    const deleted = await gql<Deleted>(TENANT_A, DELETE, { id: endpoint.id });
    expect(deleted.body.data?.deleteWebhookEndpoint).toEqual({ id: endpoint.id, errors: [] });
    const listed = await gql<{ webhookEndpoints: { id: string }[] }>(TENANT_A, '{ webhookEndpoints { id } }');
    expect(listed.body.data?.webhookEndpoints.map((e) => e.id)).not.toContain(endpoint.id);
    const again = await gql<Deleted>(TENANT_A, DELETE, { id: endpoint.id });
    expect(again.body.data?.deleteWebhookEndpoint.errors.map((e) => e.code)).toEqual(['UNKNOWN_ENDPOINT']);
  });
});

describe('webhook deliveries', () => {
  it('POSTs the public form of the event, signed with the endpoint secret', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/signed`, ['catalog.product.upserted']);
    const productId = '0190a000-0000-7000-8000-0000000000c1';
    const eventId = await append({
      tenantId: TENANT_A,
      type: 'catalog.product.upserted',
      aggregateId: productId,
      source: 'catalog',
      payload: {
        id: productId,
        sku: 'PLOV-1',
        name: 'Osh',
        nameRu: null,
        nameEn: null,
        price: '3500000',
        vatRate: 12,
        ikpu: '10202001001000000',
        packageCode: '1',
        unit: 'pcs',
        categoryId: null,
        ownerType: 'OWN_PRODUCTION',
        markingRequired: false,
        tags: [],
        active: true,
        barcodes: [],
        updatedAt: new Date().toISOString(),
      },
    });
    const got = await until(() => receiver.received.find((r) => r.body.includes(`"id":"${eventId}"`)));
    expect(got.event).toBe('catalog.product.upserted');
    const now = Math.floor(Date.now() / 1000);
    // The documented format, checked by hand as a receiver would: t=<unix seconds>,v1=<hex
    // HMAC-SHA256 of "<t>.<raw body>"> with the endpoint secret.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(got.signature) ?? [];
    expect(Math.abs(Number(t) - now)).toBeLessThan(60);
    expect(v1).toBe(createHmac('sha256', endpoint.secret).update(`${t}.${got.body}`).digest('hex'));
    expect(verifyWebhookSignature(got.signature, got.body, endpoint.secret, now)).toBe(true);
    // Tampered body, wrong secret, or a signature older than five minutes: rejected.
    expect(verifyWebhookSignature(got.signature, `${got.body} `, endpoint.secret, now)).toBe(false);
    expect(verifyWebhookSignature(got.signature, got.body, 'whsec_other', now)).toBe(false);
    expect(verifyWebhookSignature(got.signature, got.body, endpoint.secret, now + 301)).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ type: 'catalog.product.upserted', version: 1, tenantId: TENANT_A });
    // Money as the public scalar, never raw tiyin.
    expect(body.data.price).toBe('35000.00');
    // The attempt is recorded right after the receiver answered.
    const [delivery] = await until(async () => {
      const list = await deliveries(TENANT_A, endpoint.id);
      return list[0]?.status === 'DELIVERED' ? list : null;
    });
    expect(delivery).toMatchObject({ id: got.delivery, status: 'DELIVERED', attemptCount: 1 });
    expect(delivery!.attempts[0]!.statusCode).toBe(200);
  });

  it('retries after a 500 from the receiver and records every attempt', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/retry`, ['sale.created']);
    let failures = 0;
    receiver.answer = (body) => (body.includes('"total":"777.00"') && failures++ < 2 ? 500 : 200);
    await sale(TENANT_A, '777.00');
    const done = await until(async () => {
      const [delivery] = await deliveries(TENANT_A, endpoint.id);
      return delivery?.status === 'DELIVERED' ? delivery : null;
    });
    expect(done.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(done.attempts.map((a) => a.number)).toEqual([1, 2, 3]);
    const posts = receiver.received.filter((r) => r.delivery === done.id);
    expect(posts).toHaveLength(3);
    // Every retry carries the same body (the signature's time may differ).
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);
    receiver.answer = () => 200;
  });

  it('delivers in event order per endpoint: a failing delivery holds the next back, then fails for good', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/order`, ['sale.created']);
    const ordered = () =>
      receiver.received
        .filter((r) => r.path === '/hooks/order')
        .map((r) => JSON.parse(r.body).data.total as string);
    // The first sale's receiver keeps failing for the whole retry window (2 s here).
    receiver.answer = (body) => (body.includes('"total":"101.00"') ? 500 : 200);
    await sale(TENANT_A, '101.00');
    await sale(TENANT_A, '102.00');
    await sale(TENANT_A, '103.00');
    const views = await until(async () => {
      const list = await deliveries(TENANT_A, endpoint.id);
      return list.length === 3 && list.every((d) => d.status !== 'PENDING') ? list : null;
    });
    const seen = ordered();
    // 101 was tried until the window closed, and nothing after it went out in the meantime.
    const firstOther = seen.findIndex((t) => t !== '101.00');
    expect(firstOther).toBeGreaterThan(1);
    expect(seen.slice(0, firstOther).every((t) => t === '101.00')).toBe(true);
    expect(seen.slice(firstOther)).toEqual(['102.00', '103.00']);
    const byTotal = new Map(views.map((d) => [JSON.parse(d.body).data.total as string, d]));
    expect(byTotal.get('101.00')?.status).toBe('FAILED');
    expect(byTotal.get('101.00')?.attempts.every((a) => a.statusCode === 500)).toBe(true);
    expect(byTotal.get('102.00')?.status).toBe('DELIVERED');
    receiver.answer = () => 200;
  });

  it('replays a delivery with the same body and event id, queued after the others', async () => {
    const endpoint = await createEndpoint(TENANT_A, `${receiver.url}/replay`, ['sale.created']);
    await sale(TENANT_A, '55.00');
    const [original] = await until(async () => {
      const list = await deliveries(TENANT_A, endpoint.id);
      return list[0]?.status === 'DELIVERED' ? list : null;
    });
    const res = await gql<{
      replayWebhookDelivery: {
        delivery: { id: string; replayOf: string; eventId: string };
        errors: unknown[];
      };
    }>(
      TENANT_A,
      'mutation($id: ID!) { replayWebhookDelivery(input: { id: $id }) { delivery { id replayOf eventId } errors { code } } }',
      { id: original!.id },
    );
    const replay = res.body.data!.replayWebhookDelivery.delivery;
    expect(replay).toMatchObject({ replayOf: original!.id, eventId: original!.eventId });
    const got = await until(() => receiver.received.find((r) => r.delivery === replay.id));
    expect(got.body).toBe(original!.body);

    const unknown = await gql<{ replayWebhookDelivery: { errors: { code: string }[] } }>(
      TENANT_B,
      'mutation($id: ID!) { replayWebhookDelivery(input: { id: $id }) { errors { code } } }',
      { id: original!.id },
    );
    expect(unknown.body.data?.replayWebhookDelivery.errors.map((e) => e.code)).toEqual(['UNKNOWN_DELIVERY']);
  });

  it("never delivers one tenant's events to another tenant's endpoint", async () => {
    const endpointB = await createEndpoint(TENANT_B, `${receiver.url}/tenant-b`, ['sale.created']);
    const endpointA = await createEndpoint(TENANT_A, `${receiver.url}/tenant-a`, ['sale.created']);
    await sale(TENANT_A, '4242.00');
    await until(async () => (await deliveries(TENANT_A, endpointA.id))[0]?.status === 'DELIVERED');
    await sale(TENANT_B, '2424.00');
    const [onlyB] = await until(async () => {
      const list = await deliveries(TENANT_B, endpointB.id);
      return list[0]?.status === 'DELIVERED' ? list : null;
    });
    expect((await deliveries(TENANT_B, endpointB.id)).length).toBe(1);
    expect(JSON.parse(onlyB!.body).data.total).toBe('2424.00');
    // Tenant B cannot read tenant A's deliveries either.
    expect(await deliveries(TENANT_B, endpointA.id)).toEqual([]);
  });
});
