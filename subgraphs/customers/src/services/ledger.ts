/**
 * The points ledger, low level: every change of a balance is an entry, and the account row
 * (balance, lifetime spend) moves by exactly the entry's amounts in the same transaction. The
 * unique key `(tenant, kind, source_id, reverses)` makes writing an entry idempotent: a second
 * attempt inserts nothing and must not touch the account either, so callers move the account
 * only when {@link insertEntry} says the entry is new.
 *
 * 1 point = 1 tiyin of discount: a LOYALTY payment of 150.00 UZS redeems 15 000 points.
 */
import { newId } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { LoyaltyEntryKind, LoyaltySourceKind } from '../entities/loyalty.entity.ts';

/**
 * Rows of an `UPDATE … RETURNING` through TypeORM, which answers UPDATE and DELETE with
 * `[rows, affected]` rather than the rows.
 */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await m.query(sql, params)) as [T[], number] | T[];
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

export interface NewEntry {
  tenantId: string;
  customerId: string;
  kind: LoyaltyEntryKind;
  points: bigint;
  spend?: bigint;
  basis?: bigint;
  sourceKind: LoyaltySourceKind;
  sourceId: string;
  reverses?: 'ACCRUAL' | 'REDEMPTION' | null;
  saleId?: string | null;
  eventId?: bigint | null;
  movedFrom?: string | null;
  reason?: string | null;
  actor?: string | null;
  /** Event time for event-derived entries (so a replay writes the same history); now otherwise. */
  createdAt?: Date;
}

/** Inserts an entry unless its source key exists. Returns the new entry's id, or null for a repeat. */
export async function insertEntry(m: EntityManager, entry: NewEntry): Promise<string | null> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO customers.loyalty_entry (tenant_id, id, customer_id, kind, points, spend, basis, source_kind,
       source_id, reverses, sale_id, event_id, moved_from, reason, actor, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, coalesce($16::timestamptz, now()))
     ON CONFLICT (tenant_id, kind, source_id, (coalesce(reverses, ''))) DO NOTHING
     RETURNING id`,
    [
      entry.tenantId,
      newId(),
      entry.customerId,
      entry.kind,
      entry.points.toString(),
      (entry.spend ?? 0n).toString(),
      (entry.basis ?? 0n).toString(),
      entry.sourceKind,
      entry.sourceId,
      entry.reverses ?? null,
      entry.saleId ?? null,
      entry.eventId?.toString() ?? null,
      entry.movedFrom ?? null,
      entry.reason ?? null,
      entry.actor ?? null,
      entry.createdAt?.toISOString() ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

export interface AccountState {
  balance: bigint;
  lifetimeSpend: bigint;
}

/** Creates the account if missing and locks it for the rest of the transaction. */
export async function lockAccount(
  m: EntityManager,
  tenantId: string,
  customerId: string,
): Promise<AccountState> {
  await m.query(
    `INSERT INTO customers.loyalty_account (tenant_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [tenantId, customerId],
  );
  const rows: { balance: string; spend: string }[] = await m.query(
    `SELECT balance::text AS balance, lifetime_spend::text AS spend FROM customers.loyalty_account
      WHERE customer_id = $1 FOR UPDATE`,
    [customerId],
  );
  return { balance: BigInt(rows[0]!.balance), lifetimeSpend: BigInt(rows[0]!.spend) };
}

/** Moves a (locked) account by an entry's amounts; returns the new state. */
export async function moveAccount(
  m: EntityManager,
  customerId: string,
  points: bigint,
  spend: bigint,
  overdraftAt?: Date | null,
): Promise<AccountState> {
  const rows = await updateReturning<{ balance: string; spend: string }>(
    m,
    `UPDATE customers.loyalty_account
        SET balance = balance + $2, lifetime_spend = lifetime_spend + $3,
            overdrafts = overdrafts + CASE WHEN $4::timestamptz IS NULL THEN 0 ELSE 1 END,
            last_overdraft_at = CASE WHEN $4::timestamptz IS NULL THEN last_overdraft_at
                                     ELSE greatest(last_overdraft_at, $4::timestamptz) END,
            updated_at = now()
      WHERE customer_id = $1
      RETURNING balance::text AS balance, lifetime_spend::text AS spend`,
    [customerId, points.toString(), spend.toString(), overdraftAt?.toISOString() ?? null],
  );
  return { balance: BigInt(rows[0]!.balance), lifetimeSpend: BigInt(rows[0]!.spend) };
}

/** An account whose row disagrees with its ledger. */
export interface AccountMismatch {
  customerId: string;
  balance: bigint;
  ledgerBalance: bigint;
  lifetimeSpend: bigint;
  ledgerSpend: bigint;
}

/**
 * Compares every account of the current tenant with the sums of its ledger (accounts without
 * entries must be zero; entries without an account are a mismatch too). Empty means consistent.
 */
export async function verifyLoyaltyAccounts(m: EntityManager): Promise<AccountMismatch[]> {
  const rows: { id: string; balance: string; lb: string; spend: string; ls: string }[] = await m.query(
    `WITH sums AS (
       SELECT customer_id, sum(points) AS points, sum(spend) AS spend FROM customers.loyalty_entry GROUP BY customer_id
     )
     SELECT coalesce(a.customer_id, s.customer_id) AS id,
            coalesce(a.balance, 0)::text AS balance, coalesce(s.points, 0)::text AS lb,
            coalesce(a.lifetime_spend, 0)::text AS spend, coalesce(s.spend, 0)::text AS ls
       FROM customers.loyalty_account a FULL JOIN sums s ON s.customer_id = a.customer_id
      WHERE coalesce(a.balance, 0) <> coalesce(s.points, 0) OR coalesce(a.lifetime_spend, 0) <> coalesce(s.spend, 0)`,
  );
  return rows.map((r) => ({
    customerId: r.id,
    balance: BigInt(r.balance),
    ledgerBalance: BigInt(r.lb),
    lifetimeSpend: BigInt(r.spend),
    ledgerSpend: BigInt(r.ls),
  }));
}
