/**
 * In-flight sharing of identical subgraph reads (gateway/src/subgraph-sharing.ts) through the real
 * stack: the same query text sent at once by callers of two tenants and with and without
 * `catalog:cost` — each caller still gets exactly its own tenant's data and its own permissions'
 * fields. (Which fetches join is tested at the data source: gateway/src/subgraph-sharing.spec.ts.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStackForTests, gatewayClient, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
const gql = gatewayClient(() => stack.gatewayUrl);
const callers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  stack = await createStackForTests();
  for (const email of ['owner@demo.uz', 'cashier@demo.uz', 'owner@demo2.uz', 'cashier@demo2.uz'])
    callers[email] = await loginHeaders(stack.gatewayUrl, email);
});
afterAll(async () => stack?.close());

const PAGE = 'query Page { products(first: 20) { edges { node { id costPrice stock } } } }';
interface Page {
  products: { edges: { node: { id: string; costPrice: string | null; stock: string } }[] };
}

it('identical concurrent pages keep tenants and cost prices apart', async () => {
  // A cost price on the first product of each tenant's page, for the owners to see.
  for (const owner of ['owner@demo.uz', 'owner@demo2.uz']) {
    const page = await gql<Page>(PAGE, {}, callers[owner]);
    const id = page.data!.products.edges[0]!.node.id;
    const updated = await gql<{ updateProduct: { errors: unknown[] } }>(
      'mutation Cost($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }',
      { input: { id, costPrice: '1234.00' } },
      callers[owner],
    );
    expect(updated.data?.updateProduct.errors).toEqual([]);
  }
  // Each caller's answer alone first: what it must get under concurrency too.
  const alone: Record<string, Page> = {};
  for (const [email, headers] of Object.entries(callers)) {
    const result = await gql<Page>(PAGE, {}, headers);
    expect(result.errors).toBeUndefined();
    alone[email] = result.data!;
  }
  const demoIds = new Set(alone['owner@demo.uz']!.products.edges.map((e) => e.node.id));
  expect(alone['owner@demo2.uz']!.products.edges.some((e) => demoIds.has(e.node.id))).toBe(false);
  expect(alone['owner@demo.uz']!.products.edges.some((e) => e.node.costPrice !== null)).toBe(true);
  expect(alone['cashier@demo.uz']!.products.edges.every((e) => e.node.costPrice === null)).toBe(true);

  const emails = Object.keys(callers);
  const rounds = await Promise.all(
    Array.from({ length: 40 }, (_, i) => {
      const email = emails[i % emails.length]!;
      return gql<Page>(PAGE, {}, callers[email]).then((result) => ({ email, result }));
    }),
  );
  for (const { email, result } of rounds) {
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(alone[email]);
  }
});
