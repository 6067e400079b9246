/**
 * Rows of two tenants for the cross-tenant specs (security-rls-*.spec.ts): the demo tenants
 * `demo` (A) and `demo2` (B) on a fresh stack, each given rows through the public API where one
 * writes them — sales with a shift, cash movement and refund, a fiscal receipt, customers and a
 * merge, catalog modifiers and store prices, loyalty, API keys and a paired terminal, stock
 * documents, a recipe — and otherwise the way production writes them: a central fiscal device
 * (whose worker opens fiscal shifts), a sale naming a customer nobody knows (loyalty skips it),
 * and a sales event naming no store (inventory skips it).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@jowi/demo-data';
import { type DemoFiscalDevice, registerDemoCentralDevices, startDemoFiscalDevice } from '@jowi/fiscal';
import { newId } from '@jowi/server-kit';
import pg from 'pg';
import { expect, vi } from 'vitest';
import {
  createStackForTests,
  type GqlResult,
  gatewayClient,
  loginHeaders,
  type TestStack,
} from './testing.ts';

export const demo = DEMO_TENANTS[0]!;
export const demo2 = DEMO_TENANTS[1]!;
export const A = demo.id;
export const B = demo2.id;
type Tenant = typeof demo;
type Headers = Record<string, string>;

/**
 * Tables with a `tenant_id` that are global by design (no RLS): lookups made before the tenant
 * is known. login_directory maps an email to its tenant; pairing_directory and api_key_directory
 * map a pairing-code hash / public key prefix to its tenant (issue 3, sessions and API keys).
 */
export const GLOBAL_BY_DESIGN = new Set([
  'identity.login_directory',
  'identity.pairing_directory',
  'identity.api_key_directory',
]);
/** Shared append-only tables every runtime role may read and append to. */
export const SHARED = ['events.event', 'audit.entry'];

/** A stack with rows of both tenants, the two owners' sessions and some of tenant B's ids. */
export interface RlsFixture {
  stack: TestStack;
  gql: <T>(query: string, variables: Record<string, unknown>, headers: Headers) => Promise<GqlResult<T>>;
  owner: Headers;
  owner2: Headers;
  /** A sale of demo2's with a registered fiscal receipt, another sale of demo2's, a customer of demo2's. */
  foreign: { saleId: string; otherSaleId: string; customerId: string };
  close(): Promise<void>;
}

export const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  results { status } errors { code } shiftEventResults { status } refundResults { status } } }`;
const RECORD = `mutation($input: RecordFiscalReceiptInput!) { recordFiscalReceipt(input: $input) { errors { code } } }`;
const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } errors { code } } }`;

/** A cash sale of two of the tenant's first product; with a shift, cash movement and partial refund if asked. */
export function saleInput(tenant: Tenant, id: string, withShiftAndRefund = false) {
  const product = tenant.products[0]!;
  const price = `${product.price / 100n}.00`;
  const shiftId = newId();
  return {
    terminalId: tenant.stores[0]!.terminals[0]!.id,
    sales: [
      {
        id,
        createdAt: '2026-11-28T09:30:00Z',
        lines: [{ productId: product.id, quantity: '2.000', unitPrice: price }],
        payments: [{ method: 'CASH', amount: `${(product.price * 2n) / 100n}.00` }],
        total: `${(product.price * 2n) / 100n}.00`,
      },
    ],
    ...(withShiftAndRefund
      ? {
          shiftEvents: [
            { kind: 'OPEN', id: shiftId, at: '2026-11-28T09:00:00Z', amount: '100000.00' },
            {
              kind: 'CASH_IN',
              id: newId(),
              shiftId,
              at: '2026-11-28T09:10:00Z',
              amount: '5000.00',
              reason: 'change',
            },
          ],
          refunds: [
            {
              id: newId(),
              saleId: id,
              createdAt: '2026-11-28T09:40:00Z',
              lines: [{ saleLineNo: 1, quantity: '1.000' }],
              reason: 'RLS probe',
            },
          ],
        }
      : {}),
  };
}

/** A demo product by its menu name (the same menu in both tenants, each with its own ids). */
const productNamed = (tenant: Tenant, name: string) => {
  const product = tenant.products.find((p) => p.name === name);
  if (!product) throw new Error(`no demo product ${name}`);
  return product;
};

/** The seeding calls of one spec file: its stack's gateway client. */
type Seeding = Pick<RlsFixture, 'stack' | 'gql'>;

/**
 * Runs one seeding mutation, `field(input: $input)` with the house's `<Field>Input` type, and
 * fails right here on a GraphQL error or a user error, so a broken mutation cannot leave a table
 * silently empty.
 */
async function mutate<P>(
  s: Seeding,
  field: string,
  input: Record<string, unknown>,
  selection: string,
  headers: Headers,
  label: string,
): Promise<P> {
  const inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const res = await s.gql<Record<string, P & { errors: unknown[] }>>(
    `mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} errors { code message } } }`,
    { input },
    headers,
  );
  expect(res.errors, `${label} ${field}`).toBeUndefined();
  expect(res.data?.[field]?.errors, `${label} ${field}`).toEqual([]);
  return res.data![field]!;
}

/** Sales (with shift, cash movement, refund), a fiscal receipt recorded by the POS, and a customer. */
async function seedSaleReceiptCustomer(
  s: Seeding,
  tenant: Tenant,
  headers: Headers,
  saleId: string,
  i: number,
) {
  const sync = await s.gql<{
    syncSales: {
      results: { status: string }[];
      shiftEventResults: { status: string }[];
      refundResults: { status: string }[];
    };
  }>(SYNC, { input: saleInput(tenant, saleId, true) }, headers);
  expect(sync.data?.syncSales.results[0]?.status, tenant.slug).toBe('CREATED');
  expect(
    sync.data?.syncSales.shiftEventResults.map((r) => r.status),
    tenant.slug,
  ).toEqual(['CREATED', 'CREATED']);
  expect(sync.data?.syncSales.refundResults[0]?.status, tenant.slug).toBe('CREATED');
  const receipt = await s.gql<{ recordFiscalReceipt: { errors: unknown[] } }>(
    RECORD,
    {
      input: {
        saleId,
        terminalId: 'UZ191211501033',
        receiptSeq: 100 + i,
        dateTime: '20261128143000',
        fiscalSign: `12345678901${i}`,
      },
    },
    headers,
  );
  expect(receipt.data?.recordFiscalReceipt.errors, tenant.slug).toEqual([]);
  const customer = await s.gql<{ createCustomer: { customer: { id: string } | null } }>(
    CREATE_CUSTOMER,
    { input: { phone: `+99890${String(7000000 + i)}`, name: `RLS ${tenant.slug}` } },
    headers,
  );
  expect(customer.data?.createCustomer.customer, tenant.slug).not.toBeNull();
  return customer.data!.createCustomer.customer!.id;
}

/** Catalog: a modifier group with two options, attached to a product that also gets a store price. */
async function seedCatalog(s: Seeding, tenant: Tenant, headers: Headers) {
  const shashlik = productNamed(tenant, 'Shashlik, mol go‘shti');
  const { modifierGroup } = await mutate<{ modifierGroup: { id: string } }>(
    s,
    'createModifierGroup',
    { name: 'Garnir', options: [{ name: 'Piyoz' }, { name: 'Non', priceDelta: '2000.00' }] },
    'modifierGroup { id }',
    headers,
    tenant.slug,
  );
  const attach = { id: shashlik.id, modifierGroupIds: [modifierGroup.id] };
  await mutate(s, 'updateProduct', attach, 'product { id }', headers, tenant.slug);
  const price = { productId: shashlik.id, storeId: tenant.stores[1]!.id, price: '25000.00' };
  await mutate(s, 'setStorePrice', price, 'product { id }', headers, tenant.slug);
}

/**
 * A webhook endpoint for sales, pointing at a closed loopback port: the sales seeded after it
 * become deliveries, and each failed first attempt is recorded (loopback is allowed outside
 * production).
 */
async function seedWebhookEndpoint(s: Seeding, tenant: Tenant, headers: Headers) {
  const input = { url: 'http://127.0.0.1:9/hooks', events: ['sale.created'] };
  await mutate(s, 'createWebhookEndpoint', input, 'endpoint { id }', headers, tenant.slug);
}

/**
 * Catalog import: a two-row CSV (the second row's IKPU too short) uploaded in one part and checked
 * (dry run): the job, its part and, once the background run is done, its refused row.
 */
async function seedImportJob(s: Seeding, tenant: Tenant, headers: Headers) {
  const jobId = newId();
  const file = [
    'sku,name,price,vat_rate,ikpu,package_code',
    'RLS-1,RLS import 1,1000,12,10401001001000000,2009',
    'RLS-2,RLS import 2,1000,12,123,2009',
  ].join('\n');
  const start = { id: jobId, format: 'CSV', partCount: 1, fileName: 'rls.csv' };
  await mutate(s, 'startProductImport', start, 'productImport { id }', headers, tenant.slug);
  const part = { jobId, part: 0, data: Buffer.from(`${file}\n`).toString('base64') };
  await mutate(s, 'uploadProductImportPart', part, 'productImport { id }', headers, tenant.slug);
  await mutate(s, 'runProductImport', { jobId, dryRun: true }, 'productImport { id }', headers, tenant.slug);
}

/**
 * A till's offline customer whose phone is already on file: `syncCustomers` links it, and the
 * till's id becomes an alias of the existing customer (customers.customer_alias).
 */
async function seedLinkedTillCustomer(s: Seeding, tenant: Tenant, headers: Headers, i: number) {
  const phone = `+99893${String(7000000 + i)}`;
  const existing = { phone, name: `RLS on file ${tenant.slug}` };
  await mutate(s, 'createCustomer', existing, 'customer { id }', headers, tenant.slug);
  const till = { customers: [{ id: newId(), phone, name: `RLS till ${tenant.slug}` }] };
  const { results } = await mutate<{ results: { status: string }[] }>(
    s,
    'syncCustomers',
    till,
    'results { status }',
    headers,
    tenant.slug,
  );
  expect(
    results.map((r) => r.status),
    tenant.slug,
  ).toEqual(['LINKED']);
}

/** A POS heartbeat for the main store's terminal (sales.terminal_health). */
async function seedTerminalHealth(s: Seeding, tenant: Tenant, headers: Headers) {
  const input = {
    terminalId: tenant.stores[0]!.terminals[0]!.id,
    health: { outboxDepth: 0, parkedCount: 0, appVersion: 'rls-probe' },
  };
  await mutate(s, 'reportTerminalHealth', input, 'terminalHealth { terminalId }', headers, tenant.slug);
}

/** Customers: a loyalty program (1 % back, at most half of a receipt paid in points), and a merge. */
async function seedLoyaltyAndMerge(s: Seeding, tenant: Tenant, headers: Headers, i: number) {
  const program = { enabled: true, accrualBps: 100, maxRedeemPercent: 50 };
  await mutate(s, 'setLoyaltyProgram', program, 'program { version }', headers, tenant.slug);
  const [keep, duplicate] = await Promise.all(
    ['kept', 'duplicate'].map(async (name, n) => {
      const input = { phone: `+99891${String(7000000 + 10 * i + n)}`, name: `RLS ${name} ${tenant.slug}` };
      const { customer } = await mutate<{ customer: { id: string } }>(
        s,
        'createCustomer',
        input,
        'customer { id }',
        headers,
        tenant.slug,
      );
      return customer.id;
    }),
  );
  // customer.merged reaches sales, which keeps the alias (sales.customer_alias).
  const merge = { keepId: keep, mergeId: duplicate };
  await mutate(s, 'mergeCustomers', merge, 'customer { id }', headers, tenant.slug);
}

/** Identity: an API key, and the airport terminal paired with a device through a pairing code. */
async function seedTerminalAccess(s: Seeding, tenant: Tenant, headers: Headers) {
  const key = { name: 'RLS probe', scopes: ['read:catalog'] };
  await mutate(s, 'createApiKey', key, 'apiKey { id }', headers, tenant.slug);
  const { code } = await mutate<{ code: string }>(
    s,
    'createTerminalPairingCode',
    { terminalId: tenant.stores[1]!.terminals[0]!.id },
    'code',
    headers,
    tenant.slug,
  );
  // The POS redeems the code anonymously; the used code stays as a row (used_at set).
  await mutate(s, 'pairTerminal', { code, deviceName: 'RLS probe' }, 'deviceId', {}, tenant.slug);
}

/** Inventory documents: a supplier's goods receipt, a threshold, a transfer and a stock-take. */
async function seedStockDocuments(s: Seeding, tenant: Tenant, headers: Headers) {
  const [main, airport] = [tenant.stores[0]!, tenant.stores[1]!];
  const product = (name: string) => productNamed(tenant, name).id;
  const run = <P>(field: string, input: Record<string, unknown>, selection: string) =>
    mutate<P>(s, field, input, selection, headers, tenant.slug);
  const { supplier } = await run<{ supplier: { id: string } }>(
    'createSupplier',
    { name: 'Bozor ulgurji' },
    'supplier { id }',
  );
  const goods = [{ productId: product('Guruch, devzira'), quantity: '20.000', unitCost: '30000.00' }];
  const receipt = { id: newId(), storeId: main.id, supplierId: supplier.id, lines: goods };
  await run('receiveGoods', receipt, 'receipt { id }');
  const threshold = { storeId: main.id, productId: product('Ayron'), threshold: '50.000' };
  await run('setStockThreshold', threshold, 'level { quantity }');
  const moved = [{ productId: product('Coca-Cola 0.5 l'), quantity: '12.000' }];
  await run(
    'sendTransfer',
    { id: newId(), fromStoreId: main.id, toStoreId: airport.id, lines: moved },
    'transfer { id }',
  );
  const water = product('Hydrolife suv 1 l');
  const { stockTake } = await run<{ stockTake: { id: string } }>(
    'startStockTake',
    { storeId: airport.id, productIds: [water] },
    'stockTake { id }',
  );
  const counts = [{ productId: water, quantity: '598.000' }];
  await run('recordCount', { stockTakeId: stockTake.id, counts }, 'stockTake { id }');
}

/**
 * Inventory recipes: Lag'mon gets a recipe, then one is sold — to a customer nobody knows, so
 * loyalty parks the sale (`events.parked_event`). The sale reaches inventory through the event
 * log, whose consumer deducts the ingredients and remembers the recipe used (`sale_recipe_line`);
 * with a central fiscal device bound, its receipt opens a fiscal shift.
 */
async function seedRecipeSale(s: Seeding, tenant: Tenant, headers: Headers) {
  const dish = productNamed(tenant, "Lag'mon");
  const ingredients = [
    { productId: productNamed(tenant, 'Mol go‘shti').id, quantity: '0.120' },
    { productId: productNamed(tenant, 'Piyoz').id, quantity: '0.040' },
  ];
  const { recipe } = await mutate<{ recipe: { validFrom: string } }>(
    s,
    'setRecipe',
    { productId: dish.id, ingredients },
    'recipe { validFrom }',
    headers,
    tenant.slug,
  );
  // A recipe applies to sales made after it took effect (device time), so sell just after that.
  const price = `${dish.price / 100n}.00`;
  const sale = {
    id: newId(),
    createdAt: new Date(Date.parse(recipe.validFrom) + 1000).toISOString(),
    // With the catalog facts a fiscal receipt needs, as the POS sends them.
    lines: [
      {
        productId: dish.id,
        quantity: '1.000',
        unitPrice: price,
        name: dish.name,
        vatRate: dish.vatRate,
        ikpu: dish.ikpu,
        packageCode: dish.packageCode,
      },
    ],
    payments: [{ method: 'CASH', amount: price }],
    total: price,
    customerId: newId(),
  };
  const input = { terminalId: tenant.stores[0]!.terminals[0]!.id, sales: [sale] };
  const { results } = await mutate<{ results: { status: string }[] }>(
    s,
    'syncSales',
    input,
    'results { status }',
    headers,
    tenant.slug,
  );
  expect(
    results.map((r) => r.status),
    tenant.slug,
  ).toEqual(['CREATED']);
}

/**
 * A `sale.created` naming no store, appended by the sales role in the tenant's transaction as a
 * producer would (the sales subgraph itself never emits one): it breaks the event's contract, so
 * every consumer of it parks it at once (`events.parked_event`) rather than guess where the stock
 * went.
 */
async function appendStorelessSaleEvent(s: Seeding, tenant: Tenant) {
  const client = new pg.Client({ connectionString: s.stack.db.roleUrl('sales') });
  await client.connect();
  try {
    const saleId = newId();
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
    await client.query(
      `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source)
       VALUES ($1, 'sale.created', $2, $3, 'rls-probe')`,
      [tenant.id, saleId, JSON.stringify({ saleId, storeId: null, total: '0.00', lines: [], payments: [] })],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Simulated fiscal modules (each behind its fiscal gateway) and their state directory. */
interface FiscalDevices {
  devices: DemoFiscalDevice[];
  dir: string;
  close(): Promise<void>;
}

/**
 * For each tenant, a fiscal module simulator behind a fiscal gateway, registered as a CENTRAL
 * device with the tenant's demo terminals bound to it (`fiscal.pos_terminal`), as `npm start`
 * does. One module per tenant: the worker records a fiscal shift (`fiscal.shift`) when it opens
 * one, and a module's shift is opened only once.
 */
async function bindCentralFiscalDevices(s: Seeding): Promise<FiscalDevices> {
  const dir = mkdtempSync(join(tmpdir(), 'jowi-rls-fiscal-'));
  const fiscal = s.stack.services.find((service) => service.name === 'fiscal')!;
  const devices: DemoFiscalDevice[] = [];
  const close = async () => {
    for (const device of devices) await device.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const tenant of DEMO_TENANTS) {
      const dataDir = join(dir, tenant.slug);
      mkdirSync(dataDir);
      const device = await startDemoFiscalDevice({ dataDir, simulatorPort: 0, gatewayPort: 0 });
      devices.push(device);
      await registerDemoCentralDevices(fiscal.dataSource!, [tenant], device);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { devices, dir, close };
}

/** Waits (at most 60 s) until an event consumer or worker has written rows of both tenants into `table`. */
async function untilBothTenantsIn(s: Seeding, table: string) {
  await vi.waitFor(
    async () => {
      const [row] = await s.stack.db.admin<{ n: string }>(
        `SELECT count(DISTINCT tenant_id) AS n FROM ${table} WHERE tenant_id = ANY($1)`,
        [[A, B]],
      );
      expect(Number(row!.n), `${table}: tenants with rows`).toBe(2);
    },
    { timeout: 60_000, interval: 200 },
  );
}

/**
 * A fresh stack where both tenants have a sale (demo2's with a fiscal receipt), a customer and
 * another sale of demo2's. With `everyTable`, both also get rows in every tenant table.
 */
export async function createRlsFixture(options: { everyTable: boolean }): Promise<RlsFixture> {
  const stack = await createStackForTests();
  const s: Seeding = { stack, gql: gatewayClient(() => stack.gatewayUrl) };
  let fiscal: FiscalDevices | null = null;
  const close = async () => {
    await stack.close();
    await fiscal?.close();
  };
  try {
    const owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
    const owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
    const foreign = { saleId: newId(), otherSaleId: newId(), customerId: '' };
    await seedSaleReceiptCustomer(s, demo, owner, newId(), 0);
    foreign.customerId = await seedSaleReceiptCustomer(s, demo2, owner2, foreign.saleId, 1);
    const other = await s.gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: saleInput(demo2, foreign.otherSaleId) },
      owner2,
    );
    expect(other.data?.syncSales.results[0]?.status).toBe('CREATED');
    if (options.everyTable) {
      // Bound only now: the sales above keep the receipts their POS recorded (local mode).
      fiscal = await bindCentralFiscalDevices(s);
      await seedEveryTable(s, [
        [demo, owner],
        [demo2, owner2],
      ]);
    }
    return { ...s, owner, owner2, foreign, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The rest of the tenant tables, for both tenants; then waits for what consumers and workers write. */
async function seedEveryTable(s: Seeding, tenants: [Tenant, Headers][]) {
  for (const [i, [tenant, headers]] of tenants.entries()) {
    await seedWebhookEndpoint(s, tenant, headers);
    await seedCatalog(s, tenant, headers);
    await seedLoyaltyAndMerge(s, tenant, headers, i);
    await seedImportJob(s, tenant, headers);
    await seedLinkedTillCustomer(s, tenant, headers, i);
    await seedTerminalHealth(s, tenant, headers);
    await seedTerminalAccess(s, tenant, headers);
    await seedStockDocuments(s, tenant, headers);
    await seedRecipeSale(s, tenant, headers);
    await appendStorelessSaleEvent(s, tenant);
  }
  for (const table of [
    'inventory.sale_recipe_line',
    'events.parked_event',
    'sales.customer_alias',
    'fiscal.shift',
    'integrations.webhook_attempt',
    'catalog.import_job_error',
  ]) {
    await untilBothTenantsIn(s, table);
  }
}
