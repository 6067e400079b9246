/** Events of the customers subgraph: merges of duplicate customers, loyalty overdrafts. */
import { z } from 'zod';
import { integerString, uuid } from './scalars.ts';

/** `customer.merged` v1: `mergeId` was merged into `keepId` (its ledger moved there). Aggregate: `keepId`. */
export const customerMergedV1 = z.object({
  keepId: uuid,
  mergeId: uuid,
  /** Loyalty ledger entries moved to the kept customer. */
  movedEntries: z.number().int().min(0),
  /** Points balance moved. */
  points: integerString('points'),
  /** Lifetime spend moved, in **tiyin** (a public form shows it as Money). */
  spend: integerString('tiyin'),
});

/**
 * `loyalty.overdraft` v1: a redemption took a customer's balance below zero (two offline
 * terminals spent the same points). Nothing was refused. Aggregate: the customer id.
 */
export const loyaltyOverdraftV1 = z.object({
  customerId: uuid,
  saleId: uuid,
  /** Points redeemed by the sale (1 point = 1 tiyin). */
  redeemed: integerString('points'),
  balanceBefore: integerString('points'),
  balanceAfter: integerString('points'),
});
