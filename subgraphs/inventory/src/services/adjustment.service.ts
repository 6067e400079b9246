/**
 * Write-offs (stock gone with a reason: spoiled, damaged, …) and manual corrections (a signed
 * change with a note). Both are audited in the same transaction as their movements, and carry
 * the store's moving average cost at the time as their unit cost (what the loss was worth).
 * An optional client id makes them idempotent: the movements' source key is (kind, id, line),
 * so the same id again writes nothing and returns the stored movements.
 */
import {
  actorOf,
  appendAudit,
  formatQuantity,
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import type { StockMovementRow } from '../entities/stock-movement.entity.ts';
import { contentMismatch, type InventoryUserError, invalidId, userError } from '../errors/index.ts';
import { type QuantityLine, validateId, validateLines, validateNote } from './document-input.ts';
import { INVENTORY_WRITE, writeMovements } from './movement.service.ts';
import { levelsIn, movementsOfSource } from './stock-levels.ts';

export const WRITE_OFF_REASONS = [
  'EXPIRED',
  'SPOILED',
  'DAMAGED',
  'THEFT',
  'STAFF_MEAL',
  'PROMOTION',
  'OTHER',
] as const;
export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number];

type MovementsResult = { movements: StockMovementRow[]; errors: InventoryUserError[] };

/** Writes stock off (needs `inventory:write`); audited as `inventory.write_off`. */
export async function writeOffStock(
  ctx: RequestContext,
  input: {
    id?: string | null;
    storeId: string;
    reason: WriteOffReason;
    note?: string | null;
    lines: QuantityLine[];
  },
): Promise<MovementsResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors = [
    ...validateId(input.id),
    ...validateId(input.storeId, 'storeId'),
    ...validateLines(input.lines),
    ...validateNote(input.note, 'note', input.reason === 'OTHER'),
  ];
  if (!WRITE_OFF_REASONS.includes(input.reason)) {
    errors.push(userError('INVALID_REASON', 'Unknown write-off reason', ['input', 'reason']));
  }
  if (errors.length > 0) return { movements: [], errors };
  const id = input.id ?? newId();
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const costs = await levelsIn(
      m,
      input.storeId,
      input.lines.map((l) => l.productId),
    );
    const { inserted } = await writeMovements(
      m,
      tenantId,
      actor,
      input.lines.map((l, i) => ({
        storeId: input.storeId,
        productId: l.productId,
        kind: 'WRITE_OFF' as const,
        quantity: -l.quantity,
        unitCost: costs.get(l.productId)?.avgCost ?? null,
        reason: input.reason,
        note: input.note ?? null,
        reference: id,
        source: { kind: 'write_off' as const, id, line: i + 1 },
      })),
    );
    const movements = await movementsOfSource(m, 'write_off', id);
    if (inserted.length === 0) {
      const same =
        movements.length === input.lines.length &&
        movements.every(
          (mv, i) =>
            mv.storeId === input.storeId &&
            mv.productId === input.lines[i]!.productId &&
            mv.quantity === -input.lines[i]!.quantity,
        );
      return same ? { movements, errors: [] } : { movements: [], errors: [contentMismatch()] };
    }
    await appendAudit(m, {
      tenantId,
      actor,
      action: 'inventory.write_off',
      entityType: 'write_off',
      entityId: id,
      source: 'inventory',
      data: {
        storeId: input.storeId,
        reason: input.reason,
        note: input.note ?? null,
        lines: movements.map((mv) => ({
          productId: mv.productId,
          quantity: formatQuantity(mv.quantity),
          unitCost: mv.unitCost?.toString() ?? null,
        })),
      },
    });
    return { movements, errors: [] };
  });
}

/** Corrects one product's stock by a signed quantity (needs `inventory:write`); audited. */
export async function correctStock(
  ctx: RequestContext,
  input: { id?: string | null; storeId: string; productId: string; quantity: bigint; note: string },
): Promise<MovementsResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors = [
    ...validateId(input.id),
    ...validateId(input.storeId, 'storeId'),
    ...validateNote(input.note, 'note', true),
  ];
  if (!isUuid(input.productId)) {
    errors.push(invalidId(['input', 'productId']));
  }
  if (input.quantity === 0n) {
    errors.push(
      userError('INVALID_QUANTITY', 'A correction needs a non-zero quantity', ['input', 'quantity']),
    );
  }
  if (errors.length > 0) return { movements: [], errors };
  const id = input.id ?? newId();
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const level = (await levelsIn(m, input.storeId, [input.productId])).get(input.productId);
    const { inserted } = await writeMovements(m, tenantId, actor, [
      {
        storeId: input.storeId,
        productId: input.productId,
        kind: 'CORRECTION',
        quantity: input.quantity,
        unitCost: level?.avgCost ?? null,
        note: input.note,
        reference: id,
        source: { kind: 'correction', id, line: 1 },
      },
    ]);
    const movements = await movementsOfSource(m, 'correction', id);
    if (inserted.length === 0) {
      const mv = movements[0];
      const same =
        mv &&
        mv.storeId === input.storeId &&
        mv.productId === input.productId &&
        mv.quantity === input.quantity;
      return same ? { movements, errors: [] } : { movements: [], errors: [contentMismatch()] };
    }
    await appendAudit(m, {
      tenantId,
      actor,
      action: 'inventory.correction',
      entityType: 'stock_level',
      entityId: `${input.storeId}/${input.productId}`,
      source: 'inventory',
      data: {
        correctionId: id,
        storeId: input.storeId,
        productId: input.productId,
        quantity: formatQuantity(input.quantity),
        levelBefore: formatQuantity(level?.quantity ?? 0n),
        note: input.note,
      },
    });
    return { movements, errors: [] };
  });
}
