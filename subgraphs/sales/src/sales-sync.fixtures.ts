/**
 * Shared setup for the syncSales specs (sales-sync*.spec.ts): the running sales harness (a fresh
 * database per spec file, each file running in its own worker) and admin-side probes and raw
 * syncSales calls. Each spec file registers `beforeAll(startSyncHarness)` and
 * `afterAll(closeSyncHarness)`.
 */
import { postGraphQL } from '@jowi/server-kit/testing';
import { type SalesHarness, startSalesHarness, TENANT_A } from './sales.fixtures.ts';

/** The staff member `staffIdentity` signs in as. */
export const STAFF = '00000000-0000-7000-8000-000000000001';
export const ADMIN_SYNC = ['sales:sync', 'sales:read'];
export let h: SalesHarness;

export async function startSyncHarness(): Promise<void> {
  h = await startSalesHarness();
}
export async function closeSyncHarness(): Promise<void> {
  await h?.close();
}

/** What the server decided for a stored sale (admin view, outside RLS). */
export async function stored(id: string, tenantId = TENANT_A) {
  const [row] = await h.db.admin<Record<string, unknown>>(
    `SELECT store_id, to_char(business_date, 'YYYY-MM-DD') AS business_date, cashier_id, shift_id,
            subtotal::text, discount::text, flags
       FROM sales.sale WHERE id = $1 AND tenant_id = $2`,
    [id, tenantId],
  );
  return row;
}

/** syncSales with a full input (shift events, refunds) and a chosen identity; raw response. */
export async function syncRaw(input: Record<string, unknown>, headers?: Record<string, string>) {
  return postGraphQL<FullPayload>(h.service.url, SYNC_FULL, { input }, headers ?? (await h.headersFor()));
}

export interface FullPayload {
  syncSales: {
    errors: { code: string; field: string[] | null }[];
    results: {
      id: string;
      status: string;
      error: { code: string; field: string[] | null } | null;
      sale: Record<string, unknown> | null;
    }[];
    shiftEventResults: { id: string; status: string; error: { code: string } | null }[];
    refundResults: { id: string; status: string; error: { code: string } | null }[];
  };
}

export const SYNC_FULL = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code field }
  results { id status error { code field } sale {
    id storeId terminalId shiftId cashierId receiptNumber status subtotal discount total vatTotal
    createdAt businessDate catalogVersion flags
    lines { lineNo name ikpu packageCode ownerType quantity unitPrice discount receiptDiscount total vatRate vatAmount
            modifiers { modifierId name priceDelta } }
    payments { method amount tendered change cardBrand reference } } }
  shiftEventResults { id status error { code } }
  refundResults { id status error { code } } } }`;

/** Requisites a local fiscal module returned (local mode). */
export const LOCAL_FISCAL = {
  terminalId: 'UZ191211501033',
  receiptSeq: 1,
  dateTime: '20261128143000',
  fiscalSign: '123456789012',
};
