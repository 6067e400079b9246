/**
 * `syncCustomers`: customers registered at a till, possibly offline, uploaded by the POS as the
 * first root field of the same operation as `syncSales` (issue 14).
 *
 * Each customer is keyed by the client UUID the till gave it, one transaction each:
 *  - a customer or an alias with that id already exists → `DUPLICATE` (a resend; nothing again),
 *    answering the customer the first upload decided;
 *  - else the customer is inserted with the client UUID as its id → `CREATED`;
 *  - unless its phone is already on file: the client UUID becomes an alias of that customer (the
 *    live one, after merges) → `LINKED`. Loyalty follows the alias, and a `customer.merged` event
 *    (nothing moved) lets sales file the till's receipts naming the client UUID under it.
 * `INSERT … ON CONFLICT DO NOTHING` decides a race between two senders of one id or one phone.
 */
import {
  appendEvent,
  isUuid,
  type RequestContext,
  requirePermission,
  type UserError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { CustomerNode, CustomerRow } from '../entities/customer.entity.ts';
import { invalidId, userError } from '../errors/index.ts';
import { CUSTOMER_COLUMNS, CUSTOMERS_WRITE, MAX_MERGE_HOPS } from './customer.service.ts';
import { normalisePhone } from './phone.ts';

/** Most customers accepted in one call. */
export const MAX_SYNC_CUSTOMERS = 500;
const MAX_NAME = 200;

export interface SyncCustomerOutcome {
  id: string;
  status: 'CREATED' | 'DUPLICATE' | 'LINKED' | 'REJECTED';
  customerId: string | null;
  customer: CustomerNode | null;
  error: UserError | null;
}

interface SyncCustomerInput {
  id: string;
  phone: string;
  name?: string | null;
}

export async function syncCustomers(
  ctx: RequestContext,
  input: { customers: readonly SyncCustomerInput[] },
): Promise<{ results: SyncCustomerOutcome[]; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, CUSTOMERS_WRITE);
  if (input.customers.length > MAX_SYNC_CUSTOMERS) {
    const message = `At most ${MAX_SYNC_CUSTOMERS} customers per call, got ${input.customers.length}`;
    return { results: [], errors: [userError('BATCH_TOO_LARGE', message, ['input', 'customers'])] };
  }
  const results: SyncCustomerOutcome[] = [];
  for (const [index, customer] of input.customers.entries()) {
    results.push(await syncOne(ctx, tenantId, customer, ['input', 'customers', String(index)]));
  }
  return { results, errors: [] };
}

const rejected = (id: string, error: UserError): SyncCustomerOutcome => ({
  id,
  status: 'REJECTED',
  customerId: null,
  customer: null,
  error,
});

const answered = (
  id: string,
  status: SyncCustomerOutcome['status'],
  row: CustomerRow,
): SyncCustomerOutcome => ({
  id,
  status,
  customerId: row.id,
  customer: { ...row, phoneRevealed: true },
  error: null,
});

async function syncOne(
  ctx: RequestContext,
  tenantId: string,
  input: SyncCustomerInput,
  path: string[],
): Promise<SyncCustomerOutcome> {
  if (!isUuid(input.id)) return rejected(input.id, invalidId([...path, 'id']));
  const phone = normalisePhone(input.phone);
  if (!phone)
    return rejected(input.id, userError('INVALID_PHONE', 'Not a valid phone number', [...path, 'phone']));
  const name = input.name?.trim() || null;
  if (name && name.length > MAX_NAME) {
    const message = `Name must be at most ${MAX_NAME} characters`;
    return rejected(input.id, userError('INVALID_NAME', message, [...path, 'name']));
  }
  const id = input.id.toLowerCase();
  return ctx.tx(async (m) => {
    const earlier = await uploadedBefore(m, id);
    if (earlier) return answered(input.id, 'DUPLICATE', earlier);
    const inserted: CustomerRow[] = await m.query(
      `INSERT INTO customers.customer (tenant_id, id, phone, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${CUSTOMER_COLUMNS}`,
      [tenantId, id, phone, name],
    );
    if (inserted[0]) return answered(input.id, 'CREATED', inserted[0]);
    // The id won a race meanwhile, or the phone is on file already.
    const raced = await uploadedBefore(m, id);
    if (raced) return answered(input.id, 'DUPLICATE', raced);
    const holder = await liveByPhone(m, phone);
    if (!holder) throw new Error(`customer ${id}: phone ${phone} conflicted but has no live holder`);
    const aliased: unknown[] = await m.query(
      `INSERT INTO customers.customer_alias (tenant_id, client_id, customer_id, phone) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING client_id`,
      [tenantId, id, holder.id, phone],
    );
    if (aliased.length === 0) return answered(input.id, 'DUPLICATE', (await uploadedBefore(m, id)) ?? holder);
    await appendEvent(m, {
      tenantId,
      type: 'customer.merged',
      aggregateId: holder.id,
      source: 'customers',
      payload: { keepId: holder.id, mergeId: id, movedEntries: 0, points: '0', spend: '0' },
    });
    return answered(input.id, 'LINKED', holder);
  });
}

/** The customer an earlier upload of `clientId` decided (itself, or the customer it was linked to). */
async function uploadedBefore(m: EntityManager, clientId: string): Promise<CustomerRow | null> {
  const rows: CustomerRow[] = await m.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer
      WHERE id = $1 OR id = (SELECT customer_id FROM customers.customer_alias WHERE client_id = $1)`,
    [clientId],
  );
  return rows[0] ?? null;
}

/** The live customer holding `phone`, following merges. */
async function liveByPhone(m: EntityManager, phone: string): Promise<CustomerRow | null> {
  const select = `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer`;
  let rows: CustomerRow[] = await m.query(`${select} WHERE phone = $1`, [phone]);
  for (let hop = 0; rows[0]?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) {
    rows = await m.query(`${select} WHERE id = $1`, [rows[0].mergedIntoId]);
  }
  return rows[0] ?? null;
}
