/**
 * Reading sales: by id (through a per-request DataLoader, also used by `__resolveReference`),
 * newest-first keyset pages, and the lines/payments loaders behind `Sale.lines` and
 * `Sale.payments`. Every query runs in the request's tenant transaction, so row-level
 * security scopes it to the caller's tenant; the explicit `tenant_id` predicates only help the
 * planner pick the (tenant_id, …) indexes.
 */
import {
  type Connection,
  decodeCursor,
  isUuid,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import { z } from 'zod';
import type { SaleFilter } from '../__generated__/resolvers-types.ts';
import type { SaleRow } from '../entities/sale.entity.ts';
import { SaleLineEntity, type SaleLineRow } from '../entities/sale-line.entity.ts';
import { SalePaymentEntity, type SalePaymentRow } from '../entities/sale-payment.entity.ts';

export const READ_PERMISSION = 'sales:read';

/** Columns of `sales.sale` aliased to {@link SaleRow} fields, for raw SQL (RETURNING, listing). */
export const SALE_COLUMNS = `tenant_id AS "tenantId", id, terminal_id AS "terminalId", shift_id AS "shiftId",
  customer_id AS "customerId", status, total, vat_total AS "vatTotal", content_hash AS "contentHash",
  device_created_at AS "createdAt", received_at AS "receivedAt"`;

const rawSaleSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  terminalId: z.string(),
  shiftId: z.string().nullable(),
  customerId: z.string().nullable(),
  status: z.enum(['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED']),
  // pg returns int8 as a string; it never passes through a JS number.
  total: z.string().transform((v) => BigInt(v)),
  vatTotal: z.string().transform((v) => BigInt(v)),
  contentHash: z.string(),
  createdAt: z.date(),
  receivedAt: z.date(),
});

/** Parses a raw `sales.sale` row selected with {@link SALE_COLUMNS}. */
export function toSaleRow(raw: unknown): SaleRow {
  return rawSaleSchema.parse(raw);
}

/** A sale line shaped for GraphQL: `product` is a reference the gateway resolves in catalog. */
export type SaleLineNode = SaleLineRow & { product: { __typename: 'Product'; id: string } };

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

const badInput = (message: string, field: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });

/**
 * `Query.sales`: newest first by device time, then id. The cursor carries the device time in
 * whole microseconds since the epoch (exactly what PostgreSQL stores — a JS Date would drop
 * the microseconds) and the id, so pages never skip or repeat a sale.
 */
export async function listSales(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: SaleFilter | null },
): Promise<Connection<SaleRow>> {
  const tenantId = requirePermission(ctx, READ_PERMISSION);
  const limit = pageSize(args.first);
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const filter = args.filter ?? {};
  if (filter.terminalId != null) {
    if (!isUuid(filter.terminalId)) throw badInput('terminalId must be a UUID', 'filter.terminalId');
    params.push(filter.terminalId);
    where.push(`terminal_id = $${params.length}::uuid`);
  }
  if (filter.from != null) {
    params.push(filter.from);
    where.push(`device_created_at >= $${params.length}`);
  }
  if (filter.to != null) {
    params.push(filter.to);
    where.push(`device_created_at < $${params.length}`);
  }
  const cursor = decodeCursor(args.after, 2);
  if (cursor) {
    const [micros, id] = cursor;
    if (typeof micros !== 'string' || !/^-?\d{1,20}$/.test(micros) || typeof id !== 'string' || !isUuid(id)) {
      throw badInput('Invalid cursor', 'after');
    }
    params.push(micros, id);
    where.push(
      `(device_created_at, id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`,
    );
  }
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  params.push(limit + 1);
  const raw: { cursorMicros: string }[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${SALE_COLUMNS}, (extract(epoch FROM device_created_at) * 1000000)::bigint::text AS "cursorMicros"
         FROM sales.sale WHERE ${where.join(' AND ')}
        ORDER BY device_created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ),
  );
  const rows = raw.map((r) => ({ row: toSaleRow(r), micros: r.cursorMicros }));
  const page = toConnection(rows, limit, (r) => [r.micros, r.row.id]);
  return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.row })), pageInfo: page.pageInfo };
}
