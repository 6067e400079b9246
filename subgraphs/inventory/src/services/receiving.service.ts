/**
 * Suppliers and goods receiving. A goods receipt is a document with a client-chosen id: its
 * lines become RECEIPT movements (source `goods_receipt`, line n) carrying the supplier's unit
 * cost, and each product's moving average cost in the store moves (see `movingAverage`).
 * Sending the same receipt again returns the stored one (`duplicate`); the same id with other
 * content is `CONTENT_MISMATCH` and changes nothing.
 */
import { checkFiscalField } from '@jowi/receipt';
import {
  actorOf,
  badUserInput,
  beforeTimeIdSql,
  type Connection,
  cursorMicrosSql,
  decodeTimeIdCursor,
  formatQuantity,
  isUuid,
  moneyTimesQuantity,
  newId,
  pageSize,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  toConnection,
  type ViolationMap,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { contentMismatch, type InventoryUserError, invalidId, userError } from '../errors/index.ts';
import type { GoodsReceiptRow, SupplierRow } from '../models/goods-receipt.model.ts';
import { validateId, validateLines, validateNote } from './document-input.ts';
import { INVENTORY_WRITE, writeMovements } from './movement.service.ts';
import { requireInventoryRead } from './stock.service.ts';
import { updateAverageCosts } from './stock-levels.ts';

const SUPPLIER_COLUMNS = `id, name, phone, tax_id AS "taxId", note, active, created_at AS "createdAt"`;

function validateSupplierFields(input: {
  name?: string | null;
  phone?: string | null;
  taxId?: string | null;
  note?: string | null;
}): InventoryUserError[] {
  const errors: InventoryUserError[] = [];
  if (input.name !== undefined && (input.name === null || !input.name.trim() || input.name.length > 200)) {
    errors.push(userError('INVALID_NAME', 'Name is required, at most 200 characters', ['input', 'name']));
  }
  if (input.phone != null && input.phone.length > 40) {
    errors.push(userError('INVALID_PHONE', 'Phone is at most 40 characters', ['input', 'phone']));
  }
  const taxId = input.taxId == null ? null : checkFiscalField('taxId', input.taxId);
  if (taxId) errors.push(userError(taxId.code, taxId.message, ['input', 'taxId']));
  errors.push(...validateNote(input.note));
  return errors;
}

/** Supplier names are unique per tenant, case-insensitively (a unique index decides races). */
const SUPPLIER_UNIQUES: ViolationMap<InventoryUserError> = {
  supplier_name_key: userError('DUPLICATE_SUPPLIER', 'A supplier with this name exists', ['input', 'name']),
};

export async function createSupplier(
  ctx: RequestContext,
  input: { name: string; phone?: string | null; taxId?: string | null; note?: string | null },
): Promise<{ supplier: SupplierRow | null; errors: InventoryUserError[] }> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors = validateSupplierFields(input);
  if (errors.length > 0) return { supplier: null, errors };
  const written = await runWrite(
    ctx,
    async (m) => {
      const rows: SupplierRow[] = await m.query(
        `INSERT INTO inventory.supplier (tenant_id, id, name, phone, tax_id, note)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUPPLIER_COLUMNS}`,
        [tenantId, newId(), input.name.trim(), input.phone ?? null, input.taxId ?? null, input.note ?? null],
      );
      return rows[0]!;
    },
    SUPPLIER_UNIQUES,
  );
  return payloadOf('supplier', written);
}

export async function updateSupplier(
  ctx: RequestContext,
  input: {
    id: string;
    name?: string | null;
    phone?: string | null;
    taxId?: string | null;
    note?: string | null;
    active?: boolean | null;
  },
): Promise<{ supplier: SupplierRow | null; errors: InventoryUserError[] }> {
  requirePermission(ctx, INVENTORY_WRITE);
  const errors = [...validateId(input.id), ...validateSupplierFields(input)];
  if (errors.length > 0) return { supplier: null, errors };
  const written = await runWrite(
    ctx,
    async (m) => {
      const rows: SupplierRow[] = await m.query(
        `UPDATE inventory.supplier SET
           name = coalesce($2, name),
           phone = CASE WHEN $3::boolean THEN $4 ELSE phone END,
           tax_id = CASE WHEN $5::boolean THEN $6 ELSE tax_id END,
           note = CASE WHEN $7::boolean THEN $8 ELSE note END,
           active = coalesce($9, active),
           updated_at = now()
         WHERE id = $1 RETURNING ${SUPPLIER_COLUMNS}`,
        [
          input.id,
          input.name?.trim() ?? null,
          input.phone !== undefined,
          input.phone ?? null,
          input.taxId !== undefined,
          input.taxId ?? null,
          input.note !== undefined,
          input.note ?? null,
          input.active ?? null,
        ],
      );
      // UPDATE … RETURNING through TypeORM's query() yields [rows, count].
      const found = (Array.isArray(rows[0]) ? rows[0] : rows) as SupplierRow[];
      if (found.length === 0) reject(userError('SUPPLIER_NOT_FOUND', 'No such supplier', ['input', 'id']));
      return found[0]!;
    },
    SUPPLIER_UNIQUES,
  );
  return payloadOf('supplier', written);
}

export async function listSuppliers(
  ctx: RequestContext,
  args: {
    search?: string | null;
    includeInactive?: boolean | null;
    limit: number;
    after: [string, string] | null;
  },
): Promise<SupplierRow[]> {
  requireInventoryRead(ctx);
  return ctx.tx((m) =>
    m.query(
      `SELECT ${SUPPLIER_COLUMNS} FROM inventory.supplier
        WHERE ($1::text IS NULL OR name ILIKE '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          AND ($2::boolean OR active)
          AND ($3::text IS NULL OR (lower(name), id) > ($3, $4::uuid))
        ORDER BY lower(name), id LIMIT $5`,
      [
        args.search || null,
        args.includeInactive ?? false,
        args.after?.[0] ?? null,
        args.after?.[1] ?? null,
        args.limit + 1,
      ],
    ),
  );
}

export async function suppliersById(
  m: EntityManager,
  ids: readonly string[],
): Promise<Map<string, SupplierRow>> {
  const rows: SupplierRow[] = await m.query(
    `SELECT ${SUPPLIER_COLUMNS} FROM inventory.supplier WHERE id = ANY($1::uuid[])`,
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export interface ReceiveGoodsInput {
  id: string;
  storeId: string;
  supplierId: string;
  lines: { productId: string; quantity: bigint; unitCost: bigint }[];
  note?: string | null;
}

export async function loadReceipt(m: EntityManager, id: string): Promise<GoodsReceiptRow | null> {
  const [head] = (await m.query(
    `SELECT id, store_id AS "storeId", supplier_id AS "supplierId", note, total::text AS total,
            created_by AS "createdBy", created_at AS "createdAt"
       FROM inventory.goods_receipt WHERE id = $1`,
    [id],
  )) as (Omit<GoodsReceiptRow, 'total' | 'lines'> & { total: string })[];
  if (!head) return null;
  const lines: { productId: string; quantity: string; unitCost: string }[] = await m.query(
    `SELECT product_id AS "productId", (quantity * 1000)::bigint::text AS quantity, unit_cost::text AS "unitCost"
       FROM inventory.goods_receipt_line WHERE receipt_id = $1 ORDER BY line_no`,
    [id],
  );
  return {
    ...head,
    total: BigInt(head.total),
    lines: lines.map((l) => ({
      productId: l.productId,
      quantity: BigInt(l.quantity),
      unitCost: BigInt(l.unitCost),
    })),
  };
}

/**
 * `Query.goodsReceipts`: receipts newest first, optionally of one store and/or supplier,
 * keyset-paged on (created_at, id); each with its lines (one statement for the page's lines).
 */
export async function listReceipts(
  ctx: RequestContext,
  args: { storeId?: string | null; supplierId?: string | null; first?: number | null; after?: string | null },
): Promise<Connection<GoodsReceiptRow>> {
  requireInventoryRead(ctx);
  for (const field of ['storeId', 'supplierId'] as const) {
    const value = args[field];
    if (value && !isUuid(value)) throw badUserInput(`${field} must be a UUID`, field);
  }
  const limit = pageSize(args.first);
  const cursor = decodeTimeIdCursor(args.after);
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const rows = await ctx.tx(async (m) => {
    const params: unknown[] = [args.storeId ?? null, args.supplierId ?? null];
    const after = cursor ? `AND ${beforeTimeIdSql('created_at', 'id', cursor, params)}` : '';
    params.push(limit + 1);
    const heads: (Omit<GoodsReceiptRow, 'total' | 'lines'> & { total: string; micros: string })[] =
      await m.query(
        `SELECT id, store_id AS "storeId", supplier_id AS "supplierId", note, total::text AS total,
              created_by AS "createdBy", created_at AS "createdAt", ${cursorMicrosSql('created_at')} AS micros
         FROM inventory.goods_receipt
        WHERE ($1::uuid IS NULL OR store_id = $1) AND ($2::uuid IS NULL OR supplier_id = $2) ${after}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
    const lines: { receiptId: string; productId: string; quantity: string; unitCost: string }[] = heads.length
      ? await m.query(
          `SELECT receipt_id AS "receiptId", product_id AS "productId", (quantity * 1000)::bigint::text AS quantity,
                  unit_cost::text AS "unitCost"
             FROM inventory.goods_receipt_line WHERE receipt_id = ANY($1::uuid[]) ORDER BY receipt_id, line_no`,
          [heads.map((h) => h.id)],
        )
      : [];
    return heads.map((head) => ({
      ...head,
      total: BigInt(head.total),
      lines: lines
        .filter((l) => l.receiptId === head.id)
        .map((l) => ({ productId: l.productId, quantity: BigInt(l.quantity), unitCost: BigInt(l.unitCost) })),
    }));
  });
  return toConnection(rows, limit, (r) => [r.micros, r.id]);
}

export async function getReceipt(ctx: RequestContext, id: string): Promise<GoodsReceiptRow | null> {
  requireInventoryRead(ctx);
  if (!isUuid(id)) return null;
  return ctx.tx((m) => loadReceipt(m, id));
}

function sameReceipt(stored: GoodsReceiptRow, input: ReceiveGoodsInput): boolean {
  return (
    stored.storeId === input.storeId &&
    stored.supplierId === input.supplierId &&
    stored.lines.length === input.lines.length &&
    stored.lines.every(
      (l, i) =>
        l.productId === input.lines[i]!.productId &&
        l.quantity === input.lines[i]!.quantity &&
        l.unitCost === input.lines[i]!.unitCost,
    )
  );
}

/** Result of `receiveGoods`. */
interface ReceiveResult {
  receipt: GoodsReceiptRow | null;
  duplicate: boolean;
  errors: InventoryUserError[];
}

/** Receives goods (needs `inventory:write`). */
export async function receiveGoods(ctx: RequestContext, input: ReceiveGoodsInput): Promise<ReceiveResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors: InventoryUserError[] = [
    ...(isUuid(input.id) ? [] : [invalidId(['input', 'id'])]),
    ...validateId(input.storeId, 'storeId'),
    ...validateId(input.supplierId, 'supplierId'),
    ...validateLines(input.lines),
    ...validateNote(input.note),
  ];
  input.lines.forEach((l, i) => {
    if (l.unitCost < 0n) {
      errors.push(
        userError('INVALID_COST', 'Unit cost must be zero or more', [
          'input',
          'lines',
          String(i),
          'unitCost',
        ]),
      );
    }
  });
  if (errors.length > 0) return { receipt: null, duplicate: false, errors };
  const actor = actorOf(ctx);
  const written = await runWrite<ReceiveResult, InventoryUserError>(ctx, async (m) => {
    const supplier = (await suppliersById(m, [input.supplierId])).get(input.supplierId);
    if (!supplier) {
      return {
        receipt: null,
        duplicate: false,
        errors: [userError('SUPPLIER_NOT_FOUND', 'No such supplier', ['input', 'supplierId'])],
      };
    }
    // Line totals rounded half up to the tiyin, then summed.
    const total = input.lines.reduce((sum, l) => sum + moneyTimesQuantity(l.unitCost, l.quantity), 0n);
    const inserted: unknown[] = await m.query(
      `INSERT INTO inventory.goods_receipt (tenant_id, id, store_id, supplier_id, note, total, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [tenantId, input.id, input.storeId, input.supplierId, input.note ?? null, total.toString(), actor],
    );
    if (inserted.length === 0) {
      // Same id again (a retry, or a concurrent twin that committed first: the insert waited for it).
      const stored = await loadReceipt(m, input.id);
      if (stored && sameReceipt(stored, input)) return { receipt: stored, duplicate: true, errors: [] };
      return {
        receipt: null,
        duplicate: false,
        errors: [contentMismatch('This id was already used for a different document')],
      };
    }
    if (!supplier.active)
      reject(userError('SUPPLIER_INACTIVE', 'The supplier is archived', ['input', 'supplierId']));
    await m.query(
      `INSERT INTO inventory.goods_receipt_line (tenant_id, receipt_id, line_no, product_id, quantity, unit_cost)
       SELECT $1, $2, l.n, l.product_id, l.quantity, l.unit_cost
         FROM unnest($3::uuid[], $4::numeric[], $5::bigint[]) WITH ORDINALITY AS l(product_id, quantity, unit_cost, n)`,
      [
        tenantId,
        input.id,
        input.lines.map((l) => l.productId),
        input.lines.map((l) => formatQuantity(l.quantity)),
        input.lines.map((l) => l.unitCost.toString()),
      ],
    );
    await writeMovements(
      m,
      tenantId,
      actor,
      input.lines.map((l, i) => ({
        storeId: input.storeId,
        productId: l.productId,
        kind: 'RECEIPT' as const,
        quantity: l.quantity,
        unitCost: l.unitCost,
        reference: input.id,
        note: input.note ?? null,
        source: { kind: 'goods_receipt' as const, id: input.id, line: i + 1 },
      })),
    );
    await updateAverageCosts(m, input.storeId, input.lines);
    return { receipt: await loadReceipt(m, input.id), duplicate: false, errors: [] };
  });
  return written.ok ? written.value : { receipt: null, duplicate: false, errors: written.errors };
}
