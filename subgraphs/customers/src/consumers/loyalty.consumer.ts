/**
 * Loyalty from the sales event log: an exactly-once consumer of `sale.created` and
 * `sale.refunded`.
 *
 * Exactly once comes from two layers. The consumer runner (server-kit) applies each batch and
 * moves the cursor in one transaction, so a crash or a second process can neither skip nor
 * double an event. Under it, every ledger entry carries its source key (`ACCRUAL`/`REDEMPTION`
 * + sale id, `REVERSAL` + refund id + what it reverses), unique per tenant: an event delivered
 * twice anyway (a duplicated event, a cursor reset over a live ledger) finds its entries there,
 * inserts nothing and leaves the balance alone.
 *
 * `sale.created` with a customer:
 * 1. REDEMPTION: the sale's LOYALTY payments, points = amount in tiyin. Recorded even when the
 *    balance does not cover it (two offline terminals spending the same points): the balance
 *    goes negative, the account counts an overdraft and a `loyalty.overdraft` event is written.
 *    Nothing is dropped.
 * 2. ACCRUAL: money paid = total − LOYALTY payments; points = ⌊money × rate / 10 000⌋ where the
 *    rate is the tier rate reached by the lifetime spend *before* this sale (else the base
 *    rate) of the program version in force at the event time; 0 without an enabled program.
 *    The entry is written even for 0 points: it carries the money paid into lifetime spend and
 *    is what a later refund looks up.
 *
 * `sale.refunded`: the sale's entries are found by sale id. With C = all refunded so far
 * including this one (capped at the sale total T), the refunds of a sale together take back
 * ⌊accrual × C / T⌋ points and lifetime spend ⌊money × C / T⌋, and give back ⌊redeemed × C / T⌋
 * points; each refund writes the difference to what earlier refunds wrote. Rounding down on the
 * cumulative amount means no drift: a full refund, in one piece or many, reverses exactly the
 * accrual and returns exactly the redemption. The refund's own payment methods are not used.
 *
 * A merged customer's sales go to the customer it was merged into. A sale naming a customer that
 * does not exist (yet) and a refund of a customer's sale that has no ledger entries (its sale was
 * parked) throw: the runner retries them and then parks them where operators see them, and a
 * retry after the cause is fixed applies them (server-kit's parking.ts). A payload that breaks its
 * contract is parked by the runner before it gets here.
 */
import { appendEvent, type ContractEvent, defineConsumer, parseMoney } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { MAX_MERGE_HOPS } from '../services/customer.service.ts';
import { insertEntry, lockAccount, moveAccount } from '../services/ledger.ts';
import { accrualBpsFor, BPS, programAt } from '../services/loyalty-program.service.ts';

/** Cursor key of the consumer (runtime role + name). */
export const LOYALTY_CONSUMER = 'jowi_customers:loyalty';
export const LOYALTY_EVENT_TYPES = ['sale.created', 'sale.refunded'] as const;

/** An event the loyalty consumer follows, parsed with its contract. */
export type LoyaltyEvent = ContractEvent<(typeof LOYALTY_EVENT_TYPES)[number]>;

export type LoyaltyOutcome =
  /** Entries written. */
  | 'APPLIED'
  /** Its entries already existed (a repeat): nothing changed. */
  | 'DUPLICATE'
  /** No customer on the sale or refund: nothing to do. */
  | 'NO_CUSTOMER';

/** A loyalty event that cannot be applied yet: thrown, so the runner retries and then parks it. */
export class LoyaltyEventError extends Error {
  constructor(
    readonly reason: 'UNKNOWN_CUSTOMER' | 'NO_SALE_ENTRY',
    message: string,
  ) {
    super(`${reason}: ${message}`);
    this.name = 'LoyaltyEventError';
  }
}

/**
 * The live customer behind `id` (following merges), locked against a concurrent merge until the
 * transaction ends: a merge that commits first is seen, one that starts later waits for us.
 */
async function resolveCustomer(m: EntityManager, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const rows: { merged_into: string | null }[] = await m.query(
      'SELECT merged_into FROM customers.customer WHERE id = $1 FOR SHARE',
      [current],
    );
    if (!rows[0]) {
      // A client UUID a till registered offline for a phone already on file (syncCustomers).
      const alias: { customer_id: string }[] = await m.query(
        'SELECT customer_id FROM customers.customer_alias WHERE client_id = $1',
        [current],
      );
      if (!alias[0]) return null;
      current = alias[0].customer_id;
      continue;
    }
    if (!rows[0].merged_into) return current;
    current = rows[0].merged_into;
  }
  return null;
}

const sum = (amounts: bigint[]) => amounts.reduce((a, b) => a + b, 0n);

async function applySaleCreated(
  m: EntityManager,
  event: LoyaltyEvent & { type: 'sale.created' },
): Promise<LoyaltyOutcome> {
  const sale = event.payload;
  if (!sale.customerId) return 'NO_CUSTOMER';
  const customerId = await resolveCustomer(m, sale.customerId);
  if (!customerId) {
    throw new LoyaltyEventError(
      'UNKNOWN_CUSTOMER',
      `sale ${sale.saleId} names customer ${sale.customerId}, unknown here`,
    );
  }

  const tenantId = event.tenantId;
  const total = parseMoney(sale.total);
  const redeemed = sum(sale.payments.filter((p) => p.method === 'LOYALTY').map((p) => parseMoney(p.amount)));
  const moneyPaid = total - redeemed > 0n ? total - redeemed : 0n;
  const before = await lockAccount(m, tenantId, customerId);
  let applied = false;

  if (redeemed > 0n) {
    const entry = await insertEntry(m, {
      tenantId,
      customerId,
      kind: 'REDEMPTION',
      points: -redeemed,
      basis: total,
      sourceKind: 'SALE',
      sourceId: sale.saleId,
      saleId: sale.saleId,
      eventId: event.id,
      createdAt: event.createdAt,
    });
    if (entry) {
      applied = true;
      const overdraft = before.balance - redeemed < 0n;
      const after = await moveAccount(m, customerId, -redeemed, 0n, overdraft ? event.createdAt : null);
      if (overdraft) {
        await appendEvent(m, {
          tenantId,
          type: 'loyalty.overdraft',
          aggregateId: customerId,
          source: 'customers',
          payload: {
            customerId,
            saleId: sale.saleId,
            redeemed: redeemed.toString(),
            balanceBefore: before.balance.toString(),
            balanceAfter: after.balance.toString(),
          },
        });
      }
    }
  }

  const program = await programAt(m, event.createdAt);
  const bps = BigInt(accrualBpsFor(program, before.lifetimeSpend));
  const points = (moneyPaid * bps) / BPS;
  const accrual = await insertEntry(m, {
    tenantId,
    customerId,
    kind: 'ACCRUAL',
    points,
    spend: moneyPaid,
    basis: total,
    sourceKind: 'SALE',
    sourceId: sale.saleId,
    saleId: sale.saleId,
    eventId: event.id,
    createdAt: event.createdAt,
  });
  if (accrual) {
    applied = true;
    await moveAccount(m, customerId, points, moneyPaid);
  }
  return applied ? 'APPLIED' : 'DUPLICATE';
}

interface SaleEntryRow {
  customer_id: string;
  kind: 'ACCRUAL' | 'REDEMPTION' | 'REVERSAL';
  reverses: 'ACCRUAL' | 'REDEMPTION' | null;
  source_id: string;
  points: string;
  spend: string;
  basis: string;
}

async function applySaleRefunded(
  m: EntityManager,
  event: LoyaltyEvent & { type: 'sale.refunded' },
): Promise<LoyaltyOutcome> {
  const refund = event.payload;
  const refundTotal = parseMoney(refund.total);
  const tenantId = event.tenantId;

  const entries: SaleEntryRow[] = await m.query(
    `SELECT customer_id, kind, reverses, source_id, points::text AS points, spend::text AS spend, basis::text AS basis
       FROM customers.loyalty_entry WHERE sale_id = $1 AND kind IN ('ACCRUAL', 'REDEMPTION', 'REVERSAL')`,
    [refund.saleId],
  );
  const accrual = entries.find((e) => e.kind === 'ACCRUAL');
  if (!accrual) {
    // No customer on the sale (normal), or its sale.created is parked: this waits for it.
    if (!refund.customerId) return 'NO_CUSTOMER';
    throw new LoyaltyEventError(
      'NO_SALE_ENTRY',
      `refund ${refund.refundId} of sale ${refund.saleId}: the sale has no loyalty entries (is its sale.created parked?)`,
    );
  }
  if (entries.some((e) => e.kind === 'REVERSAL' && e.source_id === refund.refundId)) return 'DUPLICATE';

  // Entries move with merges, so the accrual's customer is the live one — unless a merge
  // commits right now: resolving (and share-locking) it follows the merge either way.
  const customerId = (await resolveCustomer(m, accrual.customer_id)) ?? accrual.customer_id;
  await lockAccount(m, tenantId, customerId);
  const saleTotal = BigInt(accrual.basis);
  const accrued = BigInt(accrual.points);
  const moneyPaid = BigInt(accrual.spend);
  const redeemed = -BigInt(entries.find((e) => e.kind === 'REDEMPTION')?.points ?? '0');
  const earlier = entries.filter((e) => e.kind === 'REVERSAL');
  const ofAccrual = earlier.filter((e) => e.reverses === 'ACCRUAL');
  const ofRedemption = earlier.filter((e) => e.reverses === 'REDEMPTION');
  const refundedBefore = sum(ofAccrual.map((e) => BigInt(e.basis)));
  const remaining = saleTotal - refundedBefore > 0n ? saleTotal - refundedBefore : 0n;
  const basis = refundTotal < remaining ? (refundTotal > 0n ? refundTotal : 0n) : remaining;
  const cumulative = refundedBefore + basis;
  const share = (amount: bigint) => (saleTotal > 0n ? (amount * cumulative) / saleTotal : 0n);

  const accrualBack = share(accrued) - -sum(ofAccrual.map((e) => BigInt(e.points)));
  const spendBack = share(moneyPaid) - -sum(ofAccrual.map((e) => BigInt(e.spend)));
  const common = {
    tenantId,
    customerId,
    kind: 'REVERSAL' as const,
    sourceKind: 'REFUND' as const,
    sourceId: refund.refundId,
    saleId: refund.saleId,
    eventId: event.id,
    createdAt: event.createdAt,
    basis,
  };
  let points = 0n;
  let spend = 0n;
  if (await insertEntry(m, { ...common, reverses: 'ACCRUAL', points: -accrualBack, spend: -spendBack })) {
    points -= accrualBack;
    spend -= spendBack;
  }
  if (redeemed > 0n) {
    const returned = share(redeemed) - sum(ofRedemption.map((e) => BigInt(e.points)));
    if (await insertEntry(m, { ...common, reverses: 'REDEMPTION', points: returned })) points += returned;
  }
  await moveAccount(m, customerId, points, spend);
  return 'APPLIED';
}

/** Applies one event to the loyalty ledger, inside the consumer's transaction with the event's tenant set. */
export async function applyLoyaltyEvent(m: EntityManager, event: LoyaltyEvent): Promise<LoyaltyOutcome> {
  return event.type === 'sale.created' ? applySaleCreated(m, event) : applySaleRefunded(m, event);
}

/**
 * A stored `sale.created` payload that names no customer (`customerId` null or absent): what
 * `applySaleCreated` returns `NO_CUSTOMER` for, told without parsing the rest. A payload that is
 * not an object is not this case (it goes to the contract parse and is parked).
 */
export function saleWithoutCustomer(payload: unknown): boolean {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { customerId?: unknown }).customerId == null
  );
}

/** The consumer as the subgraph declares it (`startSubgraph({ consumers })`). */
export const loyaltyConsumer = defineConsumer({
  name: LOYALTY_CONSUMER,
  types: LOYALTY_EVENT_TYPES,
  // Issue 19: the runner's per-batch round trips (cursor lock, read, move, commit) over more events.
  batchSize: 500,
  // Issue 19: a sale without a customer (most sales) is nothing to loyalty — not even parsed.
  ignore: (type, payload) => type === 'sale.created' && saleWithoutCustomer(payload),
  async handle(m, event) {
    await applyLoyaltyEvent(m, event);
  },
});
