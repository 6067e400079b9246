/**
 * Report downloads: `GET /reports/<name>.csv|.xlsx?from=&to=&stores=&lang=&sep=` on the sales
 * service, reached through the gateway (which authenticates the caller — bearer token or API
 * key — and forwards the signed identity like any subgraph call). A direct call without a valid
 * gateway identity is 401, like `/graphql`.
 *
 * Streamed end to end: the report's statement (report-sql.ts, the same one the GraphQL field
 * runs) is read through a server-side cursor (`pg-query-stream`, 1 000 rows a fetch) inside the
 * request's tenant transaction, and each row is written as it comes — to CSV text, or to an XLSX
 * sheet through exceljs's streaming `WorkbookWriter`, which zips committed rows out as it goes —
 * so a year of a busy store never sits in memory. Backpressure holds: the cursor fetches only
 * when the response has drained. A totals row ends the file (money summed as bigint tiyin).
 *
 * A POST may carry `{ "labels": { "<id>": "<name>" } }`: the gateway sends category and cashier
 * names that sales does not keep, and they fill the report's name column.
 *
 * CSV: UTF-8 with a BOM (Excel opens Cyrillic and Uzbek correctly), RFC 4180 quoting, `,` or
 * `sep=;` for spreadsheets in locales with a decimal comma; a text cell that starts with `=`, `+`,
 * `-` or `@` gets a leading `'` so a spreadsheet never runs a product name as a formula.
 * XLSX: numbers are numeric cells (the file format stores numbers as binary doubles: a sum of
 * money with two decimals below 10¹³ so'm is written and read back exactly).
 */

import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatMoney, formatQuantity } from '@jowi/receipt';
import {
  createRequestContext,
  hasPermission,
  IDENTITY_HEADER,
  type SubgraphRuntime,
  sendJson,
  verifyIdentity,
} from '@jowi/server-kit';
import ExcelJS from 'exceljs';
import { GraphQLError } from 'graphql';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { z } from 'zod';
import { REPORTS_PERMISSION } from '../summary.service.ts';
import {
  type HeaderLanguage,
  REPORT_NAMES,
  REPORTS,
  type ReportColumn,
  type ReportDefinition,
  type ReportName,
} from './report-definitions.ts';
import { paramsOf, parseReportInput, reportScope } from './reports.service.ts';

const PATH = /^\/reports\/([a-z-]+)\.(csv|xlsx)$/;
const CURSOR_BATCH = 1000;
const MAX_LABELS_BYTES = 2 * 1024 * 1024;

export type ExportFormat = 'csv' | 'xlsx';

/** A download's options from the query string. */
export interface ExportRequest {
  report: ReportDefinition;
  format: ExportFormat;
  input: { from: string | null; to: string | null; storeIds: string[] | null };
  lang: HeaderLanguage;
  separator: ',' | ';';
}

/** The download a URL names, or null when it is not a report path. */
export function parseExportUrl(rawUrl: string): ExportRequest | null | 'UNKNOWN_REPORT' {
  const url = new URL(rawUrl, 'http://localhost');
  const match = PATH.exec(url.pathname);
  if (!match) return null;
  const name = REPORT_NAMES.find((n) => n === match[1]);
  if (!name) return 'UNKNOWN_REPORT';
  const q = url.searchParams;
  const stores = q.get('stores');
  const lang = q.get('lang');
  return {
    report: REPORTS[name as ReportName],
    format: match[2] as ExportFormat,
    input: {
      from: q.get('from'),
      to: q.get('to'),
      storeIds: stores ? stores.split(',').filter(Boolean) : null,
    },
    lang: lang === 'uz' || lang === 'ru' ? lang : 'en',
    separator: q.get('sep') === ';' ? ';' : ',',
  };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string, separator: string): string {
  const needsQuotes =
    value.includes('"') || value.includes(separator) || value.includes('\n') || value.includes('\r');
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A cell's text: money with two decimals, quantities with three, text guarded against formulas. */
function cellText(column: ReportColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'money':
      return formatMoney(value as bigint);
    case 'quantity':
      return formatQuantity(value as bigint);
    case 'int':
    case 'date':
      return String(value);
    default: {
      const text = String(value);
      return FORMULA_START.test(text) ? `'${text}` : text;
    }
  }
}

/** An XLSX cell: numbers as numeric cells, text as text. */
function cellValue(column: ReportColumn, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'money':
    case 'quantity':
      return Number(cellText(column, value));
    case 'int':
      return Number(value);
    default:
      return String(value);
  }
}

const NUM_FMT: Partial<Record<ReportColumn['kind'], string>> = {
  money: '#,##0.00',
  quantity: '#,##0.000',
  int: '0',
};

/** Adds up the summed columns of each row; `row()` is the totals row. */
function totalsOf(columns: ReportColumn[]) {
  const sums = new Map<string, bigint>(columns.filter((c) => c.summed).map((c) => [c.key, 0n]));
  return {
    add(row: Record<string, unknown>) {
      for (const [key, sum] of sums) {
        const value = row[key];
        if (typeof value === 'bigint') sums.set(key, sum + value);
        else if (typeof value === 'number') sums.set(key, sum + BigInt(value));
      }
    },
    row(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const column of columns) {
        const sum = sums.get(column.key);
        if (sum !== undefined) out[column.key] = column.kind === 'int' ? Number(sum) : sum;
      }
      return out;
    },
  };
}

const TOTAL_LABEL: Record<HeaderLanguage, string> = { uz: 'Jami', ru: 'Итого', en: 'Total' };

/** Rows of the statement as parsed report rows, names filled from `labels`. */
async function* reportRows(
  stream: QueryStream,
  report: ReportDefinition,
  labels: Record<string, string>,
): AsyncGenerator<Record<string, unknown>> {
  for await (const raw of stream) {
    const row = report.row.parse(raw);
    if ('categoryId' in row) row.categoryName = labels[String(row.categoryId)] ?? '';
    if ('cashierId' in row) row.cashierName = labels[String(row.cashierId)] ?? '';
    yield row;
  }
}

/** Writes and waits for the response to drain when its buffer is full (backpressure). */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

async function writeCsv(
  res: ServerResponse,
  request: ExportRequest,
  rows: AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  const { columns } = request.report;
  const sep = request.separator;
  const line = (values: string[]) => `${values.map((v) => csvField(v, sep)).join(sep)}\r\n`;
  const totals = totalsOf(columns);
  await write(res, `\uFEFF${line(columns.map((c) => c.header[request.lang]))}`);
  let batch = '';
  for await (const row of rows) {
    totals.add(row);
    batch += line(columns.map((c) => cellText(c, row[c.key])));
    if (batch.length > 64 * 1024) {
      await write(res, batch);
      batch = '';
    }
  }
  const total = totals.row();
  const label = TOTAL_LABEL[request.lang];
  await write(
    res,
    batch + line(columns.map((c, i) => (i === 0 ? label : c.key in total ? cellText(c, total[c.key]) : ''))),
  );
  res.end();
}

async function writeXlsx(
  res: ServerResponse,
  request: ExportRequest,
  rows: AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  const { columns, title } = request.report;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: res,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(title[request.lang].slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    header: c.header[request.lang],
    width: c.kind === 'text' ? 28 : 16,
    style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const totals = totalsOf(columns);
  for await (const row of rows) {
    totals.add(row);
    sheet.addRow(columns.map((c) => cellValue(c, row[c.key]))).commit();
    // exceljs zips committed rows into the response; wait while the socket is behind.
    if (res.writableNeedDrain) await once(res, 'drain');
  }
  const total = totals.row();
  const label = TOTAL_LABEL[request.lang];
  const totalRow = sheet.addRow(
    columns.map((c, i) => (i === 0 ? label : c.key in total ? cellValue(c, total[c.key]) : null)),
  );
  totalRow.font = { bold: true };
  totalRow.commit();
  sheet.commit();
  await workbook.commit();
}

const labelsBody = z.object({ labels: z.record(z.string(), z.string().max(500)).default({}) });

async function readLabels(req: IncomingMessage): Promise<Record<string, string> | null> {
  if (req.method !== 'POST') return {};
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_LABELS_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = labelsBody.safeParse(text ? JSON.parse(text) : {});
    return parsed.success ? parsed.data.labels : null;
  } catch {
    return null;
  }
}

function refuse(res: ServerResponse, status: number, code: string, message: string, field?: string): true {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
  return true;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The `/reports/…` route of the sales service (`serviceRoutes`). */
export function reportExportRoute(runtime: SubgraphRuntime) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const request = parseExportUrl(req.url ?? '/');
    if (request === null) return false;
    if (req.method !== 'GET' && req.method !== 'POST') {
      return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
    }
    const identity = await verifyIdentity(
      runtime.gatewayKey,
      req.headers[IDENTITY_HEADER] as string | undefined,
    );
    if (!identity || identity.kind === 'anonymous' || !identity.tenantId) {
      return refuse(res, 401, 'UNAUTHENTICATED', 'Sign in to download reports');
    }
    if (!hasPermission(identity.permissions, REPORTS_PERMISSION)) {
      return refuse(res, 403, 'FORBIDDEN', `Reports need ${REPORTS_PERMISSION}`);
    }
    if (request === 'UNKNOWN_REPORT') {
      return refuse(res, 404, 'NOT_FOUND', `Reports: ${REPORT_NAMES.join(', ')}`);
    }
    const parsed = parseReportInput(request.input);
    if (!parsed.ok) return refuse(res, 400, 'BAD_USER_INPUT', parsed.message, parsed.field);
    const labels = await readLabels(req);
    if (!labels) return refuse(res, 400, 'BAD_REQUEST', 'Body must be {"labels": {"<id>": "<name>"}}');

    const traceId = String(res.getHeader('x-trace-id') ?? '');
    const ctx = createRequestContext({
      identity,
      traceId,
      log: runtime.log,
      db: runtime.dataSource,
      redis: null,
    });
    const tenantId = identity.tenantId;
    try {
      await ctx.tx(async (m) => {
        const scope = await reportScope(m, tenantId, parsed.value);
        // The transaction's own connection: the cursor sees the tenant set for it (RLS).
        const client = (m.queryRunner as { databaseConnection?: pg.PoolClient } | undefined)
          ?.databaseConnection;
        if (!client) throw new Error('report export needs the transaction connection');
        const stream = client.query(
          new QueryStream(request.report.sql, paramsOf(scope), { batchSize: CURSOR_BATCH }),
        );
        const file = `${request.report.name}_${scope.from}_${scope.to}.${request.format}`;
        res.writeHead(200, {
          'content-type': CONTENT_TYPE[request.format],
          'content-disposition': `attachment; filename="${file}"`,
          'cache-control': 'no-store',
        });
        const rows = reportRows(stream, request.report, labels);
        try {
          if (request.format === 'csv') await writeCsv(res, request, rows);
          else await writeXlsx(res, request, rows);
        } finally {
          stream.destroy();
        }
      });
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'NOT_FOUND') {
        return refuse(res, 404, 'NOT_FOUND', error.message, 'stores');
      }
      if (res.headersSent) {
        // Mid-stream: the file is cut short; the client sees a truncated download, never a partial "success".
        runtime.log.error({ err: error, traceId }, 'report export failed mid-stream');
        res.destroy(error instanceof Error ? error : undefined);
        return true;
      }
      throw error;
    }
    return true;
  };
}
