/**
 * Stock from sales: the inventory subgraph's consumer of the sales subgraph's events.
 *
 * `sale.created` takes each line's quantity out of the sale's store (kind SALE, negative);
 * `sale.refunded` brings the refunded quantity back (kind REFUND, positive). Each line becomes
 * one ledger movement naming its source (`sale`/`refund`, document id, line), and the store's
 * level moves in the same statement, so levels always equal the ledger. Stock may go negative:
 * offline sales are never refused, the level is flagged instead.
 *
 * Dishes with a recipe move their ingredients instead of themselves (the recipe version valid
 * at the sale's `createdAt`, with the line's modifier effects; see recipe.service.ts); a refund
 * of such a line returns the ingredients its sale took, in proportion to the refunded quantity.
 * Every write also checks low-stock thresholds (`stock.low`, see movement.service.ts).
 *
 * Exactly once twice over: the consumer runner applies each event once (cursor and effects
 * commit together), and the ledger's unique (tenant, source kind, source id, line, part) key
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
  isUuid,
  parseQuantity,
  registryCounter,
  runtimeRole,
  type StoredEvent,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { MovementKind, SourceKind } from '../entities/stock-movement.entity.ts';
import { writeMovements } from '../services/movement.service.ts';
import { expandRecipe, recipesAt, recipesById } from '../services/recipe.service.ts';

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
  /** Device time of the sale: picks the recipe version (absent in old events: the first version). */
  createdAt: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .nullish(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      productId: uuid,
      quantity,
      modifiers: z
        .array(z.object({ modifierId: z.string() }))
        .nullish()
        .transform((v) => v ?? []),
    }),
  ),
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
  /** 0: the line's own product; i: its i-th ingredient. */
  part?: number;
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
 * ledger (same tenant, source, line and part) are left alone and move no level. Returns how
 * many movements were new.
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
  // One movement per source line and part: a line listed twice in one document is summed, not dropped.
  const byLine = new Map<string, SourcedLine>();
  for (const line of input.lines) {
    const key = `${line.line}/${line.part ?? 0}`;
    const seen = byLine.get(key);
    if (seen && seen.productId !== line.productId) {
      throw new Error(`${input.sourceKind} ${input.sourceId} line ${key} names two products`);
    }
    byLine.set(key, { ...line, quantity: (seen?.quantity ?? 0n) + line.quantity });
  }
  const lines = [...byLine.values()].filter((l) => l.quantity !== 0n);
  const { inserted } = await writeMovements(
    manager,
    input.tenantId,
    input.actor,
    lines.map((l) => ({
      storeId: input.storeId,
      productId: l.productId,
      kind: input.kind,
      quantity: l.quantity,
      reference: input.reference,
      source: { kind: input.sourceKind, id: input.sourceId, line: l.line, part: l.part ?? 0 },
    })),
  );
  return inserted.length;
}

/**
 * Sold lines as stock lines: a dish with a recipe valid at the sale's `createdAt` becomes its
 * ingredients (part 1…n, in the recipe's order; see recipe.service.ts for the arithmetic), and
 * the version and modifiers used are remembered so a refund of the line returns the same.
 */
async function saleStockLines(
  manager: EntityManager,
  tenantId: string,
  sale: z.infer<typeof saleCreatedSchema>,
): Promise<SourcedLine[]> {
  const at = sale.createdAt ?? new Date(0);
  const recipes = await recipesAt(
    manager,
    sale.lines.map((l) => l.productId),
    at,
  );
  const out: SourcedLine[] = [];
  const remembered: { line: number; recipeId: string; modifierIds: string[] }[] = [];
  for (const l of sale.lines) {
    const recipe = recipes.get(l.productId);
    if (!recipe) {
      out.push({ line: l.lineNo, productId: l.productId, quantity: -l.quantity });
      continue;
    }
    const modifierIds = l.modifiers.map((mod) => mod.modifierId);
    expandRecipe(recipe, modifierIds, l.quantity).forEach((ingredient, i) => {
      out.push({
        line: l.lineNo,
        part: i + 1,
        productId: ingredient.productId,
        quantity: -ingredient.quantity,
      });
    });
    remembered.push({ line: l.lineNo, recipeId: recipe.id, modifierIds });
  }
  if (remembered.length > 0) {
    await manager.query(
      `INSERT INTO inventory.sale_recipe_line (tenant_id, sale_id, line_no, recipe_id, modifier_ids)
       SELECT $1, $2, r.line_no, r.recipe_id, array(SELECT jsonb_array_elements_text(r.modifier_ids))
         FROM unnest($3::int[], $4::uuid[], $5::jsonb[]) AS r(line_no, recipe_id, modifier_ids)
       ON CONFLICT DO NOTHING`,
      [
        tenantId,
        sale.saleId,
        remembered.map((r) => r.line),
        remembered.map((r) => r.recipeId),
        remembered.map((r) => JSON.stringify(r.modifierIds)),
      ],
    );
  }
  return out;
}

/** Refunded lines as stock lines: a dish returns what its sale line took, in proportion. */
async function refundStockLines(
  manager: EntityManager,
  refund: z.infer<typeof saleRefundedSchema>,
): Promise<SourcedLine[]> {
  const used: { line_no: number; recipe_id: string; modifier_ids: string[] }[] = await manager.query(
    'SELECT line_no, recipe_id, modifier_ids FROM inventory.sale_recipe_line WHERE sale_id = $1 AND line_no = ANY($2::int[])',
    [refund.saleId, refund.lines.map((l) => l.saleLineNo)],
  );
  const byLine = new Map(used.map((u) => [u.line_no, u]));
  const recipes = await recipesById(
    manager,
    used.map((u) => u.recipe_id),
  );
  const out: SourcedLine[] = [];
  for (const l of refund.lines) {
    const u = byLine.get(l.saleLineNo);
    const recipe = u ? recipes.get(u.recipe_id) : undefined;
    if (!u || !recipe) {
      out.push({ line: l.saleLineNo, productId: l.productId, quantity: l.quantity });
      continue;
    }
    expandRecipe(recipe, u.modifier_ids, l.quantity).forEach((ingredient, i) => {
      out.push({
        line: l.saleLineNo,
        part: i + 1,
        productId: ingredient.productId,
        quantity: ingredient.quantity,
      });
    });
  }
  return out;
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
      lines: await saleStockLines(manager, event.tenantId, sale),
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
      lines: await refundStockLines(manager, refund),
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
