/**
 * Operators' view of the event consumers through identity's GraphQL: every consumer with its lag
 * and parked count, the tenant's parked events (only its own), and `retryParkedEvents`, which
 * needs `events:manage` (owners) and gets a fixed event applied exactly once. The consumer here
 * is a real server-kit consumer, as the inventory role, of identity's own `store.upserted` events.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import {
  appendEvent,
  type Consumer,
  createConsumer,
  defineConsumer,
  type Identity,
  inTenant,
  newId,
  type RunningService,
} from '@jowi/server-kit';
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
import { applyDemoData, entities, migrations, ROLE_PERMISSIONS, startIdentity } from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const ownerOf = (tenantId: string) => staffIdentity(tenantId, [...ROLE_PERMISSIONS.owner], ['owner']);
const managerOf = (tenantId: string) => staffIdentity(tenantId, [...ROLE_PERMISSIONS.manager], ['manager']);
const CONSUMER = 'jowi_inventory:store-names';

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;
let identityDs: DataSource;
let consumer: Consumer;
/** Store ids whose events the consumer cannot apply yet. */
const broken = new Set<string>();
const applied: string[] = [];
const poison = { demo: newId(), demo2: newId() };

type Gql<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
async function gql<T>(
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
): Promise<Gql<T>> {
  return (await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity))).body;
}

async function announce(tenantId: string, storeId: string) {
  await inTenant(identityDs, tenantId, (m) =>
    appendEvent(m, {
      tenantId,
      type: 'store.upserted',
      aggregateId: storeId,
      source: 'identity',
      payload: { storeId, name: 'Probe', timeZone: 'Asia/Tashkent' },
    }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  identityDs = await db.dataSource('identity', entities);
  await applyDemoData(identityDs, [DEMO, DEMO2]);
  keys = await createTestKeys();
  service = await startIdentity(
    testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: keys.identity.privateJwk as Record<string, unknown> }),
  );
  consumer = createConsumer({
    ...defineConsumer({
      name: CONSUMER,
      types: ['store.upserted'],
      async handle(_m, event) {
        if (broken.has(event.payload.storeId)) throw new Error(`store ${event.payload.storeId} is not ready`);
        applied.push(event.payload.storeId);
      },
    }),
    dataSource: await db.dataSource('inventory'),
    maxAttempts: 2,
    initialBackoffMs: 5,
    maxBackoffMs: 20,
  });
  broken.add(poison.demo);
  broken.add(poison.demo2);
  await announce(DEMO.id, poison.demo);
  await announce(DEMO2.id, poison.demo2);
  await consumer.runUntilIdle({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

interface ParkedNode {
  id: string;
  consumer: string;
  eventId: string;
  tenantId: string;
  type: string;
  status: string;
  error: string;
  attempts: number;
  parkedAt: string | null;
}
const PARKED = `query($filter: ParkedEventFilter) {
  parkedEvents(filter: $filter) {
    edges { node { id consumer eventId tenantId type status error attempts parkedAt } }
    pageInfo { hasNextPage }
  }
}`;
const parkedOf = async (tenantId: string) => {
  const res = await gql<{ parkedEvents: { edges: { node: ParkedNode }[] } }>(PARKED, {}, ownerOf(tenantId));
  expect(res.errors).toBeUndefined();
  return res.data!.parkedEvents.edges.map((e) => e.node);
};
const RETRY = `mutation($input: RetryParkedEventsInput!) {
  retryParkedEvents(input: $input) { events { id status } errors { code field } }
}`;
type Retry = {
  retryParkedEvents: {
    events: { id: string; status: string }[];
    errors: { code: string; field: string[] }[];
  };
};

describe('event consumers for operators', () => {
  it('lists every consumer with the tenant’s lag and parked count', async () => {
    await announce(DEMO.id, newId()); // not applied yet: one behind
    const res = await gql<{
      eventConsumers: {
        name: string;
        service: string;
        types: string[];
        eventsBehind: number;
        parkedCount: number;
        failingCount: number;
      }[];
    }>(
      '{ eventConsumers { name service types eventsBehind parkedCount failingCount } }',
      {},
      ownerOf(DEMO.id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.eventConsumers).toContainEqual({
      name: CONSUMER,
      service: 'inventory',
      types: ['store.upserted'],
      eventsBehind: 1,
      parkedCount: 1,
      failingCount: 0,
    });
    await consumer.runUntilIdle();
  });

  it("shows a tenant's staff only its own parked events, with type, error and attempts", async () => {
    const demo = await parkedOf(DEMO.id);
    expect(demo).toEqual([
      expect.objectContaining({
        consumer: CONSUMER,
        tenantId: DEMO.id,
        type: 'store.upserted',
        status: 'PARKED',
        error: `store ${poison.demo} is not ready`,
        attempts: 2,
      }),
    ]);
    expect(demo[0]!.parkedAt).not.toBeNull();
    expect((await parkedOf(DEMO2.id)).map((p) => p.error)).toEqual([`store ${poison.demo2} is not ready`]);
  });

  it('needs events:manage, which owners have and managers do not', async () => {
    expect(ROLE_PERMISSIONS.owner).toContain('events:manage');
    expect(ROLE_PERMISSIONS.manager).not.toContain('events:manage');
    for (const [query, variables] of [
      ['{ eventConsumers { name } }', {}],
      [PARKED, {}],
      [RETRY, { input: {} }],
    ] as const) {
      const res = await gql(query, variables, managerOf(DEMO.id));
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
    expect((await parkedOf(DEMO.id)).map((p) => p.status)).toEqual(['PARKED']);
  });

  it('retries a parked event once the cause is fixed: applied exactly once, a second retry does nothing', async () => {
    const [parked] = await parkedOf(DEMO.id);
    // Another tenant's owner cannot retry it; a made-up id is refused.
    const foreign = await gql<Retry>(RETRY, { input: { ids: [parked!.id] } }, ownerOf(DEMO2.id));
    expect(foreign.data!.retryParkedEvents).toEqual({
      events: [],
      errors: [{ code: 'NOT_PARKED', field: ['input', 'ids', '0'] }],
    });
    const garbage = await gql<Retry>(RETRY, { input: { ids: ['nope'] } }, ownerOf(DEMO.id));
    expect(garbage.data!.retryParkedEvents.errors).toEqual([
      { code: 'INVALID_ID', field: ['input', 'ids', '0'] },
    ]);

    broken.delete(poison.demo);
    const first = await gql<Retry>(RETRY, { input: { ids: [parked!.id] } }, ownerOf(DEMO.id));
    expect(first.data!.retryParkedEvents).toEqual({
      events: [{ id: parked!.id, status: 'RETRY_REQUESTED' }],
      errors: [],
    });
    expect((await parkedOf(DEMO.id)).map((p) => p.status)).toEqual(['RETRY_REQUESTED']);
    await consumer.runUntilIdle();
    expect(applied.filter((s) => s === poison.demo)).toHaveLength(1);
    expect(await parkedOf(DEMO.id)).toEqual([]);

    const second = await gql<Retry>(RETRY, { input: { ids: [parked!.id] } }, ownerOf(DEMO.id));
    expect(second.data!.retryParkedEvents.events).toEqual([]);
    expect(second.data!.retryParkedEvents.errors.map((e) => e.code)).toEqual(['NOT_PARKED']);
    await consumer.runUntilIdle();
    expect(applied.filter((s) => s === poison.demo)).toHaveLength(1);
    // DEMO2's event was not touched by DEMO's retry.
    expect((await parkedOf(DEMO2.id)).map((p) => p.status)).toEqual(['PARKED']);
    // The request is in the tenant's audit log.
    const audit = await db.admin<{ action: string; data: { events: { eventId: string }[] } }>(
      "SELECT action, data FROM audit.entry WHERE tenant_id = $1 AND action = 'parked-events.retry-requested'",
      [DEMO.id],
    );
    expect(audit.map((a) => a.data.events.map((e) => e.eventId))).toEqual([[parked!.eventId]]);
  });
});
