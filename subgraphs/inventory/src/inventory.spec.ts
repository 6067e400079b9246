import { DEMO_TENANTS } from '@jowi/demo-data';
import { createLogger, type RunningService, systemContext } from '@jowi/server-kit';
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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  applyDemoData,
  demoUnitCost,
  entities,
  migrations,
  OPENING_BALANCE,
  recordMovement,
  startInventory,
} from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const [MAIN, AIRPORT] = DEMO.stores as [(typeof DEMO.stores)[0], (typeof DEMO.stores)[0]];
const READ = ['inventory:read'];

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'inventory', migrations }]);
  keys = await createTestKeys();
  service = await startInventory(testSubgraphEnv(db, keys, { DB_POOL_SIZE: 6 }));
  ds = await db.dataSource('inventory', entities);
  await applyDemoData(ds, DEMO_TENANTS);
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

async function as(tenantId: string, permissions: string[]) {
  const headers = await identityHeaders(keys, staffIdentity(tenantId, permissions));
  return <T>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(service.url, query, variables, headers);
}

const system = (tenantId: string) => systemContext({ db: ds, tenantId, log: createLogger('test', 'silent') });

/** The ledger sum per product (and store), straight from the movements, as the admin sees it. */
async function ledgerSum(tenantId: string, productId: string, storeId?: string): Promise<string> {
  const [row] = await db.admin<{ sum: string }>(
    `SELECT coalesce(sum(quantity), 0)::numeric(18,3)::text AS sum FROM inventory.stock_movement
      WHERE tenant_id = $1 AND product_id = $2 AND ($3::uuid IS NULL OR store_id = $3)`,
    [tenantId, productId, storeId ?? null],
  );
  return row!.sum;
}

const ENTITIES = `query($reps: [_Any!]!, $store: ID) {
  _entities(representations: $reps) {
    ... on Product { id stock here: stock(storeId: $store) stockLevels { store { id } quantity updatedAt } }
  }
}`;
interface EntityStock {
  id: string;
  stock: string;
  here: string;
  stockLevels: { store: { id: string }; quantity: string; updatedAt: string }[];
}

describe('inventory subgraph', () => {
  it('answers 401 to a direct call without gateway identity', async () => {
    const res = await postGraphQL(service.url, '{ stockMovements(productId: "x") { id } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('needs inventory:read or catalog:read', async () => {
    const reps = [{ __typename: 'Product', id: DEMO.products[0]!.id }];
    const none = await (await as(DEMO.id, []))<unknown>(ENTITIES, { reps });
    expect(none.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const catalogReader = await (await as(DEMO.id, ['catalog:read']))<{ _entities: EntityStock[] }>(
      ENTITIES,
      { reps },
    );
    expect(catalogReader.body.errors).toBeUndefined();
  });

  it('resolves stock of a page of products through _entities with one query, matching the ledger', async () => {
    const products = DEMO.products;
    const reps = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const sql: string[] = [];
    const spy = vi.spyOn(service.dataSource!.logger, 'logQuery').mockImplementation((query: string) => {
      sql.push(query);
    });
    const res = await (await as(DEMO.id, READ))<{ _entities: EntityStock[] }>(ENTITIES, {
      reps,
      store: AIRPORT.id,
    });
    spy.mockRestore();
    expect(res.body.errors).toBeUndefined();
    expect(sql.filter((s) => /"inventory"\."stock_level"/.test(s))).toHaveLength(1);

    const got = res.body.data!._entities;
    expect(got.map((e) => e.id)).toEqual(products.map((p) => p.id));
    for (const [i, product] of products.entries()) {
      const entity = got[i]!;
      expect(entity.stock).toBe(await ledgerSum(DEMO.id, product.id));
      expect(entity.here).toBe(await ledgerSum(DEMO.id, product.id, AIRPORT.id));
      expect(entity.stockLevels.map((l) => l.store.id).sort()).toEqual([MAIN.id, AIRPORT.id].sort());
    }
    // Opening balance of plov: 200 portions in each of the two stores.
    expect(got[0]!.stock).toBe('400.000');
    expect(got[0]!.here).toBe('200.000');
  });

  it('keeps the level equal to the sum of the ledger through a series of movements, below zero too', async () => {
    const product = DEMO.products[16]!; // chak-chak, 30 kg per store
    const ctx = system(DEMO.id);
    const series = [
      { kind: 'RECEIPT', quantity: 5_500n, reference: 'receipt-1' },
      { kind: 'SALE', quantity: -2_250n, reference: 'sale-1' },
      { kind: 'SALE', quantity: -40_000n, reference: 'sale-2' },
      { kind: 'REFUND', quantity: 1_000n, reference: 'refund-1' },
      { kind: 'ADJUSTMENT', quantity: -125n, reference: 'count-1' },
    ] as const;
    for (const step of series) {
      const result = await recordMovement(ctx, { storeId: MAIN.id, productId: product.id, ...step });
      expect(result.errors).toEqual([]);
      expect(result.created).toBe(true);
    }
    // 30 + 5.5 − 2.25 − 40 + 1 − 0.125 = −5.875
    const [level] = await db.admin<{ quantity: string }>(
      'SELECT quantity::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
      [DEMO.id, MAIN.id, product.id],
    );
    expect(level!.quantity).toBe('-5.875');
    expect(await ledgerSum(DEMO.id, product.id, MAIN.id)).toBe('-5.875');

    const res = await (await as(DEMO.id, READ))<{ _entities: EntityStock[] }>(ENTITIES, {
      reps: [{ __typename: 'Product', id: product.id }],
      store: MAIN.id,
    });
    expect(res.body.data!._entities[0]).toMatchObject({ here: '-5.875', stock: '24.125' });

    const movements = await (await as(DEMO.id, READ))<{
      stockMovements: { kind: string; quantity: string; reference: string; store: { id: string } }[];
    }>(
      `query($p: ID!, $s: ID) { stockMovements(productId: $p, storeId: $s, first: 3) { kind quantity reference store { id } } }`,
      {
        p: product.id,
        s: MAIN.id,
      },
    );
    expect(movements.body.data!.stockMovements).toEqual([
      { kind: 'ADJUSTMENT', quantity: '-0.125', reference: 'count-1', store: { id: MAIN.id } },
      { kind: 'REFUND', quantity: '1.000', reference: 'refund-1', store: { id: MAIN.id } },
      { kind: 'SALE', quantity: '-40.000', reference: 'sale-2', store: { id: MAIN.id } },
    ]);
  });

  it('stays consistent under concurrent movements and ignores a replayed movement id', async () => {
    const product = DEMO.products[20]!;
    const ctx = system(DEMO.id);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordMovement(ctx, {
          storeId: AIRPORT.id,
          productId: product.id,
          kind: 'SALE',
          quantity: -BigInt(100 + i),
        }),
      ),
    );
    const id = '0190a000-0000-7000-8000-00000000abcd';
    const first = await recordMovement(ctx, {
      id,
      storeId: AIRPORT.id,
      productId: product.id,
      kind: 'RECEIPT',
      quantity: 7_000n,
    });
    const again = await recordMovement(ctx, {
      id,
      storeId: AIRPORT.id,
      productId: product.id,
      kind: 'RECEIPT',
      quantity: 7_000n,
    });
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.movement?.quantity).toBe(7_000n);
    const [level] = await db.admin<{ quantity: string }>(
      'SELECT quantity::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
      [DEMO.id, AIRPORT.id, product.id],
    );
    // 300 opening − (100+…+119)/1000 + 7
    expect(level!.quantity).toBe('304.810');
    expect(await ledgerSum(DEMO.id, product.id, AIRPORT.id)).toBe('304.810');
  });

  it('rejects movements whose sign does not fit their kind', async () => {
    const ctx = system(DEMO.id);
    const base = { storeId: MAIN.id, productId: DEMO.products[0]!.id };
    const codes = async (kind: 'SALE' | 'RECEIPT' | 'ADJUSTMENT', quantity: bigint) =>
      (await recordMovement(ctx, { ...base, kind, quantity })).errors.map((e) => e.code);
    expect(await codes('SALE', 1_000n)).toEqual(['INVALID_QUANTITY']);
    expect(await codes('RECEIPT', -1_000n)).toEqual(['INVALID_QUANTITY']);
    expect(await codes('ADJUSTMENT', 0n)).toEqual(['INVALID_QUANTITY']);
    expect(await ledgerSum(DEMO.id, base.productId, MAIN.id)).toBe('200.000');
  });

  it("shows tenant B nothing of tenant A's stock", async () => {
    const product = DEMO.products[0]!;
    const b = await as(DEMO2.id, READ);
    const res = await b<{ _entities: EntityStock[] }>(ENTITIES, {
      reps: [{ __typename: 'Product', id: product.id }],
      store: MAIN.id,
    });
    expect(res.body.data!._entities[0]).toMatchObject({ stock: '0.000', here: '0.000', stockLevels: [] });
    const movements = await b<{ stockMovements: unknown[] }>(
      `{ stockMovements(productId: "${product.id}") { id } }`,
    );
    expect(movements.body.data!.stockMovements).toEqual([]);
  });

  it('keeps the ledger append-only and closed without a tenant', async () => {
    for (const table of ['inventory.stock_movement', 'inventory.stock_level']) {
      const rows: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM ${table}`);
      expect(rows[0]!.n).toBe('0');
    }
    await expect(
      ds.transaction(async (m) => {
        await m.query("SELECT set_config('app.tenant_id', $1, true)", [DEMO.id]);
        await m.query('UPDATE inventory.stock_movement SET quantity = 0.001');
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(db.admin('DELETE FROM inventory.stock_movement')).rejects.toThrow(/append-only/);
  });

  it('cannot read the catalog schema as jowi_inventory', async () => {
    // Create the table the way a catalog migration would (as the owner role), so only grants decide.
    await db.admin('SET ROLE jowi_owner');
    await db.admin('CREATE TABLE IF NOT EXISTS catalog.product (tenant_id uuid NOT NULL, id uuid NOT NULL)');
    await db.admin('RESET ROLE');
    await expect(ds.query('SELECT count(*) FROM catalog.product')).rejects.toThrow(/permission denied/);
  });

  it('seeds opening balances once, however often the demo seed runs', async () => {
    const count = async () =>
      (
        await db.admin<{ n: string; total: string }>(
          `SELECT count(*) AS n, sum(quantity)::text AS total FROM inventory.stock_movement WHERE reference = $1`,
          [OPENING_BALANCE],
        )
      )[0]!;
    const before = await count();
    expect(Number(before.n)).toBe(DEMO_TENANTS.reduce((n, t) => n + t.stores.length * t.products.length, 0));
    await applyDemoData(ds, DEMO_TENANTS);
    expect(await count()).toEqual(before);
  });

  it('gives the demo opening stock a cost, so its stock has a value', async () => {
    const reps = DEMO.products.map((p) => ({ __typename: 'Product', id: p.id }));
    const res = await (await as(DEMO.id, READ))<{
      _entities: {
        id: string;
        stockLevels: { store: { id: string }; quantity: string; averageCost: string | null }[];
      }[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Product { id stockLevels { store { id } quantity averageCost } } } }`,
      { reps },
    );
    expect(res.body.errors).toBeUndefined();
    const levels = res.body.data!._entities.flatMap((e) =>
      e.stockLevels.map((l) => ({ ...l, productId: e.id })),
    );
    expect(levels).toHaveLength(DEMO.products.length * DEMO.stores.length);
    // Stock value = Σ level × average cost, in tiyin (quantities in thousandths; integers only).
    const tiyin = (money: string) => BigInt(money.replace('.', ''));
    const thousandths = (quantity: string) => BigInt(quantity.replace('.', ''));
    let value = 0n;
    for (const level of levels) {
      expect(level.averageCost, `average cost of ${level.productId}`).not.toBeNull();
      value += (thousandths(level.quantity) * tiyin(level.averageCost!)) / 1000n;
    }
    expect(value).toBeGreaterThan(0n);
    // Plov's opening stock costs 40 % of its 45 000 so'm price: 18 000 so'm a portion.
    const plov = DEMO.products.find((p) => p.name.startsWith('Osh (plov)'))!;
    expect(demoUnitCost(plov, 'Taomlar')).toBe(1_800_000n);
    expect(levels.filter((l) => l.productId === plov.id).map((l) => l.averageCost)).toEqual([
      '18000.00',
      '18000.00',
    ]);
  });
});
