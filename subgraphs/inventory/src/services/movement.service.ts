/**
 * Writing the stock ledger. Every change of stock is one movement row; the level of its store
 * and product moves by the same amount in the same SQL statement, so `stock_level` is always
 * the sum of `stock_movement` — there is no moment, and no failure, in which they disagree.
 * Stock may go negative: an offline sale is never refused for stock (ARCHITECTURE §6).
 *
 * Every writer (sales events, receipts, transfers, stock-takes, write-offs, corrections) goes
 * through {@link writeMovements}: one statement inserts the movements, moves the levels and
 * flips the low-stock flag of any threshold the new level crossed. A flag that flips to "low"
 * appends one `stock.low` event in the same transaction — once per crossing (the flag is only
 * re-armed when the level is back at or above the threshold), not once per movement below it.
 *
 * A movement id, or a source key (document kind, id, line, part), supplied by the caller makes
 * recording idempotent: a replay finds the stored movement and changes nothing.
 */
import {
  actorOf,
  appendEvent,
  formatQuantity,
  isUuid,
  newId,
  parseQuantity,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import {
  type MovementKind,
  type SourceKind,
  StockMovementEntity,
  type StockMovementRow,
} from '../entities/stock-movement.entity.ts';
import { type InventoryUserError, invalidId, userError } from '../errors/index.ts';

export const INVENTORY_WRITE = 'inventory:write';
/** Appended when a movement takes a level from at or above its threshold to below it. */
export const STOCK_LOW = 'stock.low';

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

/** A movement to write (validated by its writer). */
export interface NewMovement extends MovementInput {
  /** Tiyin per unit, where known. */
  unitCost?: bigint | null;
  reason?: string | null;
  note?: string | null;
  source?: { kind: SourceKind; id: string; line: number; part?: number } | null;
  /** `created_by` of this movement when it is not the call's actor (a batch of events: `event:<id>` each). */
  createdBy?: string | null;
}

export interface MovementResult {
  movement: StockMovementRow | null;
  /** False when a movement with this id already existed (nothing changed). */
  created: boolean;
  errors: InventoryUserError[];
}

/** A threshold crossed downwards by a write (a `stock.low` event was appended for it). */
export interface LowStockCrossing {
  storeId: string;
  productId: string;
  quantity: bigint;
  threshold: bigint;
}

export interface WriteResult {
  /** Ids of the movements actually inserted (replays are left out); empty when not asked for. */
  inserted: string[];
  /** How many movements were inserted. */
  insertedCount: number;
  crossings: LowStockCrossing[];
}

/** Which sign each kind allows: sales take stock out, receipts and refunds bring it in. */
export const SIGN: Record<MovementKind, 'in' | 'out' | 'any'> = {
  ADJUSTMENT: 'any',
  CORRECTION: 'any',
  RECEIPT: 'in',
  REFUND: 'in',
  TRANSFER_IN: 'in',
  SALE: 'out',
  TRANSFER_OUT: 'out',
  WRITE_OFF: 'out',
};

export function validateMovement(input: MovementInput): InventoryUserError[] {
  const errors: InventoryUserError[] = [];
  if (!isUuid(input.storeId)) errors.push(invalidId(['input', 'storeId']));
  if (!isUuid(input.productId)) errors.push(invalidId(['input', 'productId']));
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

/** Elements that need no quoting in a PostgreSQL array literal: ids, quantities, numbers. */
const PLAIN_TOKEN = /^[0-9A-Za-z.-]+$/;

/**
 * An array parameter as its PostgreSQL literal, built with one join, when every element is a
 * plain token (`{a,b,NULL}`); otherwise the array itself, which the driver quotes element by
 * element (two regular-expression replaces each — a visible part of a 2 500-movement batch).
 */
export function tokenArray(values: readonly (string | number | null)[]): string | (string | number | null)[] {
  for (const v of values) {
    if (
      v !== null &&
      !(typeof v === 'number' ? Number.isInteger(v) : PLAIN_TOKEN.test(v) && v.toUpperCase() !== 'NULL')
    ) {
      return [...values];
    }
  }
  return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
}

/**
 * Writes movements inside the caller's tenant transaction: inserts them (replayed ids and
 * source keys are skipped), moves the levels by the sum of what was inserted, flips crossed
 * thresholds and appends `stock.low` for each downward crossing. Levels are locked in
 * (store, product) order, so concurrent writers cannot deadlock on them.
 *
 * Several movements of one store and product in one call move its level once, by their sum,
 * and its threshold is compared with the level after the whole call: a call crosses a threshold
 * at most once (one `stock.low`, carrying that final level). A caller that must see each
 * crossing of a sequence that goes down and up again (a batch of sales and refunds) splits the
 * sequence where a product's direction changes (see the stock-from-sales consumer).
 *
 * `ids: false` leaves `inserted` empty (the count stays): a caller that never reads the ids
 * spares PostgreSQL the array of them and this process its parse (2 500 ids a batch of sales).
 */
export async function writeMovements(
  manager: EntityManager,
  tenantId: string,
  actor: string | null,
  movements: readonly NewMovement[],
  { ids: wantIds = true }: { ids?: boolean } = {},
): Promise<WriteResult> {
  if (movements.length === 0) return { inserted: [], insertedCount: 0, crossings: [] };
  const ids = movements.map((m) => m.id ?? newId());
  const rows: {
    inserted: string[] | null;
    count: number;
    crossed: { s: string; p: string; q: string; t: string }[];
  }[] = await manager.query(
    `WITH input AS (
       SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::numeric[], $8::text[],
                            $9::bigint[], $10::text[], $11::text[], $12::text[], $13::uuid[], $14::int[], $15::int[],
                            $16::text[]) WITH ORDINALITY
         AS i(id, store_id, product_id, kind, quantity, reference, unit_cost, reason, note,
              source_kind, source_id, source_line, source_part, created_by, n)
     ), movement AS (
       INSERT INTO inventory.stock_movement
         (tenant_id, id, store_id, product_id, kind, quantity, reference, created_by, unit_cost, reason, note,
          source_kind, source_id, source_line, source_part)
       SELECT $1, id, store_id, product_id, kind, quantity, reference, coalesce(created_by, $2), unit_cost, reason,
              note, source_kind, source_id, source_line, coalesce(source_part, 0)
         FROM input ORDER BY n
       ON CONFLICT DO NOTHING
       RETURNING id, store_id, product_id, quantity, created_at
     ), level AS (
       INSERT INTO inventory.stock_level AS s (tenant_id, store_id, product_id, quantity, updated_at)
       SELECT $1, store_id, product_id, sum(quantity), max(created_at) FROM movement
        GROUP BY store_id, product_id ORDER BY store_id, product_id
       ON CONFLICT (tenant_id, store_id, product_id)
       DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
       RETURNING store_id, product_id, quantity
     ), crossed AS (
       UPDATE inventory.stock_threshold t SET low = (l.quantity < t.threshold), updated_at = now()
         FROM level l
        WHERE t.tenant_id = $1 AND t.store_id = l.store_id AND t.product_id = l.product_id
          AND t.low <> (l.quantity < t.threshold)
       RETURNING t.store_id, t.product_id, t.threshold, t.low, l.quantity
     )
     SELECT CASE WHEN $17 THEN coalesce((SELECT array_agg(id::text) FROM movement), '{}') END AS inserted,
            (SELECT count(*) FROM movement)::int AS count,
            coalesce((SELECT json_agg(json_build_object('s', store_id, 'p', product_id, 'q', quantity::text,
                                                        't', threshold::text))
                        FROM crossed WHERE low), '[]') AS crossed`,
    [
      tenantId,
      actor,
      tokenArray(ids),
      tokenArray(movements.map((m) => m.storeId)),
      tokenArray(movements.map((m) => m.productId)),
      movements.map((m) => m.kind),
      tokenArray(movements.map((m) => formatQuantity(m.quantity))),
      movements.map((m) => m.reference ?? null),
      movements.map((m) => (m.unitCost == null ? null : m.unitCost.toString())),
      movements.map((m) => m.reason ?? null),
      movements.map((m) => m.note ?? null),
      movements.map((m) => m.source?.kind ?? null),
      tokenArray(movements.map((m) => m.source?.id ?? null)),
      tokenArray(movements.map((m) => m.source?.line ?? null)),
      tokenArray(movements.map((m) => m.source?.part ?? 0)),
      movements.map((m) => m.createdBy ?? null),
      wantIds,
    ],
  );
  const row = rows[0]!;
  const crossings = row.crossed.map((c) => ({
    storeId: c.s,
    productId: c.p,
    quantity: parseQuantity(c.q),
    threshold: parseQuantity(c.t),
  }));
  for (const c of crossings) {
    await appendEvent(manager, {
      tenantId,
      type: STOCK_LOW,
      aggregateId: c.productId,
      source: 'inventory',
      payload: {
        storeId: c.storeId,
        productId: c.productId,
        quantity: formatQuantity(c.quantity),
        threshold: formatQuantity(c.threshold),
      },
    });
  }
  return { inserted: row.inserted ?? [], insertedCount: row.count, crossings };
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
  const { inserted } = await writeMovements(manager, tenantId, actor, [{ ...input, id }]);
  const movement = await manager.getRepository(StockMovementEntity).findOneBy({ id });
  if (!movement) throw new Error(`stock movement ${id} neither inserted nor found`);
  return { movement, created: inserted.length > 0, errors: [] };
}

/** Records a movement for the caller's tenant in its own transaction (needs `inventory:write`). */
export async function recordMovement(ctx: RequestContext, input: MovementInput): Promise<MovementResult> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  return ctx.tx((m) => recordMovementIn(m, tenantId, actorOf(ctx), input));
}
