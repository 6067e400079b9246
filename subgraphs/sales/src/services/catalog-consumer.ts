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
 * Both are idempotent (newer wins, versions never go back), so a replay changes nothing.
 */
import { type ConsumerDefinition, type EntityManager, runtimeRole, type StoredEvent } from '@jowi/server-kit';
import { z } from 'zod';
import { type ProductAnnouncement, raiseCatalogVersion, upsertProductRef } from './catalog.ts';

export const PRODUCT_UPSERTED = 'catalog.product.upserted';
export const CATALOG_CHANGED = 'catalog.changed';

/** A change-feed sequence: a decimal string (JSON numbers are accepted too). */
const seq = z.union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()]).transform(BigInt);

/** The part of `catalog.product.upserted` sales keeps (the payload is catalog's product snapshot). */
const productUpserted = z.object({
  id: z.uuid(),
  name: z.string().nullish(),
  ikpu: z.string().nullish(),
  packageCode: z.string().nullish(),
  ownerType: z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']).nullish(),
  vatRate: z.number().int().min(0).max(100).nullish(),
  markingRequired: z.boolean().nullish(),
  cashlessOnly: z.boolean().nullish(),
  categoryId: z.uuid().nullish(),
  seq: seq.nullish(),
});
const catalogChanged = z.object({ seq });

/** The product an upsert event announces, as the projection stores it. */
export function parseProductUpserted(payload: unknown): ProductAnnouncement {
  const p = productUpserted.parse(payload);
  return {
    id: p.id.toLowerCase(),
    name: p.name ?? null,
    ikpu: p.ikpu ?? null,
    packageCode: p.packageCode ?? null,
    ownerType: p.ownerType ?? null,
    vatRate: p.vatRate ?? null,
    markingRequired: p.markingRequired ?? false,
    cashlessOnly: p.cashlessOnly ?? false,
    categoryId: p.categoryId ?? null,
    seq: p.seq ?? null,
  };
}

/**
 * Applies a tenant's catalog events of one batch (log order) inside the consumer's transaction:
 * each product in turn, then the catalog version once, to the highest sequence seen.
 */
export async function applyCatalogEvents(m: EntityManager, events: readonly StoredEvent[]): Promise<void> {
  let version: bigint | null = null;
  for (const event of events) {
    let at: bigint | null = null;
    if (event.type === PRODUCT_UPSERTED) {
      const product = parseProductUpserted(event.payload);
      await upsertProductRef(m, event.tenantId, product);
      at = product.seq;
    } else if (event.type === CATALOG_CHANGED) {
      at = catalogChanged.parse(event.payload).seq;
    }
    if (at !== null && (version === null || at > version)) version = at;
  }
  const tenantId = events[0]?.tenantId;
  if (tenantId && version !== null) await raiseCatalogVersion(m, tenantId, version);
}

/** The consumer as `startSales` registers it. */
export const catalogConsumer: ConsumerDefinition = {
  name: `${runtimeRole('sales')}:catalog`,
  types: [PRODUCT_UPSERTED, CATALOG_CHANGED],
  handleBatch: (m, events) => applyCatalogEvents(m, events),
};
