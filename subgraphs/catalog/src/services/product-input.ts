/**
 * Input checks for product writes that need no database: each problem becomes a typed user
 * error with the path of the field at fault, and all of them are reported at once.
 */
import { type UserError, userError } from '@jowi/server-kit';
import { checkBarcode } from './barcode.ts';

export interface CreateProductFields {
  sku: string;
  name: string;
  price: bigint;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  unit?: string | null;
  barcodes?: string[] | null;
  categoryId?: string | null;
}

/** The input after trimming and defaulting: what is stored when there are no errors. */
export interface NormalisedProduct {
  sku: string;
  name: string;
  price: bigint;
  vatRate: 0 | 12;
  ikpu: string;
  packageCode: string;
  unit: string;
  barcodes: string[];
  categoryId: string | null;
}

export const VAT_RATES = [0, 12] as const;
const MAX_NAME = 200;
const MAX_SKU = 64;

export function normaliseCreateProduct(input: CreateProductFields): {
  value: NormalisedProduct;
  errors: UserError[];
} {
  const errors: UserError[] = [];
  const sku = input.sku.trim();
  const name = input.name.trim().replace(/\s+/g, ' ');
  const ikpu = input.ikpu.trim();
  const packageCode = input.packageCode.trim();
  const unit = input.unit?.trim() || 'pcs';

  if (!sku || sku.length > MAX_SKU || /\s/.test(sku)) {
    errors.push(
      userError('INVALID_SKU', `SKU must be 1–${MAX_SKU} characters without spaces`, ['input', 'sku']),
    );
  }
  if (!name || name.length > MAX_NAME) {
    errors.push(userError('INVALID_NAME', `Name must be 1–${MAX_NAME} characters`, ['input', 'name']));
  }
  if (input.price < 0n)
    errors.push(userError('INVALID_PRICE', 'Price cannot be negative', ['input', 'price']));
  if (!(VAT_RATES as readonly number[]).includes(input.vatRate)) {
    errors.push(
      userError('INVALID_VAT_RATE', 'VAT rate must be 12 (standard) or 0 (exempt)', ['input', 'vatRate']),
    );
  }
  if (!/^\d{17}$/.test(ikpu)) {
    errors.push(userError('INVALID_IKPU', 'IKPU (MXIK) code must be exactly 17 digits', ['input', 'ikpu']));
  }
  if (!packageCode || packageCode.length > 32) {
    errors.push(userError('INVALID_PACKAGE_CODE', 'Package code is required', ['input', 'packageCode']));
  }
  if (unit.length > 16)
    errors.push(userError('INVALID_UNIT', 'Unit must be at most 16 characters', ['input', 'unit']));

  const barcodes: string[] = [];
  (input.barcodes ?? []).forEach((raw, i) => {
    const code = raw.trim();
    const verdict = checkBarcode(code);
    if (verdict === 'bad_check_digit') {
      errors.push(
        userError('INVALID_BARCODE', `Barcode ${code} has a wrong check digit`, [
          'input',
          'barcodes',
          String(i),
        ]),
      );
    } else if (verdict === 'bad_format') {
      errors.push(
        userError('INVALID_BARCODE', 'A barcode is 1–64 printable characters without spaces', [
          'input',
          'barcodes',
          String(i),
        ]),
      );
    } else if (!barcodes.includes(code)) {
      barcodes.push(code);
    }
  });

  return {
    value: {
      sku,
      name,
      price: input.price,
      vatRate: input.vatRate === 0 ? 0 : 12,
      ikpu,
      packageCode,
      unit,
      barcodes,
      categoryId: input.categoryId?.trim() || null,
    },
    errors,
  };
}
