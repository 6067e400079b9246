/**
 * Transfers between stores, a two-state machine: `sendTransfer` writes TRANSFER_OUT movements
 * in the sending store at once (the goods left) and the transfer is IN_TRANSIT — its lines are
 * what is in transit; `receiveTransfer` writes TRANSFER_IN movements in the receiving store and
 * moves it to RECEIVED (the only transition; a received transfer cannot be received again).
 * Received less than sent is a shortage: the difference left one store and reached none, and
 * stays visible on the line (sent vs received).
 *
 * Each line carries the sending store's moving average cost at sending time; receiving brings
 * the goods in at that cost, so the receiving store's average moves like on a goods receipt.
 */
import {
  actorOf,
  badUserInput,
  type Connection,
  cursorMicrosSql,
  decodeTimeIdCursor,
  formatQuantity,
  isUuid,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { contentMismatch, type InventoryUserError, userError } from '../errors/index.ts';
import type { TransferRow, TransferStatus } from '../models/transfer.model.ts';
import { type QuantityLine, validateId, validateLines, validateNote } from './document-input.ts';
import { INVENTORY_WRITE, writeMovements } from './movement.service.ts';
import { requireInventoryRead } from './stock.service.ts';
import { levelsIn, updateAverageCosts } from './stock-levels.ts';

const TRANSFER_COLUMNS = `id, from_store_id AS "fromStoreId", to_store_id AS "toStoreId", status, note,
  sent_by AS "sentBy", sent_at AS "sentAt", received_by AS "receivedBy", received_at AS "receivedAt",
  ${cursorMicrosSql('sent_at')} AS micros`;

type Head = Omit<TransferRow, 'lines'> & { micros: string };

async function withLines(m: EntityManager, heads: Head[]): Promise<(TransferRow & { micros: string })[]> {
  if (heads.length === 0) return [];
  const lines: {
    transferId: string;
    lineNo: number;
    productId: string;
    sent: string;
    received: string | null;
    unitCost: string | null;
  }[] = await m.query(
    `SELECT transfer_id AS "transferId", line_no AS "lineNo", product_id AS "productId",
            (quantity_sent * 1000)::bigint::text AS sent, (quantity_received * 1000)::bigint::text AS received,
            unit_cost::text AS "unitCost"
       FROM inventory.transfer_line WHERE transfer_id = ANY($1::uuid[]) ORDER BY transfer_id, line_no`,
    [heads.map((h) => h.id)],
  );
  return heads.map((h) => ({
    ...h,
    lines: lines
      .filter((l) => l.transferId === h.id)
      .map((l) => ({
        lineNo: l.lineNo,
        productId: l.productId,
        quantitySent: BigInt(l.sent),
        quantityReceived: l.received == null ? null : BigInt(l.received),
        unitCost: l.unitCost == null ? null : BigInt(l.unitCost),
      })),
  }));
}

export async function loadTransfer(m: EntityManager, id: string, lock = false): Promise<TransferRow | null> {
  const heads: Head[] = await m.query(
    `SELECT ${TRANSFER_COLUMNS} FROM inventory.transfer WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return (await withLines(m, heads))[0] ?? null;
}

export async function getTransfer(ctx: RequestContext, id: string): Promise<TransferRow | null> {
  requireInventoryRead(ctx);
  if (!isUuid(id)) return null;
  return ctx.tx((m) => loadTransfer(m, id));
}

/** `transfers(status, storeId, first, after)`: newest first. */
export async function listTransfers(
  ctx: RequestContext,
  args: {
    status?: TransferStatus | null;
    storeId?: string | null;
    first?: number | null;
    after?: string | null;
  },
): Promise<Connection<TransferRow>> {
  requireInventoryRead(ctx);
  const limit = pageSize(args.first);
  if (args.storeId && !isUuid(args.storeId)) {
    throw badUserInput('storeId must be a UUID', 'storeId');
  }
  const cursor = decodeTimeIdCursor(args.after);
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const rows = await ctx.tx(async (m) => {
    const heads: Head[] = await m.query(
      `SELECT ${TRANSFER_COLUMNS} FROM inventory.transfer
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::uuid IS NULL OR from_store_id = $2 OR to_store_id = $2)
          AND ($3::bigint IS NULL OR (sent_at, id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
        ORDER BY sent_at DESC, id DESC LIMIT $5`,
      [args.status ?? null, args.storeId ?? null, cursor?.micros ?? null, cursor?.id ?? null, limit + 1],
    );
    return withLines(m, heads);
  });
  return toConnection(rows, limit, (r) => [r.micros, r.id]);
}

function sameTransfer(
  stored: TransferRow,
  input: { fromStoreId: string; toStoreId: string; lines: QuantityLine[] },
): boolean {
  return (
    stored.fromStoreId === input.fromStoreId &&
    stored.toStoreId === input.toStoreId &&
    stored.lines.length === input.lines.length &&
    stored.lines.every(
      (l, i) => l.productId === input.lines[i]!.productId && l.quantitySent === input.lines[i]!.quantity,
    )
  );
}

type TransferResult = { transfer: TransferRow | null; errors: InventoryUserError[] };

/** Sends goods to another store (needs `inventory:write`). Idempotent by the client's id. */
export async function sendTransfer(
  ctx: RequestContext,
  input: { id: string; fromStoreId: string; toStoreId: string; lines: QuantityLine[]; note?: string | null },
): Promise<TransferResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors: InventoryUserError[] = [
    ...(isUuid(input.id)
      ? []
      : [userError('INVALID_ID', 'id must be a client-generated UUID', ['input', 'id'])]),
    ...validateId(input.fromStoreId, 'fromStoreId'),
    ...validateId(input.toStoreId, 'toStoreId'),
    ...validateLines(input.lines),
    ...validateNote(input.note),
  ];
  if (input.fromStoreId === input.toStoreId) {
    errors.push(userError('SAME_STORE', 'A transfer goes to another store', ['input', 'toStoreId']));
  }
  if (errors.length > 0) return { transfer: null, errors };
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const inserted: unknown[] = await m.query(
      `INSERT INTO inventory.transfer (tenant_id, id, from_store_id, to_store_id, status, note, sent_by)
       VALUES ($1, $2, $3, $4, 'IN_TRANSIT', $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [tenantId, input.id, input.fromStoreId, input.toStoreId, input.note ?? null, actor],
    );
    if (inserted.length === 0) {
      const stored = await loadTransfer(m, input.id);
      if (stored && sameTransfer(stored, input)) return { transfer: stored, errors: [] };
      return {
        transfer: null,
        errors: [contentMismatch('This id was already used for a different transfer')],
      };
    }
    const costs = await levelsIn(
      m,
      input.fromStoreId,
      input.lines.map((l) => l.productId),
    );
    const unitCost = (productId: string) => costs.get(productId)?.avgCost ?? null;
    await m.query(
      `INSERT INTO inventory.transfer_line (tenant_id, transfer_id, line_no, product_id, quantity_sent, unit_cost)
       SELECT $1, $2, l.n, l.product_id, l.quantity, l.unit_cost
         FROM unnest($3::uuid[], $4::numeric[], $5::bigint[]) WITH ORDINALITY AS l(product_id, quantity, unit_cost, n)`,
      [
        tenantId,
        input.id,
        input.lines.map((l) => l.productId),
        input.lines.map((l) => formatQuantity(l.quantity)),
        input.lines.map((l) => unitCost(l.productId)?.toString() ?? null),
      ],
    );
    await writeMovements(
      m,
      tenantId,
      actor,
      input.lines.map((l, i) => ({
        storeId: input.fromStoreId,
        productId: l.productId,
        kind: 'TRANSFER_OUT' as const,
        quantity: -l.quantity,
        unitCost: unitCost(l.productId),
        reference: input.id,
        source: { kind: 'transfer_out' as const, id: input.id, line: i + 1 },
      })),
    );
    return { transfer: await loadTransfer(m, input.id), errors: [] };
  });
}

/** Receives a transfer in its destination store (needs `inventory:write`). */
export async function receiveTransfer(
  ctx: RequestContext,
  input: { transferId: string; lines?: QuantityLine[] | null },
): Promise<TransferResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors: InventoryUserError[] = [
    ...(isUuid(input.transferId)
      ? []
      : [userError('INVALID_ID', 'transferId must be a UUID', ['input', 'transferId'])]),
    ...(input.lines ? validateLines(input.lines, { allowZero: true, allowEmpty: true }) : []),
  ];
  if (errors.length > 0) return { transfer: null, errors };
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const transfer = await loadTransfer(m, input.transferId, true);
    if (!transfer) {
      return {
        transfer: null,
        errors: [userError('NOT_FOUND', 'No such transfer', ['input', 'transferId'])],
      };
    }
    if (transfer.status !== 'IN_TRANSIT') {
      return {
        transfer: null,
        errors: [
          userError('TRANSFER_NOT_IN_TRANSIT', 'This transfer has already been received', [
            'input',
            'transferId',
          ]),
        ],
      };
    }
    const given = new Map((input.lines ?? []).map((l) => [l.productId, l.quantity]));
    const problems: InventoryUserError[] = [];
    (input.lines ?? []).forEach((l, i) => {
      const line = transfer.lines.find((t) => t.productId === l.productId);
      if (!line) {
        problems.push(
          userError('PRODUCT_NOT_IN_TRANSFER', 'This product was not sent', [
            'input',
            'lines',
            String(i),
            'productId',
          ]),
        );
      } else if (l.quantity > line.quantitySent) {
        problems.push(
          userError('RECEIVED_EXCEEDS_SENT', `At most ${formatQuantity(line.quantitySent)} was sent`, [
            'input',
            'lines',
            String(i),
            'quantity',
          ]),
        );
      }
    });
    if (problems.length > 0) return { transfer: null, errors: problems };
    const received = transfer.lines.map((l) => ({
      ...l,
      received: given.get(l.productId) ?? l.quantitySent,
    }));
    await m.query(
      `UPDATE inventory.transfer_line t SET quantity_received = r.quantity
         FROM unnest($2::int[], $3::numeric[]) AS r(line_no, quantity)
        WHERE t.transfer_id = $1 AND t.line_no = r.line_no`,
      [transfer.id, received.map((l) => l.lineNo), received.map((l) => formatQuantity(l.received))],
    );
    await m.query(
      `UPDATE inventory.transfer SET status = 'RECEIVED', received_by = $2, received_at = now() WHERE id = $1`,
      [transfer.id, actor],
    );
    const arriving = received.filter((l) => l.received > 0n);
    await writeMovements(
      m,
      tenantId,
      actor,
      arriving.map((l) => ({
        storeId: transfer.toStoreId,
        productId: l.productId,
        kind: 'TRANSFER_IN' as const,
        quantity: l.received,
        unitCost: l.unitCost,
        reference: transfer.id,
        source: { kind: 'transfer_in' as const, id: transfer.id, line: l.lineNo },
      })),
    );
    await updateAverageCosts(
      m,
      transfer.toStoreId,
      arriving.map((l) => ({ productId: l.productId, quantity: l.received, unitCost: l.unitCost })),
    );
    return { transfer: await loadTransfer(m, transfer.id), errors: [] };
  });
}
