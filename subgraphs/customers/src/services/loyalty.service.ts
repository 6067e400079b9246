/**
 * Reading loyalty (accounts, ledger pages, a sale's points) and the one hand-made entry kind,
 * ADJUSTMENT.
 */
import {
  actorOf,
  appendAudit,
  decodeCursor,
  isUuid,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
  type UserError,
} from '@jowi/server-kit';
import type { CustomerNode } from '../entities/customer.entity.ts';
import type { LoyaltyEntryRow, LoyaltyView } from '../entities/loyalty.entity.ts';
import { invalidId, unknownCustomer, userError } from '../errors/index.ts';
import { CUSTOMERS_READ, liveCustomer, requireLoyaltyAdmin } from './customer.service.ts';
import { insertEntry, lockAccount, moveAccount } from './ledger.ts';
import { currentProgram, tierFor } from './loyalty-program.service.ts';

/** Batch loader: loyalty accounts by customer id (zeros for a customer without one). */
export function accountLoader(ctx: RequestContext) {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders.get<string, LoyaltyView>('loyaltyAccount', async (ids) => {
    const rows: { id: string; balance: string; spend: string; overdrafts: number; last: Date | null }[] =
      await ctx.tx((m) =>
        m.query(
          `SELECT customer_id AS id, balance::text AS balance, lifetime_spend::text AS spend, overdrafts,
                  last_overdraft_at AS last
             FROM customers.loyalty_account WHERE customer_id = ANY($1::uuid[])`,
          [[...new Set(ids.filter((id) => isUuid(id)))]],
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      const balance = BigInt(r?.balance ?? '0');
      return {
        customerId: id,
        balance,
        overdrawn: balance < 0n,
        overdrafts: r?.overdrafts ?? 0,
        lastOverdraftAt: r?.last ?? null,
        lifetimeSpend: BigInt(r?.spend ?? '0'),
      };
    });
  });
}

export async function loyaltyTier(ctx: RequestContext, view: LoyaltyView) {
  return tierFor(await currentProgram(ctx), view.lifetimeSpend);
}

const ENTRY_COLUMNS = `tenant_id AS "tenantId", id, customer_id AS "customerId", kind, points::text AS points,
  spend::text AS spend, basis::text AS basis, source_kind AS "sourceKind", source_id AS "sourceId", reverses,
  sale_id AS "saleId", event_id::text AS "eventId", moved_from AS "movedFrom", reason, actor, created_at AS "createdAt"`;

type RawEntry = Omit<LoyaltyEntryRow, 'points' | 'spend' | 'basis'> & {
  points: string;
  spend: string;
  basis: string;
};
const toEntry = (r: RawEntry): LoyaltyEntryRow => ({
  ...r,
  points: BigInt(r.points),
  spend: BigInt(r.spend),
  basis: BigInt(r.basis),
});

/** A customer's ledger, newest first, keyset-paged on (created_at, id). */
export async function ledgerPage(
  ctx: RequestContext,
  customerId: string,
  args: { first?: number | null; after?: string | null },
) {
  requirePermission(ctx, CUSTOMERS_READ);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, 2);
  const params: unknown[] = [customerId, limit + 1];
  let keyset = '';
  if (after) {
    const [at, id] = after.map(String) as [string, string];
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) {
      return toConnection<LoyaltyEntryRow>([], limit, (r) => [r.createdAt.toISOString(), r.id]);
    }
    params.push(at, id);
    keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
  }
  const rows: RawEntry[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${ENTRY_COLUMNS} FROM customers.loyalty_entry WHERE customer_id = $1 ${keyset}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    ),
  );
  return toConnection(rows.map(toEntry), limit, (r) => [r.createdAt.toISOString(), r.id]);
}

export interface SaleLoyaltyView {
  accrued: bigint;
  redeemed: bigint;
  accrualReversed: bigint;
  redemptionReturned: bigint;
}

/** Batch loader: a sale's loyalty totals by sale id (null without entries). */
export function saleLoyaltyLoader(ctx: RequestContext) {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders.get<string, SaleLoyaltyView | null>('saleLoyalty', async (ids) => {
    const rows: { sale_id: string; kind: string; reverses: string | null; points: string }[] = await ctx.tx(
      (m) =>
        m.query(
          `SELECT sale_id, kind, reverses, sum(points)::text AS points FROM customers.loyalty_entry
          WHERE sale_id = ANY($1::uuid[]) GROUP BY sale_id, kind, reverses`,
          [[...new Set(ids.filter((id) => isUuid(id)))]],
        ),
    );
    const bySale = new Map<string, SaleLoyaltyView>();
    for (const r of rows) {
      const view = bySale.get(r.sale_id) ?? {
        accrued: 0n,
        redeemed: 0n,
        accrualReversed: 0n,
        redemptionReturned: 0n,
      };
      const points = BigInt(r.points);
      if (r.kind === 'ACCRUAL') view.accrued += points;
      else if (r.kind === 'REDEMPTION') view.redeemed -= points;
      else if (r.reverses === 'ACCRUAL') view.accrualReversed -= points;
      else if (r.reverses === 'REDEMPTION') view.redemptionReturned += points;
      bySale.set(r.sale_id, view);
    }
    return ids.map((id) => bySale.get(id) ?? null);
  });
}

const MAX_REASON = 500;

export async function adjustLoyaltyPoints(
  ctx: RequestContext,
  input: { customerId: string; points: bigint; reason: string; idempotencyKey: string },
): Promise<{ customer: CustomerNode | null; entry: LoyaltyEntryRow | null; errors: UserError[] }> {
  const tenantId = requireLoyaltyAdmin(ctx);
  const errors: UserError[] = [];
  const reason = input.reason.trim();
  if (!isUuid(input.idempotencyKey)) {
    errors.push(userError('INVALID_ID', 'The idempotency key must be a UUID', ['input', 'idempotencyKey']));
  }
  if (input.points === 0n)
    errors.push(userError('INVALID_POINTS', 'Points must not be zero', ['input', 'points']));
  if (reason.length === 0 || reason.length > MAX_REASON) {
    errors.push(userError('REASON_REQUIRED', `A reason of 1–${MAX_REASON} characters`, ['input', 'reason']));
  }
  const field = ['input', 'customerId'];
  const customer = isUuid(input.customerId) ? await liveCustomer(ctx, input.customerId) : null;
  if (!customer) errors.unshift(isUuid(input.customerId) ? unknownCustomer(field) : invalidId(field));
  if (errors.length > 0 || !customer) return { customer: null, entry: null, errors };
  const entry = await ctx.tx(async (m) => {
    await lockAccount(m, tenantId, customer.id);
    const id = await insertEntry(m, {
      tenantId,
      customerId: customer.id,
      kind: 'ADJUSTMENT',
      points: input.points,
      sourceKind: 'STAFF',
      sourceId: input.idempotencyKey,
      reason,
      actor: actorOf(ctx),
    });
    if (id) {
      await moveAccount(m, customer.id, input.points, 0n);
      await appendAudit(m, {
        tenantId,
        actor: actorOf(ctx),
        action: 'loyalty.adjusted',
        entityType: 'customer',
        entityId: customer.id,
        data: { entryId: id, points: input.points.toString(), reason },
        source: 'customers',
      });
    }
    const rows: RawEntry[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM customers.loyalty_entry WHERE kind = 'ADJUSTMENT' AND source_id = $1`,
      [input.idempotencyKey],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  });
  return { customer, entry, errors: [] };
}
