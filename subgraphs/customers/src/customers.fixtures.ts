/**
 * Test fixtures for the customers specs: a fresh database with a running customers subgraph
 * (its consumer not started, so each spec drives it), GraphQL calls as a given set of
 * permissions, sales events appended the way sales writes them (as the sales runtime role, in
 * the tenant's transaction), and admin-side probes that look past row-level security.
 */
import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import {
  appendEvent,
  type Consumer,
  createConsumer,
  inTenant,
  newId,
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
import { expect } from 'vitest';
import { loyaltyConsumer, migrations, startCustomers } from './index.ts';

export const TENANT_A = '0190a000-0000-7000-8000-00000000000a';
export const TENANT_B = '0190a000-0000-7000-8000-00000000000b';
export const TERMINAL_1 = '0190a000-0000-7000-8000-0000000000c1';
export const TERMINAL_2 = '0190a000-0000-7000-8000-0000000000c2';
export const STORE = '0190a000-0000-7000-8000-0000000000e1';

/** A cashier: reads and registers customers, no back-office reading. */
export const CASHIER = ['customers:read', 'customers:write', 'sales:sync'];
/** A manager: everything customers needs, including `reports:read`. */
export const MANAGER = ['customers:read', 'customers:write', 'reports:read'];

export interface Harness {
  db: TestDatabase;
  keys: TestKeys;
  service: RunningService;
  /** The sales runtime role, which appends `sale.*` events. */
  sales: DataSource;
  consumer: Consumer;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const db = await createTestDatabase([{ name: 'customers', migrations }]);
  const keys = await createTestKeys();
  const service = await startCustomers(testSubgraphEnv(db, keys), undefined, { consumers: false });
  const sales = await db.dataSource('sales');
  // Fast attempts: a poison event is parked after 5 tries within milliseconds, not seconds.
  const consumer = createConsumer({
    ...loyaltyConsumer,
    dataSource: service.dataSource!,
    initialBackoffMs: 5,
    maxBackoffMs: 20,
  });
  return {
    db,
    keys,
    service,
    sales,
    consumer,
    async close() {
      await service.close();
      await db.drop();
    },
  };
}

export interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs an operation as staff of `tenant` with `permissions`; fails the test on GraphQL errors unless `allowErrors`. */
export async function gql<T>(
  h: Harness,
  query: string,
  variables: Record<string, unknown> = {},
  options: { permissions?: string[]; tenant?: string; allowErrors?: boolean } = {},
): Promise<GqlResult<T>> {
  const headers = await identityHeaders(
    h.keys,
    staffIdentity(options.tenant ?? TENANT_A, options.permissions ?? MANAGER),
  );
  const res = await postGraphQL<T>(h.service.url, query, variables, headers);
  if (!options.allowErrors) expect(res.body.errors).toBeUndefined();
  return res.body;
}

/** Creates a customer through the API and returns its id. */
export async function createCustomer(
  h: Harness,
  input: { phone: string; name?: string; tags?: string[]; birthday?: string },
  tenant = TENANT_A,
): Promise<string> {
  const res = await gql<{ createCustomer: { customer: { id: string } | null; errors: { code: string }[] } }>(
    h,
    'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } errors { code } } }',
    { input },
    { tenant },
  );
  expect(res.data?.createCustomer.errors).toEqual([]);
  return res.data!.createCustomer.customer!.id;
}

export async function setProgram(
  h: Harness,
  input: {
    enabled?: boolean;
    accrualBps: number;
    maxRedeemPercent?: number;
    tiers?: { name: string; minSpend: string; accrualBps: number }[];
  },
  tenant = TENANT_A,
): Promise<void> {
  const res = await gql<{ setLoyaltyProgram: { errors: { code: string }[] } }>(
    h,
    'mutation($input: SetLoyaltyProgramInput!) { setLoyaltyProgram(input: $input) { errors { code field } } }',
    { input: { enabled: true, maxRedeemPercent: 50, ...input } },
    { tenant },
  );
  expect(res.data?.setLoyaltyProgram.errors).toEqual([]);
}

export interface SaleEvent {
  saleId?: string;
  customerId?: string | null;
  total: string;
  payments?: { method: 'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY'; amount: string }[];
  terminalId?: string;
}

/** Appends a `sale.created` event the way sales writes it; returns the sale id. */
export async function saleCreated(h: Harness, sale: SaleEvent, tenant = TENANT_A): Promise<string> {
  const saleId = sale.saleId ?? newId();
  await inTenant(h.sales, tenant, (m) =>
    appendEvent(m, {
      tenantId: tenant,
      type: 'sale.created',
      aggregateId: saleId,
      source: 'sales',
      payload: exampleSaleCreated({
        saleId,
        terminalId: sale.terminalId ?? TERMINAL_1,
        storeId: STORE,
        customerId: sale.customerId ?? null,
        total: sale.total,
        payments: sale.payments ?? [{ method: 'CASH', amount: sale.total }],
      }),
    }),
  );
  return saleId;
}

/** Appends a `sale.refunded` event; returns the refund id. */
export async function saleRefunded(
  h: Harness,
  refund: { saleId: string; total: string; customerId?: string | null; refundId?: string },
  tenant = TENANT_A,
): Promise<string> {
  const refundId = refund.refundId ?? newId();
  await inTenant(h.sales, tenant, (m) =>
    appendEvent(m, {
      tenantId: tenant,
      type: 'sale.refunded',
      aggregateId: refund.saleId,
      source: 'sales',
      payload: exampleSaleRefunded({
        refundId,
        saleId: refund.saleId,
        terminalId: TERMINAL_1,
        storeId: STORE,
        customerId: refund.customerId ?? null,
        total: refund.total,
      }),
    }),
  );
  return refundId;
}

/** Applies every committed event (waiting out transactions of other suites on the server). */
export const drain = (h: Harness) => h.consumer.runUntilIdle({ timeoutMs: 30_000 });

export interface LoyaltyOut {
  balance: string;
  overdrawn: boolean;
  overdrafts: number;
  lifetimeSpend: string;
  tier: { name: string } | null;
}

/** The customer's loyalty as the API shows it. */
export async function loyaltyOf(h: Harness, customerId: string, tenant = TENANT_A): Promise<LoyaltyOut> {
  const res = await gql<{ customer: { loyalty: LoyaltyOut } }>(
    h,
    'query($id: ID!) { customer(id: $id) { loyalty { balance overdrawn overdrafts lifetimeSpend tier { name } } } }',
    { id: customerId },
    { tenant },
  );
  return res.data!.customer.loyalty;
}

export interface EntryRow {
  customer_id: string;
  kind: string;
  reverses: string | null;
  points: string;
  spend: string;
  source_id: string;
  sale_id: string | null;
  moved_from: string | null;
}

/** Every ledger entry of the database (admin: past RLS), in a stable order. */
export function allEntries(h: Harness): Promise<EntryRow[]> {
  return h.db.admin<EntryRow>(
    `SELECT customer_id::text, kind, reverses, points::text, spend::text, source_id, sale_id::text, moved_from::text
       FROM customers.loyalty_entry ORDER BY source_id, kind, reverses NULLS FIRST`,
  );
}
