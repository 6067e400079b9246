import type { ProductColumn } from '../entities/product.entity.ts';
import type { ProductRead } from '../services/change-feed.service.ts';

/**
 * The row columns each `Product` field's resolver reads (fields served by a loader keyed by the
 * product id read no column). A page that reads its products itself (the change feed) selects
 * only these for the fields the operation asks for. Keep it in step with the resolvers: a spec
 * fails when a field of `Product` in the SDL is missing here, and a field that is missing makes
 * the page read every column.
 */
export const PRODUCT_FIELD_COLUMNS: Readonly<Record<string, readonly ProductColumn[]>> = {
  __typename: [],
  id: [],
  sku: ['sku'],
  name: ['name'],
  names: ['name', 'nameRu', 'nameEn'],
  price: ['price'],
  costPrice: ['costPrice'],
  storePrices: [],
  vatRate: ['vatRate'],
  ownerType: ['ownerType'],
  markingRequired: ['markingRequired'],
  imageUrl: ['imageUrl'],
  tags: ['tags'],
  modifierGroups: [],
  ikpu: ['ikpu'],
  packageCode: ['packageCode'],
  unit: ['unit'],
  barcodes: [],
  category: ['categoryId'],
  active: ['active'],
  updatedAt: ['updatedAt'],
};

const ALL_COLUMNS = [...new Set(Object.values(PRODUCT_FIELD_COLUMNS).flat())];

/** What to read of each product for these selected `Product` fields (undefined: none selected). */
export function productRead(fields: ReadonlySet<string> | null): ProductRead | undefined {
  if (!fields) return undefined;
  const columns = new Set<ProductColumn>();
  for (const field of fields) {
    const read = PRODUCT_FIELD_COLUMNS[field];
    if (!read) return { columns: ALL_COLUMNS, barcodes: true };
    for (const column of read) columns.add(column);
  }
  return { columns: [...columns], barcodes: fields.has('barcodes') };
}
