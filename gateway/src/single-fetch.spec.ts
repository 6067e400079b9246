/**
 * Which operations of the committed supergraph are one fetch to one subgraph, and when the fetch's
 * data is the client's answer (single-fetch.ts). The whole path over a real stack, both paths
 * compared, is system/src/single-fetch-passthrough.spec.ts.
 */
import { type DocumentNode, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSubgraphSdls, loadSupergraph } from './gateway.ts';
import { applyTypenameMask, createSingleFetchPlanner } from './single-fetch.ts';

const planner = createSingleFetchPlanner(loadSupergraph(), loadSubgraphSdls(loadSupergraph()));

function planOf(text: string) {
  const document: DocumentNode = parse(text);
  const operation = document.definitions.find(
    (d) => d.kind === 'OperationDefinition',
  ) as OperationDefinitionNode;
  return planner.plan(text, document, operation);
}

const SYNC = `mutation Sync($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code } } } }`;

describe('createSingleFetchPlanner', () => {
  it('takes a catalog page and a sales list as one fetch whose data is the answer', () => {
    const page = planOf(
      'query Page { products(first: 50) { edges { node { id sku name price vatRate } } } }',
    );
    expect(page).toMatchObject({ operationKind: 'query', sameShape: true, mask: null });
    expect(page!.fetch.serviceName).toBe('catalog');
    const sales = planOf('query Sales { sales(first: 20) { edges { node { id createdAt total } } } }');
    expect(sales).toMatchObject({ sameShape: true, mask: null, fetch: { serviceName: 'sales' } });
  });

  it('takes syncSales, removing the __typename the planner adds for UserError', () => {
    const sync = planOf(SYNC);
    expect(sync).toMatchObject({
      operationKind: 'mutation',
      sameShape: true,
      fetch: { serviceName: 'sales' },
    });
    expect(sync!.fetch.operation).toContain('__typename');
    const data = {
      syncSales: {
        errors: [{ __typename: 'SalesError', code: 'X' }],
        results: [{ id: '1', status: 'REJECTED', error: { __typename: 'SalesError', code: 'EMPTY_SALE' } }],
      },
    };
    applyTypenameMask(data, sync!.mask);
    expect(JSON.stringify(data)).toBe(
      '{"syncSales":{"errors":[{"code":"X"}],"results":[{"id":"1","status":"REJECTED","error":{"code":"EMPTY_SALE"}}]}}',
    );
  });

  it('keeps a __typename the client asked for', () => {
    const sync = planOf(
      'mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { error { __typename code } } } }',
    );
    const data = { syncSales: { results: [{ error: { __typename: 'SalesError', code: 'X' } }] } };
    applyTypenameMask(data, sync!.mask);
    expect(data.syncSales.results[0]!.error.__typename).toBe('SalesError');
  });

  it('leaves plans with entity fetches, introspection and subscriptions to the executor', () => {
    expect(
      planOf('query($s: ID) { products(first: 5) { edges { node { id stock(storeId: $s) } } } }'),
    ).toBeNull();
    expect(planOf('{ product(id: "1") { id stockLevels { quantity store { id } } } }')).toBeNull();
    expect(planOf('{ __schema { queryType { name } } }')).toBeNull();
    expect(
      planOf('{ products(first: 1) { edges { node { id } } } __type(name: "Product") { name } }'),
    ).toBeNull();
    expect(planOf('subscription { saleSynced { id } }')).toBeNull();
  });

  it('sends but does not pass on an answer whose shape the planner changed', () => {
    const fragments = planOf(
      'query { products(first: 5) { edges { node { ...P } } } } fragment P on Product { id name }',
    );
    expect(fragments).toMatchObject({ sameShape: false, fetch: { serviceName: 'catalog' } });
  });

  it('remembers the plan of a query text', () => {
    const text = 'query Page { products(first: 5) { edges { node { id } } } }';
    const operation = () => parse(text).definitions[0] as OperationDefinitionNode;
    expect(planner.plan(text, parse(text), operation())).toBe(planner.plan(text, parse(text), operation()));
  });
});
