/**
 * Fixtures for the shift and refund specs: GraphQL documents, a `gql` caller with chosen
 * permissions, extra terminals in the directory projection, and admin probes for audit entries
 * and events (read past row-level security, so nothing can hide).
 */
import type { Identity } from '@jowi/server-kit';
import { postGraphQL, type TestDatabase } from '@jowi/server-kit/testing';
import { expect } from 'vitest';
import { type SalesHarness, STORE, TENANT_A } from './sales.fixtures.ts';

/** Owner/manager permissions. */
export const OWNER = [
  'sales:sync',
  'sales:read',
  'sales:refund',
  'shift:open',
  'shift:close',
  'reports:read',
];
/** A cashier: no `sales:refund`. */
export const CASHIER = ['sales:sync', 'sales:read', 'shift:open', 'shift:close'];
/** The staff subject of `staffIdentity` (the acting staff member in every spec call). */
export const STAFF = '00000000-0000-7000-8000-000000000001';

export interface GqlOptions {
  permissions?: string[];
  tenantId?: string;
  url?: string;
  identity?: Identity;
}

/** Calls the sales subgraph and returns `data`, asserting there were no GraphQL errors. */
export async function gql<T>(
  h: SalesHarness,
  query: string,
  variables: Record<string, unknown> = {},
  opts: GqlOptions = {},
): Promise<T> {
  const res = await postGraphQL<T>(
    opts.url ?? h.service.url,
    query,
    variables,
    await h.headersFor(opts.tenantId ?? TENANT_A, opts.permissions ?? OWNER, opts.identity),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data as T;
}

/** Adds a terminal of STORE (or `storeId`) to the directory projection. */
export async function addTerminal(
  db: TestDatabase,
  terminalId: string,
  tenantId = TENANT_A,
  storeId = STORE,
) {
  await db.admin('INSERT INTO sales.terminal_ref (tenant_id, id, store_id) VALUES ($1, $2, $3)', [
    tenantId,
    terminalId,
    storeId,
  ]);
}

/** Events of `type` for `aggregateId`, payloads parsed. */
export async function eventsOf(db: TestDatabase, type: string, aggregateId: string) {
  return db.admin<{ payload: Record<string, unknown> }>(
    'SELECT payload FROM events.event WHERE type = $1 AND aggregate_id = $2 ORDER BY id',
    [type, aggregateId],
  );
}

/** Audit entries of `action` for `entityId`. */
export async function auditOf(db: TestDatabase, action: string, entityId: string) {
  return db.admin<{ data: Record<string, unknown>; actor: string | null }>(
    'SELECT data, actor FROM audit.entry WHERE action = $1 AND entity_id = $2 ORDER BY seq',
    [action, entityId],
  );
}

export const REPORT_FIELDS = `final salesCount salesTotal discountTotal refundsCount refundsTotal netTotal vatTotal
  vatByRate { rate amount vat } byPaymentMethod { method sales refunds net count }
  openingFloat cashIn cashOut expectedCash`;

export const SHIFT_FIELDS = `id storeId terminalId status number openedBy openedAt closedBy closedAt openingFloat
  countedCash expectedCash cashDifference closingNote overdue
  cashMovements { id kind amount reason at staffId }
  report { ${REPORT_FIELDS} }`;

export interface ReportOut {
  final: boolean;
  salesCount: number;
  salesTotal: string;
  discountTotal: string;
  refundsCount: number;
  refundsTotal: string;
  netTotal: string;
  vatTotal: string;
  vatByRate: { rate: number; amount: string; vat: string }[];
  byPaymentMethod: { method: string; sales: string; refunds: string; net: string; count: number }[];
  openingFloat: string;
  cashIn: string;
  cashOut: string;
  expectedCash: string;
}

export interface ShiftOut {
  id: string;
  storeId: string;
  terminalId: string;
  status: 'OPEN' | 'CLOSED';
  number: number;
  openedBy: string | null;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  openingFloat: string;
  countedCash: string | null;
  expectedCash: string | null;
  cashDifference: string | null;
  closingNote: string | null;
  overdue: boolean;
  cashMovements: {
    id: string;
    kind: string;
    amount: string;
    reason: string;
    at: string;
    staffId: string | null;
  }[];
  report: ReportOut;
}

export interface UserErrorOut {
  code: string;
  field: string[] | null;
}

export interface ShiftPayloadOut {
  shift: ShiftOut | null;
  errors: UserErrorOut[];
}

const PAYLOAD = `{ shift { ${SHIFT_FIELDS} } errors { code field } }`;
export const OPEN_SHIFT = `mutation($input: OpenShiftInput!) { openShift(input: $input) ${PAYLOAD} }`;
export const CASH_MOVEMENT = `mutation($input: RecordCashMovementInput!) { recordCashMovement(input: $input) ${PAYLOAD} }`;
export const CLOSE_SHIFT = `mutation($input: CloseShiftInput!) { closeShift(input: $input) ${PAYLOAD} }`;
export const SHIFT = `query($id: ID!) { shift(id: $id) { ${SHIFT_FIELDS} } }`;

export const REFUND_FIELDS = `id storeId terminalId shiftId cashierId reason total vatTotal createdAt businessDate
  sale { id status refundedTotal lines { lineNo refundedQuantity } }
  lines { saleLineNo product { id } quantity amount vatAmount } payments { method amount cardBrand }`;

export interface RefundOut {
  id: string;
  storeId: string;
  terminalId: string;
  shiftId: string | null;
  cashierId: string | null;
  reason: string | null;
  total: string;
  vatTotal: string;
  createdAt: string;
  businessDate: string;
  sale: {
    id: string;
    status: string;
    refundedTotal: string;
    lines: { lineNo: number; refundedQuantity: string }[];
  };
  lines: {
    saleLineNo: number;
    product: { id: string };
    quantity: string;
    amount: string;
    vatAmount: string;
  }[];
  payments: { method: string; amount: string; cardBrand: string | null }[];
}

export interface RefundPayloadOut {
  refund: RefundOut | null;
  created: boolean;
  errors: UserErrorOut[];
}

export const REFUND_SALE = `mutation($input: RefundSaleInput!) { refundSale(input: $input) {
  refund { ${REFUND_FIELDS} } created errors { code field } } }`;

/** syncSales with every result list, for the offline path of shift events and refunds. */
export const SYNC_ALL = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code }
  results { id status error { code } }
  shiftEventResults { id status error { code field } shift { id status number } }
  refundResults { id status error { code field } refund { id total } } } }`;

export interface SyncAllOut {
  syncSales: {
    errors: { code: string }[];
    results: { id: string; status: string; error: { code: string } | null }[];
    shiftEventResults: {
      id: string;
      status: string;
      error: UserErrorOut | null;
      shift: { id: string; status: string; number: number } | null;
    }[];
    refundResults: {
      id: string;
      status: string;
      error: UserErrorOut | null;
      refund: { id: string; total: string } | null;
    }[];
  };
}

/** A time `minutes` from now, ISO. */
export const minutesFromNow = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000).toISOString();
