/**
 * The till's recently used customers, for selling to them offline: after an online lookup the
 * renderer hands the server's answer to `customer.remember` (balance, tier rate, the program's
 * redemption cap), and a customer registered here is known at once with no points. Offline,
 * `customer.lookup` answers from this cache, and a sale's LOYALTY payment is checked against the
 * balance last seen, which each recorded redemption lowers — so one till cannot spend the same
 * points twice while the server is out of reach (two tills still can: the server records that
 * overdraft and flags it).
 *
 * Kept in the key-value table: `customer-seen:<phone>` holds the customer, `customer-seen-id:<id>`
 * points at the phone; at most {@link MAX_KNOWN} customers are kept, the least recently seen go.
 */
import { formatMoney, parseMoney } from '@jowi/receipt';
import { z } from 'zod';
import type { KnownCustomer, SaleDraft, SaleLoyaltyInfo } from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { KeyValue } from '../store/database.ts';
import { parse, sumOf, tiyin } from './validation.ts';

/** How many customers the till remembers. */
export const MAX_KNOWN = 500;
const INDEX = 'customer-seen-index';
const RULES = 'loyalty-rules';
const byPhone = (phone: string) => `customer-seen:${phone}`;
const byId = (id: string) => `customer-seen-id:${id}`;

export const knownCustomerSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  phone: z.string().regex(/^\+998\d{9}$/, 'phone as +998XXXXXXXXX'),
  name: z.string().max(200).nullable(),
  // A balance may be negative on the server (an offline overdraft elsewhere).
  balance: z.string().refine((v) => /^-?\d{1,15}(\.\d{1,2})?$/.test(v), 'an amount like "150.00"'),
  loyaltyEnabled: z.boolean(),
  accrualBps: z.number().int().min(0).max(10_000),
  baseAccrualBps: z.number().int().min(0).max(10_000),
  maxRedeemPercent: z.number().int().min(0).max(100),
  source: z.enum(['server', 'till']),
  seenAt: z.string().datetime(),
});

const signedTiyin = (text: string) => (text.startsWith('-') ? -parseMoney(text.slice(1)) : parseMoney(text));
const signedMoney = (value: bigint) => (value < 0n ? `-${formatMoney(-value)}` : formatMoney(value));

export class KnownCustomers {
  constructor(private readonly kv: KeyValue) {}

  /** Stores (or refreshes) a customer; answers it as stored. */
  remember(input: unknown): KnownCustomer {
    const customer = parse(knownCustomerSchema, input) as KnownCustomer;
    const stored = { ...customer, balance: signedMoney(signedTiyin(customer.balance)) };
    const previousPhone = this.kv.get<string>(byId(stored.id));
    if (previousPhone && previousPhone !== stored.phone) this.kv.delete(byPhone(previousPhone));
    this.kv.set(byPhone(stored.phone), stored);
    this.kv.set(byId(stored.id), stored.phone);
    this.touch(stored.phone);
    if (stored.source === 'server') {
      const { loyaltyEnabled, maxRedeemPercent, baseAccrualBps } = stored;
      this.kv.set(RULES, { loyaltyEnabled, maxRedeemPercent, baseAccrualBps });
    }
    return stored;
  }

  /** The loyalty rules of the last customer the server answered for (a new customer earns the base rate). */
  rules(): Pick<KnownCustomer, 'loyaltyEnabled' | 'maxRedeemPercent' | 'baseAccrualBps'> | null {
    return this.kv.get(RULES);
  }

  byPhone(phone: string): KnownCustomer | null {
    return this.kv.get<KnownCustomer>(byPhone(phone));
  }

  byId(id: string): KnownCustomer | null {
    const phone = this.kv.get<string>(byId(id));
    return phone ? this.byPhone(phone) : null;
  }

  /** Newest first, oldest dropped beyond {@link MAX_KNOWN}. */
  private touch(phone: string): void {
    const index = [phone, ...(this.kv.get<string[]>(INDEX) ?? []).filter((p) => p !== phone)];
    for (const gone of index.splice(MAX_KNOWN)) {
      const customer = this.byPhone(gone);
      this.kv.delete(byPhone(gone));
      if (customer) this.kv.delete(byId(customer.id));
    }
    this.kv.set(INDEX, index);
  }

  /**
   * The loyalty side of a sale before it is recorded: points need a customer, and a customer this
   * till knows may not pay more points than their balance or the program's share allows
   * (`LOYALTY_NOT_ALLOWED`). Null when the sale names no known customer and pays no points.
   */
  check(draft: SaleDraft): SaleLoyaltyInfo | null {
    const redeemed = sumOf(draft.payments.filter((p) => p.method === 'LOYALTY').map((p) => p.amount));
    const customer = draft.customerId ? this.byId(draft.customerId) : null;
    if (redeemed > 0n && !draft.customerId) {
      throw PosError.of('LOYALTY_NOT_ALLOWED', { detail: 'points need a customer on the sale' });
    }
    if (!customer) return null;
    const total = tiyin(draft.total);
    const balance = signedTiyin(customer.balance);
    if (redeemed > 0n) {
      const share = (total * BigInt(customer.maxRedeemPercent)) / 100n;
      if (!customer.loyaltyEnabled || redeemed > balance || redeemed > share) {
        throw PosError.of('LOYALTY_NOT_ALLOWED', {
          detail: `redeem ${formatMoney(redeemed)} of balance ${customer.balance}, share ${formatMoney(share)}`,
        });
      }
    }
    const paid = total - redeemed;
    const earned = customer.loyaltyEnabled && paid > 0n ? (paid * BigInt(customer.accrualBps)) / 10_000n : 0n;
    return {
      customerId: customer.id,
      phone: customer.phone,
      name: customer.name,
      redeemed: formatMoney(redeemed),
      earned: formatMoney(earned),
      balanceAfter: signedMoney(balance - redeemed + earned),
    };
  }

  /**
   * After the sale is recorded: the redeemed points leave the balance the till will check the
   * next sale against. Earned points are not added — the server credits them once it has the sale.
   */
  spend(loyalty: SaleLoyaltyInfo): void {
    const customer = this.byId(loyalty.customerId);
    if (!customer || parseMoney(loyalty.redeemed) === 0n) return;
    this.kv.set(byPhone(customer.phone), {
      ...customer,
      balance: signedMoney(signedTiyin(customer.balance) - parseMoney(loyalty.redeemed)),
    });
  }
}
