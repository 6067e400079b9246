/**
 * Product writes. A product, its barcodes, its `catalog.product.upserted` event and its audit
 * entry commit together or not at all: expected failures found inside the transaction (a
 * concurrent writer took the SKU or a barcode) roll it back through {@link Rejected} and come
 * back as typed errors, never as a half-written product.
 */
import {
  appendAudit,
  appendEvent,
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
  type UserError,
  userError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { CategoryEntity } from '../entities/category.entity.ts';
import { ProductEntity, type ProductRow } from '../entities/product.entity.ts';
import { ProductBarcodeEntity } from '../entities/product-barcode.entity.ts';
import { type CreateProductFields, type NormalisedProduct, normaliseCreateProduct } from './product-input.ts';

export const CATALOG_WRITE = 'catalog:write';
export const PRODUCT_UPSERTED = 'catalog.product.upserted';

/** Thrown inside a transaction to roll it back with user errors; caught before it leaves the service. */
class Rejected extends Error {
  constructor(readonly errors: UserError[]) {
    super('rejected');
  }
}

export interface ProductPayload {
  product: ProductRow | null;
  errors: UserError[];
}

/** Who made a change, as written to the audit log and movement tables. */
export function actorOf(ctx: RequestContext): string {
  return ctx.identity.subject ? `${ctx.identity.kind}:${ctx.identity.subject}` : ctx.identity.kind;
}

const duplicateSku = (sku: string) =>
  userError('DUPLICATE_SKU', `SKU ${sku} is already used`, ['input', 'sku']);
const duplicateBarcode = (barcode: string, index: number) =>
  userError('DUPLICATE_BARCODE', `Barcode ${barcode} already belongs to another product`, [
    'input',
    'barcodes',
    String(index),
  ]);

/** Conflicts with existing rows, all reported at once (the insert re-checks them under the unique indexes). */
async function findConflicts(m: EntityManager, value: NormalisedProduct): Promise<UserError[]> {
  const errors: UserError[] = [];
  if (value.categoryId) {
    const known =
      isUuid(value.categoryId) && (await m.getRepository(CategoryEntity).existsBy({ id: value.categoryId }));
    if (!known) errors.push(userError('UNKNOWN_CATEGORY', 'No such category', ['input', 'categoryId']));
  }
  if (await m.getRepository(ProductEntity).existsBy({ sku: value.sku })) errors.push(duplicateSku(value.sku));
  if (value.barcodes.length > 0) {
    const taken = await m.getRepository(ProductBarcodeEntity).findBy({ barcode: In(value.barcodes) });
    for (const row of taken) errors.push(duplicateBarcode(row.barcode, value.barcodes.indexOf(row.barcode)));
  }
  return errors;
}

/** Creates a product with its barcodes. `id` is for seeding with deterministic ids only. */
export async function createProduct(
  ctx: RequestContext,
  input: CreateProductFields & { id?: string },
): Promise<ProductPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const { value, errors } = normaliseCreateProduct(input);
  if (errors.length > 0) return { product: null, errors };
  const id = input.id ?? newId();

  try {
    const product = await ctx.tx(async (m) => {
      const conflicts = await findConflicts(m, value);
      if (conflicts.length > 0) throw new Rejected(conflicts);

      // ON CONFLICT DO NOTHING waits for a concurrent insert of the same SKU and then skips:
      // the loser gets DUPLICATE_SKU instead of a unique-violation exception.
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO catalog.product (tenant_id, id, sku, name, price, vat_rate, ikpu, package_code, unit, category_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          tenantId,
          id,
          value.sku,
          value.name,
          value.price.toString(),
          value.vatRate,
          value.ikpu,
          value.packageCode,
          value.unit,
          value.categoryId,
        ],
      );
      if (inserted.length === 0) throw new Rejected([duplicateSku(value.sku)]);

      if (value.barcodes.length > 0) {
        const stored: { barcode: string }[] = await m.query(
          `INSERT INTO catalog.product_barcode (tenant_id, barcode, product_id)
           SELECT $1, code, $2 FROM unnest($3::text[]) AS code
           ON CONFLICT DO NOTHING RETURNING barcode`,
          [tenantId, id, value.barcodes],
        );
        const lost = value.barcodes.filter((code) => !stored.some((row) => row.barcode === code));
        if (lost.length > 0)
          throw new Rejected(lost.map((code) => duplicateBarcode(code, value.barcodes.indexOf(code))));
      }

      const row = await m.getRepository(ProductEntity).findOneByOrFail({ id });
      const snapshot = productSnapshot(row, value.barcodes);
      await appendEvent(m, {
        tenantId,
        type: PRODUCT_UPSERTED,
        aggregateId: id,
        payload: snapshot,
        source: 'catalog',
      });
      await appendAudit(m, {
        tenantId,
        actor: actorOf(ctx),
        action: 'product.create',
        entityType: 'product',
        entityId: id,
        data: snapshot,
        source: 'catalog',
      });
      return row;
    });
    return { product, errors: [] };
  } catch (error) {
    if (error instanceof Rejected) return { product: null, errors: error.errors };
    throw error;
  }
}

/** The product as consumers of the event log and readers of the audit log see it. */
export function productSnapshot(row: ProductRow, barcodes: string[]): Record<string, unknown> {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    price: row.price.toString(),
    vatRate: row.vatRate,
    ikpu: row.ikpu,
    packageCode: row.packageCode,
    unit: row.unit,
    categoryId: row.categoryId,
    active: row.active,
    barcodes,
    updatedAt: row.updatedAt.toISOString(),
  };
}
