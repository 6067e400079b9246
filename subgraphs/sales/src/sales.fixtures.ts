/**
 * Test fixtures for the sales specs: a fresh database with a running sales subgraph, a valid
 * sale builder, and admin-side probes (row counts, a stored-content snapshot) that look past
 * row-level security so a duplicate or an overwrite could not hide.
 */
import { type Identity, newId, type RunningService } from '@jowi/server-kit';
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
import { expect } from 'vitest';
import { migrations, startSales } from './index.ts';

export const TENANT_A = '0190a000-0000-7000-8000-00000000000a';
export const TENANT_B = '0190a000-0000-7000-8000-00000000000b';
export const TERMINAL = '0190a000-0000-7000-8000-0000000000c1';
/** A second terminal of the same store (tenant A only). */
export const TERMINAL_2 = '0190a000-0000-7000-8000-0000000000c2';
/** The store of TERMINAL and TERMINAL_2, in Asia/Tashkent (UTC+5, no DST). */
export const STORE = '0190a000-0000-7000-8000-0000000000e1';
export const PLOV = '0190a000-0000-7000-8000-0000000000d1';
export const NON = '0190a000-0000-7000-8000-0000000000d2';
/** A staff member who syncs, reads and may give discounts (the sales below carry one). */
const ALL = ['sales:sync', 'sales:read', 'sales:discount'];

export interface LineJson {
  productId: string;
  quantity: string;
  unitPrice: string;
  discount?: string;
  vatRate?: number;
  name?: string;
  ikpu?: string;
  packageCode?: string;
  ownerType?: string;
  modifiers?: { modifierId: string; name: string; priceDelta: string }[];
  markingCodes?: string[];
}
export interface PaymentJson {
  method: string;
  amount: string;
  tendered?: string;
  cardBrand?: string;
  reference?: string;
}
export interface SaleJson {
  id: string;
  createdAt: string;
  lines: LineJson[];
  payments: PaymentJson[];
  total: string;
  discount?: string;
  shiftId?: string;
  customerId?: string;
  cashierId?: string;
  receiptNumber?: number;
  catalogVersion?: string;
  fiscal?: { terminalId: string; receiptSeq: number; dateTime: string; fiscalSign: string };
}
export interface SaleOut {
  id: string;
  terminalId: string;
  total: string;
  vatTotal: string;
  createdAt: string;
  lines: { product: { id: string }; quantity: string; total: string; vatAmount: string }[];
  payments: { method: string; amount: string }[];
}
export interface SyncResult {
  id: string;
  status: string;
  error: { code: string; field: string[] | null } | null;
  sale: SaleOut | null;
}
export interface SyncPayload {
  syncSales: { errors: { code: string }[]; results: SyncResult[] };
}

/** 2 × plov at 45 000 (12 % VAT) + one non at 5 000 less 500 discount (0 % VAT) = 94 500.00. */
export function makeSale(overrides: Partial<SaleJson> = {}): SaleJson {
  return {
    id: newId(),
    createdAt: '2026-02-01T10:00:00.000Z',
    lines: [
      { productId: PLOV, quantity: '2.000', unitPrice: '45000.00' },
      { productId: NON, quantity: '1', unitPrice: '5000', discount: '500.00', vatRate: 0 },
    ],
    payments: [{ method: 'CASH', amount: '94500.00' }],
    total: '94500.00',
    ...overrides,
  };
}

export const SALE_FIELDS = `id terminalId total vatTotal createdAt
  lines { product { id } quantity total vatAmount } payments { method amount }`;
export const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code field } sale { ${SALE_FIELDS} } } } }`;

export interface SalesHarness {
  db: TestDatabase;
  keys: TestKeys;
  service: RunningService;
  /** Starts one more sales instance on the same database (closed by `close`). */
  startInstance(): Promise<RunningService>;
  /** Gateway identity headers for a staff member of `tenantId` with `permissions`. */
  headersFor(tenantId?: string, permissions?: string[], identity?: Identity): Promise<Record<string, string>>;
  /** Calls syncSales and returns its payload (asserting no GraphQL errors). */
  sync(
    sales: SaleJson[],
    opts?: { tenantId?: string; url?: string; terminalId?: string },
  ): Promise<SyncPayload['syncSales']>;
  /** Rows stored for a sale id across tenants, and its `sale.created` events. */
  counts(id: string): Promise<{ sales: number; lines: number; payments: number; events: number }>;
  /** Everything stored for a sale of one tenant, as one JSON text. */
  snapshot(id: string, tenantId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The directory projection identity's events would fill: STORE in Asia/Tashkent with TERMINAL and
 * TERMINAL_2 in tenant A, and the same STORE/TERMINAL ids in tenant B (ids are per tenant).
 */
export async function seedDirectory(db: TestDatabase): Promise<void> {
  await db.admin(
    `INSERT INTO sales.store_ref (tenant_id, id, time_zone) VALUES ($1, $3, 'Asia/Tashkent'), ($2, $3, 'Asia/Tashkent')`,
    [TENANT_A, TENANT_B, STORE],
  );
  await db.admin(
    `INSERT INTO sales.terminal_ref (tenant_id, id, store_id) VALUES ($1, $3, $5), ($1, $4, $5), ($2, $3, $5)`,
    [TENANT_A, TENANT_B, TERMINAL, TERMINAL_2, STORE],
  );
}

/**
 * The catalog projection catalog's product events would fill, in both tenants: PLOV (12 % VAT)
 * and NON (0 %), so the sales of these specs get their IKPU and package code like real ones.
 */
export async function seedCatalog(db: TestDatabase): Promise<void> {
  await db.admin(
    `INSERT INTO sales.product_ref (tenant_id, id, name, ikpu, package_code, owner_type, vat_rate)
     SELECT t, p.id, p.name, p.ikpu, '1500', 'OWN_PRODUCTION', p.vat_rate
       FROM unnest($1::uuid[]) AS t,
            (VALUES ($2::uuid, 'Osh (plov)', '10202001001000000', 12), ($3::uuid, 'Non', '10905001002000000', 0))
              AS p(id, name, ikpu, vat_rate)`,
    [[TENANT_A, TENANT_B], PLOV, NON],
  );
}

export async function startSalesHarness(): Promise<SalesHarness> {
  const db = await createTestDatabase([{ name: 'sales', migrations }]);
  await seedDirectory(db);
  await seedCatalog(db);
  const keys = await createTestKeys();
  const env = testSubgraphEnv(db, keys);
  const service = await startSales(env);
  const extra: RunningService[] = [];
  const headersFor = (tenantId = TENANT_A, permissions = ALL, identity?: Identity) =>
    identityHeaders(keys, identity ?? staffIdentity(tenantId, permissions));

  return {
    db,
    keys,
    service,
    headersFor,
    async startInstance() {
      const instance = await startSales(env);
      extra.push(instance);
      return instance;
    },
    async sync(sales, opts = {}) {
      const res = await postGraphQL<SyncPayload>(
        opts.url ?? service.url,
        SYNC,
        { input: { terminalId: opts.terminalId ?? TERMINAL, sales } },
        await headersFor(opts.tenantId),
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.syncSales;
    },
    async counts(id) {
      const [row] = await db.admin<{ sales: number; lines: number; payments: number; events: number }>(
        `SELECT (SELECT count(*) FROM sales.sale WHERE id = $1)::int AS sales,
                (SELECT count(*) FROM sales.sale_line WHERE sale_id = $1)::int AS lines,
                (SELECT count(*) FROM sales.sale_payment WHERE sale_id = $1)::int AS payments,
                (SELECT count(*) FROM events.event
                  WHERE type = 'sale.created' AND aggregate_id = $1::text)::int AS events`,
        [id],
      );
      return row!;
    },
    async snapshot(id, tenantId = TENANT_A) {
      const [row] = await db.admin<{ s: string }>(
        `SELECT (SELECT row_to_json(s)::text FROM sales.sale s WHERE id = $1 AND tenant_id = $2)
             || (SELECT json_agg(l ORDER BY line_no)::text FROM sales.sale_line l
                  WHERE sale_id = $1 AND tenant_id = $2)
             || (SELECT json_agg(p ORDER BY line_no)::text FROM sales.sale_payment p
                  WHERE sale_id = $1 AND tenant_id = $2) AS s`,
        [id, tenantId],
      );
      return row!.s;
    },
    async close() {
      for (const instance of [...extra, service]) await instance.close().catch(() => undefined);
      await db.drop();
    },
  };
}
