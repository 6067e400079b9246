/**
 * Sales' read-only projection of the catalog: the facts a receipt needs per product
 * (`sales.product_ref`) and the catalog version a POS sees (`sales.catalog_state`), filled from
 * catalog's events by the catalog consumer (see catalog-consumer.ts), never from catalog's tables.
 * `syncSales` reads it once per batch to fill the snapshots a line left out and to tell the POS
 * the current catalog version.
 */
import type { EntityManager } from '@jowi/server-kit';
import type { SaleLineRow } from '../entities/sale-line.entity.ts';

export type OwnerType = NonNullable<SaleLineRow['ownerType']>;

/** What sales knows of one product, as the catalog last announced it. */
export interface ProductFacts {
  id: string;
  name: string | null;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: OwnerType | null;
  vatRate: number | null;
  markingRequired: boolean;
  cashlessOnly: boolean;
  categoryId: string | null;
  /** Change-feed sequence of the write the facts reflect (an integer string), when read and known. */
  changeSeq?: string | null;
}

/** A product write as announced by the catalog, with its change-feed sequence when known. */
export interface ProductAnnouncement extends ProductFacts {
  /** Change-feed sequence of the write; null when unknown (events from before catalog sent it). */
  seq: bigint | null;
}

/** One read of the projection for a batch: the products it names and the tenant's catalog version. */
export interface CatalogFacts {
  /** The `catalogChanges` cursor after the latest catalog change sales has heard of; null before any. */
  version: string | null;
  products: ReadonlyMap<string, ProductFacts>;
}

const FACT_COLUMNS = `p.id, p.name, p.ikpu, p.package_code AS "packageCode", p.owner_type AS "ownerType",
  p.vat_rate AS "vatRate", p.marking_required AS "markingRequired", p.cashless_only AS "cashlessOnly",
  p.category_id AS "categoryId", p.seq::text AS "changeSeq"`;

/**
 * The facts of `productIds` and the catalog version of the current tenant (RLS), in one statement.
 * `productIds` must be lower-case UUIDs; unknown ones are simply absent from `products`.
 */
export async function readCatalogFacts(
  m: EntityManager,
  productIds: readonly string[],
): Promise<CatalogFacts> {
  const rows: (Partial<ProductFacts> & { version: string | null })[] = await m.query(
    `SELECT v.version, ${FACT_COLUMNS}
       FROM (SELECT max(version)::text AS version FROM sales.catalog_state) v
       LEFT JOIN sales.product_ref p ON p.id = ANY($1::uuid[])`,
    [productIds],
  );
  const products = new Map<string, ProductFacts>();
  for (const { version: _version, ...row } of rows) {
    if (row.id) products.set(row.id, row as ProductFacts);
  }
  return { version: rows[0]?.version ?? null, products };
}

/**
 * Records a product as the catalog announced it, unless the projection already holds the same
 * or a newer write: a row with a known sequence only moves to a higher one, so replays and late
 * deliveries never move a product back. A row without a sequence (seeded, or from an event that
 * carried none) takes whatever comes next. `ifAbsent` only adds products the projection does
 * not know at all (the demo seed).
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
         marking_required = EXCLUDED.marking_required, cashless_only = EXCLUDED.cashless_only,
         category_id = EXCLUDED.category_id, seq = EXCLUDED.seq, updated_at = now()
       WHERE product_ref.seq IS NULL OR product_ref.seq < EXCLUDED.seq`;
  await m.query(
    `INSERT INTO sales.product_ref AS product_ref
       (tenant_id, id, name, ikpu, package_code, owner_type, vat_rate, marking_required, cashless_only,
        category_id, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
      product.cashlessOnly,
      product.categoryId?.toLowerCase() ?? null,
      product.seq?.toString() ?? null,
    ],
  );
}

/** Moves the tenant's catalog version forward to `version` (never back). */
export async function raiseCatalogVersion(
  m: EntityManager,
  tenantId: string,
  version: bigint,
): Promise<void> {
  await m.query(
    `INSERT INTO sales.catalog_state AS s (tenant_id, version) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()
       WHERE s.version < EXCLUDED.version`,
    [tenantId, version.toString()],
  );
}
