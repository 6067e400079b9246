/**
 * Loyalty at the till, by the customers subgraph's rules (1 point = 1 tiyin of discount):
 *  - redeemable on a receipt: min(balance, total × maxRedeemPercent / 100), never below zero, and
 *    nothing while the program is disabled (`maxRedeemable` of `loyalty-program.service.ts`);
 *  - earned: floor((total − points paid) × accrual rate in basis points / 10 000)
 *    (the loyalty consumer's accrual).
 * Offline the till redeems up to the balance it last saw; the server records an overdraft, if any.
 */
import { parseMoney } from '@jowi/receipt';
import type { KnownCustomer } from '../../../shared/pos-types.ts';

const BPS = 10_000n;

/** Largest LOYALTY payment the customer may make on a receipt of `total` tiyin. */
export function maxRedeemable(customer: KnownCustomer, total: bigint): bigint {
  if (!customer.loyaltyEnabled || total <= 0n) return 0n;
  const share = (total * BigInt(customer.maxRedeemPercent)) / 100n;
  const balance = pointsValue(customer.balance);
  const cap = balance < share ? balance : share;
  return cap > 0n ? cap : 0n;
}

/** Points a sale of `total` earns when `redeemed` of it was paid with points. */
export function earnedPoints(customer: KnownCustomer, total: bigint, redeemed: bigint): bigint {
  if (!customer.loyaltyEnabled) return 0n;
  const paid = total - redeemed;
  return paid > 0n ? (paid * BigInt(customer.accrualBps)) / BPS : 0n;
}

/** A phone as the cashier sees it: `+998 90 123 45 67`. */
export function displayPhone(phone: string): string {
  const match = /^\+998(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return match ? `+998 ${match.slice(1).join(' ')}` : phone;
}

/** A points amount (Money text, possibly negative after an overdraft) in tiyin. */
export function pointsValue(text: string): bigint {
  return text.startsWith('-') ? -parseMoney(text.slice(1)) : parseMoney(text);
}
