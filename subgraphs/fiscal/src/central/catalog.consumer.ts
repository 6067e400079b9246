/**
 * The fiscal subgraph's consumer of `catalog.product.upserted`: keeps `fiscal.product_ref`
 * (see services/catalog-projection.ts), the catalog facts a receipt line needs, so a sale line
 * that arrives without an IKPU can be filled — when its receipt is built, or when an operator
 * retries a receipt that waited for it (`MISSING_IKPU`). Each event carries the product's whole
 * state and the change-feed sequence of the write; newer wins, so a replay changes nothing.
 */
import { type ConsumerDefinition, type ConsumerHandler, runtimeRole } from '@jowi/server-kit';
import { z } from 'zod';
import { type ProductAnnouncement, upsertProductRef } from '../services/catalog-projection.ts';

export const PRODUCT_UPSERTED = 'catalog.product.upserted';
export const CATALOG_CONSUMER = `${runtimeRole('fiscal')}:catalog`;

/** The part of `catalog.product.upserted` fiscal keeps (the payload is catalog's product snapshot). */
const productUpserted = z.object({
  id: z.uuid(),
  name: z.string().nullish(),
  ikpu: z.string().nullish(),
  packageCode: z.string().nullish(),
  ownerType: z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']).nullish(),
  vatRate: z.number().int().min(0).max(100).nullish(),
  markingRequired: z.boolean().nullish(),
  seq: z
    .union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()])
    .transform(BigInt)
    .nullish(),
});

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
    seq: p.seq ?? null,
  };
}

const handle: ConsumerHandler = async (m, event) => {
  if (event.type !== PRODUCT_UPSERTED) return;
  await upsertProductRef(m, event.tenantId, parseProductUpserted(event.payload));
};

/** The consumer definition the subgraph starts. */
export const catalogConsumer: ConsumerDefinition = {
  name: CATALOG_CONSUMER,
  types: [PRODUCT_UPSERTED],
  handle,
};
