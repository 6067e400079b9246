/**
 * The compact change-feed page (`CatalogChangePage.compact`, format 1, docs/api.md "Lean catalog
 * pull") parsed at the boundary: product columns stay columns (ids decoded from their 16 bytes), tuples become named fields, money stays a decimal string until the store turns it
 * into integer tiyin. Keys and tuple positions a later server adds are ignored, as the contract
 * asks.
 */
import { z } from 'zod';

const MONEY = /^-?\d{1,17}\.\d{2}$/;
const money = z.string().regex(MONEY);
const id = z.string().min(1).max(64);

/** The UUID texts of `bytes`, 16 bytes each (one hex conversion for the whole column). */
function uuidTexts(bytes: Buffer, count: number): string[] {
  const hex = bytes.toString('hex');
  const ids = new Array<string>(count);
  for (let i = 0, o = 0; i < count; i++, o += 32) {
    ids[i] =
      `${hex.slice(o, o + 8)}-${hex.slice(o + 8, o + 12)}-${hex.slice(o + 12, o + 16)}-` +
      `${hex.slice(o + 16, o + 20)}-${hex.slice(o + 20, o + 32)}`;
  }
  return ids;
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isMoney = (v: unknown): v is string => typeof v === 'string' && MONEY.test(v);

/**
 * A column of `check`ed values. A page's columns hold 20 000 values each: one loop of `typeof`
 * checks per column validates them several times faster than an element schema per value.
 */
function column<T>(check: (v: unknown) => boolean, what: string) {
  return z.custom<T[]>((v) => Array.isArray(v) && v.every(check), `every value must be ${what}`);
}
const str = (v: unknown) => typeof v === 'string';
const strOrNull = (v: unknown) => v === null || typeof v === 'string';
const list = (check: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(check);
const storePrice = (v: unknown) => Array.isArray(v) && v.length >= 2 && isId(v[0]) && isMoney(v[1]);

/**
 * Product columns of format 1 (keys a later server adds are ignored), kept as columns: a page of
 * 20 000 products is applied column by column, without an object per product.
 */
const productColumns = z
  .object({
    ids: z.string(),
    sku: column<string>(str, 'a string'),
    name: column<string>(str, 'a string'),
    nameRu: column<string | null>(strOrNull, 'a string or null'),
    nameEn: column<string | null>(strOrNull, 'a string or null'),
    price: column<string>(isMoney, 'a Money string'),
    vatRate: column<number>(Number.isInteger, 'an integer'),
    ikpu: column<string>(str, 'a string'),
    packageCode: column<string>(str, 'a string'),
    unit: column<string>(str, 'a string'),
    categoryId: column<string | null>((v) => v === null || isId(v), 'an id or null'),
    active: column<boolean>((v) => typeof v === 'boolean', 'a boolean'),
    markingRequired: column<boolean>((v) => typeof v === 'boolean', 'a boolean'),
    /** Added to format 1 later: a page from an older server has none (read as false). */
    cashlessOnly: column<boolean>((v) => typeof v === 'boolean', 'a boolean').optional(),
    ownerType: column<string>(str, 'a string'),
    imageUrl: column<string | null>(strOrNull, 'a string or null'),
    barcodes: column<string[]>(list(str), 'a list of strings'),
    storePrices: column<[string, string, ...unknown[]][]>(list(storePrice), 'a list of [storeId, price]'),
    modifierGroupIds: column<string[]>(list(isId), 'a list of ids'),
  })
  .transform((c, ctx) => {
    const bytes = Buffer.from(c.ids, 'base64');
    const count = bytes.length / 16;
    const { ids: _ids, cashlessOnly, ...columns } = c;
    const sized = cashlessOnly ? [...Object.values(columns), cashlessOnly] : Object.values(columns);
    if (!Number.isInteger(count) || sized.some((column) => column.length !== count)) {
      ctx.addIssue({ code: 'custom', message: 'product columns of different lengths' });
      return z.NEVER;
    }
    return {
      ...columns,
      cashlessOnly: cashlessOnly ?? new Array<boolean>(count).fill(false),
      count,
      ids: uuidTexts(bytes, count),
    };
  });

/** Product `i` of a page's columns as one object (tests and single lookups; a page is applied by column). */
export function productAt(c: ProductColumns, i: number) {
  return {
    id: c.ids[i]!,
    sku: c.sku[i]!,
    name: c.name[i]!,
    nameRu: c.nameRu[i]!,
    nameEn: c.nameEn[i]!,
    price: c.price[i]!,
    vatRate: c.vatRate[i]!,
    ikpu: c.ikpu[i]!,
    packageCode: c.packageCode[i]!,
    unit: c.unit[i]!,
    categoryId: c.categoryId[i]!,
    active: c.active[i]!,
    markingRequired: c.markingRequired[i]!,
    cashlessOnly: c.cashlessOnly[i]!,
    ownerType: c.ownerType[i]!,
    imageUrl: c.imageUrl[i]!,
    barcodes: c.barcodes[i]!,
    storePrices: c.storePrices[i]!.map(([storeId, price]) => ({ storeId, price })),
    modifierGroupIds: c.modifierGroupIds[i]!,
  };
}

const categoryTuple = z
  .tuple([id, z.string(), id.nullable(), z.boolean()])
  .rest(z.unknown())
  .transform((t) => ({ id: t[0], name: t[1], parentId: t[2], active: t[3] }));

const optionTuple = z
  .tuple([id, z.string(), money])
  .rest(z.unknown())
  .transform((t) => ({ id: t[0], name: t[1], priceDelta: t[2] }));

const groupTuple = z
  .tuple([id, z.string(), z.boolean(), z.number().int(), z.number().int(), z.boolean(), z.array(optionTuple)])
  .rest(z.unknown())
  .transform((t) => ({
    id: t[0],
    name: t[1],
    required: t[2],
    minSelections: t[3],
    maxSelections: t[4],
    active: t[5],
    options: t[6],
  }));

export const compactPageSchema = z.object({
  format: z.literal(1),
  products: productColumns,
  categories: z.array(categoryTuple),
  modifierGroups: z.array(groupTuple),
  deleted: z.array(z.tuple([z.enum(['PRODUCT', 'CATEGORY', 'MODIFIER_GROUP']), id]).rest(z.unknown())),
});

export type CompactPage = z.infer<typeof compactPageSchema>;
/** A page's products as columns of one length (`count`), ids as UUID text. */
export type ProductColumns = CompactPage['products'];
export type FeedProduct = ReturnType<typeof productAt>;
export type FeedCategory = CompactPage['categories'][number];
export type FeedModifierGroup = CompactPage['modifierGroups'][number];

/** One page of the feed as the store applies it. */
export interface FeedPage {
  page: CompactPage;
  /** The `catalogChanges` cursor after this page: the catalog version the store holds once applied. */
  cursor: string;
  hasMore: boolean;
}
