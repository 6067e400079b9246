/**
 * Shared setup of the catalog-at-scale specs: a fresh database with the demo catalog, a running
 * catalog subgraph, callers with chosen permissions, and the operations the specs send.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import type { RunningService } from '@jowi/server-kit';
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
import { afterAll, beforeAll, expect } from 'vitest';
import { applyDemoData, entities, migrations, startCatalog } from './index.ts';

export const READ = ['catalog:read'];
export const WRITE = ['catalog:read', 'catalog:write'];
export const ADMIN = ['catalog:read', 'catalog:write', 'catalog:cost'];

export const fixture = {} as { db: TestDatabase; keys: TestKeys; service: RunningService };

/** Registers the spec file's beforeAll/afterAll: fresh database, demo catalog, running subgraph. */
export function useCatalogFixture(): void {
  beforeAll(async () => {
    fixture.db = await createTestDatabase([{ name: 'catalog', migrations }]);
    fixture.keys = await createTestKeys();
    fixture.service = await startCatalog(testSubgraphEnv(fixture.db, fixture.keys, { DB_POOL_SIZE: 6 }));
    await applyDemoData(await fixture.db.dataSource('catalog', entities), DEMO_TENANTS);
  });
  afterAll(async () => {
    await fixture.service?.close();
    await fixture.db?.drop();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL response bodies in this spec are read as loose JSON.
export type Json = any;
export type Gql = <T = Json>(query: string, variables?: Record<string, unknown>) => Promise<T>;
/** A caller of the subgraph as staff of `tenantId`; returns `data`, failing on GraphQL errors. */
export async function as(tenantId: string, permissions: string[]): Promise<Gql> {
  const headers = await identityHeaders(fixture.keys, staffIdentity(tenantId, permissions));
  return async (query, variables = {}) => {
    const res = await postGraphQL(fixture.service.url, query, variables, headers);
    if (res.body.errors)
      throw Object.assign(new Error(res.body.errors[0]!.message), { errors: res.body.errors });
    return res.body.data as never;
  };
}
export async function gqlError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    return (error as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
  }
  return undefined;
}

export const IKPU = '10401001001000000';
export const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id sku name price } errors { code field } } }`;
export const UPDATE = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id sku name price barcodes } errors { code field } } }`;
export const IMPORT = `mutation($input: ImportProductsInput!) { importProducts(input: $input) {
  total created updated unchanged failed dryRun rowErrors { row code field message } errors { code message } } }`;
export const PAGE = `query($first: Int, $after: String, $filter: ProductFilter, $orderBy: ProductOrder) {
  products(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id sku name price updatedAt } } pageInfo { hasNextPage endCursor } } }`;

export const product = (sku: string, extra: Record<string, unknown> = {}) => ({
  sku,
  name: `Mahsulot ${sku}`,
  price: '1000.00',
  vatRate: 12,
  ikpu: IKPU,
  packageCode: '2009',
  ...extra,
});

export async function create(gql: Gql, input: Record<string, unknown>): Promise<string> {
  const res = await gql(CREATE, { input });
  expect(res.createProduct.errors).toEqual([]);
  return res.createProduct.product.id;
}
