import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema, type ValueTransformer } from 'typeorm';

export type OwnerType = 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';
export const OWNER_TYPES: readonly OwnerType[] = ['RESALE', 'OWN_PRODUCTION', 'SERVICE'];

/** A nullable bigint column (cost price): tiyin as bigint, NULL as null. */
const nullableMoneyColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

export interface ProductRow {
  tenantId: string;
  id: string;
  sku: string;
  /** Display name = the Uzbek name. */
  name: string;
  nameRu: string | null;
  nameEn: string | null;
  /** Price including VAT, in tiyin. */
  price: bigint;
  /** Cost price in tiyin; only shown to holders of `catalog:cost`. */
  costPrice: bigint | null;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  unit: string;
  categoryId: string | null;
  ownerType: OwnerType;
  markingRequired: boolean;
  imageUrl: string | null;
  tags: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Barcodes in the order they were added, when the statement that read the row aggregated
   * them (the change feed); otherwise `Product.barcodes` loads them. Not a column.
   */
  barcodes?: string[];
}

export const ProductEntity = new EntitySchema<ProductRow>({
  name: 'Product',
  tableName: 'product',
  schema: 'catalog',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    sku: { type: 'text' },
    name: { type: 'text' },
    nameRu: { name: 'name_ru', type: 'text', nullable: true },
    nameEn: { name: 'name_en', type: 'text', nullable: true },
    price: { type: 'bigint', transformer: moneyColumn },
    costPrice: { name: 'cost_price', type: 'bigint', nullable: true, transformer: nullableMoneyColumn },
    vatRate: { name: 'vat_rate', type: 'smallint' },
    ikpu: { type: 'text' },
    packageCode: { name: 'package_code', type: 'text' },
    unit: { type: 'text' },
    categoryId: { name: 'category_id', type: 'uuid', nullable: true },
    ownerType: { name: 'owner_type', type: 'text' },
    markingRequired: { name: 'marking_required', type: 'boolean' },
    imageUrl: { name: 'image_url', type: 'text', nullable: true },
    tags: { type: 'text', array: true },
    active: { type: 'boolean' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});

/** Each {@link ProductRow} column as a select-list item over `catalog.product p`, aliased to its key. */
export const PRODUCT_COLUMNS = {
  tenantId: 'p.tenant_id AS "tenantId"',
  id: 'p.id',
  sku: 'p.sku',
  name: 'p.name',
  nameRu: 'p.name_ru AS "nameRu"',
  nameEn: 'p.name_en AS "nameEn"',
  price: 'p.price::text AS price',
  costPrice: 'p.cost_price::text AS "costPrice"',
  vatRate: 'p.vat_rate AS "vatRate"',
  ikpu: 'p.ikpu',
  packageCode: 'p.package_code AS "packageCode"',
  unit: 'p.unit',
  categoryId: 'p.category_id AS "categoryId"',
  ownerType: 'p.owner_type AS "ownerType"',
  markingRequired: 'p.marking_required AS "markingRequired"',
  imageUrl: 'p.image_url AS "imageUrl"',
  tags: 'p.tags',
  active: 'p.active',
  createdAt: 'p.created_at AS "createdAt"',
  updatedAt: 'p.updated_at AS "updatedAt"',
} as const satisfies Record<Exclude<keyof ProductRow, 'barcodes'>, string>;
export type ProductColumn = keyof typeof PRODUCT_COLUMNS;

/** Columns of `catalog.product` as a select list whose aliases are {@link ProductRow} keys. */
export const PRODUCT_SELECT = Object.values(PRODUCT_COLUMNS).join(', ');

/** A raw row selected with {@link PRODUCT_SELECT} as a {@link ProductRow}. */
export function toProductRow(raw: Record<string, unknown>): ProductRow {
  return {
    ...(raw as unknown as ProductRow),
    price: BigInt(raw.price as string),
    costPrice: raw.costPrice === null ? null : BigInt(raw.costPrice as string),
  };
}

/**
 * A raw row holding only some of the {@link PRODUCT_COLUMNS} as a {@link ProductRow} whose other
 * keys are absent (converted in place). Only for a caller that selected the columns the
 * operation's fields read (the change feed, see `PRODUCT_FIELD_COLUMNS`).
 */
export function toPartialProductRow(raw: Record<string, unknown>): ProductRow {
  if (typeof raw.price === 'string') raw.price = BigInt(raw.price);
  if (typeof raw.costPrice === 'string') raw.costPrice = BigInt(raw.costPrice);
  return raw as unknown as ProductRow;
}
