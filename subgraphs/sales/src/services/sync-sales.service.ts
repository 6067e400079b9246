/**
 * `syncSales`: the upload path of the POS outbox.
 *
 * Each sale is judged on its own, in input order, and stored in its own transaction, so one bad
 * or failing sale never takes its batch down. Idempotency rests on the primary key
 * (tenant_id, id) alone: `INSERT … ON CONFLICT DO NOTHING` lets exactly one of any number of
 * concurrent senders — in any process — create the sale; the others wait for it to commit, see
 * nothing inserted and compare content hashes: equal → DUPLICATE (no side effect repeated),
 * different → CONFLICT (nothing overwritten). The `sale.created` event is written in the same
 * transaction as the sale, so consumers (stock, loyalty, fiscal) see each sale exactly once.
 */
import {
  appendEvent,
  type EntityManager,
  formatMoney,
  formatQuantity,
  isUuid,
  type RequestContext,
  requirePermission,
  type UserError,
  userError,
} from '@jowi/server-kit';
import type { SaleInput, SyncSalesInput, SyncStatus } from '../__generated__/resolvers-types.ts';
import type { SaleRow } from '../entities/sale.entity.ts';
import { SALE_COLUMNS, toSaleRow } from './sale.service.ts';
import { contentHash, type SaleContent, validateSale } from './sale-content.ts';

export const SYNC_PERMISSION = 'sales:sync';
/** Most sales accepted in one call; the POS uploads its outbox in chunks of this size. */
export const MAX_BATCH = 500;

export interface SyncSaleOutcome {
  /** The id as sent. */
  id: string;
  status: SyncStatus;
  sale: SaleRow | null;
  error: UserError | null;
}

export interface SyncSalesOutcome {
  results: SyncSaleOutcome[];
  errors: UserError[];
}

/** Uploads a batch of sales made on one terminal. One result per sale, in input order. */
export async function syncSales(ctx: RequestContext, input: SyncSalesInput): Promise<SyncSalesOutcome> {
  const tenantId = requirePermission(ctx, SYNC_PERMISSION);
  if (input.sales.length > MAX_BATCH) {
    return batchError(
      'BATCH_TOO_LARGE',
      `At most ${MAX_BATCH} sales per call, got ${input.sales.length}`,
      'sales',
    );
  }
  if (!isUuid(input.terminalId))
    return batchError('INVALID_TERMINAL', 'terminalId must be a UUID', 'terminalId');
  // A paired terminal signs in as itself and may upload only its own sales.
  if (
    ctx.identity.kind === 'terminal' &&
    ctx.identity.subject?.toLowerCase() !== input.terminalId.toLowerCase()
  ) {
    return batchError('INVALID_TERMINAL', 'A terminal can only sync its own sales', 'terminalId');
  }
  // A cashier signed in by PIN on a paired terminal may upload that terminal's sales only.
  if (ctx.identity.terminalId && ctx.identity.terminalId.toLowerCase() !== input.terminalId.toLowerCase()) {
    return batchError('INVALID_TERMINAL', 'This session belongs to another terminal', 'terminalId');
  }
  const results: SyncSaleOutcome[] = [];
  for (const [index, sale] of input.sales.entries()) {
    results.push(await syncOne(ctx, tenantId, input.terminalId, sale, index));
  }
  return { results, errors: [] };
}

function batchError(code: string, message: string, field: string): SyncSalesOutcome {
  return { results: [], errors: [userError(code, message, ['input', field])] };
}

async function syncOne(
  ctx: RequestContext,
  tenantId: string,
  terminalId: string,
  input: SaleInput,
  index: number,
): Promise<SyncSaleOutcome> {
  const checked = validateSale(input, terminalId, ['input', 'sales', String(index)]);
  if (!checked.ok) return { id: input.id, status: 'REJECTED', sale: null, error: checked.error };
  const hash = contentHash(checked.sale);
  try {
    const { status, sale } = await ctx.tx((m) => storeSale(m, tenantId, checked.sale, hash));
    if (status !== 'CONFLICT') return { id: input.id, status, sale, error: null };
    const error = userError(
      'CONTENT_MISMATCH',
      'A different sale with this id is already stored; nothing was overwritten',
      ['input', 'sales', String(index), 'id'],
    );
    return { id: input.id, status, sale, error };
  } catch (error) {
    // Unexpected (database down, bug): this sale only. The POS may resend it; the PK keeps that safe.
    ctx.log.error({ err: error, saleId: input.id, index }, 'syncSales: could not store sale');
    return {
      id: input.id,
      status: 'REJECTED',
      sale: null,
      error: userError(
        'INTERNAL_ERROR',
        `The sale could not be stored; it is safe to retry (trace ${ctx.traceId})`,
        ['input', 'sales', String(index)],
      ),
    };
  }
}

/** Inserts the sale or classifies the stored one; runs inside the caller's tenant transaction. */
async function storeSale(
  m: EntityManager,
  tenantId: string,
  sale: SaleContent,
  hash: string,
): Promise<{ status: 'CREATED' | 'DUPLICATE' | 'CONFLICT'; sale: SaleRow }> {
  const inserted: unknown[] = await m.query(
    `INSERT INTO sales.sale
       (tenant_id, id, terminal_id, shift_id, customer_id, status, total, vat_total, content_hash, device_created_at)
     VALUES ($1, $2, $3, $4, $5, 'COMPLETED', $6, $7, $8, $9)
     ON CONFLICT (tenant_id, id) DO NOTHING
     RETURNING ${SALE_COLUMNS}`,
    [
      tenantId,
      sale.id,
      sale.terminalId,
      sale.shiftId,
      sale.customerId,
      sale.total.toString(),
      sale.vatTotal.toString(),
      hash,
      sale.createdAt,
    ],
  );

  if (inserted.length === 0) {
    // Someone stored this id first (possibly a moment ago, in another process; ON CONFLICT
    // waited for that transaction to commit, and this statement's fresh snapshot sees it).
    const existing: unknown[] = await m.query(
      `SELECT ${SALE_COLUMNS} FROM sales.sale WHERE tenant_id = $1 AND id = $2`,
      [tenantId, sale.id],
    );
    if (!existing[0]) throw new Error(`sale ${sale.id} conflicted on insert but cannot be read back`);
    const stored = toSaleRow(existing[0]);
    return { status: stored.contentHash === hash ? 'DUPLICATE' : 'CONFLICT', sale: stored };
  }

  const created = toSaleRow(inserted[0]);
  await m.query(
    `INSERT INTO sales.sale_line
       (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount, total, vat_rate, vat_amount)
     SELECT $1, $2, l.*
       FROM unnest($3::int[], $4::uuid[], $5::numeric[], $6::bigint[], $7::bigint[], $8::bigint[], $9::smallint[],
                   $10::bigint[]) AS l`,
    [
      tenantId,
      sale.id,
      sale.lines.map((l) => l.lineNo),
      sale.lines.map((l) => l.productId),
      sale.lines.map((l) => formatQuantity(l.quantity)),
      sale.lines.map((l) => l.unitPrice.toString()),
      sale.lines.map((l) => l.discount.toString()),
      sale.lines.map((l) => l.total.toString()),
      sale.lines.map((l) => l.vatRate),
      sale.lines.map((l) => l.vatAmount.toString()),
    ],
  );
  await m.query(
    `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount)
     SELECT $1, $2, p.* FROM unnest($3::int[], $4::text[], $5::bigint[]) AS p`,
    [
      tenantId,
      sale.id,
      sale.payments.map((p) => p.lineNo),
      sale.payments.map((p) => p.method),
      sale.payments.map((p) => p.amount.toString()),
    ],
  );
  await appendEvent(m, {
    tenantId,
    type: 'sale.created',
    aggregateId: sale.id,
    source: 'sales',
    payload: saleCreatedPayload(sale),
  });
  return { status: 'CREATED', sale: created };
}

/**
 * Payload of `sale.created`. Amounts and quantities are decimal strings (never JSON numbers) so
 * consumers parse them exactly; lines carry what stock, loyalty and fiscal receipts need.
 */
export function saleCreatedPayload(sale: SaleContent): Record<string, unknown> {
  return {
    saleId: sale.id,
    terminalId: sale.terminalId,
    shiftId: sale.shiftId,
    customerId: sale.customerId,
    createdAt: sale.createdAt.toISOString(),
    total: formatMoney(sale.total),
    vatTotal: formatMoney(sale.vatTotal),
    lines: sale.lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      quantity: formatQuantity(l.quantity),
      unitPrice: formatMoney(l.unitPrice),
      discount: formatMoney(l.discount),
      total: formatMoney(l.total),
      vatRate: l.vatRate,
      vatAmount: formatMoney(l.vatAmount),
    })),
    payments: sale.payments.map((p) => ({ method: p.method, amount: formatMoney(p.amount) })),
  };
}
