/**
 * The fiscal subgraph's projection of the catalog (`fiscal.product_ref`): per product, the facts
 * a receipt line needs — name, IKPU, package code, owner type (and VAT rate and marking flag) —
 * as catalog's `catalog.product.upserted` events announce them (see central/catalog.consumer.ts).
 * The fiscal role cannot read catalog's or sales' tables; this is how it learns an IKPU a sale
 * line arrived without.
 */
import type { EntityManager } from 'typeorm';

export type OwnerType = 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';

/** What fiscal knows of one product, as the catalog last announced it. */
export interface ProductFacts {
  id: string;
  name: string | null;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: OwnerType | null;
  vatRate: number | null;
  markingRequired: boolean;
}

/** A product write as announced by the catalog, with its change-feed sequence when known. */
export interface ProductAnnouncement extends ProductFacts {
  /** Change-feed sequence of the write; null when unknown (events from before catalog sent it). */
  seq: bigint | null;
}

/** The known products among `ids` (lower-case UUIDs) in the current tenant, by id. */
export async function productFacts(
  m: EntityManager,
  ids: readonly string[],
): Promise<Map<string, ProductFacts>> {
  if (ids.length === 0) return new Map();
  const rows: ProductFacts[] = await m.query(
    `SELECT id, name, ikpu, package_code AS "packageCode", owner_type AS "ownerType", vat_rate AS "vatRate",
            marking_required AS "markingRequired"
       FROM fiscal.product_ref WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Records a product as the catalog announced it, unless the projection already holds the same
 * or a newer write (a row with a known sequence only moves to a higher one; one without takes
 * whatever comes next). `ifAbsent` only adds products not known at all (the demo seed).
 */
export async function upsertProductRef(
  m: EntityManager,
  tenantId: string,
  product: ProductAnnouncement,
  options: { ifAbsent?: boolean } = {},
): Promise<void> {
  const onConflict = options.ifAbsent
    ? 'DO NOTHING'
    : `DO UPDATE SET name = EXCLUDED.name, ikpu = EXCLUDED.ikpu, package_code = EXCLUDED.package_code,
         owner_type = EXCLUDED.owner_type, vat_rate = EXCLUDED.vat_rate,
         marking_required = EXCLUDED.marking_required, seq = EXCLUDED.seq, updated_at = now()
       WHERE product_ref.seq IS NULL OR product_ref.seq < EXCLUDED.seq`;
  await m.query(
    `INSERT INTO fiscal.product_ref AS product_ref
       (tenant_id, id, name, ikpu, package_code, owner_type, vat_rate, marking_required, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, id) ${onConflict}`,
    [
      tenantId,
      product.id.toLowerCase(),
      product.name,
      product.ikpu,
      product.packageCode,
      product.ownerType,
      product.vatRate,
      product.markingRequired,
      product.seq?.toString() ?? null,
    ],
  );
}
