/**
 * Bulk product import (CSV or XLSX), upserting by SKU.
 *
 * Every row is validated on its own (the same rules as createProduct, plus the file's own:
 * price format, unknown category, a SKU or barcode twice in the file); a bad row is reported as
 * `{ row, field, code, message }` and skipped, good rows are written. A row is the desired state
 * of the columns the file has: columns absent from the header are left alone, an empty cell
 * clears an optional field. Rows equal to what is stored are counted `unchanged` and not
 * written, so a second run of the same file changes nothing.
 *
 * Writes are set-based, one transaction per chunk of {@link CHUNK} rows (a few statements each,
 * never one round trip per row): products (INSERT … ON CONFLICT), barcodes, price history, the
 * change feed and events; one audit entry per chunk lists the products and price changes.
 */
import {
  DecimalFormatError,
  isUuid,
  parseMoney,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import { type CatalogErrorCode, type CatalogUserError, userError } from '../errors/index.ts';
import { ImportFileError, type ImportTable, parseCsv, parseXlsx } from './import-parse.ts';
import { writeChunk } from './import-write.ts';
import { type NormalisedProduct, normaliseProductFields, type ProductFieldsInput } from './product-input.ts';

export const CHUNK = 1000;
const REQUIRED = ['sku', 'name', 'price', 'vat_rate', 'ikpu', 'package_code'];
/** Input field → file column, for error paths. */
const COLUMN_OF: Record<string, string> = {
  vatRate: 'vat_rate',
  packageCode: 'package_code',
  costPrice: 'cost_price',
  ownerType: 'owner_type',
  imageUrl: 'image_url',
  'names.ru': 'name_ru',
  'names.en': 'name_en',
};

export interface ImportRowError {
  __typename: 'ImportRowError';
  row: number;
  code: CatalogErrorCode;
  message: string;
  field: string[];
  /** The row's cells as read, so an error report can be fixed and imported again. */
  cells: string[];
}

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  dryRun: boolean;
  rowErrors: ImportRowError[];
  errors: CatalogUserError[];
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Called after each chunk with the rows done so far (refused ones included) and the total; awaited. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export type Desired = Partial<NormalisedProduct> & { sku: string };
export interface GoodRow {
  row: number;
  fields: Desired;
  cells: string[];
}

/** The GraphQL mutation: decodes the file, then {@link importTable}. */
export async function importProducts(
  ctx: RequestContext,
  input: {
    csv?: string | null;
    fileBase64?: string | null;
    format?: 'CSV' | 'XLSX' | null;
    dryRun?: boolean | null;
  },
): Promise<ImportResult> {
  requirePermission(ctx, 'catalog:write');
  const fail = (code: CatalogErrorCode, message: string, field: string[]): ImportResult => ({
    ...emptyResult(Boolean(input.dryRun)),
    errors: [userError(code, message, field)],
  });
  try {
    let table: ImportTable;
    if (input.csv != null) table = parseCsv(input.csv);
    else if (input.fileBase64 != null) {
      const data = Buffer.from(input.fileBase64, 'base64');
      table = input.format === 'XLSX' ? await parseXlsx(data) : parseCsv(data.toString('utf8'));
    } else return fail('INVALID_FILE', 'Give either csv or fileBase64', ['input', 'csv']);
    return await importTable(ctx, table, { dryRun: Boolean(input.dryRun) });
  } catch (error) {
    if (error instanceof ImportFileError) return fail(error.code, error.message, ['input']);
    throw error;
  }
}

const emptyResult = (dryRun: boolean): ImportResult => ({
  total: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  dryRun,
  rowErrors: [],
  errors: [],
});

/** Validates every row, then writes the good ones chunk by chunk. */
export async function importTable(
  ctx: RequestContext,
  table: ImportTable,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const tenantId = requirePermission(ctx, 'catalog:write');
  const result = emptyResult(Boolean(options.dryRun));
  result.total = table.rows.length;
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    result.errors.push(userError('MISSING_COLUMN', `Missing column(s): ${missing.join(', ')}`, ['input']));
    return result;
  }
  const categories: { id: string; name: string }[] = await ctx.tx((m) =>
    m.query('SELECT id, name FROM catalog.category'),
  );
  const good = validateRows(table, categories, result.rowErrors);

  for (let i = 0; i < good.length; i += CHUNK) {
    const chunk = good.slice(i, i + CHUNK);
    const counts = await ctx.tx((m) =>
      writeChunk(m, ctx, tenantId, chunk, result.rowErrors, Boolean(options.dryRun)),
    );
    result.created += counts.created;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    const refused = result.total - good.length;
    await options.onProgress?.(refused + Math.min(i + CHUNK, good.length), result.total);
  }
  result.rowErrors.sort((a, b) => a.row - b.row);
  result.failed = new Set(result.rowErrors.map((e) => e.row)).size;
  return result;
}

function parsePrice(text: string): bigint | DecimalFormatError {
  const cleaned = text.replace(/[\s\u00a0]/g, '');
  try {
    return parseMoney(cleaned.includes(',') && !cleaned.includes('.') ? cleaned.replace(',', '.') : cleaned);
  } catch (error) {
    if (error instanceof DecimalFormatError) return error;
    throw error;
  }
}

/** Turns each row into the fields it sets, or into row errors. */
function validateRows(
  table: ImportTable,
  categories: { id: string; name: string }[],
  rowErrors: ImportRowError[],
): GoodRow[] {
  const col = new Map(table.header.map((h, i) => [h, i] as const));
  const byName = new Map<string, string[]>();
  for (const c of categories)
    byName.set(c.name.toLowerCase(), [...(byName.get(c.name.toLowerCase()) ?? []), c.id]);
  const ids = new Set(categories.map((c) => c.id));
  const seenSku = new Map<string, number>();
  const seenBarcode = new Map<string, number>();
  const good: GoodRow[] = [];

  table.rows.forEach((cells, index) => {
    const rowNo = index + 2;
    const errors: ImportRowError[] = [];
    const err = (code: CatalogErrorCode, message: string, field: string[]) =>
      errors.push({
        __typename: 'ImportRowError',
        row: rowNo,
        code,
        message,
        field: ['row', String(rowNo), ...field],
        cells,
      });
    const has = (name: string) => col.has(name);
    const cell = (name: string) => (cells[col.get(name) ?? -1] ?? '').trim();
    const list = (name: string) =>
      cell(name)
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
    const input: ProductFieldsInput = {
      sku: cell('sku'),
      name: cell('name'),
      ikpu: cell('ikpu'),
      packageCode: cell('package_code'),
    };
    if (has('name_ru') || has('name_en')) {
      input.names = {};
      if (has('name_ru')) input.names.ru = cell('name_ru');
      if (has('name_en')) input.names.en = cell('name_en');
    }
    for (const [column, key] of [
      ['price', 'price'],
      ['cost_price', 'costPrice'],
    ] as const) {
      if (!has(column)) continue;
      const text = cell(column);
      if (!text) {
        if (column === 'price') err('INVALID_PRICE', 'Price is required', [column]);
        else input.costPrice = null;
        continue;
      }
      const value = parsePrice(text);
      if (value instanceof DecimalFormatError) {
        const why = value.reason === 'TOO_MANY_DECIMALS' ? 'at most 2 decimals' : 'a number such as 12500.00';
        err('INVALID_PRICE', `${column === 'price' ? 'Price' : 'Cost price'} must be ${why}`, [column]);
      } else input[key] = value;
    }
    const vat = cell('vat_rate').replace(/%$/, '');
    input.vatRate = /^\d{1,3}$/.test(vat) ? Number(vat) : -1;
    if (has('unit')) input.unit = cell('unit');
    if (has('barcodes')) input.barcodes = list('barcodes');
    if (has('tags')) input.tags = list('tags');
    if (has('owner_type')) input.ownerType = cell('owner_type') || 'RESALE';
    if (has('image_url')) input.imageUrl = cell('image_url');
    if (has('marking_required')) {
      const flag = cell('marking_required').toLowerCase();
      if (['', '0', 'false', 'no', 'yoq', 'нет'].includes(flag)) input.markingRequired = false;
      else if (['1', 'true', 'yes', 'ha', 'да'].includes(flag)) input.markingRequired = true;
      else err('INVALID_MARKING_FLAG', 'marking_required is true or false', ['marking_required']);
    }
    if (has('category')) {
      const ref = cell('category');
      if (!ref) input.categoryId = null;
      else if (isUuid(ref) && ids.has(ref)) input.categoryId = ref;
      else {
        const matches = byName.get(ref.toLowerCase()) ?? [];
        if (matches.length === 1) input.categoryId = matches[0]!;
        else if (matches.length > 1)
          err('AMBIGUOUS_CATEGORY', `Several categories are named ${ref}; use its id`, ['category']);
        else err('UNKNOWN_CATEGORY', `No category ${ref}`, ['category']);
      }
    }
    const { value, errors: fieldErrors } = normaliseProductFields(input, (field, i) => [
      'row',
      String(rowNo),
      COLUMN_OF[field] ?? field,
      ...(i === undefined ? [] : [String(i)]),
    ]);
    for (const e of fieldErrors) {
      errors.push({
        __typename: 'ImportRowError',
        row: rowNo,
        code: e.code,
        message: e.message,
        field: e.field ?? [],
        cells,
      });
    }
    if (errors.length === 0 && value.sku) {
      const first = seenSku.get(value.sku);
      if (first !== undefined) err('DUPLICATE_SKU', `SKU ${value.sku} is also on row ${first}`, ['sku']);
      (value.barcodes ?? []).forEach((code, i) => {
        const other = seenBarcode.get(code);
        if (other !== undefined)
          err('DUPLICATE_BARCODE', `Barcode ${code} is also on row ${other}`, ['barcodes', String(i)]);
      });
    }
    if (errors.length > 0) {
      rowErrors.push(...errors);
      return;
    }
    seenSku.set(value.sku!, rowNo);
    for (const code of value.barcodes ?? []) seenBarcode.set(code, rowNo);
    good.push({ row: rowNo, fields: value as Desired, cells });
  });
  return good;
}
