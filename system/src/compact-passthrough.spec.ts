/**
 * The lean catalog pull through the gateway (gateway/src/compact-passthrough.ts): an operation
 * selecting only `catalogChanges { cursor hasMore compact }` is answered with the catalog
 * subgraph's page as it sent it, with the same content, cost extensions and limits as the query
 * planner's answer; any other shape, and any error, goes through the planner as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStackForTests, gatewayClient, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
const gql = gatewayClient(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await createStackForTests();
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
});
afterAll(async () => stack?.close());

/** The gateway's passthrough counter by outcome, read from its metrics endpoint. */
async function passthroughCount(outcome: 'answered' | 'fallback'): Promise<number> {
  const url = stack.services.find((s) => s.name === 'gateway')!.metricsUrl!;
  const text = await (await fetch(url)).text();
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith('jowi_gateway_compact_passthrough_total') && l.includes(`outcome="${outcome}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

const LEAN = `query Lean($since: String) { catalogChanges(since: $since, first: 20000) {
  __typename cursor hasMore compact(format: 1) } }`;
/** The same selection, kept off the passthrough by a directive: the query planner answers it. */
const PLANNED = `query Planned($since: String) { catalogChanges(since: $since, first: 20000) {
  __typename cursor hasMore compact(format: 1) @include(if: true) } }`;

interface Page {
  catalogChanges: { __typename: string; cursor: string; hasMore: boolean; compact: Record<string, unknown> };
}

it('answers the lean pull with the subgraph page, equal to the planner answer, cost reported', async () => {
  const answered = await passthroughCount('answered');
  const lean = await gql<Page>(LEAN, { since: null }, owner);
  expect(await passthroughCount('answered')).toBe(answered + 1);
  const planned = await gql<Page>(PLANNED, { since: null }, owner);
  expect(await passthroughCount('answered')).toBe(answered + 1);
  expect(lean.status).toBe(200);
  expect(lean.errors).toBeUndefined();
  expect(lean.data).toEqual(planned.data);
  expect(lean.data!.catalogChanges.__typename).toBe('CatalogChangePage');
  expect((lean.data!.catalogChanges.compact.products as { sku: string[] }).sku.length).toBeGreaterThan(0);
  // The limits see the same operation: the same requested and actual cost.
  expect(lean.extensions?.cost).toEqual(planned.extensions?.cost);
  expect(lean.extensions?.rateLimit).toBeDefined();
});

it('keeps an alias, and continues from the cursor like the planner', async () => {
  const first = await gql<Page>(LEAN, { since: null }, owner);
  const cursor = first.data!.catalogChanges.cursor;
  const aliased = await gql<{ feed: { cursor: string; hasMore: boolean; compact: { deleted: unknown[] } } }>(
    'query($since: String) { feed: catalogChanges(since: $since) { cursor more: hasMore compact(format: 1) } }',
    { since: cursor },
    owner,
  );
  expect(aliased.errors).toBeUndefined();
  expect(aliased.data!.feed).toMatchObject({ cursor, more: false, compact: { format: 1, deleted: [] } });
});

it('leaves errors and other shapes to the planner', async () => {
  const fallback = await passthroughCount('fallback');
  const unknown = await gql(LEAN.replace('format: 1', 'format: 9'), { since: null }, owner);
  expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(await passthroughCount('fallback')).toBe(fallback + 1);
  const badCursor = await gql(LEAN, { since: 'not-a-cursor' }, owner);
  expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // Changes selected too: not the lean shape, never counted.
  const answered = await passthroughCount('answered');
  const mixed = await gql<{ catalogChanges: { changes: unknown[] } }>(
    'query { catalogChanges(first: 10) { cursor changes { seq } compact(format: 1) } }',
    {},
    owner,
  );
  expect(mixed.data!.catalogChanges.changes.length).toBeGreaterThan(0);
  expect(await passthroughCount('answered')).toBe(answered);
  expect(await passthroughCount('fallback')).toBe(fallback + 2);
});

it('refuses a caller without a session before anything runs', async () => {
  const anonymous = await gql<Page>(LEAN, { since: null });
  expect(anonymous.data?.catalogChanges ?? null).toBeNull();
  expect(anonymous.errors?.length).toBeGreaterThan(0);
});

it('gives the page starts ahead: pages asked at once through the passthrough equal page after page', async () => {
  const STARTS = 'query($first: Int) { catalogChangePageStarts(first: $first) }';
  const SMALL = LEAN.replace('first: 20000', 'first: 10');
  const sequential: Page['catalogChanges'][] = [];
  let since: string | null = null;
  for (;;) {
    const page: Page['catalogChanges'] = (await gql<Page>(SMALL, { since }, owner)).data!.catalogChanges;
    sequential.push(page);
    since = page.cursor;
    if (!page.hasMore) break;
  }
  expect(sequential.length).toBeGreaterThan(2);
  const starts = (await gql<{ catalogChangePageStarts: string[] }>(STARTS, { first: 10 }, owner)).data!
    .catalogChangePageStarts;
  expect(starts).toEqual(['0', ...sequential.slice(0, -1).map((p) => p.cursor)]);
  const answered = await passthroughCount('answered');
  const inFlight = await Promise.all(starts.map((s) => gql<Page>(SMALL, { since: s }, owner)));
  expect(await passthroughCount('answered')).toBe(answered + starts.length);
  expect(inFlight.map((r) => r.data!.catalogChanges)).toEqual(sequential);
  const anonymous = await gql<{ catalogChangePageStarts: string[] }>(STARTS, { first: 10 });
  expect(anonymous.data?.catalogChangePageStarts ?? null).toBeNull();
  expect(anonymous.errors?.length).toBeGreaterThan(0);
});
