/**
 * The browser side of an import file: cut into parts that each fit one API request, and the
 * CSV files the page offers (a sample to start from, the error report to fix and upload again).
 */

/** Bytes per part: 512 KiB is ≈ 683 KiB of base64, under the API's 768 KiB part limit and 1 MiB body. */
export const PART_BYTES = 512 * 1024;

export const formatOf = (fileName: string): 'CSV' | 'XLSX' => (/\.xlsx$/i.test(fileName) ? 'XLSX' : 'CSV');

export const partCountOf = (size: number): number => Math.max(1, Math.ceil(size / PART_BYTES));

/** Part `index` of `file` as base64 (a byte range: a cut through a line or a letter is fine). */
export function readPart(file: Blob, index: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file.slice(index * PART_BYTES, (index + 1) * PART_BYTES));
  });
}

const csvCell = (value: string) => (/[",\n\r;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvLine = (cells: readonly string[]) => cells.map(csvCell).join(',');

/** A CSV file with a BOM, so Excel opens it as UTF-8. */
export const csvBlob = (lines: readonly (readonly string[])[]) =>
  new Blob([`\uFEFF${lines.map(csvLine).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });

export const SAMPLE_ROWS: readonly (readonly string[])[] = [
  [
    'sku',
    'name',
    'name_ru',
    'name_en',
    'price',
    'vat_rate',
    'ikpu',
    'package_code',
    'unit',
    'barcodes',
    'category',
  ],
  [
    'NON-001',
    'Non',
    'Лепёшка',
    'Flatbread',
    '4000',
    '12',
    '10401001001000000',
    '2009',
    'pcs',
    '4780000000007',
    '',
  ],
  [
    'CHOY-001',
    "Ko'k choy",
    'Зелёный чай',
    'Green tea',
    '3000,00',
    '12',
    '10401001001000000',
    '2009',
    'pcs',
    '',
    '',
  ],
];

export interface ReportError {
  row: number;
  code: string;
  message: string;
  field?: readonly string[] | null;
  cells: readonly string[];
}

/**
 * The error report: the file's own columns, each refused row with its cells as they were, and two
 * more columns saying what is wrong — fix the cells, delete the two columns (or not: unknown
 * columns are ignored) and import it again.
 */
export function errorReport(
  header: readonly string[],
  errors: readonly ReportError[],
  explain: (error: ReportError) => string,
): Blob {
  const rows = new Map<number, { cells: readonly string[]; problems: string[]; columns: string[] }>();
  for (const error of errors) {
    const entry = rows.get(error.row) ?? { cells: error.cells, problems: [], columns: [] };
    entry.problems.push(explain(error));
    const column = error.field?.[2];
    if (column && !entry.columns.includes(column)) entry.columns.push(column);
    rows.set(error.row, entry);
  }
  const lines: string[][] = [[...header, 'error_row', 'error_column', 'error']];
  for (const [row, entry] of rows) {
    const cells = header.map((_, i) => entry.cells[i] ?? '');
    lines.push([...cells, String(row), entry.columns.join(' '), entry.problems.join(' | ')]);
  }
  return csvBlob(lines);
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
