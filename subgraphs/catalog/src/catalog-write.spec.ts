/**
 * Issue 4, writes: bulk import (CSV and XLSX), permissions, the typed bad-input codes, price
 * history and store prices, and the COPY-based generator.
 */
import { DEMO_TENANTS, ean13 } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../scripts/generate.ts';
import {
  ADMIN,
  as,
  create,
  fixture,
  gqlError,
  IKPU,
  IMPORT,
  type Json,
  PAGE,
  product,
  READ,
  UPDATE,
  useCatalogFixture,
  WRITE,
} from './catalog.fixtures.ts';
import { gs1CheckDigitOk } from './index.ts';

const _DEMO = DEMO_TENANTS[0]!;

useCatalogFixture();

describe('bulk import', () => {
  const header = 'sku,name,name_ru,price,cost_price,vat_rate,ikpu,package_code,unit,barcodes,category,tags';
  const rows = (priceOfA: string) =>
    [
      header,
      `IMP-A,Shakar 1 kg,Сахар 1 кг,${priceOfA},10000,12,${IKPU},2009,kg,${ean13('478900000001')},Import,shirin|import`,
      `IMP-B,Tuz,Соль,"3 500,00",,0,${IKPU},2009,pcs,,,`,
      `IMP-C,Bad ikpu,,1000,,12,12345,2009,pcs,,,`,
      `IMP-D,Bad barcode,,1000,,12,${IKPU},2009,pcs,4780000000008,,`,
      `IMP-E,Bad price,,12.345,,12,${IKPU},2009,pcs,,,`,
      `IMP-F,Bad vat,,1000,,15,${IKPU},2009,pcs,,,`,
      `IMP-G,Unknown category,,1000,,12,${IKPU},2009,pcs,,Yo'q,`,
      `IMP-A,Twice,,1000,,12,${IKPU},2009,pcs,,,`,
      `IMP-H,Not a number,,abc,,12,${IKPU},2009,pcs,,,`,
      `IMP-I,Negative,,-5,,12,${IKPU},2009,pcs,,,`,
    ].join('\n');

  it('writes the good rows, reports each bad row with its code and column, and is idempotent', async () => {
    const tenant = newId();
    const gql = await as(tenant, ADMIN);
    await gql(`mutation { createCategory(input: { name: "Import" }) { errors { code } } }`);

    const dry: Json = (await gql(IMPORT, { input: { csv: rows('12000.50'), dryRun: true } })).importProducts;
    expect(dry).toMatchObject({ total: 10, created: 2, failed: 8, dryRun: true });
    expect(
      (await fixture.db.admin('SELECT 1 FROM catalog.product WHERE tenant_id = $1', [tenant])).length,
    ).toBe(0);

    const first: Json = (await gql(IMPORT, { input: { csv: rows('12000.50') } })).importProducts;
    expect(first).toMatchObject({ total: 10, created: 2, updated: 0, unchanged: 0, failed: 8, errors: [] });
    expect(first.rowErrors.map((e: Json) => [e.row, e.code, e.field.slice(2).join('.')])).toEqual([
      [4, 'INVALID_IKPU', 'ikpu'],
      [5, 'INVALID_BARCODE', 'barcodes.0'],
      [6, 'INVALID_PRICE', 'price'],
      [7, 'INVALID_VAT_RATE', 'vat_rate'],
      [8, 'UNKNOWN_CATEGORY', 'category'],
      [9, 'DUPLICATE_SKU', 'sku'],
      [10, 'INVALID_PRICE', 'price'],
      [11, 'INVALID_PRICE', 'price'],
    ]);
    const stored: Json = await gql(
      `{ products(filter: { sku: "IMP-A" }) { edges { node { name names { uz ru en } price costPrice vatRate unit barcodes tags category { name } } } } }`,
    );
    expect(stored.products.edges[0].node).toEqual({
      name: 'Shakar 1 kg',
      names: { uz: 'Shakar 1 kg', ru: 'Сахар 1 кг', en: null },
      price: '12000.50',
      costPrice: '10000.00',
      vatRate: 12,
      unit: 'kg',
      barcodes: [ean13('478900000001')],
      tags: ['shirin', 'import'],
      category: { name: 'Import' },
    });

    const again: Json = (await gql(IMPORT, { input: { csv: rows('12000.50') } })).importProducts;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 8 });

    const changed: Json = (await gql(IMPORT, { input: { csv: rows('13000.00') } })).importProducts;
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const id = (
      await fixture.db.admin<{ id: string }>(
        `SELECT id FROM catalog.product WHERE tenant_id = $1 AND sku = 'IMP-A'`,
        [tenant],
      )
    )[0]!.id;
    const history: Json = await gql(
      `query($id: ID!) { priceHistory(productId: $id) { oldPrice newPrice source actor } }`,
      { id },
    );
    expect(history.priceHistory).toEqual([
      {
        oldPrice: '12000.50',
        newPrice: '13000.00',
        source: 'import',
        actor: 'staff:00000000-0000-7000-8000-000000000001',
      },
      {
        oldPrice: null,
        newPrice: '12000.50',
        source: 'import',
        actor: 'staff:00000000-0000-7000-8000-000000000001',
      },
    ]);

    // Each import's product event carries the change-feed sequence of its write.
    const announced = await fixture.db.admin<{ seq: string }>(
      `SELECT payload->>'seq' AS seq FROM events.event
        WHERE type = 'catalog.product.upserted' AND aggregate_id = $1 ORDER BY id`,
      [id],
    );
    const [feed] = await fixture.db.admin<{ seq: string }>(
      `SELECT seq::text AS seq FROM catalog.change WHERE tenant_id = $1 AND entity_id = $2`,
      [tenant, id],
    );
    expect(announced).toHaveLength(2);
    expect(BigInt(announced[0]!.seq)).toBeLessThan(BigInt(announced[1]!.seq));
    expect(announced[1]!.seq).toBe(feed!.seq);

    const missing: Json = (await gql(IMPORT, { input: { csv: 'sku,name\nX,Y' } })).importProducts;
    expect(missing.errors[0].code).toBe('MISSING_COLUMN');
  });

  it('reads XLSX files and refuses a barcode another product holds', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    await create(gql, product('HOLDER', { barcodes: ['HELD-1'] }));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Products');
    sheet.addRow(['sku', 'name', 'price', 'vat_rate', 'ikpu', 'package_code', 'barcodes']);
    sheet.addRow(['X-1', 'Non', '4000', '0', IKPU, '2009', ean13('478555000001')]);
    sheet.addRow(['X-2', 'Sut', '9000.00', '12', IKPU, '2009', 'HELD-1']);
    const fileBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const result: Json = (await gql(IMPORT, { input: { fileBase64, format: 'XLSX' } })).importProducts;
    expect(result).toMatchObject({ total: 2, created: 1, failed: 1 });
    expect(result.rowErrors.map((e: Json) => [e.row, e.code])).toEqual([[3, 'DUPLICATE_BARCODE']]);
  });
});

describe('permissions', () => {
  it('a cashier (catalog:read only) cannot write; cost price is hidden without catalog:cost', async () => {
    const tenant = newId();
    const owner = await as(tenant, ADMIN);
    const id = await create(owner, product('COST-1', { costPrice: '700.00' }));
    const cashier = await as(tenant, READ);
    const writes: [string, Record<string, unknown>][] = [
      [UPDATE, { input: { id, price: '1.00' } }],
      [IMPORT, { input: { csv: 'sku,name,price,vat_rate,ikpu,package_code' } }],
      [`mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }`, { id }],
      [`mutation { createCategory(input: { name: "X" }) { errors { code } } }`, {}],
      [
        `mutation { createModifierGroup(input: { name: "X", options: [{ name: "Y" }] }) { errors { code } } }`,
        {},
      ],
      [
        `mutation($id: ID!) { setStorePrice(input: { productId: $id, storeId: $id, price: "1.00" }) { errors { code } } }`,
        { id },
      ],
    ];
    for (const [query, variables] of writes)
      expect(await gqlError(cashier(query, variables))).toBe('FORBIDDEN');
    const Q = `query($id: ID!) { product(id: $id) { price costPrice } }`;
    expect((await cashier(Q, { id })).product).toEqual({ price: '1000.00', costPrice: null });
    expect((await owner(Q, { id })).product).toEqual({ price: '1000.00', costPrice: '700.00' });
  });
});

describe('bad input', () => {
  it('returns each typed code with its field and writes nothing', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const a = await create(gql, product('BAD-A', { barcodes: ['CODE-A'] }));
    await create(gql, product('BAD-B', { barcodes: ['CODE-B'] }));
    const counts = async () =>
      (
        await fixture.db.admin(
          `SELECT (SELECT count(*) FROM catalog.change) c, (SELECT count(*) FROM events.event) e, (SELECT count(*) FROM audit.entry) a,
                (SELECT count(*) FROM catalog.price_history) h, (SELECT string_agg(sku || price || name, ',' ORDER BY sku) FROM catalog.product WHERE tenant_id = '${tenant}') p`,
        )
      )[0];
    const before = await counts();
    const errs = async (input: Record<string, unknown>) =>
      (await gql(UPDATE, { input: { id: a, ...input } })).updateProduct.errors.map((e: Json) => [
        e.code,
        e.field.join('.'),
      ]);

    expect(await errs({ sku: 'BAD-B' })).toEqual([['DUPLICATE_SKU', 'input.sku']]);
    expect(await errs({ barcodes: ['CODE-A', 'CODE-B'] })).toEqual([
      ['DUPLICATE_BARCODE', 'input.barcodes.1'],
    ]);
    expect(await errs({ barcodes: ['4006381333932'] })).toEqual([['INVALID_BARCODE', 'input.barcodes.0']]);
    expect(await errs({ ikpu: '1234567890123456', price: '5.00' })).toEqual([['INVALID_IKPU', 'input.ikpu']]);
    // The fiscal module's rule (tasnif package codes are 1–20 digits), not just "present".
    expect(await errs({ packageCode: 'dona' })).toEqual([['INVALID_PACKAGE_CODE', 'input.packageCode']]);
    expect(await errs({ packageCode: '1'.repeat(21) })).toEqual([
      ['INVALID_PACKAGE_CODE', 'input.packageCode'],
    ]);
    expect(await errs({ price: '-1.00', name: 'Changed' })).toEqual([['INVALID_PRICE', 'input.price']]);
    expect(await errs({ vatRate: 20 })).toEqual([['INVALID_VAT_RATE', 'input.vatRate']]);
    expect(await errs({ categoryId: newId() })).toEqual([['UNKNOWN_CATEGORY', 'input.categoryId']]);
    expect(await errs({ modifierGroupIds: [newId()] })).toEqual([
      ['UNKNOWN_MODIFIER_GROUP', 'input.modifierGroupIds.0'],
    ]);
    // A malformed id is INVALID_ID wherever it is, like in every subgraph.
    expect(await errs({ categoryId: 'drinks' })).toEqual([['INVALID_ID', 'input.categoryId']]);
    expect(await errs({ modifierGroupIds: ['x'] })).toEqual([['INVALID_ID', 'input.modifierGroupIds.0']]);
    // Non-numeric prices and more than 2 decimals are refused by the Money scalar itself.
    expect(await gqlError(gql(UPDATE, { input: { id: a, price: '12.345' } }))).toBe('BAD_USER_INPUT');
    expect(await gqlError(gql(UPDATE, { input: { id: a, price: 'abc' } }))).toBe('BAD_USER_INPUT');
    expect((await gql(UPDATE, { input: { id: newId(), name: 'X' } })).updateProduct.errors[0].code).toBe(
      'UNKNOWN_PRODUCT',
    );
    expect((await gql(UPDATE, { input: { id: 'p-1', name: 'X' } })).updateProduct.errors[0].code).toBe(
      'INVALID_ID',
    );

    const range = async (input: string) =>
      (
        await gql(
          `mutation { createModifierGroup(input: { name: "R", options: [{ name: "a" }, { name: "b" }], ${input} }) { errors { code field } } }`,
        )
      ).createModifierGroup.errors.map((e: Json) => [e.code, e.field.join('.')]);
    expect(await range('minSelections: 3, maxSelections: 2')).toEqual([
      ['INVALID_MODIFIER_RANGE', 'input.minSelections'],
    ]);
    expect(await range('minSelections: -1')).toEqual([['INVALID_MODIFIER_RANGE', 'input.minSelections']]);
    expect(await range('maxSelections: 0')).toEqual([['INVALID_MODIFIER_RANGE', 'input.maxSelections']]);
    expect(await range('required: true, minSelections: 0')).toEqual([
      ['INVALID_MODIFIER_RANGE', 'input.minSelections'],
    ]);

    const cat = async (name: string, parentId?: string) =>
      (
        await gql(
          `mutation($n: String!, $p: ID) { createCategory(input: { name: $n, parentId: $p }) { category { id } errors { code } } }`,
          { n: name, p: parentId },
        )
      ).createCategory.category.id as string;
    const top = await cat('Top');
    const mid = await cat('Mid', top);
    const leaf = await cat('Leaf', mid);
    const move = async (id: string, parentId: string) =>
      (
        await gql(
          `mutation($id: ID!, $p: ID) { updateCategory(input: { id: $id, parentId: $p }) { errors { code field } } }`,
          { id, p: parentId },
        )
      ).updateCategory.errors.map((e: Json) => [e.code, e.field.join('.')]);
    expect(await move(top, leaf)).toEqual([['CATEGORY_CYCLE', 'input.parentId']]);
    expect(await move(top, top)).toEqual([['CATEGORY_CYCLE', 'input.parentId']]);
    expect(await move(leaf, top)).toEqual([]); // a legal move
    await gql(UPDATE, { input: { id: a, categoryId: mid } });
    expect(
      (
        await gql(`mutation($id: ID!) { deleteCategory(input: { id: $id }) { errors { code } } }`, {
          id: mid,
        })
      ).deleteCategory.errors[0].code,
    ).toBe('CATEGORY_IN_USE');

    const after = await counts();
    // Only the legal writes (category moves) happened: no failed mutation left a trace.
    expect(after!.p).toBe(before!.p);
    expect(after!.h).toBe(before!.h);
  });
});

describe('cashless-only goods (issue 14)', () => {
  it('creates and updates Product.cashlessOnly, and the product event carries it (sales projects it)', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const Q = `query($id: ID!) { product(id: $id) { cashlessOnly } }`;
    const plain = await create(gql, product('CASHLESS-0'));
    expect((await gql(Q, { id: plain })).product).toEqual({ cashlessOnly: false });
    const wine = await create(gql, product('CASHLESS-1', { cashlessOnly: true }));
    expect((await gql(Q, { id: wine })).product).toEqual({ cashlessOnly: true });
    expect((await gql(UPDATE, { input: { id: wine, cashlessOnly: false } })).updateProduct.errors).toEqual(
      [],
    );
    expect((await gql(Q, { id: wine })).product).toEqual({ cashlessOnly: false });
    const events = await fixture.db.admin<{ cashless: boolean }>(
      `SELECT (payload->>'cashlessOnly')::boolean AS cashless FROM events.event
        WHERE type = 'catalog.product.upserted' AND aggregate_id = $1 ORDER BY id`,
      [wine],
    );
    expect(events.map((e) => e.cashless)).toEqual([true, false]);
  });
});

describe('prices', () => {
  it('records price history and audit, and applies store overrides only where set', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const id = await create(gql, product('PRICE-1', { price: '10000.00' }));
    const updated = (await gql(UPDATE, { input: { id, price: '12500.00' } })).updateProduct;
    expect(updated).toMatchObject({ errors: [], product: { price: '12500.00' } });
    const airport = newId();
    const set = `mutation($p: ID!, $s: ID!, $price: Money) { setStorePrice(input: { productId: $p, storeId: $s, price: $price }) {
      product { price storePrices { storeId price } } errors { code } } }`;
    const res = (await gql(set, { p: id, s: airport, price: '15000.00' })).setStorePrice;
    expect(res.product.storePrices).toEqual([{ storeId: airport, price: '15000.00' }]);
    const Q = `query($id: ID!, $s: ID) { product(id: $id) { base: price here: price(storeId: $s) } }`;
    expect((await gql(Q, { id, s: airport })).product).toEqual({ base: '12500.00', here: '15000.00' });
    expect((await gql(Q, { id, s: newId() })).product).toEqual({ base: '12500.00', here: '12500.00' });
    await gql(set, { p: id, s: airport, price: null });
    expect((await gql(Q, { id, s: airport })).product.here).toBe('12500.00');
    const codes = async (p: string, s: string) =>
      (await gql(set, { p, s, price: '1.00' })).setStorePrice.errors.map((e: Json) => e.code);
    expect(await codes(newId(), airport)).toEqual(['UNKNOWN_PRODUCT']);
    expect(await codes('p-1', 'airport')).toEqual(['INVALID_ID', 'INVALID_ID']);

    const history = (
      await gql(`query($id: ID!) { priceHistory(productId: $id) { storeId oldPrice newPrice source } }`, {
        id,
      })
    ).priceHistory;
    expect(history).toEqual([
      { storeId: airport, oldPrice: '15000.00', newPrice: null, source: 'store-price' },
      { storeId: airport, oldPrice: null, newPrice: '15000.00', source: 'store-price' },
      { storeId: null, oldPrice: '10000.00', newPrice: '12500.00', source: 'product' },
      { storeId: null, oldPrice: null, newPrice: '10000.00', source: 'product' },
    ]);
    const audit = await fixture.db.admin<{ action: string; old: string | null }>(
      `SELECT action, data->>'oldPrice' AS old FROM audit.entry WHERE entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'product.create',
      'product.update',
      'product.store-price',
      'product.store-price',
    ]);
    expect(audit[1]!.old).toBe('1000000');
  });
});

describe('generator', () => {
  it('makes a realistic catalog with COPY, searchable and in the change feed', async () => {
    const tenant = newId();
    const result = await generateCatalog({
      adminUrl: fixture.db.adminUrl,
      tenantId: tenant,
      products: 3000,
      chunkSize: 1000,
    });
    expect(result).toMatchObject({ inserted: 3000, categories: 30 });
    const again = await generateCatalog({ adminUrl: fixture.db.adminUrl, tenantId: tenant, products: 3000 });
    expect(again).toMatchObject({ inserted: 0, categories: 0 });

    const codes = await fixture.db.admin<{ barcode: string }>(
      'SELECT barcode FROM catalog.product_barcode WHERE tenant_id = $1',
      [tenant],
    );
    expect(codes.length).toBeGreaterThan(3000);
    expect(codes.every((c) => gs1CheckDigitOk(c.barcode))).toBe(true);
    const [stats] = await fixture.db.admin<Record<string, string>>(
      `SELECT count(*) FILTER (WHERE ikpu ~ '^[0-9]{17}$') AS ikpu, count(*) FILTER (WHERE name_ru ~ '[А-Яа-я]') AS ru,
              count(*) FILTER (WHERE search_text LIKE '%' || sku_l || '%') AS searchable, count(DISTINCT category_id) AS cats
         FROM (SELECT *, lower(sku) AS sku_l FROM catalog.product WHERE tenant_id = $1) p`,
      [tenant],
    );
    expect(stats).toEqual({ ikpu: '3000', ru: '3000', searchable: '3000', cats: '22' });
    const feed = await fixture.db.admin<{ n: string }>(
      'SELECT count(*) AS n FROM catalog.change WHERE tenant_id = $1',
      [tenant],
    );
    expect(feed[0]!.n).toBe('3030');

    const gql = await as(tenant, READ);
    const found: Json = await gql(PAGE, { first: 5, filter: { search: 'молоко' } });
    expect(found.products.edges.length).toBeGreaterThan(0);
    const byCode: Json = await gql(`query($c: String!) { productByBarcode(barcode: $c) { sku } }`, {
      c: ean13('478500000042'),
    });
    expect(byCode.productByBarcode.sku).toBe('GEN-0000042');
  });
});
