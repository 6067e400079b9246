/**
 * The inventory lists the back office pages need (issue 18): `goodsReceipts`, `stockTakes` and
 * `recipeVersions`, keyset-paged newest first with their filters, tenant-scoped and permission
 * checked, on a fresh database as inventory's runtime role.
 */
import { newId } from '@jowi/server-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AIRPORT,
  as,
  DEMO,
  DEMO2,
  ERRORS,
  MAIN,
  type UserErrorShape,
  useDocumentsStack,
} from './documents.fixtures.ts';

useDocumentsStack();

type Page<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe('inventory lists', { timeout: 60_000 }, () => {
  const flour = newId();
  const dish = newId();
  let supplierId: string;
  let otherSupplierId: string;
  const receipts: string[] = [];

  beforeAll(async () => {
    const gql = await as(DEMO.id);
    const supplier = `mutation($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id } ${ERRORS} } }`;
    supplierId = (
      await gql<{ createSupplier: { supplier: { id: string } } }>(supplier, { input: { name: 'Un Savdo' } })
    ).createSupplier.supplier.id;
    otherSupplierId = (
      await gql<{ createSupplier: { supplier: { id: string } } }>(supplier, {
        input: { name: 'Guruch Baza' },
      })
    ).createSupplier.supplier.id;
    const receive = `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { receipt { id } ${ERRORS} } }`;
    const made: [string, string][] = [
      [MAIN.id, supplierId],
      [MAIN.id, otherSupplierId],
      [MAIN.id, supplierId],
      [AIRPORT.id, supplierId],
    ];
    for (const [storeId, from] of made) {
      const id = newId();
      const out = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(receive, {
        input: {
          id,
          storeId,
          supplierId: from,
          lines: [{ productId: flour, quantity: '5.000', unitCost: '8000.00' }],
        },
      });
      expect(out.receiveGoods.errors).toEqual([]);
      receipts.push(id);
    }
  });

  it('lists goods receipts newest first, by store and supplier, page by page', async () => {
    const gql = await as(DEMO.id, ['inventory:read']);
    const q = `query($storeId: ID, $supplierId: ID, $first: Int, $after: String) {
      goodsReceipts(storeId: $storeId, supplierId: $supplierId, first: $first, after: $after) {
        edges { cursor node { id store { id } total lines { quantity unitCost } } } pageInfo { hasNextPage endCursor } } }`;
    const first = (
      await gql<{ goodsReceipts: Page<{ id: string; total: string }> }>(q, { storeId: MAIN.id, first: 2 })
    ).goodsReceipts;
    expect(first.edges.map((e) => e.node.id)).toEqual([receipts[2], receipts[1]]);
    expect(first.edges[0]!.node.total).toBe('40000.00');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await gql<{ goodsReceipts: Page<{ id: string }> }>(q, {
        storeId: MAIN.id,
        first: 2,
        after: first.pageInfo.endCursor,
      })
    ).goodsReceipts;
    expect(second.edges.map((e) => e.node.id)).toEqual([receipts[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const bySupplier = (
      await gql<{ goodsReceipts: Page<{ id: string }> }>(q, { supplierId: otherSupplierId })
    ).goodsReceipts;
    expect(bySupplier.edges.map((e) => e.node.id)).toEqual([receipts[1]]);
    const all = (await gql<{ goodsReceipts: Page<{ id: string }> }>(q, {})).goodsReceipts;
    expect(all.edges).toHaveLength(4);

    const other = await as(DEMO2.id, ['inventory:read']);
    expect((await other<{ goodsReceipts: Page<unknown> }>(q, {})).goodsReceipts.edges).toEqual([]);
  });

  it('lists stock-takes by store and status, with their count sheets', async () => {
    const gql = await as(DEMO.id);
    const start = `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { stockTake { id status } ${ERRORS} } }`;
    const ids: string[] = [];
    for (const storeId of [MAIN.id, AIRPORT.id]) {
      const out = await gql<{ startStockTake: { stockTake: { id: string }; errors: UserErrorShape[] } }>(
        start,
        {
          input: { id: newId(), storeId, productIds: [flour] },
        },
      );
      expect(out.startStockTake.errors).toEqual([]);
      ids.push(out.startStockTake.stockTake.id);
    }
    const q = `query($storeId: ID, $status: StockTakeStatus) { stockTakes(storeId: $storeId, status: $status) {
      edges { node { id store { id } status lines { product { id } expected counted } } } pageInfo { hasNextPage } } }`;
    const main = (
      await gql<{ stockTakes: Page<{ id: string; lines: { expected: string }[] }> }>(q, { storeId: MAIN.id })
    ).stockTakes;
    expect(main.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(main.edges[0]!.node.lines).toEqual([
      { product: { id: flour }, expected: '15.000', counted: null },
    ]);
    const open = (await gql<{ stockTakes: Page<{ id: string }> }>(q, { status: 'OPEN' })).stockTakes;
    expect(open.edges.map((e) => e.node.id)).toEqual([ids[1], ids[0]]);
    expect((await gql<{ stockTakes: Page<unknown> }>(q, { status: 'POSTED' })).stockTakes.edges).toEqual([]);
  });

  it('lists every version of a recipe, newest first', async () => {
    const gql = await as(DEMO.id);
    const set = `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { recipe { version } ${ERRORS} } }`;
    for (const quantity of ['0.100', '0.120']) {
      const out = await gql<{ setRecipe: { errors: UserErrorShape[] } }>(set, {
        input: { productId: dish, ingredients: [{ productId: flour, quantity }] },
      });
      expect(out.setRecipe.errors).toEqual([]);
    }
    const q = `query($productId: ID!, $first: Int, $after: String) { recipeVersions(productId: $productId, first: $first, after: $after) {
      edges { node { version validFrom ingredients { quantity } } } pageInfo { hasNextPage endCursor } } }`;
    const page = (
      await gql<{ recipeVersions: Page<{ version: number; ingredients: { quantity: string }[] }> }>(q, {
        productId: dish,
        first: 1,
      })
    ).recipeVersions;
    expect(page.edges.map((e) => [e.node.version, e.node.ingredients[0]!.quantity])).toEqual([[2, '0.120']]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = (
      await gql<{ recipeVersions: Page<{ version: number }> }>(q, {
        productId: dish,
        after: page.pageInfo.endCursor,
      })
    ).recipeVersions;
    expect(rest.edges.map((e) => e.node.version)).toEqual([1]);
  });

  it('needs inventory:read for documents', async () => {
    const gql = await as(DEMO.id, ['catalog:read']);
    await expect(gql('{ goodsReceipts { edges { cursor } } }')).rejects.toThrow(/FORBIDDEN|permission/i);
    await expect(gql('{ stockTakes { edges { cursor } } }')).rejects.toThrow(/FORBIDDEN|permission/i);
  });
});
