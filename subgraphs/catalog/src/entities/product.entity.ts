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

/** Columns of `catalog.product` as a select list whose aliases are {@link ProductRow} keys. */
export const PRODUCT_SELECT = `p.tenant_id AS "tenantId", p.id, p.sku, p.name, p.name_ru AS "nameRu",
  p.name_en AS "nameEn", p.price::text AS price, p.cost_price::text AS "costPrice", p.vat_rate AS "vatRate",
  p.ikpu, p.package_code AS "packageCode", p.unit, p.category_id AS "categoryId", p.owner_type AS "ownerType",
  p.marking_required AS "markingRequired", p.image_url AS "imageUrl", p.tags, p.active,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** A raw row selected with {@link PRODUCT_SELECT} as a {@link ProductRow}. */
export function toProductRow(raw: Record<string, unknown>): ProductRow {
  return {
    ...(raw as unknown as ProductRow),
    price: BigInt(raw.price as string),
    costPrice: raw.costPrice === null ? null : BigInt(raw.costPrice as string),
  };
}
