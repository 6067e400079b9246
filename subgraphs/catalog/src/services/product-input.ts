/**
 * Input checks for product writes that need no database, shared by createProduct, updateProduct
 * and the bulk import: each problem becomes a typed user error with the path of the field at
 * fault (`at(field)` builds it: `['input', 'sku']` for a mutation, `['row', '7', 'sku']` for an
 * import row), and all of them are reported at once. Only the fields present are checked, so an
 * update validates just what it changes.
 */
import { checkFiscalField, isProductVatRate, type ProductVatRate } from '@jowi/receipt';
import { OWNER_TYPES, type OwnerType } from '../entities/product.entity.ts';
import { type CatalogErrorCode, type CatalogUserError, userError } from '../errors/index.ts';
import { checkBarcode } from './barcode.ts';

/** What a product write may carry; absent (undefined) fields are left alone. */
export interface ProductFieldsInput {
  sku?: string | null;
  name?: string | null;
  names?: { ru?: string | null; en?: string | null } | null;
  price?: bigint | null;
  costPrice?: bigint | null;
  vatRate?: number | null;
  ikpu?: string | null;
  packageCode?: string | null;
  unit?: string | null;
  barcodes?: readonly string[] | null;
  categoryId?: string | null;
  ownerType?: string | null;
  markingRequired?: boolean | null;
  cashlessOnly?: boolean | null;
  imageUrl?: string | null;
  tags?: readonly string[] | null;
  modifierGroupIds?: readonly string[] | null;
}

/** `createProduct`'s input: the fields a new product cannot do without. */
export interface CreateProductFields extends ProductFieldsInput {
  sku: string;
  name: string;
  price: bigint;
  vatRate: number;
  ikpu: string;
  packageCode: string;
}

/** The stored shape of a product's own fields after trimming and defaulting. */
export interface NormalisedProduct {
  sku: string;
  name: string;
  nameRu: string | null;
  nameEn: string | null;
  price: bigint;
  costPrice: bigint | null;
  vatRate: ProductVatRate;
  ikpu: string;
  packageCode: string;
  unit: string;
  barcodes: string[];
  categoryId: string | null;
  ownerType: OwnerType;
  markingRequired: boolean;
  cashlessOnly: boolean;
  imageUrl: string | null;
  tags: string[];
  modifierGroupIds: string[];
}

const MAX_NAME = 200;
const MAX_SKU = 64;
const MAX_TAGS = 20;
/** Largest price accepted: 10 billion UZS, far above any shelf price, well inside bigint. */
export const MAX_PRICE = 1_000_000_000_000n;

export type FieldPath = (field: string, index?: number) => string[];
export const inputPath: FieldPath = (field, index) =>
  index === undefined ? ['input', field] : ['input', field, String(index)];

const cleanName = (s: string) => s.trim().replace(/\s+/g, ' ');
const optionalText = (s: string | null | undefined) => (s == null ? null : cleanName(s) || null);

/** Checks and normalises the fields present in `input`. */
export function normaliseProductFields(
  input: ProductFieldsInput,
  at: FieldPath = inputPath,
): { value: Partial<NormalisedProduct>; errors: CatalogUserError[] } {
  const errors: CatalogUserError[] = [];
  const value: Partial<NormalisedProduct> = {};
  const fail = (code: CatalogErrorCode, message: string, field: string, index?: number) =>
    errors.push(userError(code, message, at(field, index)));

  if (input.sku != null) {
    const sku = input.sku.trim();
    if (!sku || sku.length > MAX_SKU || /\s/.test(sku)) {
      fail('INVALID_SKU', `SKU must be 1–${MAX_SKU} characters without spaces`, 'sku');
    }
    value.sku = sku;
  }
  if (input.name != null) {
    const name = cleanName(input.name);
    if (!name || name.length > MAX_NAME)
      fail('INVALID_NAME', `Name must be 1–${MAX_NAME} characters`, 'name');
    value.name = name;
  }
  if (input.names) {
    for (const lang of ['ru', 'en'] as const) {
      if (input.names[lang] === undefined) continue;
      const text = optionalText(input.names[lang]);
      if (text && text.length > MAX_NAME)
        fail('INVALID_NAME', `Name must be at most ${MAX_NAME} characters`, `names.${lang}`);
      value[lang === 'ru' ? 'nameRu' : 'nameEn'] = text;
    }
  }
  if (input.price != null) {
    if (input.price < 0n) fail('INVALID_PRICE', 'Price cannot be negative', 'price');
    else if (input.price > MAX_PRICE) fail('INVALID_PRICE', 'Price is too large', 'price');
    value.price = input.price;
  }
  if (input.costPrice !== undefined) {
    if (input.costPrice !== null && (input.costPrice < 0n || input.costPrice > MAX_PRICE)) {
      fail('INVALID_PRICE', 'Cost price must be between 0 and 10 000 000 000', 'costPrice');
    }
    value.costPrice = input.costPrice;
  }
  if (input.vatRate != null) {
    if (isProductVatRate(input.vatRate)) value.vatRate = input.vatRate;
    else fail('INVALID_VAT_RATE', 'VAT rate must be 12 (standard) or 0 (exempt)', 'vatRate');
  }
  for (const field of ['ikpu', 'packageCode'] as const) {
    if (input[field] == null) continue;
    const code = input[field].trim();
    const broken = checkFiscalField(field, code);
    if (broken) fail(broken.code, broken.message, field);
    value[field] = code;
  }
  if (input.unit !== undefined) {
    const unit = input.unit?.trim() || 'pcs';
    if (unit.length > 16) fail('INVALID_UNIT', 'Unit must be at most 16 characters', 'unit');
    value.unit = unit;
  }
  if (input.barcodes != null) {
    const barcodes: string[] = [];
    input.barcodes.forEach((raw, i) => {
      const code = raw.trim();
      const verdict = checkBarcode(code);
      if (verdict === 'bad_check_digit')
        fail('INVALID_BARCODE', `Barcode ${code} has a wrong check digit`, 'barcodes', i);
      else if (verdict === 'bad_format')
        fail('INVALID_BARCODE', 'A barcode is 1–64 printable characters without spaces', 'barcodes', i);
      else if (!barcodes.includes(code)) barcodes.push(code);
    });
    value.barcodes = barcodes;
  }
  if (input.categoryId !== undefined) value.categoryId = input.categoryId?.trim() || null;
  if (input.ownerType != null) {
    const ownerType = input.ownerType.trim().toUpperCase() as OwnerType;
    if (!OWNER_TYPES.includes(ownerType)) {
      fail('INVALID_OWNER_TYPE', 'Owner type is RESALE, OWN_PRODUCTION or SERVICE', 'ownerType');
    }
    value.ownerType = ownerType;
  }
  if (input.markingRequired != null) value.markingRequired = input.markingRequired;
  if (input.cashlessOnly != null) value.cashlessOnly = input.cashlessOnly;
  if (input.imageUrl !== undefined) {
    const url = input.imageUrl?.trim() || null;
    if (url !== null && (url.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(url))) {
      fail('INVALID_IMAGE_URL', 'Image URL must be an http(s) URL', 'imageUrl');
    }
    value.imageUrl = url;
  }
  if (input.tags != null) {
    const tags: string[] = [];
    input.tags.forEach((raw, i) => {
      const tag = cleanName(raw).toLowerCase();
      if (!tag || tag.length > 40) fail('INVALID_TAG', 'A tag is 1–40 characters', 'tags', i);
      else if (!tags.includes(tag)) tags.push(tag);
    });
    if (tags.length > MAX_TAGS) fail('INVALID_TAG', `At most ${MAX_TAGS} tags`, 'tags');
    value.tags = tags;
  }
  if (input.modifierGroupIds != null)
    value.modifierGroupIds = [...new Set(input.modifierGroupIds.map((id) => id.trim()))];
  return { value, errors };
}

/** A complete new product: the create input checked and defaulted. */
export function normaliseCreateProduct(
  input: CreateProductFields,
  at: FieldPath = inputPath,
): { value: NormalisedProduct; errors: CatalogUserError[] } {
  const { value, errors } = normaliseProductFields({ ...input, unit: input.unit ?? null }, at);
  return {
    value: {
      nameRu: null,
      nameEn: null,
      costPrice: null,
      barcodes: [],
      categoryId: null,
      ownerType: 'RESALE',
      markingRequired: false,
      cashlessOnly: false,
      imageUrl: null,
      tags: [],
      modifierGroupIds: [],
      ...value,
    } as NormalisedProduct,
    errors,
  };
}
