/**
 * Reading sales: by id (through a per-request DataLoader, also used by `__resolveReference`),
 * newest-first keyset pages, and the lines/payments loaders behind `Sale.lines` and
 * `Sale.payments`. Every query runs in the request's tenant transaction, so row-level
 * security scopes it to the caller's tenant; the explicit `tenant_id` predicates only help the
 * planner pick the (tenant_id, …) indexes.
 */
import {
  badUserInput,
  beforeTimeIdSql,
  type Connection,
  cursorMicrosSql,
  decodeTimeIdCursor,
  isUuid,
  pageSize,
  parseMoney,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import { In } from 'typeorm';
import { z } from 'zod';
import type { SaleFilter } from '../__generated__/resolvers-types.ts';
import { SALE_FLAGS, type SaleRow } from '../entities/sale.entity.ts';
import { SaleLineEntity, type SaleLineNode, type SaleLineRow } from '../entities/sale-line.entity.ts';
import { SalePaymentEntity, type SalePaymentRow } from '../entities/sale-payment.entity.ts';

export const READ_PERMISSION = 'sales:read';

/** Columns of `sales.sale` aliased to {@link SaleRow} fields, for raw SQL (RETURNING, listing). */
export const SALE_COLUMNS = `tenant_id AS "tenantId", id, store_id AS "storeId", terminal_id AS "terminalId",
  shift_id AS "shiftId", cashier_id AS "cashierId", customer_id AS "customerId",
  receipt_number AS "receiptNumber", status, subtotal, discount, total, vat_total AS "vatTotal",
  refunded_total AS "refundedTotal", content_hash AS "contentHash", device_created_at AS "createdAt",
  to_char(business_date, 'YYYY-MM-DD') AS "businessDate", received_at AS "receivedAt",
  catalog_version AS "catalogVersion", flags`;

const tiyin = z.string().transform((v) => BigInt(v));

const rawSaleSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  storeId: z.string(),
  terminalId: z.string(),
  shiftId: z.string().nullable(),
  cashierId: z.string().nullable(),
  customerId: z.string().nullable(),
  receiptNumber: z.number().int().nullable(),
  status: z.enum(['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED']),
  // pg returns int8 as a string; it never passes through a JS number.
  subtotal: tiyin,
  discount: tiyin,
  total: tiyin,
  vatTotal: tiyin,
  refundedTotal: tiyin,
  contentHash: z.string(),
  createdAt: z.date(),
  businessDate: z.string(),
  receivedAt: z.date(),
  catalogVersion: z.string().nullable(),
  flags: z.array(z.enum(SALE_FLAGS)),
});

/** Parses a raw `sales.sale` row selected with {@link SALE_COLUMNS}. */
export function toSaleRow(raw: unknown): SaleRow {
  return rawSaleSchema.parse(raw);
}

/** Batch loader: sales by id, for this request and tenant. */
export function saleLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, SaleRow | null>('sales.sale', async (keys) => {
    const ids = [...new Set(keys.filter(isUuid).map((k) => k.toLowerCase()))];
    if (ids.length === 0) return keys.map(() => null);
    const raw: unknown[] = await ctx.tx((m) =>
      m.query(`SELECT ${SALE_COLUMNS} FROM sales.sale WHERE id = ANY($1::uuid[])`, [ids]),
    );
    const byId = new Map(raw.map(toSaleRow).map((row) => [row.id, row]));
    return keys.map((key) => byId.get(key.toLowerCase()) ?? null);
  });
}

/** Batch loader: the lines of each sale, in receipt order. */
export function saleLinesLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, SaleLineNode[]>('sales.saleLines', async (saleIds) => {
    const rows = await ctx.tx((m) =>
      m.getRepository(SaleLineEntity).find({ where: { saleId: In([...saleIds]) }, order: { lineNo: 'ASC' } }),
    );
    const bySale = groupBy(rows, (row) => row.saleId);
    return saleIds.map((id) =>
      (bySale.get(id) ?? []).map((row) => ({
        ...row,
        product: { __typename: 'Product' as const, id: row.productId },
      })),
    );
  });
}

/** Batch loader: the payments of each sale, in the order they were sent. */
export function salePaymentsLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, SalePaymentRow[]>('sales.salePayments', async (saleIds) => {
    const rows = await ctx.tx((m) =>
      m
        .getRepository(SalePaymentEntity)
        .find({ where: { saleId: In([...saleIds]) }, order: { lineNo: 'ASC' } }),
    );
    const bySale = groupBy(rows, (row) => row.saleId);
    return saleIds.map((id) => bySale.get(id) ?? []);
  });
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/** `Query.sale`: null when the id is unknown, malformed or another tenant's. */
export async function getSale(ctx: RequestContext, id: string): Promise<SaleRow | null> {
  requirePermission(ctx, READ_PERMISSION);
  return saleLoader(ctx).load(id);
}

/** `Sale.__resolveReference`: the gateway asks for sales by id on the caller's behalf. */
export async function resolveSaleReference(ctx: RequestContext, id: string): Promise<SaleRow | null> {
  requirePermission(ctx, READ_PERMISSION);
  return saleLoader(ctx).load(id);
}

/** Filter fields holding ids; each must be a UUID (a malformed one is BAD_USER_INPUT, not "no rows"). */
const ID_FILTERS = [
  ['storeId', 'store_id'],
  ['terminalId', 'terminal_id'],
  ['cashierId', 'cashier_id'],
  ['shiftId', 'shift_id'],
] as const;

/**
 * The WHERE clause of a sales listing, `s` being `sales.sale`. Every filter combines with AND.
 *
 * Business days (`dateFrom`/`dateTo`) compare `business_date`, fixed at ingestion in the store's
 * time zone. They also bound `device_created_at` by the instants that day range can possibly
 * span in any zone (UTC−12 … UTC+14, with a day's margin each side): always true for a matching
 * row, but it lets the newest-first listing index scan a time range instead of the whole tenant.
 */
export function saleFilterSql(
  tenantId: string,
  filter: SaleFilter,
  params: unknown[] = [],
): { where: string[]; params: unknown[] } {
  params.push(tenantId);
  const where = [`s.tenant_id = $${params.length}`];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  for (const [key, column] of ID_FILTERS) {
    const value = filter[key];
    if (value == null) continue;
    if (!isUuid(value)) throw badUserInput(`${key} must be a UUID`, `filter.${key}`);
    add((n) => `s.${column} = ${n}::uuid`, value.toLowerCase());
  }
  if (filter.customerId != null) {
    if (!isUuid(filter.customerId)) throw badUserInput('customerId must be a UUID', 'filter.customerId');
    // The customer's own receipts and those of customers merged into it (customer.merged).
    add(
      (n) => `s.customer_id = ANY(ARRAY[${n}::uuid] || ARRAY(
        SELECT a.merged_id FROM sales.customer_alias a WHERE a.kept_id = ${n}::uuid))`,
      filter.customerId.toLowerCase(),
    );
  }
  if (filter.status != null) add((n) => `s.status = ${n}`, filter.status);
  if (filter.paymentMethod != null) {
    add(
      (n) => `EXISTS (SELECT 1 FROM sales.sale_payment p
                WHERE p.tenant_id = s.tenant_id AND p.sale_id = s.id AND p.method = ${n})`,
      filter.paymentMethod,
    );
  }
  if (filter.minTotal != null && filter.maxTotal != null && filter.minTotal > filter.maxTotal) {
    throw badUserInput('minTotal must not be above maxTotal', 'filter.minTotal');
  }
  if (filter.minTotal != null) add((n) => `s.total >= ${n}::bigint`, filter.minTotal.toString());
  if (filter.maxTotal != null) add((n) => `s.total <= ${n}::bigint`, filter.maxTotal.toString());
  if (filter.from != null && filter.to != null && filter.from.getTime() > filter.to.getTime()) {
    throw badUserInput('from must not be after to', 'filter.from');
  }
  if (filter.from != null) add((n) => `s.device_created_at >= ${n}::timestamptz`, filter.from);
  if (filter.to != null) add((n) => `s.device_created_at < ${n}::timestamptz`, filter.to);
  if (filter.dateFrom != null && filter.dateTo != null && filter.dateFrom > filter.dateTo) {
    throw badUserInput('dateFrom must not be after dateTo', 'filter.dateFrom');
  }
  if (filter.dateFrom != null) {
    add((n) => `s.business_date >= ${n}::date`, filter.dateFrom);
    where.push(`s.device_created_at >= (${`$${params.length}`}::date - 1)::timestamp AT TIME ZONE 'UTC'`);
  }
  if (filter.dateTo != null) {
    add((n) => `s.business_date <= ${n}::date`, filter.dateTo);
    where.push(`s.device_created_at < (${`$${params.length}`}::date + 2)::timestamp AT TIME ZONE 'UTC'`);
  }
  return { where, params };
}

/**
 * `Query.sales`, `Customer.sales`: newest first by device time, then id. The cursor carries the
 * device time in whole microseconds since the epoch (exactly what PostgreSQL stores — a JS Date
 * would drop the microseconds) and the id, so pages never skip or repeat a sale.
 */
export async function listSales(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: SaleFilter | null },
): Promise<Connection<SaleRow>> {
  const tenantId = requirePermission(ctx, READ_PERMISSION);
  const limit = pageSize(args.first);
  const { where, params } = saleFilterSql(tenantId, args.filter ?? {});
  const cursor = decodeTimeIdCursor(args.after);
  if (cursor) where.push(beforeTimeIdSql('s.device_created_at', 's.id', cursor, params));
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  params.push(limit + 1);
  const raw: { cursorMicros: string }[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${SALE_COLUMNS}, ${cursorMicrosSql('s.device_created_at')} AS "cursorMicros"
         FROM sales.sale s WHERE ${where.join(' AND ')}
        ORDER BY s.device_created_at DESC, s.id DESC LIMIT $${params.length}`,
      params,
    ),
  );
  const rows = raw.map((r) => ({ row: toSaleRow(r), micros: r.cursorMicros }));
  const page = toConnection(rows, limit, (r) => [r.micros, r.row.id]);
  return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.row })), pageInfo: page.pageInfo };
}

/** `Customer.sales`: the customer's sales, newest first (needs `sales:read`). */
export function listCustomerSales(
  ctx: RequestContext,
  customerId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<SaleRow>> {
  return listSales(ctx, { first: args.first, after: args.after, filter: { customerId } });
}

const modifiersSchema = z.array(
  z.object({ modifierId: z.string(), name: z.string(), priceDelta: z.string().transform(parseMoney) }),
);

/** `SaleLine.modifiers`: the jsonb snapshot parsed at the boundary, amounts as tiyin. */
export function saleLineModifiers(line: Pick<SaleLineRow, 'modifiers'>) {
  return modifiersSchema.parse(line.modifiers ?? []);
}
