/**
 * Follows customers' `customer.merged` events into `sales.customer_alias`, so the kept
 * customer's `Customer.sales` also lists the receipts sold to the customer merged into it.
 * Receipts themselves are never rewritten. Chains are flattened as they arrive, and a replay
 * leaves the same rows (the runner applies events in log order).
 */
import { type ContractEvent, defineConsumer, type EntityManager, runtimeRole } from '@jowi/server-kit';

/** Applies one `customer.merged` event inside the consumer's transaction (tenant set). */
export async function applyCustomerMerged(
  m: EntityManager,
  event: ContractEvent<'customer.merged'>,
): Promise<void> {
  const { keepId, mergeId } = event.payload;
  const keep = keepId.toLowerCase();
  const merge = mergeId.toLowerCase();
  // Whoever was merged into `merge` now belongs to `keep`; then `merge` itself does.
  await m.query(
    'UPDATE sales.customer_alias SET kept_id = $2, updated_at = now() WHERE kept_id = $1 AND merged_id <> $2',
    [merge, keep],
  );
  await m.query('DELETE FROM sales.customer_alias WHERE merged_id = $1 AND kept_id = $1', [keep]);
  await m.query(
    `INSERT INTO sales.customer_alias (tenant_id, merged_id, kept_id) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, merged_id) DO UPDATE SET kept_id = EXCLUDED.kept_id, updated_at = now()`,
    [event.tenantId, merge, keep],
  );
}

/** The consumer as `startSales` registers it. */
export const customerMergeConsumer = defineConsumer({
  name: `${runtimeRole('sales')}:customer-merges`,
  types: ['customer.merged'],
  handle: applyCustomerMerged,
});
