/**
 * Shared setup for stock-from-sales.spec.ts: a fresh database, the stock-from-sales consumer with
 * fast retry attempts, sales events written by the sales runtime role, and admin-side probes
 * (levels, the ledger, parked events, the cursor). The spec registers the hooks in the original
 * order: `beforeAll(startStockDatabase)`, `afterAll(dropStockDatabase)`, `afterAll(closeAdminSource)`.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import {
  type Consumer,
  createConsumer,
  createDataSource,
  createLogger,
  insertEvents,
  inTenant,
  newId,
  type RawEvent,
  requestRetry,
} from '@jowi/server-kit';
import { createTestDatabase, type TestDatabase } from '@jowi/server-kit/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { entities, migrations, STOCK_FROM_SALES, stockFromSalesConsumer, verifyLevels } from './index.ts';

export const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
export const [MAIN, AIRPORT] = DEMO.stores as [(typeof DEMO.stores)[0], (typeof DEMO.stores)[0]];
export const [PLOV, CHOY, SOMSA] = DEMO.products as [
  (typeof DEMO.products)[0],
  (typeof DEMO.products)[0],
  (typeof DEMO.products)[0],
];
export const silent = createLogger('stock-spec', 'silent');

export let db: TestDatabase;
export let ds: DataSource;
export let sales: DataSource;
export let consumer: Consumer;
export const registry = new Registry();

export async function startStockDatabase(): Promise<void> {
  db = await createTestDatabase([{ name: 'inventory', migrations }]);
  ds = await db.dataSource('inventory', entities);
  sales = await db.dataSource('sales');
  // Fast attempts: a failing event is parked after 5 tries within milliseconds, not seconds.
  consumer = createConsumer({
    ...stockFromSalesConsumer,
    dataSource: ds,
    registry,
    log: silent,
    initialBackoffMs: 5,
    maxBackoffMs: 20,
  });
}

export async function dropStockDatabase(): Promise<void> {
  await db?.drop();
}

/**
 * Applies everything committed. Delivery waits while any older write transaction on the
 * server is open (other suites share it), hence the generous timeout.
 */
export const idle = () => consumer.runUntilIdle({ timeoutMs: 90_000 });

export interface Line {
  lineNo: number;
  productId: string;
  quantity: string;
}

/**
 * A `sale.created` event as the sales subgraph writes it (its contract; stock reads the store and
 * lines' product, quantity and modifiers). Without a store it breaks the contract (for the
 * specs of what happens then), so the events are written raw.
 */
export function saleCreated(
  tenantId: string,
  saleId: string,
  storeId: string | undefined,
  lines: Line[],
): RawEvent {
  const payload: Record<string, unknown> = exampleSaleCreated({
    saleId,
    storeId: storeId ?? newId(),
    shiftId: newId(),
    cashierId: newId(),
    lines: lines.map((l) => ({
      ...l,
      name: 'item',
      unitPrice: '1000.00',
      total: '1000.00',
      vatAmount: '107.14',
    })),
  });
  if (!storeId) delete payload.storeId;
  return { tenantId, type: 'sale.created', version: 1, aggregateId: saleId, source: 'sales', payload };
}

export function saleRefunded(
  tenantId: string,
  refundId: string,
  saleId: string,
  storeId: string,
  lines: { saleLineNo: number; productId: string; quantity: string }[],
): RawEvent {
  const payload = exampleSaleRefunded({ refundId, saleId, storeId, shiftId: newId(), lines });
  return { tenantId, type: 'sale.refunded', version: 1, aggregateId: saleId, source: 'sales', payload };
}

/** Commits events as the sales subgraph does (one transaction per tenant group). */
export async function emit(...events: RawEvent[]): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const tenantId of new Set(events.map((e) => e.tenantId))) {
    ids.push(
      ...(await inTenant(sales, tenantId, (m) =>
        insertEvents(
          m,
          events.filter((e) => e.tenantId === tenantId),
        ),
      )),
    );
  }
  return ids;
}

/** Events parked for stock from sales, oldest first. */
export const parked = () =>
  db.admin<{
    event_id: string;
    tenant_id: string;
    type: string;
    state: string;
    attempts: number;
    error: string;
  }>(
    `SELECT event_id::text, tenant_id, type, state, attempts, error FROM events.parked_event
      WHERE consumer = $1 ORDER BY event_id`,
    [STOCK_FROM_SALES],
  );

export async function cursorPosition(): Promise<string | undefined> {
  const rows = await db.admin<{ position: string }>(
    'SELECT position::text FROM events.consumer_cursor WHERE consumer = $1',
    [STOCK_FROM_SALES],
  );
  return rows[0]?.position;
}

/** What an owner of `tenant` does (retryParkedEvents) for one event: returns how many were marked. */
export async function retryParked(tenant: string, eventId: bigint): Promise<number> {
  const marked = await inTenant(ds, tenant, (m) =>
    requestRetry(m, { events: [{ consumer: STOCK_FROM_SALES, eventId }], requestedBy: 'staff:owner' }),
  );
  return marked.length;
}

export async function level(tenantId: string, storeId: string, productId: string) {
  const [row] = await db.admin<{ quantity: string; negative: boolean }>(
    'SELECT quantity::text, negative FROM inventory.stock_level WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  return row ?? null;
}

export async function movementsOf(sourceId: string) {
  return db.admin<{
    kind: string;
    quantity: string;
    product_id: string;
    store_id: string;
    source_kind: string;
    source_line: number;
    reference: string;
  }>(
    `SELECT kind, quantity::text, product_id, store_id, source_kind, source_line, reference
       FROM inventory.stock_movement WHERE source_id = $1 ORDER BY source_line`,
    [sourceId],
  );
}

/** Ledger = levels, over every tenant (the admin bypasses row-level security). */
export async function expectLevelsEqualLedger(): Promise<void> {
  const result = await verifyLevels((await adminSource()).manager);
  expect(result.mismatches).toEqual([]);
  expect(result.checked).toBeGreaterThan(0);
}

let adminDs: DataSource | null = null;
/** A data source as the admin (superuser: bypasses row-level security, sees every tenant). */
export async function adminSource(): Promise<DataSource> {
  if (!adminDs) {
    adminDs = createDataSource({ url: db.adminUrl, schema: 'inventory', poolSize: 1 });
    await adminDs.initialize();
  }
  return adminDs;
}
export async function closeAdminSource(): Promise<void> {
  await adminDs?.destroy();
}

/** All levels and the ledger (without generated ids and times), as the admin sees them. */
export async function snapshot() {
  const levels = await db.admin(
    `SELECT tenant_id, store_id, product_id, quantity::text, negative FROM inventory.stock_level
      ORDER BY tenant_id, store_id, product_id`,
  );
  const ledger = await db.admin(
    `SELECT tenant_id, store_id, product_id, kind, quantity::text, reference, source_kind, source_id, source_line
       FROM inventory.stock_movement ORDER BY tenant_id, source_kind, source_id, source_line`,
  );
  return { levels, ledger };
}

/** A consumer on the same cursor that records, per batch handler call, its events and statements. */
export function spyingConsumer() {
  const calls: {
    tenantId: string;
    events: number;
    movementStatements: number;
    movementIdsAsked: number;
    recipeLookups: number;
    recipeVersionLookups: number;
  }[] = [];
  const apply = stockFromSalesConsumer.handleBatch!;
  const spy = createConsumer({
    ...stockFromSalesConsumer,
    dataSource: ds,
    log: silent,
    handleBatch: async (m, events, context) => {
      const sql: string[] = [];
      let idsAsked = 0;
      const query = m.query.bind(m);
      m.query = ((text: string, params?: unknown[]) => {
        sql.push(text);
        // The movement statement's last parameter: whether it returns the inserted ids.
        if (text.includes('INSERT INTO inventory.stock_movement') && params?.[16] !== false) idsAsked++;
        return query(text, params);
      }) as typeof m.query;
      try {
        await apply(m, events, context);
      } finally {
        m.query = query;
      }
      calls.push({
        tenantId: events[0]!.tenantId,
        events: events.length,
        movementStatements: sql.filter((q) => q.includes('INSERT INTO inventory.stock_movement')).length,
        // Stock never reads the inserted ids: they are not asked for.
        movementIdsAsked: idsAsked,
        // Which of the batch's products have a recipe at all (one probe)…
        recipeLookups: sql.filter((q) => /FROM inventory\.recipe\b/.test(q) && !q.includes('LATERAL')).length,
        // …and, only for those, the version valid at each sale's time.
        recipeVersionLookups: sql.filter((q) => q.includes('CROSS JOIN LATERAL')).length,
      });
    },
  });
  return { spy, calls };
}
