/**
 * What a synced sale is checked against beyond its own content (issue 14): who sold it and what
 * the catalog says about its goods. A sale that happened is stored — the POS already took the
 * money and the fiscal module signed it — so these findings are review flags, never a refusal,
 * with one exception: cash for cashless-only goods by a sender that provably knew the rule.
 *
 * - `DISCOUNT_NOT_PERMITTED`: a line or receipt discount by a cashier without `sales:discount`.
 *   The cashier's permissions come from the caller's own token when the caller is that cashier
 *   (fresh and signed), else from sales' projection of identity's `staff.upserted` events; a
 *   cashier sales has not heard of cannot be vouched for and is flagged.
 * - `CASH_FOR_CASHLESS`: a cash payment in a sale holding a product the catalog marks
 *   `cashlessOnly`. Refused (`CASH_FOR_CASHLESS` error) when the sender knew: it named no catalog
 *   version (an integrator importing sales must follow the rule), or a version at or after the
 *   product's latest change. A till that priced the cart with an older catalog is flagged.
 * - `MISSING_MARKING_CODES`: a line of a product that requires marking, without codes.
 */
import { type EntityManager, hasPermission } from '@jowi/server-kit';
import type { SaleFlag } from '../entities/sale.entity.ts';
import type { ProductFacts } from './catalog.ts';
import type { SaleContent } from './sale-content.ts';

/** The permission a cashier needs for a line or receipt discount. */
export const DISCOUNT_PERMISSION = 'sales:discount';

/** Whether the sale has a line discount or a receipt discount. */
export const isDiscounted = (sale: SaleContent): boolean =>
  sale.discount > 0n || sale.lines.some((line) => line.discount > 0n);

/**
 * The cashiers among `cashierIds` that hold `sales:discount` as identity last announced them
 * (lower-case ids; read inside the tenant transaction).
 */
export async function readDiscountHolders(
  m: EntityManager,
  cashierIds: readonly string[],
): Promise<Set<string>> {
  if (cashierIds.length === 0) return new Set();
  const rows: { id: string; permissions: string[] }[] = await m.query(
    'SELECT id, permissions FROM sales.staff_ref WHERE id = ANY($1::uuid[]) AND active',
    [cashierIds],
  );
  return new Set(
    rows.filter((row) => hasPermission(row.permissions, DISCOUNT_PERMISSION)).map((row) => row.id),
  );
}

/** Who may have given a discount: the caller itself (by its token) or the projection's holders. */
export interface DiscountAuthority {
  /** The signed-in staff member (lower-case), when the caller is one. */
  caller: string | null;
  callerPermissions: readonly string[];
  holders: ReadonlySet<string>;
}

/** Whether `cashierId` may give discounts. */
function mayDiscount(authority: DiscountAuthority, cashierId: string | null): boolean {
  if (cashierId === null) return false;
  if (cashierId === authority.caller) return hasPermission(authority.callerPermissions, DISCOUNT_PERMISSION);
  return authority.holders.has(cashierId);
}

/** The cashier-independent catalog findings: how a cash payment for cashless goods is judged. */
export type CashlessVerdict = 'refuse' | 'flag' | null;

/** See the file header: `refuse` when the sender knew the goods were cashless only. */
export function cashlessVerdict(
  sale: SaleContent,
  products: ReadonlyMap<string, ProductFacts>,
): CashlessVerdict {
  if (!sale.payments.some((payment) => payment.method === 'CASH')) return null;
  const cashless = sale.lines.flatMap((line) => {
    const facts = products.get(line.productId);
    return facts?.cashlessOnly ? [facts] : [];
  });
  if (cashless.length === 0) return null;
  if (sale.catalogVersion === null) return 'refuse';
  if (!/^\d{1,19}$/.test(sale.catalogVersion)) return 'flag';
  const version = BigInt(sale.catalogVersion);
  const knew = cashless.every((facts) => facts.changeSeq != null && BigInt(facts.changeSeq) <= version);
  return knew ? 'refuse' : 'flag';
}

/** The review flags of a sale stored with `cashierId` (the sale's, else the signed-in staff member). */
export function reviewFlags(
  sale: SaleContent,
  cashierId: string | null,
  products: ReadonlyMap<string, ProductFacts>,
  authority: DiscountAuthority,
): SaleFlag[] {
  const flags: SaleFlag[] = [];
  if (isDiscounted(sale) && !mayDiscount(authority, cashierId)) flags.push('DISCOUNT_NOT_PERMITTED');
  if (cashlessVerdict(sale, products) === 'flag') flags.push('CASH_FOR_CASHLESS');
  const unmarked = sale.lines.some(
    (line) => line.markingCodes.length === 0 && products.get(line.productId)?.markingRequired,
  );
  if (unmarked) flags.push('MISSING_MARKING_CODES');
  return flags;
}
