/**
 * Issue 19, the product page answered before execution (resolvers/lean-page.ts): for every shape
 * it takes, the answer must be byte for byte what GraphQL execution gives — two catalog subgraphs
 * over one database, one with the plugin, one without — and shapes it does not take (fragments,
 * other fields, arguments on product fields) must reach execution, as must refusals.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { type RunningService, startSubgraph } from '@jowi/server-kit';
import { identityHeaders, postGraphQL, staffIdentity, testSubgraphEnv } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, fixture, type Json, PAGE, READ, useCatalogFixture } from './catalog.fixtures.ts';
import { entities } from './index.ts';
import { resolvers } from './resolvers/index.ts';
import { leanProductPage } from './resolvers/lean-page.ts';

useCatalogFixture();

let executed: RunningService;
let lean: RunningService;
/** How often the lean subgraph's `products` resolver ran (execution, not the plugin). */
let resolverRuns = 0;
beforeAll(async () => {
  const env = testSubgraphEnv(fixture.db, fixture.keys, { DB_POOL_SIZE: 2 });
  executed = await startSubgraph({ name: 'catalog', env, resolvers, entities });
  const query = resolvers.Query as Record<string, (...args: unknown[]) => unknown>;
  const products = (...args: unknown[]) => {
    resolverRuns++;
    return query.products!(...args);
  };
  const counting = { ...resolvers, Query: { ...query, products } } as unknown as typeof resolvers;
  lean = await startSubgraph({
    name: 'catalog',
    env,
    resolvers: counting,
    entities,
    plugins: [leanProductPage],
  });
});
afterAll(async () => {
  await executed?.close();
  await lean?.close();
});

const TENANT = DEMO_TENANTS[0]!.id;

/** The same request to both subgraphs: equal status and body; returns the body and whether execution ran. */
async function both(query: string, variables: Record<string, unknown> = {}, permissions = READ) {
  const headers = await identityHeaders(fixture.keys, staffIdentity(TENANT, permissions));
  const runs = resolverRuns;
  const a = await postGraphQL(lean.url, query, variables, headers);
  const b = await postGraphQL(executed.url, query, variables, headers);
  expect(a.status).toBe(b.status);
  expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
  return { body: a.body as Json, executed: resolverRuns > runs };
}

const FULL = `query Full($first: Int) { list: products(first: $first) { __typename
  pageInfo { endCursor more: hasNextPage __typename }
  edges { __typename c: cursor node { __typename id sku name label: name price vatRate markingRequired
    cashlessOnly imageUrl ikpu packageCode unit active ownerType updatedAt } } } }`;

describe('the product page answered before execution', () => {
  it('answers the plain page exactly as execution does, without running the resolver', async () => {
    const first = await both(
      '{ products(first: 50) { edges { cursor node { id sku name price vatRate } } } }',
    );
    expect(first.executed).toBe(false);
    expect(first.body.data.products.edges.length).toBeGreaterThan(3);
    const full = await both(FULL, { first: 3 });
    expect(full.executed).toBe(false);
    expect(full.body.data.list.pageInfo.more).toBe(true);
    expect(full.body.data.list.edges[0].node.label).toBe(full.body.data.list.edges[0].node.name);
  });

  it('follows cursors, orders and filters the same way', async () => {
    const byPrice = { first: 2, orderBy: { field: 'PRICE', direction: 'DESC' } };
    const page1 = await both(PAGE, byPrice);
    expect(page1.executed).toBe(false);
    const page2 = await both(PAGE, { ...byPrice, after: page1.body.data.products.pageInfo.endCursor });
    expect(page2.executed).toBe(false);
    expect(page2.body.data.products.edges).toHaveLength(2);
    const word = page1.body.data.products.edges[0].node.name.split(' ')[0];
    const search = await both(PAGE, { first: 5, filter: { search: word } });
    expect(search.body.data.products.edges.length).toBeGreaterThan(0);
    expect((await both(PAGE, { first: 0 })).body.data.products.edges).toEqual([]);
  });

  it('leaves other shapes to execution', async () => {
    const fragment = await both(
      'query { products(first: 3) { edges { node { ...P } } } } fragment P on Product { id name }',
    );
    expect(fragment.executed).toBe(true);
    const nested = await both('{ products(first: 3) { edges { node { id names { uz ru } } } } }');
    expect(nested.executed).toBe(true);
    const storePrice = await both(
      '{ products(first: 3) { edges { node { id price(storeId: "00000000-0000-0000-0000-000000000000") } } } }',
    );
    expect(storePrice.executed).toBe(true);
    const cost = await both('{ products(first: 3) { edges { node { id costPrice } } } }', {}, ADMIN);
    expect(cost.executed).toBe(true);
    const skipped = await both('{ products(first: 3) { edges { node { id name @skip(if: true) } } } }');
    expect(skipped.executed).toBe(true);
  });

  it('gives refusals exactly as execution does', async () => {
    expect((await both(PAGE, { first: 3 }, [])).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await both(PAGE, { first: 3, after: 'nonsense' })).body.errors[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await both(PAGE, { first: 'x' })).body.errors).toBeDefined();
  });
});
