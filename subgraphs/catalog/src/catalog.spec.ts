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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyDemoData, checkBarcode, entities, gs1CheckDigitOk, migrations, startCatalog } from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const READ = ['catalog:read'];
const WRITE = ['catalog:read', 'catalog:write'];

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'catalog', migrations }]);
  keys = await createTestKeys();
  service = await startCatalog(testSubgraphEnv(db, keys, { DB_POOL_SIZE: 6 }));
  await applyDemoData(await db.dataSource('catalog', entities), DEMO_TENANTS);
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

interface ProductNode {
  id: string;
  sku: string;
  name: string;
  price: string;
  vatRate: number;
  barcodes: string[];
  category: { id: string; name: string } | null;
}
interface Page {
  products: {
    edges: { cursor: string; node: ProductNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface CreatePayload {
  createProduct: { product: ProductNode | null; errors: { code: string; field: string[] | null }[] };
}

const PAGE = `query($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id sku name price vatRate barcodes category { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const CREATE = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id sku name price vatRate barcodes category { id name } } errors { code field } }
}`;

async function as(tenantId: string, permissions: string[]) {
  const headers = await identityHeaders(keys, staffIdentity(tenantId, permissions));
  return <T>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(service.url, query, variables, headers);
}

const validInput = (overrides: Record<string, unknown> = {}) => ({
  sku: 'NEW-1',
  name: 'Qatiq 0.5 l',
  price: '8500.00',
  vatRate: 12,
  ikpu: '10401001001000000',
  packageCode: '1500',
  unit: 'pcs',
  barcodes: [],
  ...overrides,
});

describe('barcode rules', () => {
  it('checks EAN-13 and EAN-8 check digits and accepts internal codes', () => {
    expect(gs1CheckDigitOk('4780000000007')).toBe(true);
    expect(gs1CheckDigitOk('4006381333931')).toBe(true);
    expect(gs1CheckDigitOk('4006381333932')).toBe(false);
    expect(gs1CheckDigitOk('96385074')).toBe(true);
    expect(checkBarcode('96385075')).toBe('bad_check_digit');
    expect(checkBarcode('4006381333932')).toBe('bad_check_digit');
    expect(checkBarcode('PLOV-01')).toBe('ok');
    expect(checkBarcode('12345')).toBe('ok');
    expect(checkBarcode('with space')).toBe('bad_format');
  });
});

describe('catalog subgraph', () => {
  it('answers 401 to a direct call without gateway identity', async () => {
    const res = await postGraphQL(service.url, '{ products(first: 1) { edges { node { id } } } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses reads without catalog:read and writes without catalog:write', async () => {
    const none = await as(DEMO.id, []);
    const read = await none<Page>(PAGE, { first: 1 });
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reader = await as(DEMO.id, READ);
    const write = await reader<CreatePayload>(CREATE, { input: validInput() });
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pages the seeded catalog by name with keyset cursors, without overlap or gaps', async () => {
    const query = await as(DEMO.id, READ);
    const first = await query<Page>(PAGE, { first: 12 });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data!.products;
    expect(page1.edges).toHaveLength(12);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await query<Page>(PAGE, { first: 12, after: page1.pageInfo.endCursor });
    const page2 = second.body.data!.products;
    expect(page2.edges).toHaveLength(12);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const seen = [...page1.edges, ...page2.edges].map((e) => e.node);
    expect(new Set(seen.map((p) => p.id)).size).toBe(24);
    const all = await query<Page>(PAGE, { first: 250 });
    expect(all.body.data!.products.edges.map((e) => e.node.id)).toEqual(seen.map((p) => p.id));
    const names = seen.map((p) => p.name);
    const dbOrder = await db.admin<{ name: string }>(
      'SELECT name FROM catalog.product WHERE tenant_id = $1 ORDER BY name, id',
      [DEMO.id],
    );
    expect(names).toEqual(dbOrder.map((r) => r.name));

    const plov = seen.find((p) => p.sku === 'DEMO-0001')!;
    expect(plov).toMatchObject({ price: '45000.00', vatRate: 12, category: { name: 'Taomlar' } });
    expect(plov.barcodes).toEqual(DEMO.products[0]!.barcodes);

    const tooMany = await query<Page>(PAGE, { first: 251 });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await query<Page>(PAGE, { first: 5, after: 'garbage' });
    expect(badCursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('searches name and SKU case-insensitively, word by word, and filters', async () => {
    const query = await as(DEMO.id, READ);
    const skus = async (filter: Record<string, unknown>) =>
      (await query<Page>(PAGE, { first: 50, filter })).body
        .data!.products.edges.map((e) => e.node.sku)
        .sort();

    expect(await skus({ search: 'CHOY' })).toEqual(['DEMO-0010', 'DEMO-0011']);
    expect(await skus({ search: 'qora choy' })).toEqual(['DEMO-0011']);
    expect(await skus({ search: 'demo-0003' })).toEqual(['DEMO-0003']);
    expect(await skus({ search: '%' })).toEqual([]);
    expect(await skus({ barcode: DEMO.products[4]!.barcodes[0] })).toEqual(['DEMO-0005']);
    const drinks = DEMO.categories.find((c) => c.name === 'Ichimliklar')!;
    expect(await skus({ categoryId: drinks.id })).toEqual([
      'DEMO-0010',
      'DEMO-0011',
      'DEMO-0012',
      'DEMO-0013',
      'DEMO-0014',
    ]);
    expect(await skus({ categoryId: drinks.id, search: 'choy' })).toEqual(['DEMO-0010', 'DEMO-0011']);
    expect(await skus({ active: false })).toEqual([]);
    expect((await skus({ active: true })).length).toBe(24);
  });

  it('finds a product by barcode, only in its own tenant', async () => {
    const code = DEMO.products[6]!.barcodes[0]!;
    const q = `query($code: String!) { productByBarcode(barcode: $code) { sku name } }`;
    const own = await (await as(DEMO.id, READ))<{ productByBarcode: { sku: string } | null }>(q, {
      code: ` ${code} `,
    });
    expect(own.body.data?.productByBarcode?.sku).toBe('DEMO-0007');
    const other = await (await as(DEMO2.id, READ))<{ productByBarcode: unknown }>(q, { code });
    expect(other.body.data?.productByBarcode).toBeNull();
    const unknown = await (await as(DEMO.id, READ))<{ productByBarcode: unknown }>(q, {
      code: '4780000000007',
    });
    expect(unknown.body.data?.productByBarcode).toBeNull();
  });

  it("resolves _entities in one batched query per table, and never another tenant's product", async () => {
    const ids = DEMO.products.map((p) => p.id);
    const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id sku barcodes category { name } } } }`;
    const reps = ids.map((id) => ({ __typename: 'Product', id }));
    const sql: string[] = [];
    const spy = vi.spyOn(service.dataSource!.logger, 'logQuery').mockImplementation((query: string) => {
      sql.push(query);
    });
    const res = await (await as(DEMO.id, READ))<{ _entities: ({ id: string; barcodes: string[] } | null)[] }>(
      q,
      { reps },
    );
    spy.mockRestore();
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities.map((e) => e?.id)).toEqual(ids);
    expect(res.body.data!._entities.every((e) => e!.barcodes.length === 1)).toBe(true);
    expect(sql.filter((s) => /FROM "catalog"\."product" /.test(s))).toHaveLength(1);
    expect(sql.filter((s) => /FROM "catalog"\."product_barcode"/.test(s))).toHaveLength(1);
    expect(sql.filter((s) => /FROM "catalog"\."category"/.test(s))).toHaveLength(1);

    const foreign = await (await as(DEMO2.id, READ))<{ _entities: unknown[] }>(q, { reps: reps.slice(0, 3) });
    expect(foreign.body.data!._entities).toEqual([null, null, null]);
    const byId = await (await as(DEMO2.id, READ))<{ product: unknown }>(
      `{ product(id: "${ids[0]}") { id } }`,
    );
    expect(byId.body.data?.product).toBeNull();
  });

  it('creates a product with barcodes, its event and its audit entry in one transaction', async () => {
    const write = await as(DEMO.id, WRITE);
    const category = DEMO.categories[0]!;
    const res = await write<CreatePayload>(CREATE, {
      input: validInput({
        sku: 'QATIQ-1',
        barcodes: ['4780000000007', 'QATIQ-INT'],
        categoryId: category.id,
      }),
    });
    expect(res.body.errors).toBeUndefined();
    const { product, errors } = res.body.data!.createProduct;
    expect(errors).toEqual([]);
    expect(product).toMatchObject({ sku: 'QATIQ-1', price: '8500.00', category: { id: category.id } });
    expect([...product!.barcodes].sort()).toEqual(['4780000000007', 'QATIQ-INT']);

    const events = await db.admin<{
      type: string;
      tenant_id: string;
      payload: { price: string; barcodes: string[]; seq: string };
    }>('SELECT type, tenant_id, payload FROM events.event WHERE aggregate_id = $1 ORDER BY id', [
      product!.id,
    ]);
    // The change-feed event, then the snapshot event (issue 4).
    expect(events.map((e) => e.type)).toEqual(['catalog.changed', 'catalog.product.upserted']);
    expect(events[1]).toMatchObject({
      type: 'catalog.product.upserted',
      tenant_id: DEMO.id,
      payload: { price: '850000' },
    });
    // The snapshot carries the change-feed sequence of its write (consumers keep the newest).
    expect(events[1]!.payload.seq).toMatch(/^\d+$/);
    expect(events[1]!.payload.seq).toBe(events[0]!.payload.seq);
    const audit = await db.admin<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit.entry WHERE entity_id = $1',
      [product!.id],
    );
    expect(audit).toEqual([
      { action: 'product.create', actor: 'staff:00000000-0000-7000-8000-000000000001' },
    ]);
  });

  it('returns typed errors for invalid input, all at once, and writes nothing', async () => {
    const write = await as(DEMO.id, WRITE);
    const before = await counts();
    const res = await write<CreatePayload>(CREATE, {
      input: validInput({
        sku: 'BAD-1',
        name: '   ',
        price: '-1.00',
        vatRate: 15,
        ikpu: '12345',
        barcodes: ['4780000000008', 'OK-CODE'],
      }),
    });
    expect(res.body.data!.createProduct.product).toBeNull();
    expect(res.body.data!.createProduct.errors).toEqual([
      { code: 'INVALID_NAME', field: ['input', 'name'] },
      { code: 'INVALID_PRICE', field: ['input', 'price'] },
      { code: 'INVALID_VAT_RATE', field: ['input', 'vatRate'] },
      { code: 'INVALID_IKPU', field: ['input', 'ikpu'] },
      { code: 'INVALID_BARCODE', field: ['input', 'barcodes', '0'] },
    ]);
    const badEan8 = await write<CreatePayload>(CREATE, {
      input: validInput({ sku: 'BAD-2', barcodes: ['96385075'] }),
    });
    expect(badEan8.body.data!.createProduct.errors.map((e) => e.code)).toEqual(['INVALID_BARCODE']);
    expect(await counts()).toEqual(before);
  });

  it('rejects a duplicate SKU, a taken barcode and an unknown category without partial writes', async () => {
    const write = await as(DEMO.id, WRITE);
    const before = await counts();
    const taken = DEMO.products[1]!.barcodes[0]!;
    const res = await write<CreatePayload>(CREATE, {
      input: validInput({
        sku: 'DEMO-0001',
        barcodes: ['FRESH-CODE', taken],
        categoryId: '0190a000-0000-7000-8000-0000000000ff',
      }),
    });
    expect(res.body.data!.createProduct.errors).toEqual([
      { code: 'UNKNOWN_CATEGORY', field: ['input', 'categoryId'] },
      { code: 'DUPLICATE_SKU', field: ['input', 'sku'] },
      { code: 'DUPLICATE_BARCODE', field: ['input', 'barcodes', '1'] },
    ]);
    // Another tenant's category is as unknown as a made-up one.
    const foreign = await write<CreatePayload>(CREATE, {
      input: validInput({ sku: 'FOREIGN-CAT', categoryId: DEMO2.categories[0]!.id }),
    });
    expect(foreign.body.data!.createProduct.errors.map((e) => e.code)).toEqual(['UNKNOWN_CATEGORY']);
    expect(await counts()).toEqual(before);
    const fresh = await db.admin('SELECT 1 FROM catalog.product_barcode WHERE barcode = $1', ['FRESH-CODE']);
    expect(fresh).toHaveLength(0);

    // The same SKU is free in another tenant.
    const other = await (await as(DEMO2.id, WRITE))<CreatePayload>(CREATE, {
      input: validInput({ sku: 'DEMO-0001' }),
    });
    expect(other.body.data!.createProduct.errors).toEqual([]);
  });

  it('lets exactly one of several concurrent creates claim a barcode; the losers leave nothing behind', async () => {
    const write = await as(DEMO.id, WRITE);
    const before = await counts();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        write<CreatePayload>(CREATE, { input: validInput({ sku: `RACE-${n}`, barcodes: ['RACE-CODE'] }) }),
      ),
    );
    const codes = results.map((r) => r.body.data!.createProduct.errors.map((e) => e.code));
    expect(codes.filter((c) => c.length === 0)).toHaveLength(1);
    expect(codes.filter((c) => c.join() === 'DUPLICATE_BARCODE')).toHaveLength(4);
    const after = await counts();
    expect(after).toEqual({
      products: before.products + 1,
      events: before.events + 2, // catalog.product.upserted + catalog.changed
      audit: before.audit + 1,
    });
  });

  it('keeps every tenant table closed without a tenant, even to its own runtime role', async () => {
    const ds = await db.dataSource('catalog');
    for (const table of ['catalog.product', 'catalog.category', 'catalog.product_barcode']) {
      const rows: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM ${table}`);
      expect(rows[0]!.n).toBe('0');
    }
    const total = await db.admin<{ n: string }>('SELECT count(*) AS n FROM catalog.product');
    expect(Number(total[0]!.n)).toBeGreaterThan(48);
  });

  it('re-seeding the demo data changes nothing', async () => {
    const before = await counts();
    await applyDemoData(await db.dataSource('catalog', entities), DEMO_TENANTS);
    expect(await counts()).toEqual(before);
  });
});

async function counts(): Promise<{ products: number; events: number; audit: number }> {
  const [row] = await db.admin<{ products: string; events: string; audit: string }>(
    `SELECT (SELECT count(*) FROM catalog.product) AS products,
            (SELECT count(*) FROM events.event) AS events,
            (SELECT count(*) FROM audit.entry) AS audit`,
  );
  return { products: Number(row!.products), events: Number(row!.events), audit: Number(row!.audit) };
}
