/**
 * Query cost against the real composed schema: the weights in the subgraphs' SDL (`@cost`,
 * `@listSize`) read from the committed supergraph, plans compiled over the public API schema.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, type DocumentNode, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actualCost, compileCostPlan, DEFAULT_LIST_SIZE, readCostDirectives, requestedCost } from './cost.ts';

const schemaFile = (name: string) =>
  readFileSync(new URL(`../../../schema/${name}`, import.meta.url), 'utf8');
const schema = buildSchema(schemaFile('api.graphql'));
const directives = readCostDirectives(schemaFile('supergraph.graphql'));

function planOf(query: string) {
  const document: DocumentNode = parse(query);
  return compileCostPlan(schema, directives, document, getOperationAST(document)!);
}
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  requestedCost(planOf(query), variables);

describe('weights from the supergraph', () => {
  it('reads @listSize and @cost as composed', () => {
    expect(directives.listSizes.get('Query.products')).toEqual({
      assumedSize: 50,
      slicingArguments: ['first'],
      sizedFields: ['edges'],
    });
    expect(directives.listSizes.get('Query.catalogChanges')).toMatchObject({ sizedFields: ['changes'] });
    expect(directives.fieldWeights.get('Query.dailySalesSummary')).toBe(20);
  });
});

describe('requested cost', () => {
  it('multiplies a connection’s edges by first: 1 + 50 × (edge + node)', () => {
    expect(cost('{ products(first: 50) { edges { node { id name price } } } }')).toBe(101);
    expect(cost('{ products(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }')).toBe(4);
  });

  it('takes first from a variable, and the assumed size (50) without one', () => {
    const query = 'query($n: Int) { products(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 200 })).toBe(401);
    expect(cost(query, {})).toBe(101);
  });

  it('prices a 5 000-change catalog page at 10 001 points', () => {
    const page = `query($since: String) { catalogChanges(first: 5000, since: $since) {
      cursor hasMore changes { kind entity id seq product { id sku name price vatRate barcodes } } } }`;
    expect(cost(page)).toBe(1 + 5000 * 2);
  });

  it('prices syncSales at 10 plus one point per possible result (500)', () => {
    expect(cost('mutation($i: SyncSalesInput!) { syncSales(input: $i) { results { id status } } }')).toBe(
      10 + 500,
    );
  });

  it('uses per-field weights and the default list size for lists without @listSize', () => {
    const summary = `{ dailySalesSummary(storeId: "s", date: "2026-01-01") { receipts
      byHour { hour revenue } byPaymentMethod { method } } }`;
    expect(cost(summary)).toBe(20 + 2 * DEFAULT_LIST_SIZE);
  });

  it('counts a response key selected twice once, and a thousand aliases a thousand times', () => {
    expect(cost('{ me { id } me { email } ... on Query { me { id } } }')).toBe(1);
    const aliases = Array.from(
      { length: 1000 },
      (_, i) => `p${i}: products(first: 1) { edges { node { id } } }`,
    );
    expect(cost(`{ ${aliases.join(' ')} }`)).toBe(1000 * 3);
  });
});

describe('actual cost', () => {
  it('counts what came back along the same plan', () => {
    const plan = planOf('{ products(first: 50) { edges { node { id name } } } me { id } }');
    const data = {
      products: { edges: [{ node: { id: '1', name: 'a' } }, { node: { id: '2', name: 'b' } }] },
      me: null,
    };
    expect(requestedCost(plan, {})).toBe(102);
    expect(actualCost(plan, data)).toBe(1 + 2 * 2);
    expect(actualCost(plan, null)).toBe(0);
  });
});
