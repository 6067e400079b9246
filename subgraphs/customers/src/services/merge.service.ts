/**
 * Merging duplicate customers, keeping history: the duplicate's ledger entries are re-pointed to
 * the kept customer (each remembers `moved_from`; amounts never change), the accounts are added
 * up, a MERGE marker entry records the move, and the duplicate is marked `merged_into` and
 * becomes read-only. Later sales that still name the duplicate accrue to the kept customer
 * (the consumer follows `merged_into`), and a `customer.merged` event lets sales re-point its
 * receipts. Replaying the event log after a merge gives the same balances: the replayed entries
 * land on the kept customer directly.
 *
 * Locks: both customer rows `FOR NO KEY UPDATE` in id order (the consumer share-locks the
 * customer it writes for, so it waits for a merge or a merge waits for it), then both accounts.
 */
import {
  actorOf,
  appendAudit,
  appendEvent,
  isUuid,
  type RequestContext,
  reject,
  runWrite,
  type UserError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { CustomerRow } from '../entities/customer.entity.ts';
import { invalidId, unknownCustomer, userError } from '../errors/index.ts';
import { CUSTOMER_COLUMNS, requireLoyaltyAdmin } from './customer.service.ts';
import { insertEntry, lockAccount, updateReturning } from './ledger.ts';

export interface MergeResult {
  customer: CustomerRow | null;
  merged: CustomerRow | null;
  errors: UserError[];
}

/** PostgreSQL deadlock / serialization failures: safe to run the transaction again. */
const RETRYABLE = new Set(['40P01', '40001']);
const errorCode = (error: unknown) =>
  (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;

export async function mergeCustomers(
  ctx: RequestContext,
  input: { keepId: string; mergeId: string },
): Promise<MergeResult> {
  const tenantId = requireLoyaltyAdmin(ctx);
  const errors: UserError[] = [];
  if (!isUuid(input.keepId)) errors.push(invalidId(['input', 'keepId']));
  if (!isUuid(input.mergeId)) errors.push(invalidId(['input', 'mergeId']));
  if (errors.length === 0 && input.keepId === input.mergeId) {
    errors.push(userError('SAME_CUSTOMER', 'A customer cannot be merged into itself', ['input', 'mergeId']));
  }
  if (errors.length > 0) return { customer: null, merged: null, errors };
  for (let attempt = 1; ; attempt++) {
    try {
      const written = await runWrite(ctx, (m) => mergeIn(ctx, m, tenantId, input.keepId, input.mergeId));
      return written.ok ? written.value : { customer: null, merged: null, errors: written.errors };
    } catch (error) {
      if (attempt < 3 && RETRYABLE.has(errorCode(error) ?? '')) continue;
      throw error;
    }
  }
}

async function mergeIn(
  ctx: RequestContext,
  m: EntityManager,
  tenantId: string,
  keepId: string,
  mergeId: string,
): Promise<MergeResult> {
  const rows: CustomerRow[] = await m.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
    [[keepId, mergeId]],
  );
  const keep = rows.find((r) => r.id === keepId);
  const dup = rows.find((r) => r.id === mergeId);
  const missing: UserError[] = [];
  if (!keep) missing.push(unknownCustomer(['input', 'keepId']));
  if (!dup) missing.push(unknownCustomer(['input', 'mergeId']));
  if (!keep || !dup) reject(...missing);
  if (keep.mergedIntoId || dup.mergedIntoId) {
    reject(
      userError('CUSTOMER_MERGED', 'This customer was already merged into another', [
        'input',
        keep.mergedIntoId ? 'keepId' : 'mergeId',
      ]),
    );
  }
  for (const id of [keepId, mergeId].sort()) await lockAccount(m, tenantId, id);

  const moved: { n: string; points: string | null; spend: string | null }[] = await m.query(
    `WITH moved AS (
       UPDATE customers.loyalty_entry SET customer_id = $1, moved_from = coalesce(moved_from, customer_id)
        WHERE customer_id = $2 RETURNING points, spend
     ) SELECT count(*)::text AS n, sum(points)::text AS points, sum(spend)::text AS spend FROM moved`,
    [keepId, mergeId],
  );
  const entries = Number(moved[0]?.n ?? 0);
  const points = BigInt(moved[0]?.points ?? '0');
  const spend = BigInt(moved[0]?.spend ?? '0');
  // The accounts follow their entries exactly (the ledger sums are what moved).
  await m.query(
    `UPDATE customers.loyalty_account k
        SET balance = k.balance + $3, lifetime_spend = k.lifetime_spend + $4,
            overdrafts = k.overdrafts + d.overdrafts,
            last_overdraft_at = greatest(k.last_overdraft_at, d.last_overdraft_at), updated_at = now()
       FROM customers.loyalty_account d
      WHERE k.customer_id = $1 AND d.customer_id = $2`,
    [keepId, mergeId, points.toString(), spend.toString()],
  );
  await m.query(
    `UPDATE customers.loyalty_account SET balance = balance - $2, lifetime_spend = lifetime_spend - $3,
            overdrafts = 0, updated_at = now() WHERE customer_id = $1`,
    [mergeId, points.toString(), spend.toString()],
  );
  await insertEntry(m, {
    tenantId,
    customerId: keepId,
    kind: 'MERGE',
    points: 0n,
    sourceKind: 'MERGE',
    sourceId: mergeId,
    movedFrom: mergeId,
    reason: `Merged ${mergeId}: ${entries} entries, ${points} points moved`,
    actor: actorOf(ctx),
  });

  // The kept customer gains what it lacked: name and birthday if empty, the union of tags.
  const kept = await updateReturning<CustomerRow>(
    m,
    `UPDATE customers.customer SET name = coalesce(name, $2), birthday = coalesce(birthday, $3::date),
            tags = ARRAY(SELECT DISTINCT unnest(tags || $4::text[]) ORDER BY 1), updated_at = now()
      WHERE id = $1 RETURNING ${CUSTOMER_COLUMNS}`,
    [keepId, dup.name, dup.birthday, dup.tags],
  );
  const merged = await updateReturning<CustomerRow>(
    m,
    `UPDATE customers.customer SET merged_into = $1, merged_at = now(), updated_at = now()
      WHERE id = $2 RETURNING ${CUSTOMER_COLUMNS}`,
    [keepId, mergeId],
  );
  // Earlier duplicates of the duplicate now point straight at the kept customer (chains stay one hop).
  await m.query('UPDATE customers.customer SET merged_into = $1, updated_at = now() WHERE merged_into = $2', [
    keepId,
    mergeId,
  ]);

  const data = { keepId, mergeId, movedEntries: entries, points: points.toString(), spend: spend.toString() };
  await appendEvent(m, {
    tenantId,
    type: 'customer.merged',
    aggregateId: keepId,
    source: 'customers',
    payload: data,
  });
  await appendAudit(m, {
    tenantId,
    actor: actorOf(ctx),
    action: 'customer.merged',
    entityType: 'customer',
    entityId: keepId,
    data,
    source: 'customers',
  });
  return { customer: kept[0]!, merged: merged[0]!, errors: [] };
}
