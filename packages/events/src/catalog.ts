/**
 * Events of the catalog subgraph. `catalog.product.upserted` carries the product's whole current
 * state (applying the latest one is enough; a replay is harmless). It is written by single
 * writes (`productSnapshot`) and, in SQL, by bulk imports (`appendProductEvents`): both must
 * produce exactly this shape. `catalog.changed` is written by the SQL function
 * `catalog.record_changes` for every entry of the change feed.
 */
import { z } from 'zod';
import { dateTime, integerString, ownerType, uuid } from './scalars.ts';

/** `catalog.product.upserted` v1: a product was created or changed. Aggregate: the product id. */
export const productUpsertedV1 = z.object({
  id: uuid,
  sku: z.string(),
  /** Display name (Uzbek). */
  name: z.string(),
  nameRu: z.string().nullable(),
  nameEn: z.string().nullable(),
  /** Price including VAT, in **tiyin** (an integer string; a public form shows it as Money). */
  price: integerString('tiyin'),
  /** VAT rate in percent (0 exempt, 12 standard). */
  vatRate: z.number().int().min(0).max(100),
  /** IKPU (MXIK) classification code. */
  ikpu: z.string(),
  packageCode: z.string(),
  /** Unit of sale (`pcs`, `kg`, …). */
  unit: z.string(),
  categoryId: uuid.nullable(),
  ownerType,
  /** Whether the product needs a marking code on fiscal receipts. */
  markingRequired: z.boolean(),
  /**
   * Sold only without cash (alcohol, tobacco; issue 14). Added later: events written before it
   * read as false.
   */
  cashlessOnly: z.boolean().default(false),
  tags: z.array(z.string()),
  active: z.boolean(),
  /** Barcodes in the order they were added. */
  barcodes: z.array(z.string()),
  updatedAt: dateTime,
  /**
   * The change-feed sequence of this write (an integer string; the `catalogChanges` cursor right
   * after it): consumers keep the newest state per product. Absent in events written before it
   * was added.
   */
  seq: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an integer string')
    .optional(),
});

/** `catalog.changed` v1: an entry of the catalog change feed (`catalogChanges`). Aggregate: the entity id. */
export const catalogChangedV1 = z.object({
  /** The tenant's change sequence number (an integer string). */
  seq: z.string().regex(/^\d+$/, 'must be an integer string'),
  entity: z.enum(['PRODUCT', 'CATEGORY', 'MODIFIER_GROUP']),
  kind: z.enum(['UPSERT', 'DELETE']),
  id: uuid,
});

/**
 * What a fiscal receipt line needs of a product, from its `catalog.product.upserted` payload:
 * the facts the sales and fiscal projections both keep, with the write's sequence (null in
 * events written before catalog sent it) so the newest write wins.
 */
export function receiptFactsOf(product: z.output<typeof productUpsertedV1>) {
  return {
    id: product.id.toLowerCase(),
    name: product.name,
    ikpu: product.ikpu,
    packageCode: product.packageCode,
    ownerType: product.ownerType,
    vatRate: product.vatRate,
    markingRequired: product.markingRequired,
    seq: product.seq === undefined ? null : BigInt(product.seq),
  };
}
