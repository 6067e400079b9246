/**
 * The fiscal subgraph's consumer of `catalog.product.upserted`: keeps `fiscal.product_ref`
 * (see services/catalog-projection.ts), the catalog facts a receipt line needs, so a sale line
 * that arrives without an IKPU can be filled — when its receipt is built, or when an operator
 * retries a receipt that waited for it (`MISSING_IKPU`). Each event carries the product's whole
 * state and the change-feed sequence of the write; newer wins, so a replay changes nothing.
 * Events arrive parsed with their `@jowi/events` contract: one that breaks it is parked by the
 * runner at once.
 */
import { receiptFactsOf } from '@jowi/events';
import { defineConsumer, runtimeRole } from '@jowi/server-kit';
import { upsertProductRef } from '../services/catalog-projection.ts';

export const PRODUCT_UPSERTED = 'catalog.product.upserted';
export const CATALOG_CONSUMER = `${runtimeRole('fiscal')}:catalog`;

/** The consumer definition the subgraph starts. */
export const catalogConsumer = defineConsumer({
  name: CATALOG_CONSUMER,
  types: [PRODUCT_UPSERTED],
  handle: (m, event) => upsertProductRef(m, event.tenantId, receiptFactsOf(event.payload)),
});
