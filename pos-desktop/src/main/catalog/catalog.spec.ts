/**
 * The till's local catalog against the real backend: a paired host pulls the compact change feed
 * into its SQLite store and finds what the server's search finds (Latin, Cyrillic, apostrophes,
 * SKU, barcode); a price change, an archive and a store price arrive through the feed; and a host
 * started with the gateway unreachable still serves what it stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoTill,
  GatewayProxy,
  gql,
  ownerHeaders,
  pairingCode,
  startSystem,
} from '../../../e2e/host-harness.ts';
import type { CatalogItem, PosResult } from '../../shared/pos-api.ts';
import { type PosHost, startPosHost } from '../host/pos-host.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

let system: System;
let proxy: GatewayProxy;
let owner: Record<string, string>;
let terminalId = '';
let storeId = '';
const dirs: string[] = [];
const warnings: string[] = [];
const hosts: PosHost[] = [];
const GENERATED = 1500;
const IKPU = '10401001001000000';

function ok<T>(result: PosResult<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.detail ?? ''}`);
  return result.value;
}

/** An EAN-13 with a valid check digit from 12 digits. */
function ean13(twelve: string): string {
  const sum = [...twelve].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

const WORDS = [
  ['Osh', 'Плов'],
  ["Lag'mon", 'Лағмон'],
  ['Somsa', 'Самса'],
  ['Choy', 'Чой'],
  ["Go'sht", 'Гўшт'],
];

/** A generated CSV: Uzbek Latin names with apostrophes, Russian names in Cyrillic, one barcode each. */
function generatedCsv(): string {
  const rows = ['sku,name,name_ru,price,vat_rate,ikpu,package_code,barcodes'];
  for (let i = 0; i < GENERATED; i++) {
    const [uz, ru] = WORDS[i % WORDS.length]!;
    const barcode = ean13(`478${String(i).padStart(9, '0')}`);
    rows.push(`GEN-${i},${uz} ${i},${ru} ${i},${1000 + (i % 50) * 100}.00,12,${IKPU},2009,${barcode}`);
  }
  return rows.join('\n');
}

async function ownerGql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return gql<T>(system.gatewayUrl, query, variables, owner);
}

async function startHost(dir: string, gatewayUrl = proxy.url): Promise<PosHost> {
  const host = await startPosHost({
    dataDir: dir,
    gatewayUrl,
    clientVersion: 'pos-desktop/test',
    fiscal: {
      mode: 'off',
      deviceUrl: 'http://127.0.0.1:1/rpc/api',
      port: 0,
      journalFile: join(dir, 'j.jsonl'),
    },
    sync: { autoStart: false },
    catalog: { autoStart: false },
    logger: { warn: (m: unknown) => warnings.push(String(m)), error: () => {} },
  });
  hosts.push(host);
  return host;
}

/** A host paired with the demo terminal, its cashier signed in online. */
async function pairedHost(): Promise<{ host: PosHost; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-catalog-'));
  dirs.push(dir);
  const host = await startHost(dir);
  ok(
    await host.api.session.pair({
      code: await pairingCode(system.gatewayUrl, owner, terminalId),
      deviceName: 'Catalog till',
    }),
  );
  ok(await host.api.session.pinLogin('1111'));
  return { host, dir };
}

/** Ids the server's own search returns (all of them: the queries below match fewer than 250). */
async function serverSearch(search: string): Promise<string[]> {
  const data = await ownerGql<{ products: { edges: { node: { id: string } }[] } }>(
    'query($s: String) { products(first: 250, filter: { search: $s, active: true }) { edges { node { id } } } }',
    { s: search },
  );
  return data.products.edges.map((e) => e.node.id).sort();
}

async function activeProducts(): Promise<number> {
  const [row] = await system.db.admin<{ c: string }>(
    `SELECT count(*) AS c FROM catalog.product p JOIN identity.tenant t ON t.id = p.tenant_id
      WHERE t.slug = 'demo' AND p.active`,
  );
  return Number(row!.c);
}

beforeAll(async () => {
  system = await startSystem();
  proxy = await new GatewayProxy(system.gatewayUrl).start();
  owner = await ownerHeaders(system.gatewayUrl);
  ({ terminalId } = await demoTill(system.gatewayUrl, owner));
  const stores = await ownerGql<{
    stores: { edges: { node: { id: string; terminals: { id: string }[] } }[] };
  }>('{ stores(first: 10) { edges { node { id terminals { id } } } } }');
  storeId = stores.stores.edges.find((e) => e.node.terminals.some((t) => t.id === terminalId))!.node.id;
  const imported = await ownerGql<{ importProducts: { created: number; failed: number } }>(
    'mutation($input: ImportProductsInput!) { importProducts(input: $input) { created failed } }',
    { input: { csv: generatedCsv() } },
  );
  expect(imported.importProducts).toEqual({ created: GENERATED, failed: 0 });
}, 240_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  await proxy?.close();
  await system?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the till catalog', () => {
  it('pulls the whole catalog and searches it as the server does', async () => {
    const { host } = await pairedHost();
    expect(ok(await host.api.catalog.status())).toMatchObject({ products: 0, version: null });
    const status = ok(await host.api.catalog.pullNow());
    expect(status).toMatchObject({ products: await activeProducts(), lastError: null, pulling: false });
    expect(status.products).toBeGreaterThan(GENERATED);
    expect(status.version).toMatch(/^\d+$/);

    const ids = async (query: string) =>
      ok(await host.api.catalog.search({ query, limit: 200 }))
        .items.map((i) => i.id)
        .sort();
    // Latin and Cyrillic, any case, apostrophes optional, SKU: the server's hits exactly.
    for (const query of [
      'lagmon 12',
      "LAG'MON 12",
      'лағмон 12',
      'плов 70',
      'gosht 14',
      'GEN-149',
      'самса 2',
    ]) {
      const local = await ids(query);
      expect(local.length, query).toBeGreaterThan(0);
      expect(local.length, query).toBeLessThan(200);
      expect(local, query).toEqual(await serverSearch(query));
    }
    expect(await ids('лагмон 12')).toEqual(await ids('lagmon 12'));

    // A scanned barcode: that product first, and the scanner lookup.
    const code = ean13('478000000777');
    const hit = ok(await host.api.catalog.search({ query: code }));
    expect(hit.items[0]).toMatchObject({ sku: 'GEN-777', barcodes: [code], price: '3700.00' });
    expect(ok(await host.api.catalog.byBarcode(code))?.sku).toBe('GEN-777');

    // Browsing is a window of the whole list, for a virtualised grid.
    const page = ok(await host.api.catalog.browse({ offset: 1000, limit: 20 }));
    expect(page).toMatchObject({ total: status.products, offset: 1000 });
    expect(page.items).toHaveLength(20);
    const categories = ok(await host.api.catalog.categories());
    expect(categories.length).toBeGreaterThan(0);
    const first = ok(await host.api.catalog.browse({ categoryId: categories[0]!.id, limit: 200 }));
    expect(first.total).toBe(categories[0]!.productCount);
    expect(first.items.every((i) => i.categoryId === categories[0]!.id)).toBe(true);

    expect(ok(await host.api.catalog.search({ query: 'no such thing at all' })).total).toBe(0);
    const bad = await host.api.catalog.search({ query: 'x', limit: 10_000 });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
  }, 120_000);

  it('applies a price change, a store price and an archive from the feed to the next lookup', async () => {
    const { host } = await pairedHost();
    ok(await host.api.catalog.pullNow());
    const find = async (sku: string) =>
      ok(await host.api.catalog.search({ query: sku })).items.find((i) => i.sku === sku)!;
    const before: CatalogItem = await find('GEN-10');
    expect(before.price).toBe('2000.00');
    const archived = await find('GEN-11');
    const versionBefore = ok(await host.api.catalog.status()).version!;

    await ownerGql(
      'mutation($id: ID!) { updateProduct(input: { id: $id, price: "2500.00" }) { errors { code } } }',
      {
        id: before.id,
      },
    );
    await ownerGql('mutation($id: ID!) { archiveProduct(input: { id: $id }) { errors { code } } }', {
      id: archived.id,
    });
    await ownerGql(
      'mutation($p: ID!, $s: ID!) { setStorePrice(input: { productId: $p, storeId: $s, price: "1750.00" }) { errors { code } } }',
      { p: (await find('GEN-12')).id, s: storeId },
    );
    const otherStore = '00000000-0000-4000-8000-000000000001';
    await ownerGql(
      'mutation($p: ID!, $s: ID!) { setStorePrice(input: { productId: $p, storeId: $s, price: "1.00" }) { errors { code } } }',
      { p: (await find('GEN-13')).id, s: otherStore },
    );

    // Nothing changes until the feed is pulled: a cart built now keeps the prices it was built with.
    expect((await find('GEN-10')).price).toBe('2000.00');
    // The server says it is ahead (as a syncSales answer would): the till pulls by itself.
    const server = await ownerGql<{ catalogChanges: { cursor: string } }>(
      'query($s: String) { catalogChanges(since: $s, first: 5000) { cursor } }',
      { s: versionBefore },
    );
    host.till()!.catalog.sync.serverVersion(server.catalogChanges.cursor);
    const status = ok(await host.api.catalog.pullNow());
    expect(status.version).toBe(server.catalogChanges.cursor);

    expect(await find('GEN-10')).toMatchObject({ price: '2500.00', basePrice: '2500.00' });
    expect(before.price).toBe('2000.00');
    expect(await find('GEN-12')).toMatchObject({ price: '1750.00', basePrice: '2200.00' });
    expect(await find('GEN-13')).toMatchObject({ price: '2300.00' });
    expect(ok(await host.api.catalog.product(archived.id))).toBeNull();
    expect(ok(await host.api.catalog.byBarcode(archived.barcodes[0]!))).toBeNull();
    expect(ok(await host.api.catalog.search({ query: 'GEN-11' })).items.map((i) => i.sku)).not.toContain(
      'GEN-11',
    );
    expect(status.products).toBe(await activeProducts());
  }, 120_000);

  it('serves the stored catalog when started with the gateway down', async () => {
    const { host, dir } = await pairedHost();
    const pulled = ok(await host.api.catalog.pullNow());
    await host.close();

    proxy.set('refuse');
    try {
      const offline = await startHost(dir);
      const status = ok(await offline.api.catalog.status());
      expect(status).toMatchObject({ products: pulled.products, version: pulled.version });
      expect(ok(await offline.api.catalog.search({ query: 'плов 70' })).items.length).toBeGreaterThan(0);
      const failed = ok(await offline.api.catalog.pullNow());
      expect(failed, warnings.join('\n')).toMatchObject({ lastError: 'network', products: pulled.products });
      expect(ok(await offline.api.catalog.search({ query: 'GEN-20' })).items[0]?.sku).toBe('GEN-20');
    } finally {
      proxy.set('pass');
    }
  }, 120_000);
});
