/**
 * The product form's values: what the fields hold (strings, as typed), how they are checked
 * before sending (zod, messages in the user's language), and how they become the API's
 * create/update inputs. An update sends only the fields that changed, so a field the user cannot
 * see (cost price without `catalog:cost`) or did not touch is never overwritten.
 */
import { z } from 'zod';
import type {
  CreateProductInput,
  OwnerType,
  ProductEditorFieldsFragment,
  UpdateProductInput,
} from '../../../../__generated__/graphql.ts';
import type { CatalogTexts } from '../../../../i18n/dictionaries/catalog.ts';

export interface ProductValues {
  name: string;
  nameRu: string;
  nameEn: string;
  sku: string;
  /** `Money` string or null while empty. */
  price: string | null;
  costPrice: string | null;
  vatRate: '12' | '0';
  ikpu: string;
  packageCode: string;
  unit: string;
  /** Barcodes as typed: one per line or comma-separated. */
  barcodes: string;
  ownerType: OwnerType;
  markingRequired: boolean;
  /** Sold only for a cash-less payment (card, QR), never for cash. */
  cashlessOnly: boolean;
  /** `''` for none. */
  categoryId: string;
  modifierGroupIds: string[];
}

export const EMPTY_PRODUCT: ProductValues = {
  name: '',
  nameRu: '',
  nameEn: '',
  sku: '',
  price: null,
  costPrice: null,
  vatRate: '12',
  ikpu: '',
  packageCode: '',
  unit: 'pcs',
  barcodes: '',
  ownerType: 'RESALE',
  markingRequired: false,
  cashlessOnly: false,
  categoryId: '',
  modifierGroupIds: [],
};

export function valuesOf(product: ProductEditorFieldsFragment): ProductValues {
  return {
    name: product.name,
    nameRu: product.names.ru ?? '',
    nameEn: product.names.en ?? '',
    sku: product.sku,
    price: product.price,
    costPrice: product.costPrice ?? null,
    vatRate: product.vatRate === 0 ? '0' : '12',
    ikpu: product.ikpu,
    packageCode: product.packageCode,
    unit: product.unit,
    barcodes: product.barcodes.join('\n'),
    ownerType: product.ownerType,
    markingRequired: product.markingRequired,
    cashlessOnly: product.cashlessOnly,
    categoryId: product.category?.id ?? '',
    modifierGroupIds: product.modifierGroups.map((g) => g.id),
  };
}

export const splitBarcodes = (text: string): string[] =>
  text
    .split(/[\n,;]+/)
    .map((code) => code.trim())
    .filter(Boolean);

/** Whether a barcode is an EAN-8/EAN-13 by its shape, i.e. whether a refusal means its check digit. */
export const looksLikeEan = (code: string): boolean => /^(\d{8}|\d{13})$/.test(code);

/** The form's rules; the server checks the same and more (check digits, uniqueness). */
export function productSchema(t: CatalogTexts['form']) {
  return z.object({
    name: z.string().trim().min(1, t.required),
    sku: z.string().trim().min(1, t.required),
    price: z.string({ error: t.required }).min(1, t.required),
    ikpu: z
      .string()
      .trim()
      .regex(/^\d{17}$/, t.ikpuDigits),
    packageCode: z
      .string()
      .trim()
      .regex(/^\d{1,20}$/, t.packageDigits),
    barcodes: z
      .string()
      .refine(
        (text) => splitBarcodes(text).every((code) => /^[!-~]{1,64}$/.test(code)),
        t.barcodeFormat.replace('{code}', '…'),
      ),
  });
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

export function createInput(v: ProductValues): CreateProductInput {
  return {
    name: v.name.trim(),
    names: { ru: orNull(v.nameRu), en: orNull(v.nameEn) },
    sku: v.sku.trim(),
    price: v.price ?? '0.00',
    costPrice: v.costPrice,
    vatRate: Number(v.vatRate),
    ikpu: v.ikpu.trim(),
    packageCode: v.packageCode.trim(),
    unit: v.unit.trim() || 'pcs',
    barcodes: splitBarcodes(v.barcodes),
    ownerType: v.ownerType,
    markingRequired: v.markingRequired,
    cashlessOnly: v.cashlessOnly,
    categoryId: v.categoryId || null,
    modifierGroupIds: v.modifierGroupIds,
  };
}

/** The changed fields of an edit, as an update input. */
export function updateInput(id: string, before: ProductValues, after: ProductValues): UpdateProductInput {
  const full = createInput(after);
  const was = createInput(before);
  const input: UpdateProductInput = { id };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of Object.keys(full) as (keyof CreateProductInput)[]) {
    if (!same(full[key], was[key])) Object.assign(input, { [key]: full[key] });
  }
  return input;
}

/** The form field an API error path (`["input", "barcodes", "1"]`) belongs to. */
export function fieldOfPath(path: readonly string[] | null | undefined): string {
  const [, first, second] = path ?? [];
  if (first === 'names') return second === 'en' ? 'nameEn' : 'nameRu';
  return first ?? '';
}
