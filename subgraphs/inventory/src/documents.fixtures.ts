/**
 * Shared set-up of the inventory document specs (documents-receiving, documents-ledger): each
 * spec file calls {@link useDocumentsStack} and gets its own test database, service and
 * stock-from-sales consumer; the helpers read the file's stack through these live bindings.
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
  type RunningService,
} from '@jowi/server-kit';
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
import { afterAll, beforeAll } from 'vitest';
import { entities, migrations, startInventory, stockFromSalesConsumer } from './index.ts';

export const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
export const [MAIN, AIRPORT] = DEMO.stores as [(typeof DEMO.stores)[0], (typeof DEMO.stores)[0]];
export const WRITE = ['inventory:read', 'inventory:write'];
export const STAFF = '00000000-0000-7000-8000-000000000001';

export let db: TestDatabase;
export let keys: TestKeys;
export let service: RunningService;
export let sales: DataSource;
export let ds: DataSource;
export let admin: DataSource;
export let consumer: Consumer;

/** Registers the file's stack: a test database with the inventory schema, the service and a stock-from-sales consumer. */
export function useDocumentsStack(): void {
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
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
export interface UserErrorShape {
  code: string;
  field: string[] | null;
}

export async function as(tenantId: string, permissions: string[] = WRITE): Promise<Gql> {
  const headers = await identityHeaders(keys, staffIdentity(tenantId, permissions));
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await postGraphQL<T>(service.url, query, variables, headers);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
}

/** Applies every committed sales event (waits for the service's own consumer if it holds the cursor). */
export const idle = () => consumer.runUntilIdle({ timeoutMs: 90_000 });

export async function level(tenantId: string, storeId: string, productId: string): Promise<string | null> {
  const [row] = await db.admin<{ quantity: string }>(
    'SELECT quantity::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  return row?.quantity ?? null;
}

export async function avgCost(tenantId: string, storeId: string, productId: string): Promise<string | null> {
  const [row] = await db.admin<{ avg_cost: string | null }>(
    'SELECT avg_cost::text FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  return row?.avg_cost ?? null;
}

export interface SaleLine {
  lineNo: number;
  productId: string;
  quantity: string;
  modifiers?: { modifierId: string; name: string; priceDelta: string }[];
}

export function saleCreated(
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

export function saleRefunded(
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

export async function emit(...events: NewEvent[]): Promise<void> {
  await inTenant(sales, events[0]!.tenantId, (m) => appendEvents(m, events));
}

export const ERRORS = 'errors { code field }';
