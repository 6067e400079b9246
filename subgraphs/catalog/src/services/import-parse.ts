/**
 * Reading an import file into a header and string cells. CSV goes through csv-parse (quotes,
 * embedded newlines, BOM, `;` separators from Excel's Russian locale); XLSX through exceljs
 * (first sheet, cell text). Nothing here knows what a product is.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { CatalogErrorCode } from '../errors/index.ts';

export interface ImportTable {
  header: string[];
  /** Data rows; `rows[i]` is file row `i + 2` (the header is row 1). */
  rows: string[][];
}

export class ImportFileError extends Error {
  constructor(
    readonly code: Extract<CatalogErrorCode, 'INVALID_FILE' | 'TOO_MANY_ROWS'>,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_IMPORT_ROWS = 200_000;

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function parseCsv(text: string): ImportTable {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    throw new ImportFileError('INVALID_FILE', `The CSV cannot be read: ${(error as Error).message}`);
  }
  return toTable(records);
}

export async function parseXlsx(data: Buffer): Promise<ImportTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw new ImportFileError('INVALID_FILE', `The workbook cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('INVALID_FILE', 'The workbook has no sheet');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
    records.push(cells);
  });
  return toTable(records);
}

function toTable(records: string[][]): ImportTable {
  const [header, ...rows] = records;
  if (!header || header.every((h) => !h.trim()))
    throw new ImportFileError('INVALID_FILE', 'The file has no header row');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ImportFileError('TOO_MANY_ROWS', `At most ${MAX_IMPORT_ROWS} rows per import`);
  }
  return { header: header.map(normaliseHeader), rows };
}
