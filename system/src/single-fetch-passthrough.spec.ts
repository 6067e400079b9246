/**
 * The single-fetch passthrough (gateway/src/single-fetch-passthrough.ts) against Apollo's path:
 * the stack's gateway answers operations planned as one fetch to one subgraph with that
 * subgraph's data; a second gateway over the same subgraphs runs every operation through the
 * executor (SINGLE_FETCH_PASSTHROUGH=false, no sharing). Each representative operation — reads,
 * `syncSales` created / duplicate / rejected, and errors raised by the subgraph, by its variable
 * coercion and by the gateway's — must get the same status, data, errors and cost from both.
 */
import type { StartedGateway } from '@jowi/gateway';
import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demo, saleInput } from './rls-fixtures.ts';
import {
  createStackForTests,
  type GqlResult,
  gatewayClient,
  loginHeaders,
  startSecondGateway,
  type TestStack,
} from './testing.ts';

let stack: TestStack;
let executor: StartedGateway;
const callers: Record<string, Record<string, string>> = {};
const viaPassthrough = gatewayClient(() => stack.gatewayUrl);
const viaExecutor = gatewayClient(() => executor.url);

beforeAll(async () => {
  stack = await createStackForTests();
  executor = await startSecondGateway(stack, {
    REALTIME: false,
    SUBGRAPH_SHARING: false,
    SINGLE_FETCH_PASSTHROUGH: false,
  });
  for (const email of ['owner@demo.uz', 'cashier@demo.uz'])
    callers[email] = await loginHeaders(stack.gatewayUrl, email);
  callers.anonymous = {};
}, 240_000);

afterAll(async () => {
  await executor?.close();
  await stack?.close();
});

/** The stack gateway's single-fetch counter by outcome, from its metrics endpoint. */
async function passthroughCount(outcome: 'answered' | 'replayed'): Promise<number> {
  const url = stack.services.find((s) => s.name === 'gateway')!.metricsUrl!;
  const line = (await (await fetch(url)).text())
    .split('\n')
    .find((l) => l.startsWith('jowi_gateway_single_fetch_total') && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** What a client sees, less the bucket's remaining points (both gateways draw on one bucket). */
function seen(result: GqlResult<unknown>) {
  const { rateLimit, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
  return {
    status: result.status,
    data: result.data,
    errors: result.errors,
    extensions,
    limited: !!rateLimit,
  };
}

/** Sends `query` through both gateways; the answers must be equal. Returns the passthrough's. */
async function same(
  query: string,
  variables: Record<string, unknown>,
  caller: string,
  outcome: 'answered' | 'replayed' | 'refused before',
) {
  const counted = outcome === 'refused before' ? null : outcome;
  const before = counted && (await passthroughCount(counted));
  const passed = await viaPassthrough(query, variables, callers[caller]);
  if (counted) expect(await passthroughCount(counted), `${outcome}: ${query}`).toBe(before! + 1);
  const planned = await viaExecutor(query, variables, callers[caller]);
  expect(seen(passed), query).toEqual(seen(planned));
  return passed;
}

const PAGE = 'query Page { products(first: 20) { edges { node { id sku name price vatRate costPrice } } } }';
const SALES =
  'query Sales { sales(first: 5) { edges { cursor node { id createdAt total status } } pageInfo { hasNextPage } } }';
const SYNC = `mutation Sync($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code message } results { id status error { code message } sale { id total } } } }`;

it('answers reads with the subgraph data, equal to the executor answer', async () => {
  for (const caller of ['owner@demo.uz', 'cashier@demo.uz']) {
    const page = await same(PAGE, {}, caller, 'answered');
    expect((page.data as { products: { edges: unknown[] } }).products.edges.length).toBeGreaterThan(0);
    await same(SALES, {}, caller, 'answered');
  }
  // Aliases, __typename asked for, @include with a variable: still the client's shape.
  await same(
    `query A($all: Boolean!) { p: products(first: 3) { __typename edges { n: node { __typename id
      name @include(if: $all) } } } }`,
    { all: false },
    'owner@demo.uz',
    'answered',
  );
});

it('answers syncSales created, duplicate and rejected like the executor, without __typename', async () => {
  const [mine, theirs] = [newId(), newId()];
  const created = await viaPassthrough(SYNC, { input: saleInput(demo, mine) }, callers['owner@demo.uz']);
  const planned = await viaExecutor(SYNC, { input: saleInput(demo, theirs) }, callers['owner@demo.uz']);
  const swap = (value: unknown, from: string, to: string) =>
    JSON.parse(JSON.stringify(value).replaceAll(from, to));
  expect(JSON.stringify(created.data)).not.toContain('__typename');
  expect(seen(created).data).toMatchObject({ syncSales: { results: [{ id: mine, status: 'CREATED' }] } });
  expect(swap(seen(created), mine, theirs)).toEqual(seen(planned));
  // The same sale again through both: DUPLICATE, the stored sale, equal answers.
  await same(SYNC, { input: saleInput(demo, mine) }, 'owner@demo.uz', 'answered');
  const empty = (id: string) => ({
    ...saleInput(demo, id),
    sales: [{ ...saleInput(demo, id).sales[0], lines: [] }],
  });
  const rejected = await same(SYNC, { input: empty(newId()) }, 'owner@demo.uz', 'answered');
  expect(JSON.stringify(rejected.data)).toContain('REJECTED');
});

it('replays errors into the executor: same codes, messages and masking, the mutation sent once', async () => {
  // Raised by the subgraph's resolver (no tenant), a read and a mutation.
  const anonymous = await same(PAGE, {}, 'anonymous', 'replayed');
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  // An anonymous mutation is refused by the limits before any fetch: the same either way.
  await same(SYNC, { input: saleInput(demo, newId()) }, 'anonymous', 'refused before');
  // Refused by the subgraph's coercion of a custom scalar the gateway accepts.
  const badMoney = saleInput(demo, newId());
  const money = await same(
    SYNC,
    { input: { ...badMoney, sales: [{ ...badMoney.sales[0], total: '12.5.0' }] } },
    'owner@demo.uz',
    'replayed',
  );
  expect(money.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // Refused by the gateway's own coercion (an unknown enum value): the subgraph refused it too.
  const badEnum = saleInput(demo, newId());
  const method = await same(
    SYNC,
    {
      input: { ...badEnum, sales: [{ ...badEnum.sales[0], payments: [{ method: 'GOLD', amount: '1.00' }] }] },
    },
    'owner@demo.uz',
    'replayed',
  );
  expect(method.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // None of the refused sales was stored, and the sale sent as a mutation error is not either.
  const stored = await viaExecutor<{ sale: unknown }>(
    'query($id: ID!) { sale(id: $id) { id } }',
    { id: badMoney.sales[0]!.id },
    callers['owner@demo.uz'],
  );
  expect(stored.data?.sale ?? null).toBeNull();
});
