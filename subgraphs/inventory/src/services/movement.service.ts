/**
 * Writing the stock ledger. Every change of stock is one movement row; the level of its store
 * and product moves by the same amount in the same SQL statement, so `stock_level` is always
 * the sum of `stock_movement` — there is no moment, and no failure, in which they disagree.
 * Stock may go negative: an offline sale is never refused for stock (ARCHITECTURE §6).
 *
 * A movement id supplied by the caller makes recording idempotent: replaying the same id (an
 * event delivered twice, a demo re-seed) returns the stored movement and changes nothing.
 */
import {
  formatQuantity,
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
  type UserError,
  userError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import {
  type MovementKind,
  StockMovementEntity,
  type StockMovementRow,
} from '../entities/stock-movement.entity.ts';

export const INVENTORY_WRITE = 'inventory:write';

export interface MovementInput {
  /** Idempotency key; a new UUID v7 when omitted. */
  id?: string;
  storeId: string;
  productId: string;
  kind: MovementKind;
  /** Signed quantity in thousandths (bigint, never a float). */
  quantity: bigint;
  reference?: string | null;
}

export interface MovementResult {
  movement: StockMovementRow | null;
  /** False when a movement with this id already existed (nothing changed). */
  created: boolean;
  errors: UserError[];
}

/** Which sign each kind allows: sales take stock out, receipts and refunds bring it in. */
const SIGN: Record<MovementKind, 'in' | 'out' | 'any'> = {
  ADJUSTMENT: 'any',
  RECEIPT: 'in',
  REFUND: 'in',
  SALE: 'out',
};

export function validateMovement(input: MovementInput): UserError[] {
  const errors: UserError[] = [];
  if (!isUuid(input.storeId))
    errors.push(userError('INVALID_STORE', 'storeId must be a UUID', ['input', 'storeId']));
  if (!isUuid(input.productId))
    errors.push(userError('INVALID_PRODUCT', 'productId must be a UUID', ['input', 'productId']));
  if (input.id !== undefined && !isUuid(input.id))
    errors.push(userError('INVALID_ID', 'id must be a UUID', ['input', 'id']));
  const sign = SIGN[input.kind];
  if (sign === undefined) {
    errors.push(userError('INVALID_KIND', `Unknown movement kind ${input.kind}`, ['input', 'kind']));
  } else if (
    input.quantity === 0n ||
    (sign === 'in' && input.quantity < 0n) ||
    (sign === 'out' && input.quantity > 0n)
  ) {
    const rule = sign === 'in' ? 'positive' : sign === 'out' ? 'negative' : 'non-zero';
    errors.push(
      userError('INVALID_QUANTITY', `A ${input.kind} movement needs a ${rule} quantity`, [
        'input',
        'quantity',
      ]),
    );
  }
  if ((input.reference?.length ?? 0) > 200) {
    errors.push(
      userError('INVALID_REFERENCE', 'Reference is at most 200 characters', ['input', 'reference']),
    );
  }
  return errors;
}

/**
 * Records a movement inside an open tenant transaction (event consumers and seeding call this
 * with their own manager). The movement insert and the level upsert are one statement.
 */
export async function recordMovementIn(
  manager: EntityManager,
  tenantId: string,
  actor: string | null,
  input: MovementInput,
): Promise<MovementResult> {
  const errors = validateMovement(input);
  if (errors.length > 0) return { movement: null, created: false, errors };
  const id = input.id ?? newId();
  const inserted: { id: string }[] = await manager.query(
    `WITH movement AS (
       INSERT INTO inventory.stock_movement (tenant_id, id, store_id, product_id, kind, quantity, reference, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING tenant_id, id, store_id, product_id, quantity, created_at
     ), level AS (
       INSERT INTO inventory.stock_level AS l (tenant_id, store_id, product_id, quantity, updated_at)
       SELECT tenant_id, store_id, product_id, quantity, created_at FROM movement
       ON CONFLICT (tenant_id, store_id, product_id)
       DO UPDATE SET quantity = l.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
       RETURNING 1
     )
     SELECT id FROM movement, level`,
    [
      tenantId,
      id,
      input.storeId,
      input.productId,
      input.kind,
      formatQuantity(input.quantity),
      input.reference ?? null,
      actor,
    ],
  );
  const movement = await manager.getRepository(StockMovementEntity).findOneBy({ id });
  if (!movement) throw new Error(`stock movement ${id} neither inserted nor found`);
  return { movement, created: inserted.length > 0, errors: [] };
}

/** Records a movement for the caller's tenant in its own transaction (needs `inventory:write`). */
export async function recordMovement(ctx: RequestContext, input: MovementInput): Promise<MovementResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const actor = ctx.identity.subject ? `${ctx.identity.kind}:${ctx.identity.subject}` : ctx.identity.kind;
  return ctx.tx((m) => recordMovementIn(m, tenantId, actor, input));
}
