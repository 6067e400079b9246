/**
 * Inventory documents through the subgraph's GraphQL API, against real PostgreSQL as the
 * runtime role: recipes (with modifier effects and versioning), goods receiving with moving
 * average cost, transfers, stock-takes, write-offs, corrections, low stock, typed bad input, and
 * the ledger invariant after all of it. Sales arrive as events written by the sales role.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import {
  appendEvents,
  type Consumer,
  createConsumer,
  createDataSource,
  createLogger,
  inTenant,
  type NewEvent,
  newId,
  type RunningService,
} from '@jowi/server-kit';
import {
  checkLoggedEvents,
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
import {
  divRoundHalfUp,
  entities,
  expandRecipe,
  migrations,
  movingAverage,
  startInventory,
  stockFromSalesConsumer,
  verifyLevels,
} from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const [MAIN, AIRPORT] = DEMO.stores as [(typeof DEMO.stores)[0], (typeof DEMO.stores)[0]];
const WRITE = ['inventory:read', 'inventory:write'];
const STAFF = '00000000-0000-7000-8000-000000000001';

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;
let sales: DataSource;
let ds: DataSource;
let admin: DataSource;
let consumer: Consumer;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'inventory', migrations }]);
  keys = await createTestKeys();
  service = await startInventory(testSubgraphEnv(db, keys, { DB_POOL_SIZE: 6 }));
  sales = await db.dataSource('sales');
  ds = await db.dataSource('inventory', entities);
  admin = createDataSource({ url: db.adminUrl, schema: 'inventory', poolSize: 1 });
  await admin.initialize();
  consumer = createConsumer({
    ...stockFromSalesConsumer,
    dataSource: ds,
    log: createLogger('documents-spec', 'silent'),
  });
});

afterAll(async () => {
  await service?.close();
  await admin?.destroy();
  await db?.drop();
});

type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
interface UserErrorShape {
  code: string;
  field: string[] | null;
}

async function as(tenantId: string, permissions: string[] = WRITE): Promise<Gql> {
  const headers = await identityHeaders(keys, staffIdentity(tenantId, permissions));
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await postGraphQL<T>(service.url, query, variables, headers);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
}

/** Applies every committed sales event (waits for the service's own consumer if it holds the cursor). */
const idle = () => consumer.runUntilIdle({ timeoutMs: 90_000 });

async function level(tenantId: string, storeId: string, productId: string): Promise<string | null> {
  const [row] = await db.admin<{ quantity: string }>(
    'SELECT quantity::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  return row?.quantity ?? null;
}

async function avgCost(tenantId: string, storeId: string, productId: string): Promise<string | null> {
  const [row] = await db.admin<{ avg_cost: string | null }>(
    'SELECT avg_cost::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  return row?.avg_cost ?? null;
}

interface SaleLine {
  lineNo: number;
  productId: string;
  quantity: string;
  modifiers?: { modifierId: string; name: string; priceDelta: string }[];
}

function saleCreated(
  tenantId: string,
  saleId: string,
  storeId: string,
  createdAt: Date,
  lines: SaleLine[],
): NewEvent {
  return {
    tenantId,
    type: 'sale.created',
    aggregateId: saleId,
    source: 'sales',
    payload: exampleSaleCreated({
      saleId,
      storeId,
      createdAt: createdAt.toISOString(),
      lines: lines.map((l) => ({
        ...l,
        modifiers: l.modifiers ?? [],
        unitPrice: '1000.00',
        total: '1000.00',
      })),
      payments: [],
    }),
  };
}

function saleRefunded(
  tenantId: string,
  saleId: string,
  storeId: string,
  lines: { saleLineNo: number; productId: string; quantity: string }[],
): NewEvent {
  return {
    tenantId,
    type: 'sale.refunded',
    aggregateId: saleId,
    source: 'sales',
    payload: exampleSaleRefunded({ saleId, storeId, lines }),
  };
}

async function emit(...events: NewEvent[]): Promise<void> {
  await inTenant(sales, events[0]!.tenantId, (m) => appendEvents(m, events));
}

const ERRORS = 'errors { code field }';

describe('recipes', { timeout: 120_000 }, () => {
  const plov = newId();
  const [rice, meat, carrot, raisins] = [newId(), newId(), newId(), newId()];
  const extraMeat = newId();
  const noCarrot = newId();

  it('computes ingredient quantities in thousandths, rounding half up', () => {
    const recipe = {
      components: [
        { modifierId: null, productId: rice, quantity: 150n },
        { modifierId: null, productId: meat, quantity: 100n },
        { modifierId: extraMeat, productId: meat, quantity: 50n },
        { modifierId: noCarrot, productId: carrot, quantity: -80n },
      ],
    };
    expect(expandRecipe(recipe, [], 2_000n)).toEqual([
      { productId: rice, quantity: 300n },
      { productId: meat, quantity: 200n },
    ]);
    // 150 × 333 / 1000 = 49.95 → 50; 100 × 333 / 1000 = 33.3 → 33.
    expect(expandRecipe(recipe, [], 333n)).toEqual([
      { productId: rice, quantity: 50n },
      { productId: meat, quantity: 33n },
    ]);
    expect(expandRecipe(recipe, [extraMeat], 1_000n)).toContainEqual({ productId: meat, quantity: 150n });
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
  });

  it('deducts a sold dish as its ingredients, with modifier effects, and the recipe in force at the sale', async () => {
    const gql = await as(DEMO.id);
    const set = await gql<{
      setRecipe: { recipe: { version: number; validFrom: string } | null; errors: UserErrorShape[] };
    }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { recipe { version validFrom ingredients { product { id } quantity } modifierEffects { modifierId ingredients { quantity } } } ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: rice, quantity: '0.150' },
            { productId: meat, quantity: '0.100' },
            { productId: carrot, quantity: '0.080' },
          ],
          modifierEffects: [
            { modifierId: extraMeat, ingredients: [{ productId: meat, quantity: '0.050' }] },
            { modifierId: noCarrot, ingredients: [{ productId: carrot, quantity: '-0.080' }] },
          ],
        },
      },
    );
    expect(set.setRecipe.errors).toEqual([]);
    expect(set.setRecipe.recipe!.version).toBe(1);
    const v1From = new Date(set.setRecipe.recipe!.validFrom);

    const sale1 = newId();
    await emit(
      // Device time just after version 1 (validFrom is truncated to the millisecond).
      saleCreated(DEMO.id, sale1, MAIN.id, new Date(v1From.getTime() + 2), [
        { lineNo: 1, productId: plov, quantity: '2.000' },
        {
          lineNo: 2,
          productId: plov,
          quantity: '1.000',
          modifiers: [
            { modifierId: extraMeat, name: 'Extra meat', priceDelta: '5000.00' },
            { modifierId: noCarrot, name: 'No carrot', priceDelta: '0.00' },
          ],
        },
      ]),
    );
    await idle();
    // Line 1: rice 0.300, meat 0.200, carrot 0.160; line 2: rice 0.150, meat 0.150, no carrot.
    expect(await level(DEMO.id, MAIN.id, rice)).toBe('-0.450');
    expect(await level(DEMO.id, MAIN.id, meat)).toBe('-0.350');
    expect(await level(DEMO.id, MAIN.id, carrot)).toBe('-0.160');
    expect(await level(DEMO.id, MAIN.id, plov)).toBeNull();

    // Version 2: more rice, no carrot. Sales made before it (device time) keep version 1.
    const set2 = await gql<{ setRecipe: { recipe: { version: number; validFrom: string } } }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { recipe { version validFrom } ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: rice, quantity: '0.200' },
            { productId: meat, quantity: '0.100' },
            { productId: raisins, quantity: '0.010' },
          ],
        },
      },
    );
    expect(set2.setRecipe.recipe.version).toBe(2);
    const v2From = new Date(set2.setRecipe.recipe.validFrom);
    const offlineBefore = newId();
    const after = newId();
    await emit(
      saleCreated(DEMO.id, offlineBefore, MAIN.id, new Date((v1From.getTime() + v2From.getTime()) / 2), [
        { lineNo: 1, productId: plov, quantity: '1.000' },
      ]),
      saleCreated(DEMO.id, after, MAIN.id, new Date(v2From.getTime() + 500), [
        { lineNo: 1, productId: plov, quantity: '1.000' },
      ]),
    );
    await idle();
    const moves = await db.admin<{
      source_id: string;
      product_id: string;
      quantity: string;
      source_part: number;
    }>(
      `SELECT source_id, product_id, quantity::text, source_part FROM inventory.stock_movement
        WHERE source_id = ANY($1::uuid[]) ORDER BY source_id = $2 DESC, source_part`,
      [[offlineBefore, after], offlineBefore],
    );
    expect(moves).toEqual([
      { source_id: offlineBefore, product_id: rice, quantity: '-0.150', source_part: 1 },
      { source_id: offlineBefore, product_id: meat, quantity: '-0.100', source_part: 2 },
      { source_id: offlineBefore, product_id: carrot, quantity: '-0.080', source_part: 3 },
      { source_id: after, product_id: rice, quantity: '-0.200', source_part: 1 },
      { source_id: after, product_id: meat, quantity: '-0.100', source_part: 2 },
      { source_id: after, product_id: raisins, quantity: '-0.010', source_part: 3 },
    ]);

    // A refund of the modified line returns what that line took (version 1, with its modifiers).
    await emit(
      saleRefunded(DEMO.id, sale1, MAIN.id, [{ saleLineNo: 2, productId: plov, quantity: '1.000' }]),
    );
    await idle();
    expect(await level(DEMO.id, MAIN.id, rice)).toBe('-0.650'); // −0.450 −0.150 −0.200 +0.150
    expect(await level(DEMO.id, MAIN.id, meat)).toBe('-0.400'); // −0.350 −0.100 −0.100 +0.150
    expect(await level(DEMO.id, MAIN.id, carrot)).toBe('-0.240');
    expect(await level(DEMO.id, MAIN.id, plov)).toBeNull();

    // Product.recipe shows the version in force.
    const read = await gql<{
      _entities: { recipe: { version: number; ingredients: { quantity: string }[] } }[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { recipe { version ingredients { quantity } } } } }`,
      { reps: [{ __typename: 'Product', id: plov }] },
    );
    expect(read._entities[0]!.recipe).toEqual({
      version: 2,
      ingredients: [{ quantity: '0.200' }, { quantity: '0.100' }, { quantity: '0.010' }],
    });
  });

  it('rejects a recipe with bad ingredients with typed errors', async () => {
    const gql = await as(DEMO.id);
    const res = await gql<{ setRecipe: { errors: UserErrorShape[] } }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: plov, quantity: '0.100' },
            { productId: 'not-a-uuid', quantity: '0.100' },
            { productId: rice, quantity: '-0.100' },
          ],
        },
      },
    );
    expect(res.setRecipe.errors.map((e) => e.code)).toEqual([
      'RECIPE_SELF_REFERENCE',
      'INVALID_ID',
      'INVALID_QUANTITY',
    ]);
  });
});

describe('goods receiving', { timeout: 60_000 }, () => {
  const flour = newId();
  let supplierId: string;

  it('creates a supplier, refuses a duplicate name', async () => {
    const gql = await as(DEMO.id);
    const q = `mutation($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id name active } ${ERRORS} } }`;
    const created = await gql<{ createSupplier: { supplier: { id: string }; errors: UserErrorShape[] } }>(q, {
      input: { name: 'Toshkent Don', taxId: '123456789' },
    });
    expect(created.createSupplier.errors).toEqual([]);
    supplierId = created.createSupplier.supplier.id;
    const dup = await gql<{ createSupplier: { errors: UserErrorShape[] } }>(q, {
      input: { name: 'toshkent don' },
    });
    expect(dup.createSupplier.errors.map((e) => e.code)).toEqual(['DUPLICATE_SUPPLIER']);
    // A TIN has 9 digits and a PINFL 14; 10 to 13 digits are neither.
    const badTax = await gql<{ createSupplier: { errors: UserErrorShape[] } }>(q, {
      input: { name: 'Samarqand Un', taxId: '1234567890' },
    });
    expect(badTax.createSupplier.errors.map((e) => e.code)).toEqual(['INVALID_TAX_ID']);
    const list = await gql<{ suppliers: { edges: { node: { name: string } }[] } }>(
      '{ suppliers(search: "don") { edges { node { name } } } }',
    );
    expect(list.suppliers.edges.map((e) => e.node.name)).toEqual(['Toshkent Don']);
  });

  it('receives goods idempotently and moves the moving average cost', async () => {
    const gql = await as(DEMO.id);
    const q = `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) {
      receipt { id total supplier { name } lines { quantity unitCost } } duplicate ${ERRORS} } }`;
    const first = {
      id: newId(),
      storeId: MAIN.id,
      supplierId,
      lines: [{ productId: flour, quantity: '10.000', unitCost: '8000.00' }],
      note: 'invoice 1',
    };
    const r1 = await gql<{
      receiveGoods: { receipt: { total: string }; duplicate: boolean; errors: UserErrorShape[] };
    }>(q, {
      input: first,
    });
    expect(r1.receiveGoods.errors).toEqual([]);
    expect(r1.receiveGoods.receipt.total).toBe('80000.00');
    expect(await avgCost(DEMO.id, MAIN.id, flour)).toBe('800000'); // tiyin per kg

    const again = await gql<{ receiveGoods: { duplicate: boolean } }>(q, { input: first });
    expect(again.receiveGoods.duplicate).toBe(true);
    expect(await level(DEMO.id, MAIN.id, flour)).toBe('10.000');

    const conflict = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(q, {
      input: { ...first, lines: [{ productId: flour, quantity: '11.000', unitCost: '8000.00' }] },
    });
    expect(conflict.receiveGoods.errors.map((e) => e.code)).toEqual(['CONTENT_MISMATCH']);

    // 5 kg sold, then 20 kg at 9 000.00 and 0.5 kg at 9 999.99:
    // A' = (5.000 × 800000 + 20.000 × 900000 + 0.500 × 999999) / 25.500 = 882 352.9… → 882353.
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: flour, quantity: '-5.000', note: 'sold off the books' },
    });
    const r2 = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(q, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId,
        lines: [
          { productId: flour, quantity: '20.000', unitCost: '9000.00' },
          { productId: newId(), quantity: '1.000', unitCost: '0.00' },
        ],
      },
    });
    expect(r2.receiveGoods.errors).toEqual([]);
    await gql(q, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId,
        lines: [{ productId: flour, quantity: '0.500', unitCost: '9999.99' }],
      },
    });
    const expected = divRoundHalfUp(5_000n * 800_000n + 20_000n * 900_000n + 500n * 999_999n, 25_500n);
    // The same figure, step by step, as the service computes it (two receipts).
    const step1 = movingAverage(5_000n, 800_000n, 20_000n, 20_000n * 900_000n);
    expect(step1).toBe(880_000n);
    expect(movingAverage(25_000n, step1, 500n, 500n * 999_999n)).toBe(882_353n);
    expect(expected).toBe(882_353n);
    expect(await avgCost(DEMO.id, MAIN.id, flour)).toBe('882353');

    const levels = await gql<{ _entities: { stockLevels: { averageCost: string; quantity: string }[] }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { stockLevels { quantity averageCost } } } }`,
      { reps: [{ __typename: 'Product', id: flour }] },
    );
    expect(levels._entities[0]!.stockLevels).toEqual([{ quantity: '25.500', averageCost: '8823.53' }]);
  });

  it('rejects negative quantities, negative costs, malformed ids with typed errors', async () => {
    const gql = await as(DEMO.id);
    const res = await gql<{ receiveGoods: { receipt: null; errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { receipt { id } ${ERRORS} } }`,
      {
        input: {
          id: 'receipt-1',
          storeId: 'main',
          supplierId,
          lines: [
            { productId: flour, quantity: '-1.000', unitCost: '100.00' },
            { productId: newId(), quantity: '1.000', unitCost: '-1.00' },
          ],
        },
      },
    );
    expect(res.receiveGoods.receipt).toBeNull();
    expect(res.receiveGoods.errors).toEqual([
      { code: 'INVALID_ID', field: ['input', 'id'] },
      { code: 'INVALID_ID', field: ['input', 'storeId'] },
      { code: 'INVALID_QUANTITY', field: ['input', 'lines', '0', 'quantity'] },
      { code: 'INVALID_COST', field: ['input', 'lines', '1', 'unitCost'] },
    ]);
    const unknownSupplier = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { ${ERRORS} } }`,
      {
        input: {
          id: newId(),
          storeId: MAIN.id,
          supplierId: newId(),
          lines: [{ productId: flour, quantity: '1.000', unitCost: '1.00' }],
        },
      },
    );
    expect(unknownSupplier.receiveGoods.errors.map((e) => e.code)).toEqual(['SUPPLIER_NOT_FOUND']);
  });
});

describe('transfers', { timeout: 60_000 }, () => {
  const sugar = newId();
  const TRANSFER = `transfer { id status lines { quantitySent quantityReceived inTransit unitCost } }`;

  it('sends (in transit), then receives, carrying the average cost', async () => {
    const gql = await as(DEMO.id);
    const supplier = await gql<{ createSupplier: { supplier: { id: string } } }>(
      `mutation { createSupplier(input: { name: "Shakar" }) { supplier { id } } }`,
    );
    await gql(`mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { ${ERRORS} } }`, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId: supplier.createSupplier.supplier.id,
        lines: [{ productId: sugar, quantity: '50.000', unitCost: '12000.00' }],
      },
    });
    const id = newId();
    const send = `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${TRANSFER} ${ERRORS} } }`;
    const sent = await gql<{
      sendTransfer: { transfer: { status: string; lines: unknown[] }; errors: UserErrorShape[] };
    }>(send, {
      input: {
        id,
        fromStoreId: MAIN.id,
        toStoreId: AIRPORT.id,
        lines: [{ productId: sugar, quantity: '12.500' }],
      },
    });
    expect(sent.sendTransfer.errors).toEqual([]);
    expect(sent.sendTransfer.transfer.status).toBe('IN_TRANSIT');
    expect(sent.sendTransfer.transfer.lines).toEqual([
      { quantitySent: '12.500', quantityReceived: null, inTransit: '12.500', unitCost: '12000.00' },
    ]);
    // Sent again (a retry): nothing more leaves.
    await gql(send, {
      input: {
        id,
        fromStoreId: MAIN.id,
        toStoreId: AIRPORT.id,
        lines: [{ productId: sugar, quantity: '12.500' }],
      },
    });
    expect(await level(DEMO.id, MAIN.id, sugar)).toBe('37.500');
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBeNull();

    const PRODUCT = `query($reps: [_Any!]!, $s: ID) { _entities(representations: $reps) { ... on Product { inTransit here: inTransit(storeId: $s) } } }`;
    const inTransit = await gql<{ _entities: { inTransit: string; here: string }[] }>(PRODUCT, {
      reps: [{ __typename: 'Product', id: sugar }],
      s: AIRPORT.id,
    });
    expect(inTransit._entities[0]).toEqual({ inTransit: '12.500', here: '12.500' });
    const open = await gql<{ transfers: { edges: { node: { id: string } }[] } }>(
      `query($s: ID) { transfers(status: IN_TRANSIT, storeId: $s) { edges { node { id } } } }`,
      { s: AIRPORT.id },
    );
    expect(open.transfers.edges.map((e) => e.node.id)).toEqual([id]);

    // 12.000 arrived (0.500 short).
    const receive = `mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) { ${TRANSFER} ${ERRORS} } }`;
    const got = await gql<{
      receiveTransfer: { transfer: { status: string; lines: unknown[] }; errors: UserErrorShape[] };
    }>(receive, { input: { transferId: id, lines: [{ productId: sugar, quantity: '12.000' }] } });
    expect(got.receiveTransfer.errors).toEqual([]);
    expect(got.receiveTransfer.transfer.status).toBe('RECEIVED');
    expect(got.receiveTransfer.transfer.lines).toEqual([
      { quantitySent: '12.500', quantityReceived: '12.000', inTransit: '0.000', unitCost: '12000.00' },
    ]);
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBe('12.000');
    expect(await avgCost(DEMO.id, AIRPORT.id, sugar)).toBe('1200000');
    const after = await gql<{ _entities: { inTransit: string }[] }>(PRODUCT, {
      reps: [{ __typename: 'Product', id: sugar }],
      s: AIRPORT.id,
    });
    expect(after._entities[0]!.inTransit).toBe('0.000');
    const twice = await gql<{ receiveTransfer: { errors: UserErrorShape[] } }>(receive, {
      input: { transferId: id },
    });
    expect(twice.receiveTransfer.errors.map((e) => e.code)).toEqual(['TRANSFER_NOT_IN_TRANSIT']);
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBe('12.000');

    const moves = await gql<{
      movements: { edges: { node: { kind: string; quantity: string; sourceKind: string } }[] };
    }>(
      `query($p: ID) { movements(filter: { productId: $p }) { edges { node { kind quantity sourceKind } } } }`,
      { p: sugar },
    );
    expect(moves.movements.edges.map((e) => e.node)).toEqual([
      { kind: 'TRANSFER_IN', quantity: '12.000', sourceKind: 'TRANSFER_IN' },
      { kind: 'TRANSFER_OUT', quantity: '-12.500', sourceKind: 'TRANSFER_OUT' },
      { kind: 'RECEIPT', quantity: '50.000', sourceKind: 'GOODS_RECEIPT' },
    ]);
  });

  it('refuses a transfer to the same store, more received than sent, and malformed ids', async () => {
    const gql = await as(DEMO.id);
    const same = await gql<{ sendTransfer: { transfer: null; errors: UserErrorShape[] } }>(
      `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { transfer { id } ${ERRORS} } }`,
      {
        input: {
          id: newId(),
          fromStoreId: MAIN.id,
          toStoreId: MAIN.id,
          lines: [{ productId: sugar, quantity: '1.000' }],
        },
      },
    );
    expect(same.sendTransfer.errors).toEqual([{ code: 'SAME_STORE', field: ['input', 'toStoreId'] }]);
    const bad = await gql<{ sendTransfer: { errors: UserErrorShape[] } }>(
      `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${ERRORS} } }`,
      {
        input: {
          id: 'x',
          fromStoreId: MAIN.id,
          toStoreId: 'y',
          lines: [{ productId: 'z', quantity: '0.000' }],
        },
      },
    );
    // Every malformed id — the transfer's, a store's, a product's — is INVALID_ID.
    expect(bad.sendTransfer.errors.map((e) => [e.code, e.field?.join('.')])).toEqual([
      ['INVALID_ID', 'input.id'],
      ['INVALID_ID', 'input.toStoreId'],
      ['INVALID_ID', 'input.lines.0.productId'],
      ['INVALID_QUANTITY', 'input.lines.0.quantity'],
    ]);
    const id = newId();
    await gql(`mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${ERRORS} } }`, {
      input: {
        id,
        fromStoreId: AIRPORT.id,
        toStoreId: MAIN.id,
        lines: [{ productId: sugar, quantity: '1.000' }],
      },
    });
    const over = await gql<{ receiveTransfer: { errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) { ${ERRORS} } }`,
      {
        input: {
          transferId: id,
          lines: [
            { productId: sugar, quantity: '1.001' },
            { productId: newId(), quantity: '1.000' },
          ],
        },
      },
    );
    expect(over.receiveTransfer.errors.map((e) => e.code)).toEqual([
      'RECEIVED_EXCEEDS_SENT',
      'PRODUCT_NOT_IN_TRANSFER',
    ]);
  });
});

describe('stock-take', { timeout: 120_000 }, () => {
  const [apples, pears, plums] = [newId(), newId(), newId()];

  it('posts adjustments for the differences against the level at posting time', async () => {
    const gql = await as(DEMO.id);
    const correct = `mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`;
    for (const [p, q] of [
      [apples, '10.000'],
      [pears, '5.000'],
      [plums, '7.000'],
    ] as const) {
      await gql(correct, { input: { storeId: AIRPORT.id, productId: p, quantity: q, note: 'opening' } });
    }
    const SHEET = `stockTake { id status partial lines { product { id } expected counted levelAtPosting adjustment } }`;
    const started = await gql<{
      startStockTake: { stockTake: { id: string; partial: boolean; lines: { expected: string }[] } };
    }>(`mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { ${SHEET} ${ERRORS} } }`, {
      input: { storeId: AIRPORT.id, productIds: [apples, pears, plums] },
    });
    const take = started.startStockTake.stockTake;
    expect(take.partial).toBe(true);
    expect(take.lines.map((l) => l.expected)).toEqual(['10.000', '5.000', '7.000']);

    await gql(`mutation($input: RecordCountInput!) { recordCount(input: $input) { ${ERRORS} } }`, {
      input: {
        stockTakeId: take.id,
        counts: [
          { productId: apples, quantity: '9.000' },
          { productId: pears, quantity: '5.000' },
        ],
      },
    });
    // A sale lands while the sheet is open: posting compares with the level at posting time.
    await emit(
      saleCreated(DEMO.id, newId(), AIRPORT.id, new Date(), [
        { lineNo: 1, productId: apples, quantity: '2.000' },
      ]),
    );
    await idle();
    expect(await level(DEMO.id, AIRPORT.id, apples)).toBe('8.000');

    const posted = await gql<{
      postStockTake: {
        stockTake: {
          status: string;
          lines: { counted: string | null; levelAtPosting: string | null; adjustment: string | null }[];
        };
        errors: UserErrorShape[];
      };
    }>(`mutation($input: PostStockTakeInput!) { postStockTake(input: $input) { ${SHEET} ${ERRORS} } }`, {
      input: { stockTakeId: take.id },
    });
    expect(posted.postStockTake.errors).toEqual([]);
    expect(posted.postStockTake.stockTake.status).toBe('POSTED');
    expect(posted.postStockTake.stockTake.lines).toEqual([
      {
        product: { id: apples },
        expected: '10.000',
        counted: '9.000',
        levelAtPosting: '8.000',
        adjustment: '1.000',
      },
      {
        product: { id: pears },
        expected: '5.000',
        counted: '5.000',
        levelAtPosting: '5.000',
        adjustment: null,
      },
      { product: { id: plums }, expected: '7.000', counted: null, levelAtPosting: null, adjustment: null },
    ]);
    expect(await level(DEMO.id, AIRPORT.id, apples)).toBe('9.000');
    expect(await level(DEMO.id, AIRPORT.id, plums)).toBe('7.000');
    const adjustments = await db.admin<{ product_id: string; kind: string; quantity: string }>(
      `SELECT product_id, kind, quantity::text FROM inventory.stock_movement WHERE source_kind = 'stock_take' AND source_id = $1`,
      [take.id],
    );
    expect(adjustments).toEqual([{ product_id: apples, kind: 'ADJUSTMENT', quantity: '1.000' }]);
    const audit = await db.admin<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit.entry WHERE action = 'inventory.stock_take.posted'`,
    );
    expect(audit).toEqual([{ action: 'inventory.stock_take.posted', entity_id: take.id }]);

    const again = await gql<{ postStockTake: { errors: UserErrorShape[] } }>(
      `mutation($input: PostStockTakeInput!) { postStockTake(input: $input) { ${ERRORS} } }`,
      { input: { stockTakeId: take.id } },
    );
    expect(again.postStockTake.errors.map((e) => e.code)).toEqual(['STOCK_TAKE_NOT_OPEN']);
  });

  it('refuses a product of another tenant (unknown here) and malformed ids', async () => {
    const other = await as(DEMO2.id);
    const res = await other<{ startStockTake: { stockTake: null; errors: UserErrorShape[] } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { stockTake { id } ${ERRORS} } }`,
      { input: { storeId: DEMO2.stores[0]!.id, productIds: [apples] } },
    );
    expect(res.startStockTake.stockTake).toBeNull();
    expect(res.startStockTake.errors).toEqual([
      { code: 'UNKNOWN_PRODUCT', field: ['input', 'productIds', '0'] },
    ]);
    const bad = await other<{ startStockTake: { errors: UserErrorShape[] } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { ${ERRORS} } }`,
      { input: { storeId: 'store', productIds: ['p'] } },
    );
    expect(bad.startStockTake.errors.map((e) => e.code)).toEqual(['INVALID_ID', 'INVALID_ID']);
    // A full sheet of tenant B lists nothing of tenant A; counting A's product on it is refused too.
    const sheet = await other<{ startStockTake: { stockTake: { id: string; lines: unknown[] } } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { stockTake { id lines { counted } } ${ERRORS} } }`,
      { input: { storeId: DEMO2.stores[0]!.id } },
    );
    expect(sheet.startStockTake.stockTake.lines).toEqual([]);
    const count = await other<{ recordCount: { errors: UserErrorShape[] } }>(
      `mutation($input: RecordCountInput!) { recordCount(input: $input) { ${ERRORS} } }`,
      {
        input: {
          stockTakeId: sheet.startStockTake.stockTake.id,
          counts: [{ productId: apples, quantity: '1.000' }],
        },
      },
    );
    expect(count.recordCount.errors.map((e) => e.code)).toEqual(['UNKNOWN_PRODUCT']);
  });
});

describe('write-offs, corrections and low stock', { timeout: 120_000 }, () => {
  const milk = newId();

  it('writes off with a reason and audits it; the id makes it idempotent', async () => {
    const gql = await as(DEMO.id);
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: milk, quantity: '20.000', note: 'found in the back room' },
    });
    const id = newId();
    const q = `mutation($input: WriteOffStockInput!) { writeOffStock(input: $input) {
      movements { kind quantity reason note staff { id } createdBy } ${ERRORS} } }`;
    const input = {
      id,
      storeId: MAIN.id,
      reason: 'SPOILED',
      note: 'fridge failed',
      lines: [{ productId: milk, quantity: '3.000' }],
    };
    const res = await gql<{ writeOffStock: { movements: unknown[]; errors: UserErrorShape[] } }>(q, {
      input,
    });
    expect(res.writeOffStock.errors).toEqual([]);
    expect(res.writeOffStock.movements).toEqual([
      {
        kind: 'WRITE_OFF',
        quantity: '-3.000',
        reason: 'SPOILED',
        note: 'fridge failed',
        staff: { id: STAFF },
        createdBy: `staff:${STAFF}`,
      },
    ]);
    await gql(q, { input });
    expect(await level(DEMO.id, MAIN.id, milk)).toBe('17.000');
    const audit = await db.admin<{
      action: string;
      actor: string;
      data: { reason: string; lines: unknown[] };
    }>(`SELECT action, actor, data FROM audit.entry WHERE entity_id = $1`, [id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'inventory.write_off',
      actor: `staff:${STAFF}`,
      data: { reason: 'SPOILED' },
    });
    const corrections = await db.admin<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.entry WHERE action = 'inventory.correction' AND data->>'productId' = $1`,
      [milk],
    );
    expect(corrections[0]!.n).toBe('1');

    const other = await gql<{ writeOffStock: { errors: UserErrorShape[] } }>(q, {
      input: { storeId: MAIN.id, reason: 'OTHER', lines: [{ productId: milk, quantity: '1.000' }] },
    });
    expect(other.writeOffStock.errors.map((e) => e.code)).toEqual(['INVALID_NOTE']);
    const zero = await gql<{ correctStock: { errors: UserErrorShape[] } }>(
      `mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`,
      { input: { storeId: MAIN.id, productId: milk, quantity: '0.000', note: 'x' } },
    );
    expect(zero.correctStock.errors.map((e) => e.code)).toEqual(['INVALID_QUANTITY']);
  });

  it('appends stock.low once per crossing, not per movement below the threshold', async () => {
    const gql = await as(DEMO.id);
    const set = await gql<{ setStockThreshold: { level: { quantity: string; threshold: string } } }>(
      `mutation($input: SetStockThresholdInput!) { setStockThreshold(input: $input) { level { quantity threshold } ${ERRORS} } }`,
      { input: { storeId: MAIN.id, productId: milk, threshold: '10.000' } },
    );
    expect(set.setStockThreshold.level).toEqual({ quantity: '17.000', threshold: '10.000' });
    const lowEvents = async () =>
      db.admin<{ payload: { quantity: string; threshold: string } }>(
        `SELECT payload FROM events.event WHERE type = 'stock.low' AND aggregate_id = $1 ORDER BY id`,
        [milk],
      );
    const sell = async (quantity: string) => {
      await emit(
        saleCreated(DEMO.id, newId(), MAIN.id, new Date(), [{ lineNo: 1, productId: milk, quantity }]),
      );
      await idle();
    };
    await sell('5.000'); // 12: still above
    expect(await lowEvents()).toEqual([]);
    await sell('3.000'); // 9: crossed
    await sell('1.000'); // 8: still below, no second event
    await sell('10.000'); // −2: still below
    expect((await lowEvents()).map((e) => e.payload)).toEqual([
      { storeId: MAIN.id, productId: milk, quantity: '9.000', threshold: '10.000' },
    ]);
    const low = await gql<{
      lowStock: { product: { id: string }; quantity: string; negative: boolean; threshold: string }[];
    }>(`query($s: ID!) { lowStock(storeId: $s) { product { id } quantity negative threshold } }`, {
      s: MAIN.id,
    });
    expect(low.lowStock).toEqual([
      { product: { id: milk }, quantity: '-2.000', negative: true, threshold: '10.000' },
    ]);
    // Back above (re-armed), then below again: a second event.
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: milk, quantity: '15.000', note: 'delivery booked late' },
    });
    await sell('4.000');
    expect((await lowEvents()).map((e) => e.payload.quantity)).toEqual(['9.000', '9.000']);
  });

  it('keeps every level equal to its ledger', async () => {
    const check = await verifyLevels(admin.manager);
    expect(check.checked).toBeGreaterThan(10);
    expect(check.mismatches).toEqual([]);
  });

  it('pages movements with a keyset cursor and filters by kind and time', async () => {
    const gql = await as(DEMO.id);
    type Page = {
      movements: {
        edges: { cursor: string; node: { id: string; kind: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($f: MovementFilter, $after: String) { movements(filter: $f, first: 3, after: $after) {
      edges { cursor node { id kind } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await gql<Page>(q, { f: { storeId: MAIN.id, productId: milk }, after });
      seen.push(...page.movements.edges.map((e) => e.node.id));
      if (!page.movements.pageInfo.hasNextPage) break;
      after = page.movements.pageInfo.endCursor;
    }
    const all = await db.admin<{ id: string }>(
      `SELECT id FROM inventory.stock_movement WHERE product_id = $1 ORDER BY created_at DESC, id DESC`,
      [milk],
    );
    expect(seen).toEqual(all.map((r) => r.id));
    const writeOffs = await gql<Page>(q, { f: { productId: milk, kind: 'WRITE_OFF' } });
    expect(writeOffs.movements.edges.map((e) => e.node.kind)).toEqual(['WRITE_OFF']);
    const future = await gql<Page>(q, {
      f: { productId: milk, from: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.movements.edges).toEqual([]);
  });
});

describe('event contracts', () => {
  it('every stock.low this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(db.admin, ['stock.low']);
    expect(check.problems).toEqual([]);
    expect(check.counts['stock.low']).toBeGreaterThan(0);
  });
});
