/**
 * Stock from sales: the inventory subgraph's consumer of the sales subgraph's events.
 *
 * `sale.created` takes each line's quantity out of the sale's store (kind SALE, negative);
 * `sale.refunded` brings the refunded quantity back (kind REFUND, positive). Each line becomes
 * one ledger movement naming its source (`sale`/`refund`, document id, line), and the store's
 * level moves in the same statement, so levels always equal the ledger. Stock may go negative:
 * offline sales are never refused, the level is flagged instead.
 *
 * Exactly once twice over: the consumer runner applies each event once (cursor and effects
 * commit together), and the ledger's unique (tenant, source kind, source id, source line) key
 * with ON CONFLICT DO NOTHING makes a replayed event a no-op even if the cursor were wrong.
 *
 * An event without a `storeId` cannot be put anywhere: it is recorded in
 * `inventory.skipped_event`, logged and counted (`jowi_inventory_events_skipped_total`),
 * and the consumer moves on. A malformed event (bad id, bad quantity) is not skipped: the
 * handler throws, the runner retries it with backoff and reports it until someone fixes it.
 */
import {
  type ConsumerContext,
  type ConsumerDefinition,
  formatQuantity,
  isUuid,
  newId,
  parseQuantity,
  registryCounter,
  runtimeRole,
  type StoredEvent,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { MovementKind, SourceKind } from '../entities/stock-movement.entity.ts';

export const STOCK_FROM_SALES = `${runtimeRole('inventory')}:stock-from-sales`;
export const SALE_CREATED = 'sale.created';
export const SALE_REFUNDED = 'sale.refunded';

const uuid = z.string().refine(isUuid, 'must be a UUID');
const quantity = z.string().transform((value, ctx) => {
  try {
    return parseQuantity(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'bad quantity' });
    return z.NEVER;
  }
});
/** A store is required to move stock; its absence is handled (skipped), not a parse error. */
const storeId = uuid.nullish();

/** The parts of `sale.created` that stock needs (other fields are ignored). */
export const saleCreatedSchema = z.object({
  saleId: uuid,
  storeId,
  lines: z.array(z.object({ lineNo: z.number().int(), productId: uuid, quantity })),
});

/** The parts of `sale.refunded` that stock needs. */
export const saleRefundedSchema = z.object({
  refundId: uuid,
  saleId: uuid,
  storeId,
  lines: z.array(z.object({ saleLineNo: z.number().int(), productId: uuid, quantity })),
});

interface SourcedLine {
  line: number;
  productId: string;
  /** Signed quantity in thousandths. */
  quantity: bigint;
}

/** Counter of skipped events on the service's registry (none when the consumer has no registry). */
export const SKIPPED_METRIC = 'jowi_inventory_events_skipped_total';
function skippedCounter(context: ConsumerContext) {
  if (!context.registry) return null;
  return registryCounter(context.registry, {
    name: SKIPPED_METRIC,
    help: 'Sales events that moved no stock because they could not (e.g. no storeId); see inventory.skipped_event',
    labelNames: ['type', 'reason'],
  });
}

/** Records an event that moves no stock, where operators see it; logged and counted too. */
async function skip(
  manager: EntityManager,
  event: StoredEvent,
  reason: 'missing_store',
  context: ConsumerContext,
): Promise<void> {
  await manager.query(
    `INSERT INTO inventory.skipped_event (tenant_id, event_id, type, reason, aggregate_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [event.tenantId, event.id.toString(), event.type, reason, event.aggregateId],
  );
  skippedCounter(context)?.inc({ type: event.type, reason });
  context.log.warn(
    { eventId: event.id.toString(), eventType: event.type, tenantId: event.tenantId, reason },
    'event skipped: it names no store, so no stock was moved (recorded in inventory.skipped_event)',
  );
}

/**
 * Writes one document's movements and their levels in one statement. Lines already in the
 * ledger (same tenant, source and line) are left alone and move no level. Returns how many
 * movements were new.
 */
export async function recordSourcedMovements(
  manager: EntityManager,
  input: {
    tenantId: string;
    storeId: string;
    kind: MovementKind;
    sourceKind: SourceKind;
    sourceId: string;
    reference: string;
    actor: string;
    lines: SourcedLine[];
  },
): Promise<number> {
  // One movement per source line: a line listed twice in one document is summed, not dropped.
  const byLine = new Map<number, SourcedLine>();
  for (const line of input.lines) {
    const seen = byLine.get(line.line);
    if (seen && seen.productId !== line.productId) {
      throw new Error(`${input.sourceKind} ${input.sourceId} line ${line.line} names two products`);
    }
    byLine.set(line.line, { ...line, quantity: (seen?.quantity ?? 0n) + line.quantity });
  }
  const lines = [...byLine.values()].filter((l) => l.quantity !== 0n);
  if (lines.length === 0) return 0;
  const rows: { inserted: string }[] = await manager.query(
    `WITH movement AS (
       INSERT INTO inventory.stock_movement
         (tenant_id, id, store_id, product_id, kind, quantity, reference, created_by, source_kind, source_id, source_line)
       SELECT $1, l.id, $2, l.product_id, $3, l.quantity, $4, $5, $6, $7, l.line
         FROM unnest($8::uuid[], $9::uuid[], $10::numeric[], $11::int[]) AS l(id, product_id, quantity, line)
       ON CONFLICT DO NOTHING
       RETURNING store_id, product_id, quantity, created_at
     ), level AS (
       INSERT INTO inventory.stock_level AS s (tenant_id, store_id, product_id, quantity, updated_at)
       SELECT $1, store_id, product_id, sum(quantity), max(created_at) FROM movement
        GROUP BY store_id, product_id ORDER BY store_id, product_id
       ON CONFLICT (tenant_id, store_id, product_id)
       DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM movement)::text AS inserted, (SELECT count(*) FROM level) AS levels`,
    [
      input.tenantId,
      input.storeId,
      input.kind,
      input.reference,
      input.actor,
      input.sourceKind,
      input.sourceId,
      lines.map(() => newId()),
      lines.map((l) => l.productId),
      lines.map((l) => formatQuantity(l.quantity)),
      lines.map((l) => l.line),
    ],
  );
  return Number(rows[0]!.inserted);
}

/** Applies one sales event to the ledger (the consumer's handler). */
export async function applySalesEvent(
  manager: EntityManager,
  event: StoredEvent,
  context: ConsumerContext,
): Promise<void> {
  const actor = `event:${event.id}`;
  if (event.type === SALE_CREATED) {
    const sale = saleCreatedSchema.parse(event.payload);
    if (!sale.storeId) return skip(manager, event, 'missing_store', context);
    await recordSourcedMovements(manager, {
      tenantId: event.tenantId,
      storeId: sale.storeId,
      kind: 'SALE',
      sourceKind: 'sale',
      sourceId: sale.saleId,
      reference: sale.saleId,
      actor,
      lines: sale.lines.map((l) => ({ line: l.lineNo, productId: l.productId, quantity: -l.quantity })),
    });
  } else if (event.type === SALE_REFUNDED) {
    const refund = saleRefundedSchema.parse(event.payload);
    if (!refund.storeId) return skip(manager, event, 'missing_store', context);
    await recordSourcedMovements(manager, {
      tenantId: event.tenantId,
      storeId: refund.storeId,
      kind: 'REFUND',
      sourceKind: 'refund',
      sourceId: refund.refundId,
      reference: refund.refundId,
      actor,
      lines: refund.lines.map((l) => ({ line: l.saleLineNo, productId: l.productId, quantity: l.quantity })),
    });
  }
}

/** The consumer as the inventory subgraph declares it. */
export const stockFromSalesConsumer: ConsumerDefinition = {
  name: STOCK_FROM_SALES,
  types: [SALE_CREATED, SALE_REFUNDED],
  batchSize: 200,
  handle: applySalesEvent,
};
