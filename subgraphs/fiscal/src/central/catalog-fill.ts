/**
 * Receipt lines that reached fiscal without an IKPU (issue 13 §1).
 *
 * Sales fills a line's missing snapshots from its own catalog projection, so a line arrives
 * without an IKPU only when sales did not know the product (yet). The fiscal module would refuse
 * such a receipt for good (`INVALID_RECEIPT`), so instead:
 *
 * - when the receipt is built (sale-events.consumer.ts), each item whose line left a snapshot out
 *   is filled from fiscal's own catalog projection (what sales sent always wins);
 * - an item still without an IKPU holds the receipt in NEEDS_ATTENTION with `MISSING_IKPU` and a
 *   message naming the product — never a silent FAILED;
 * - `retryFiscalization` fills it again from the projection, which by then has usually heard of
 *   the product, and queues it; while the IKPU is still unknown the retry answers `MISSING_IKPU`.
 *
 * Only the descriptive fields are filled (name, IKPU, package code, owner type). Amounts and VAT
 * stay what sales recorded: the fiscal receipt must add up to the sale, and refunds are computed
 * from the sale's stored lines.
 */
import { FISCAL_FIELDS } from '@jowi/receipt';
import type { EntityManager } from 'typeorm';
import { type ProductFacts, productFacts } from '../services/catalog-projection.ts';
import {
  FALLBACK_ITEM_NAME,
  itemFields,
  type LineSnapshot,
  type StoredSaleRequest,
} from './receipt-request.ts';

export const MISSING_IKPU = 'MISSING_IKPU';

/** An item of a request that still has no IKPU. */
export interface MissingIkpu {
  /** The sale line number (its position on the receipt when the request does not keep them). */
  lineNo: number;
  productId: string | null;
  /** The best name known for it (sent, or the catalog's), null when none. */
  name: string | null;
}

const lacksSomething = (s: LineSnapshot) =>
  s.productId !== null &&
  (s.name === null || s.ikpu === null || s.packageCode === null || s.ownerType === null);

/** Product ids whose catalog facts could fill something in `request`. */
export function productsToLookUp(request: StoredSaleRequest): string[] {
  return [...new Set((request.snapshots ?? []).filter(lacksSomething).map((s) => s.productId!))];
}

/** A line's snapshots with what it left out taken from the product (sent values win). */
function merged(snapshot: LineSnapshot, product: ProductFacts): LineSnapshot {
  return {
    productId: snapshot.productId,
    name: snapshot.name?.trim() || product.name?.trim() || null,
    // Only facts the fiscal gateway accepts: the fiscal field rules of @jowi/receipt.
    ikpu: snapshot.ikpu ?? (FISCAL_FIELDS.ikpu.test(product.ikpu) ? product.ikpu : null),
    packageCode:
      snapshot.packageCode ||
      (FISCAL_FIELDS.packageCode.test(product.packageCode) ? product.packageCode : null),
    ownerType: snapshot.ownerType ?? product.ownerType,
  };
}

/**
 * Fills the items of `request` whose line left a snapshot out from `products` (keyed by
 * lower-case product id). Pure; returns a new request and the items still without an IKPU.
 */
export function fillFromCatalog(
  request: StoredSaleRequest,
  products: ReadonlyMap<string, ProductFacts>,
): { request: StoredSaleRequest; missing: MissingIkpu[] } {
  const items = request.items.map((item, index) => {
    const snapshot = request.snapshots?.[index];
    const product = snapshot?.productId ? products.get(snapshot.productId) : undefined;
    if (!snapshot || !product || !lacksSomething(snapshot)) return item;
    return { ...item, ...itemFields(merged(snapshot, product)) };
  });
  const missing: MissingIkpu[] = [];
  items.forEach((item, index) => {
    if (item.spic !== '') return;
    const snapshot = request.snapshots?.[index];
    missing.push({
      lineNo: request.lineNos?.[index] ?? index + 1,
      productId: snapshot?.productId ?? null,
      name: item.name === FALLBACK_ITEM_NAME ? (snapshot?.name ?? null) : item.name,
    });
  });
  return { request: { ...request, items }, missing };
}

/** {@link fillFromCatalog} with the products read from fiscal's projection (one read, only when needed). */
export async function fillRequestFromCatalog(
  m: EntityManager,
  request: StoredSaleRequest,
): Promise<{ request: StoredSaleRequest; missing: MissingIkpu[] }> {
  const ids = productsToLookUp(request);
  return fillFromCatalog(request, ids.length > 0 ? await productFacts(m, ids) : new Map());
}

/** The operator message of a receipt waiting for IKPU codes: which lines, which products. */
export function missingIkpuMessage(missing: readonly MissingIkpu[]): string {
  const lines = missing.map((line) => {
    const product = [line.name ? `"${line.name}"` : null, line.productId ? `(${line.productId})` : null]
      .filter(Boolean)
      .join(' ');
    return `line ${line.lineNo}${product ? `, product ${product}` : ''}`;
  });
  return (
    `No IKPU (MXIK) code for ${lines.join('; ')}: the catalog has not announced ` +
    `${missing.length === 1 ? 'this product' : 'these products'} to fiscalization (yet), or without an IKPU. ` +
    'Give each its IKPU in the catalog, then retry the receipt.'
  );
}
