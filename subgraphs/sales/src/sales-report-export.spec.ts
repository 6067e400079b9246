/**
 * Report downloads on the sales service (`/reports/<name>.csv|.xlsx`, report-export.ts) against a
 * fresh database: the gateway identity is required like on `/graphql`, the permission and tenant
 * are enforced, CSV is escaped (and guarded against formulas), XLSX opens with the same figures,
 * and a large report is streamed in chunks from a cursor.
 */
import { newId } from '@jowi/server-kit';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SalesHarness,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
} from './sales.fixtures.ts';

let h: SalesHarness;
let base: string;
const RANGE = 'from=2026-03-01&to=2026-03-31';
const TRICKY = 'Osh, "katta"\nporsiya';
const FORMULA = '=HYPERLINK("http://x")';

/** The body as text after checking it starts with a UTF-8 BOM (fetch's text() would drop it). */
async function csvText(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8');
}

const download = async (path: string, permissions = ['reports:read'], tenant = TENANT_A) =>
  fetch(`${base}${path}`, { headers: await h.headersFor(tenant, permissions) });

beforeAll(async () => {
  h = await startSalesHarness();
  base = h.service.url.replace(/\/graphql$/, '');
  const sale = makeSale({
    createdAt: '2026-03-05T10:00:00.000Z',
    lines: [
      { productId: PLOV, quantity: '2.000', unitPrice: '45000.00', name: TRICKY },
      { productId: NON, quantity: '1', unitPrice: '5000', discount: '500.00', vatRate: 0, name: FORMULA },
    ],
  });
  expect((await h.sync([sale])).results[0]!.status).toBe('CREATED');
});
afterAll(async () => {
  await h?.close();
});

describe('report downloads', () => {
  it('refuses a call without a gateway identity, without reports:read, or for an unknown report or range', async () => {
    const anonymous = await fetch(`${base}/reports/by-day.csv?${RANGE}`);
    expect(anonymous.status).toBe(401);
    expect((await download(`/reports/by-day.csv?${RANGE}`, ['sales:read'])).status).toBe(403);
    expect((await download(`/reports/nothing.csv?${RANGE}`)).status).toBe(404);
    const backwards = await download('/reports/by-day.csv?from=2026-03-31&to=2026-03-01');
    expect(backwards.status).toBe(400);
    expect(
      ((await backwards.json()) as { errors: { extensions: { field: string } }[] }).errors[0]!.extensions
        .field,
    ).toBe('to');
    expect((await download(`/reports/by-day.csv?${RANGE}&stores=${newId()}`)).status).toBe(404);
  });

  it('writes CSV with a BOM, quoted fields, formula guard and a totals row', async () => {
    const res = await download(`/reports/by-product.csv?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="by-product_2026-03-01_2026-03-31.csv"',
    );
    const text = await csvText(res);
    expect(text.startsWith('Product ID,Name,Quantity,')).toBe(true);
    expect(text).toContain('"Osh, ""katta""\nporsiya"');
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows).toHaveLength(4);
    expect(rows[1]!.slice(0, 6)).toEqual([PLOV, TRICKY, '2.000', '0.000', '1', '90000.00']);
    // A name starting with "=" is written as text, not a formula.
    expect(rows[2]![1]).toBe(`'${FORMULA}`);
    expect(rows[3]!.slice(0, 6)).toEqual(['Total', '', '3.000', '0.000', '2', '94500.00']);
  });

  it('writes headers in the requested language and `;` separators when asked', async () => {
    const text = await csvText(await download(`/reports/by-day.csv?${RANGE}&lang=ru&sep=;`));
    const [header, ...rest] = text.split('\r\n');
    expect(header).toBe('Дата;Чеки;Выручка;Скидки;Возвраты;Чистая выручка;НДС');
    expect(rest.filter(Boolean)).toHaveLength(32);
    expect(rest.at(-2)).toBe('Итого;1;94500.00;500.00;0.00;94500.00;9642.86');
  });

  it('writes an XLSX workbook with numeric cells and the same totals', async () => {
    const res = await download(`/reports/vat.xlsx?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('VAT by rate');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)[0]).toBe('VAT rate, %');
    expect(values(2).slice(0, 3)).toEqual([12, 90000, 9642.86]);
    expect(values(3).slice(0, 3)).toEqual([0, 4500, 0]);
    expect(values(4).slice(0, 3)).toEqual(['Total', 94500, 9642.86]);
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('#,##0.00');
  });

  it('shows one tenant’s sales only', async () => {
    const text = await csvText(
      await download(`/reports/by-product.csv?${RANGE}`, ['reports:read'], TENANT_B),
    );
    const rows: string[][] = parse(text);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 6)).toEqual(['Total', '', '0.000', '0.000', '0', '0.00']);
  });

  it('streams a large report from a cursor in many chunks', async () => {
    // One sale of 30 000 distinct products, written with admin SQL (as syncSales would store them).
    const saleId = newId();
    const products = 30_000;
    await h.db.admin(
      `INSERT INTO sales.sale (tenant_id, id, terminal_id, store_id, total, subtotal, vat_total, content_hash,
         device_created_at, business_date)
       SELECT $1, $2, t.id, t.store_id, $3 * 100, $3 * 100, 0, 'seeded', '2026-03-20T10:00:00Z', '2026-03-20'
         FROM sales.terminal_ref t WHERE t.tenant_id = $1 LIMIT 1`,
      [TENANT_A, saleId, products],
    );
    await h.db.admin(
      `INSERT INTO sales.sale_line (tenant_id, sale_id, line_no, product_id, quantity, unit_price, total, vat_rate, name)
       SELECT $1, $2, n, gen_random_uuid(), 1, 100, 100, 0, 'Product ' || n FROM generate_series(1, $3) n`,
      [TENANT_A, saleId, products],
    );
    const res = await download('/reports/by-product.csv?from=2026-03-20&to=2026-03-20');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body!) {
      chunks += 1;
      text += decoder.decode(chunk as Uint8Array, { stream: true });
    }
    expect(chunks).toBeGreaterThan(5);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(products + 2);
    expect(lines.at(-1)).toBe(
      `Total,,${products}.000,0.000,${products},${products}.00,0.00,0.00,${products}.00,0.00`,
    );
  });
});
