/**
 * The catalog consumer: keeps sales' projection of the catalog (`sales.product_ref`,
 * `sales.catalog_state`, see catalog.ts) from catalog's events, exactly as the directory
 * consumer keeps stores and terminals.
 *
 * - `catalog.product.upserted` carries a product's whole current state and the change-feed
 *   sequence of the write (`seq`): the product is upserted unless the projection already holds
 *   that write or a newer one, and the tenant's catalog version moves up to `seq`.
 * - `catalog.changed` (one per change of a product, category or modifier group) moves the
 *   catalog version up to its `seq`, so a category rename makes POS terminals pull too.
 *
 * Both are idempotent (newer wins, versions never go back), so a replay changes nothing. Events
 * arrive parsed with their `@jowi/events` contracts: one that breaks its contract is parked by the
 * runner at once and never reaches this code.
 */
import { type EventPayload, receiptFactsOf } from '@jowi/events';
import { type ContractEvent, defineConsumer, type EntityManager, runtimeRole } from '@jowi/server-kit';
import { type ProductAnnouncement, raiseCatalogVersion, upsertProductRef } from './catalog.ts';

export const PRODUCT_UPSERTED = 'catalog.product.upserted';
export const CATALOG_CHANGED = 'catalog.changed';
const TYPES = [PRODUCT_UPSERTED, CATALOG_CHANGED] as const;

/** An event this consumer follows, parsed with its contract (`@jowi/events`). */
export type CatalogEvent = ContractEvent<(typeof TYPES)[number]>;

/** The product an upsert event announces, as the projection stores it. */
export function productAnnouncement(p: EventPayload<'catalog.product.upserted'>): ProductAnnouncement {
  return { ...receiptFactsOf(p), cashlessOnly: p.cashlessOnly, categoryId: p.categoryId };
}

/**
 * Applies a tenant's catalog events of one batch (log order) inside the consumer's transaction:
 * each product in turn, then the catalog version once, to the highest sequence seen.
 */
export async function applyCatalogEvents(m: EntityManager, events: readonly CatalogEvent[]): Promise<void> {
  let version: bigint | null = null;
  for (const event of events) {
    let at: bigint | null;
    if (event.type === PRODUCT_UPSERTED) {
      const product = productAnnouncement(event.payload);
      await upsertProductRef(m, event.tenantId, product);
      at = product.seq;
    } else {
      at = BigInt(event.payload.seq);
    }
    if (at !== null && (version === null || at > version)) version = at;
  }
  const tenantId = events[0]?.tenantId;
  if (tenantId && version !== null) await raiseCatalogVersion(m, tenantId, version);
}

/** The consumer as `startSales` registers it. */
export const catalogConsumer = defineConsumer({
  name: `${runtimeRole('sales')}:catalog`,
  types: TYPES,
  handleBatch: (m, events) => applyCatalogEvents(m, events),
});
