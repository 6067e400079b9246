/**
 * `Query.salesReport` and its fields (needs `reports:read`): the range and stores are checked
 * once, then each requested report runs its own statement in the request's tenant transaction
 * (report-sql.ts). The export (report-export.ts) runs the same statements.
 */
import {
  badUserInput,
  type EntityManager,
  type EntityReference,
  isUuid,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import { z } from 'zod';
import type { SalesReportInput } from '../../__generated__/resolvers-types.ts';
import type { SalesReportScope } from '../../models/sales-report.model.ts';
import { resolveStores } from '../sales-summary.service.ts';
import { REPORTS_PERMISSION } from '../summary.service.ts';
import {
  type CashierReportRow,
  type CategoryReportRow,
  cashierRow,
  categoryRow,
  type DayReportRow,
  dayRow,
  type PaymentMethodReportRow,
  type ProductReportRow,
  paymentMethodRow,
  productRow,
  type VatReportRow,
  vatRow,
} from './report-definitions.ts';
import {
  BY_CASHIER_SQL,
  BY_CATEGORY_SQL,
  BY_DAY_SQL,
  BY_PAYMENT_METHOD_SQL,
  BY_PRODUCT_SQL,
  type ReportParams,
  VAT_SQL,
} from './report-sql.ts';

const DAY_MS = 86_400_000;
/** A range covers at most this many days after `from` (a year, leap years included). */
export const MAX_REPORT_DAYS = 366;
const MAX_STORES = 100;
/** Rows of `byProduct` through GraphQL; the download has every product. */
export const MAX_PRODUCT_ROWS = 1000;
const DEFAULT_PRODUCT_ROWS = 100;

const isoDate = z.iso.date();
export const reportInputSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    storeIds: z
      .array(z.string().refine(isUuid, 'must be a UUID'))
      .max(MAX_STORES)
      .nullish()
      .transform((ids) => (ids ? [...new Set(ids.map((id) => id.toLowerCase()))] : null)),
  })
  .refine((v) => v.from <= v.to, { message: '`to` is before `from`', path: ['to'] })
  .refine(
    (v) => (Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`)) / DAY_MS <= MAX_REPORT_DAYS,
    { message: `a range covers at most ${MAX_REPORT_DAYS} days after \`from\``, path: ['to'] },
  );

/** The input's first problem as `field: message`, or the parsed input. */
export function parseReportInput(
  input: unknown,
): { ok: true; value: z.output<typeof reportInputSchema> } | { ok: false; field: string; message: string } {
  const parsed = reportInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'input');
  return { ok: false, field, message: `${field}: ${issue.message}` };
}

/** Checks the range and resolves the stores (every store of the tenant when none is given). */
export async function reportScope(
  m: EntityManager,
  tenantId: string,
  input: z.output<typeof reportInputSchema>,
): Promise<SalesReportScope> {
  const storeIds = await resolveStores(m, input.storeIds);
  return { tenantId, from: input.from, to: input.to, storeIds };
}

export const paramsOf = (scope: SalesReportScope): ReportParams => [
  scope.tenantId,
  scope.storeIds,
  scope.from,
  scope.to,
];

/** `Query.salesReport`. */
export async function salesReport(ctx: RequestContext, input: SalesReportInput): Promise<SalesReportScope> {
  const tenantId = requirePermission(ctx, REPORTS_PERMISSION);
  const parsed = parseReportInput(input);
  if (!parsed.ok) throw badUserInput(parsed.message, parsed.field);
  return ctx.tx((m) => reportScope(m, tenantId, parsed.value));
}

async function rows<T>(
  ctx: RequestContext,
  scope: SalesReportScope,
  sql: string,
  schema: z.ZodType<T>,
  limit?: number,
): Promise<T[]> {
  const text = limit === undefined ? sql : `${sql} LIMIT ${limit}`;
  const raw: unknown[] = await ctx.tx((m) => m.query(text, paramsOf(scope)));
  return raw.map((row) => schema.parse(row));
}

export const reportByDay = (ctx: RequestContext, scope: SalesReportScope): Promise<DayReportRow[]> =>
  rows(ctx, scope, BY_DAY_SQL, dayRow);

export async function reportByProduct(
  ctx: RequestContext,
  scope: SalesReportScope,
  first: number | null | undefined,
): Promise<(ProductReportRow & { product: EntityReference })[]> {
  const limit = first ?? DEFAULT_PRODUCT_ROWS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PRODUCT_ROWS) {
    throw badUserInput(`first: between 1 and ${MAX_PRODUCT_ROWS}`, 'first');
  }
  const found = await rows(ctx, scope, BY_PRODUCT_SQL, productRow, limit);
  return found.map((row) => ({ ...row, product: { id: row.productId } }));
}

/** A reference to an entity another subgraph owns, or null without an id. */
const ref = (id: string | null): EntityReference | null => (id ? { id } : null);

export async function reportByCategory(
  ctx: RequestContext,
  scope: SalesReportScope,
): Promise<(CategoryReportRow & { category: EntityReference | null })[]> {
  const found = await rows(ctx, scope, BY_CATEGORY_SQL, categoryRow);
  return found.map((row) => ({ ...row, category: ref(row.categoryId) }));
}

export async function reportByCashier(
  ctx: RequestContext,
  scope: SalesReportScope,
): Promise<(CashierReportRow & { cashier: EntityReference | null })[]> {
  const found = await rows(ctx, scope, BY_CASHIER_SQL, cashierRow);
  return found.map((row) => ({ ...row, cashier: ref(row.cashierId) }));
}

export const reportByPaymentMethod = (
  ctx: RequestContext,
  scope: SalesReportScope,
): Promise<PaymentMethodReportRow[]> => rows(ctx, scope, BY_PAYMENT_METHOD_SQL, paymentMethodRow);

export const reportVat = (ctx: RequestContext, scope: SalesReportScope): Promise<VatReportRow[]> =>
  rows(ctx, scope, VAT_SQL, vatRow);
