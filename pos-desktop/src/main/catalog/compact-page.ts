/**
 * The compact change-feed page (`CatalogChangePage.compact`, format 1, docs/api.md "Lean catalog
 * pull") parsed at the boundary: product columns are zipped into products (ids decoded from their
 * 16 bytes), tuples become named fields, money stays a decimal string until the store turns it
 * into integer tiyin. Keys and tuple positions a later server adds are ignored, as the contract
 * asks.
 */
import { z } from 'zod';

const money = z.string().regex(/^-?\d{1,17}\.\d{2}$/);
const id = z.string().min(1).max(64);

/** UUID text of 16 bytes. */
function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Product columns of format 1 (keys a later server adds are ignored). */
const productColumns = z
  .object({
    ids: z.string(),
    sku: z.array(z.string()),
    name: z.array(z.string()),
    nameRu: z.array(z.string().nullable()),
    nameEn: z.array(z.string().nullable()),
    price: z.array(money),
    vatRate: z.array(z.number().int()),
    ikpu: z.array(z.string()),
    packageCode: z.array(z.string()),
    unit: z.array(z.string()),
    categoryId: z.array(id.nullable()),
    active: z.array(z.boolean()),
    markingRequired: z.array(z.boolean()),
    ownerType: z.array(z.string()),
    imageUrl: z.array(z.string().nullable()),
    barcodes: z.array(z.array(z.string())),
    storePrices: z.array(z.array(z.tuple([id, money]).rest(z.unknown()))),
    modifierGroupIds: z.array(z.array(id)),
  })
  .transform((c, ctx) => {
    const bytes = Buffer.from(c.ids, 'base64');
    const count = bytes.length / 16;
    const { ids: _ids, ...columns } = c;
    if (!Number.isInteger(count) || Object.values(columns).some((column) => column.length !== count)) {
      ctx.addIssue({ code: 'custom', message: 'product columns of different lengths' });
      return z.NEVER;
    }
    return Array.from({ length: count }, (_, i) => ({
      id: uuidText(bytes.subarray(i * 16, i * 16 + 16)),
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
      ownerType: c.ownerType[i]!,
      imageUrl: c.imageUrl[i]!,
      barcodes: c.barcodes[i]!,
      storePrices: c.storePrices[i]!.map(([storeId, price]) => ({ storeId, price })),
      modifierGroupIds: c.modifierGroupIds[i]!,
    }));
  });

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
export type FeedProduct = CompactPage['products'][number];
export type FeedCategory = CompactPage['categories'][number];
export type FeedModifierGroup = CompactPage['modifierGroups'][number];

/** One page of the feed as the store applies it. */
export interface FeedPage {
  page: CompactPage;
  /** The `catalogChanges` cursor after this page: the catalog version the store holds once applied. */
  cursor: string;
  hasMore: boolean;
}
