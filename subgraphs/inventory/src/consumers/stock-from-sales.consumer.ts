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
 * Batched: the runner hands over a whole batch (`handleBatch`, one call per tenant), and
 * {@link applySalesEvents} applies it with a fixed number of statements — one recipe lookup, one
 * multi-row `writeMovements` — with the same result as applying the events one by one (same
 * movements, levels, recipe lines and `stock.low` crossings; see there for why). A batch that
 * fails is retried by the runner one event at a time, through the same function.
 *
 * Events are read with {@link readStockEvent}: the fields stock uses, each checked as its contract
 * (`@jowi/events`) checks it, without parsing the rest of the payload; anything else goes through
 * the full contract parse. An event that breaks its contract in those fields (no store, a bad id
 * or quantity) never reaches the ledger — the runner parks it at once — and
 * one that fails here is retried and then parked (server-kit's parking.ts), so a bad event of
 * one tenant never stops stock for the others.
 */
import { currentVersion, type EventPayload } from '@jowi/events';
import {
  type ConsumerContext,
  type ContractEvent,
  defineReadingConsumer,
  parseContractEvent,
  parseQuantity,
  runtimeRole,
  type StoredEvent,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { MovementKind, SourceKind } from '../entities/stock-movement.entity.ts';
import type { RecipeVersion } from '../models/recipe.model.ts';
import { type NewMovement, writeMovements } from '../services/movement.service.ts';
import { expandRecipe, recipesById } from '../services/recipe.service.ts';

export const STOCK_FROM_SALES = `${runtimeRole('inventory')}:stock-from-sales`;
export const SALE_CREATED = 'sale.created';
export const SALE_REFUNDED = 'sale.refunded';
const TYPES = [SALE_CREATED, SALE_REFUNDED] as const;

/** An event this consumer follows, parsed with its contract. */
export type SalesEvent = ContractEvent<(typeof TYPES)[number]>;

/** A `sale.created` as stock needs it: quantities in thousandths, the device time as a Date. */
interface StockSale {
  saleId: string;
  storeId: string;
  /** Device time of the sale: picks the recipe version. */
  createdAt: Date;
  lines: { lineNo: number; productId: string; quantity: bigint; modifiers: { modifierId: string }[] }[];
}

/** A `sale.refunded` as stock needs it. */
interface StockRefund {
  refundId: string;
  saleId: string;
  storeId: string;
  lines: { saleLineNo: number; productId: string; quantity: bigint }[];
}

function stockSale(sale: EventPayload<'sale.created'>): StockSale {
  return {
    saleId: sale.saleId,
    storeId: sale.storeId,
    createdAt: new Date(sale.createdAt),
    lines: sale.lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      quantity: parseQuantity(l.quantity),
      modifiers: l.modifiers,
    })),
  };
}

function stockRefund(refund: EventPayload<'sale.refunded'>): StockRefund {
  return {
    refundId: refund.refundId,
    saleId: refund.saleId,
    storeId: refund.storeId,
    lines: refund.lines.map((l) => ({
      saleLineNo: l.saleLineNo,
      productId: l.productId,
      quantity: parseQuantity(l.quantity),
    })),
  };
}

interface SourcedLine {
  line: number;
  /** 0: the line's own product; i: its i-th ingredient. */
  part?: number;
  productId: string;
  /** Signed quantity in thousandths. */
  quantity: bigint;
}

/** One document's movements: one per source line and part, a line listed twice summed. */
function sourcedMovements(input: {
  storeId: string;
  kind: MovementKind;
  sourceKind: SourceKind;
  sourceId: string;
  reference: string;
  actor: string;
  lines: SourcedLine[];
}): NewMovement[] {
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
  return [...byLine.values()]
    .filter((l) => l.quantity !== 0n)
    .map((l) => ({
      storeId: input.storeId,
      productId: l.productId,
      kind: input.kind,
      quantity: l.quantity,
      reference: input.reference,
      source: { kind: input.sourceKind, id: input.sourceId, line: l.line, part: l.part ?? 0 },
      createdBy: input.actor,
    }));
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
  const written = await writeMovements(manager, input.tenantId, input.actor, sourcedMovements(input), {
    ids: false,
  });
  return written.insertedCount;
}

/** What a sale line's recipe expansion used, remembered so a refund returns the same. */
interface RecipeUse {
  recipeId: string;
  modifierIds: string[];
}

const recipeKey = (productId: string, at: Date) => `${productId}@${at.toISOString()}`;

/**
 * For each (product, time) pair: the recipe version valid then — what {@link recipesAt} gives
 * for one time, for many times in one query (a batch's sales each carry their own `createdAt`).
 * Only versions with at least one ingredient count, as there. Keyed by {@link recipeKey}.
 */
async function recipesValidAt(
  manager: EntityManager,
  wanted: readonly { productId: string; at: Date }[],
): Promise<Map<string, RecipeVersion>> {
  if (wanted.length === 0) return new Map();
  // Most products have no recipe (a shop's goods, most of a café's menu): find the few that
  // have one with one probe per distinct product, and look up versions only for their lines.
  const withRecipe: { product_id: string }[] = await manager.query(
    'SELECT DISTINCT product_id::text AS product_id FROM inventory.recipe WHERE product_id = ANY($1::uuid[])',
    [[...new Set(wanted.map((w) => w.productId))]],
  );
  if (withRecipe.length === 0) return new Map();
  const dishes = new Set(withRecipe.map((r) => r.product_id));
  const pairs = new Map(
    wanted.filter((w) => dishes.has(w.productId.toLowerCase())).map((w) => [recipeKey(w.productId, w.at), w]),
  );
  const list = [...pairs.entries()];
  const rows: { n: number; id: string }[] = await manager.query(
    `SELECT q.n::int AS n, r.id
       FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS q(product_id, at, n)
      CROSS JOIN LATERAL (
        SELECT id FROM inventory.recipe
         WHERE product_id = q.product_id AND valid_from <= q.at
         ORDER BY valid_from DESC, version DESC LIMIT 1
      ) r`,
    [list.map(([, w]) => w.productId), list.map(([, w]) => w.at.toISOString())],
  );
  const versions = await recipesById(
    manager,
    rows.map((r) => r.id),
  );
  const out = new Map<string, RecipeVersion>();
  for (const r of rows) {
    const version = versions.get(r.id);
    if (version?.components.some((c) => c.modifierId === null)) out.set(list[r.n - 1]![0], version);
  }
  return out;
}

/**
 * Sold lines as stock lines: a dish with a recipe valid at the sale's `createdAt` becomes its
 * ingredients (part 1…n, in the recipe's order; see recipe.service.ts for the arithmetic); the
 * version and modifiers used are returned per line so a refund of the line returns the same.
 */
function saleStockLines(
  sale: StockSale,
  recipes: Map<string, RecipeVersion>,
): { lines: SourcedLine[]; used: Map<number, RecipeUse> } {
  const at = sale.createdAt;
  const lines: SourcedLine[] = [];
  const used = new Map<number, RecipeUse>();
  for (const l of sale.lines) {
    const recipe = recipes.get(recipeKey(l.productId, at));
    if (!recipe) {
      lines.push({ line: l.lineNo, productId: l.productId, quantity: -l.quantity });
      continue;
    }
    const modifierIds = l.modifiers.map((mod) => mod.modifierId);
    expandRecipe(recipe, modifierIds, l.quantity).forEach((ingredient, i) => {
      lines.push({
        line: l.lineNo,
        part: i + 1,
        productId: ingredient.productId,
        quantity: -ingredient.quantity,
      });
    });
    // A line number listed twice keeps its first use, as the table's ON CONFLICT DO NOTHING does.
    if (!used.has(l.lineNo)) used.set(l.lineNo, { recipeId: recipe.id, modifierIds });
  }
  return { lines, used };
}

/** Refunded lines as stock lines: a dish returns what its sale line took, in proportion. */
function refundStockLines(
  refund: StockRefund,
  usedBy: (line: number) => RecipeUse | undefined,
  recipes: Map<string, RecipeVersion>,
): SourcedLine[] {
  const out: SourcedLine[] = [];
  for (const l of refund.lines) {
    const u = usedBy(l.saleLineNo);
    const recipe = u ? recipes.get(u.recipeId) : undefined;
    if (!u || !recipe) {
      out.push({ line: l.saleLineNo, productId: l.productId, quantity: l.quantity });
      continue;
    }
    expandRecipe(recipe, u.modifierIds, l.quantity).forEach((ingredient, i) => {
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

/** A sales event as stock needs it: its id and tenant, and the sale or refund. */
export type StockEvent = { id: bigint; tenantId: string } & (
  | { type: 'sale'; sale: StockSale }
  | { type: 'refund'; refund: StockRefund }
);

/** A contract-parsed sales event as stock needs it. */
function stockEvent(event: SalesEvent): StockEvent {
  const { id, tenantId } = event;
  return event.type === SALE_CREATED
    ? { id, tenantId, type: 'sale', sale: stockSale(event.payload) }
    : { id, tenantId, type: 'refund', refund: stockRefund(event.payload) };
}

// The contract's checks of the fields stock reads (`@jowi/events` sales.ts and scalars.ts).
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const QUANTITY = /^-?\d{1,15}\.\d{3}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null;
const isGuid = (v: unknown): v is string => typeof v === 'string' && GUID.test(v);
const isQuantity = (v: unknown): v is string => typeof v === 'string' && QUANTITY.test(v);
const isLineNo = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isModifier = (v: unknown) => isObject(v) && typeof v.modifierId === 'string' && v.modifierId !== '';

/** The lines of a `sale.created` v1 payload as stock reads them, or null if a field fails its check. */
function leanSaleLines(lines: unknown): StockSale['lines'] | null {
  if (!Array.isArray(lines)) return null;
  const out: StockSale['lines'] = [];
  for (const l of lines) {
    if (!isObject(l) || !isLineNo(l.lineNo) || !isGuid(l.productId) || !isQuantity(l.quantity)) return null;
    if (!Array.isArray(l.modifiers) || !l.modifiers.every(isModifier)) return null;
    out.push({
      lineNo: l.lineNo,
      productId: l.productId,
      quantity: parseQuantity(l.quantity),
      modifiers: l.modifiers as { modifierId: string }[],
    });
  }
  return out;
}

/** A `sale.created` v1 payload as stock reads it, or null if a field it reads fails its check. */
function leanSale(p: unknown): StockSale | null {
  if (!isObject(p) || !isGuid(p.saleId) || !isGuid(p.storeId) || typeof p.createdAt !== 'string') return null;
  const createdAt = new Date(p.createdAt);
  const lines = leanSaleLines(p.lines);
  if (!DATE_TIME.test(p.createdAt) || Number.isNaN(createdAt.getTime()) || !lines) return null;
  return { saleId: p.saleId, storeId: p.storeId, createdAt, lines };
}

/** A `sale.refunded` v1 payload as stock reads it, or null if a field it reads fails its check. */
function leanRefund(p: unknown): StockRefund | null {
  if (!isObject(p) || !isGuid(p.refundId) || !isGuid(p.saleId) || !isGuid(p.storeId)) return null;
  if (!Array.isArray(p.lines)) return null;
  const lines: StockRefund['lines'] = [];
  for (const l of p.lines) {
    if (!isObject(l) || !isLineNo(l.saleLineNo) || !isGuid(l.productId) || !isQuantity(l.quantity))
      return null;
    lines.push({ saleLineNo: l.saleLineNo, productId: l.productId, quantity: parseQuantity(l.quantity) });
  }
  return { refundId: p.refundId, saleId: p.saleId, storeId: p.storeId, lines };
}

/**
 * Reads a stored sales event for stock: the fields stock uses, each checked as its contract
 * checks it, without parsing the rest of the payload (issue 19: the full parse of a sale's
 * twenty-field lines cost as much as the rest of the consumer's work). Anything it does not
 * accept — another contract version, a field that fails its check — goes through the contract
 * parse, which throws the contract's own error (the runner parks the event at once).
 */
export function readStockEvent(event: StoredEvent): StockEvent {
  const { id, tenantId, type, version, payload } = event;
  if (type === SALE_CREATED && version === currentVersion(SALE_CREATED)) {
    const sale = leanSale(payload);
    if (sale) return { id, tenantId, type: 'sale', sale };
  } else if (type === SALE_REFUNDED && version === currentVersion(SALE_REFUNDED)) {
    const refund = leanRefund(payload);
    if (refund) return { id, tenantId, type: 'refund', refund };
  }
  return stockEvent(parseContractEvent(event, TYPES));
}

/**
 * Applies one tenant's sales events, in log order, as if one by one — with a fixed number of
 * statements however many events: one recipe lookup for all sales, one lookup of the recipe
 * lines refunds return, one insert of the recipe lines sales used, and one {@link writeMovements}
 * (more only where a product's stock changes direction inside the batch, see below).
 *
 * Equal to one-by-one application because nothing an event writes is read by a later one except
 * what this function carries in memory: a refund sees the recipe lines stored before the batch
 * and, failing those, the ones used by an earlier sale of the batch (exactly what the table
 * would hold at that point, first use winning). Levels are sums, so their order does not matter;
 * low-stock crossings do: `writeMovements` compares a threshold with the level after the whole
 * statement, which for movements of one product all in one direction is the one crossing that
 * one-by-one application would report (a run of sales crossing a threshold appends one
 * `stock.low`, with the level after the run). Where a product's movements change direction (a
 * refund after sales, then sales again), the movements are split into several statements at
 * that event, so a dip below the threshold and back up is still reported.
 */
export async function applySalesEvents(
  manager: EntityManager,
  events: readonly SalesEvent[],
  _context?: ConsumerContext,
): Promise<void> {
  await applyStockEvents(manager, events.map(stockEvent));
}

/** {@link applySalesEvents} of events already read for stock ({@link readStockEvent}). */
export async function applyStockEvents(
  manager: EntityManager,
  parsed: readonly StockEvent[],
  _context?: ConsumerContext,
): Promise<void> {
  const tenantId = parsed[0]?.tenantId;
  if (!tenantId) return;
  if (parsed.some((e) => e.tenantId !== tenantId))
    throw new Error('applySalesEvents takes one tenant at a time');

  const sales = parsed.flatMap((p) => (p.type === 'sale' ? [p.sale] : []));
  const refunds = parsed.flatMap((p) => (p.type === 'refund' ? [p.refund] : []));
  const recipesAtSale = await recipesValidAt(
    manager,
    sales.flatMap((sale) => sale.lines.map((l) => ({ productId: l.productId, at: sale.createdAt }))),
  );

  // Recipe lines stored before this batch (a refund's sale is usually older than the batch).
  const stored = new Map<string, RecipeUse>();
  if (refunds.length > 0) {
    const rows: { sale_id: string; line_no: number; recipe_id: string; modifier_ids: string[] }[] =
      await manager.query(
        'SELECT sale_id, line_no, recipe_id, modifier_ids FROM inventory.sale_recipe_line WHERE sale_id = ANY($1::uuid[])',
        [[...new Set(refunds.map((r) => r.saleId))]],
      );
    for (const r of rows)
      stored.set(`${r.sale_id}/${r.line_no}`, { recipeId: r.recipe_id, modifierIds: r.modifier_ids });
  }

  /** Recipe lines used by this batch's sales so far, first use winning (ON CONFLICT DO NOTHING). */
  const usedInBatch = new Map<string, RecipeUse>();
  const toRemember: { saleId: string; line: number; use: RecipeUse }[] = [];
  /** Per event in order: its movements, or (refunds) how to compute them once recipes are known. */
  const plan: { movements: () => NewMovement[] }[] = [];
  const refundRecipeIds = new Set<string>();
  const refundRecipes = new Map<string, RecipeVersion>();
  for (const p of parsed) {
    const actor = `event:${p.id}`;
    if (p.type === 'sale') {
      const { lines, used } = saleStockLines(p.sale, recipesAtSale);
      for (const [line, use] of used) {
        const key = `${p.sale.saleId}/${line}`;
        if (stored.has(key) || usedInBatch.has(key)) continue;
        usedInBatch.set(key, use);
        toRemember.push({ saleId: p.sale.saleId, line, use });
      }
      const movements = sourcedMovements({
        storeId: p.sale.storeId,
        kind: 'SALE',
        sourceKind: 'sale',
        sourceId: p.sale.saleId,
        reference: p.sale.saleId,
        actor,
        lines,
      });
      plan.push({ movements: () => movements });
    } else {
      const refund = p.refund;
      // What the table holds when this refund is applied one by one: stored rows, then earlier sales'.
      const uses = new Map<number, RecipeUse>();
      for (const l of refund.lines) {
        const key = `${refund.saleId}/${l.saleLineNo}`;
        const use = stored.get(key) ?? usedInBatch.get(key);
        if (use) {
          uses.set(l.saleLineNo, use);
          refundRecipeIds.add(use.recipeId);
        }
      }
      plan.push({
        movements: () =>
          sourcedMovements({
            storeId: refund.storeId,
            kind: 'REFUND',
            sourceKind: 'refund',
            sourceId: refund.refundId,
            reference: refund.refundId,
            actor,
            lines: refundStockLines(refund, (line) => uses.get(line), refundRecipes),
          }),
      });
    }
  }
  for (const [id, version] of await recipesById(manager, [...refundRecipeIds]))
    refundRecipes.set(id, version);

  if (toRemember.length > 0) {
    await manager.query(
      `INSERT INTO inventory.sale_recipe_line (tenant_id, sale_id, line_no, recipe_id, modifier_ids)
       SELECT $1, r.sale_id, r.line_no, r.recipe_id, array(SELECT jsonb_array_elements_text(r.modifier_ids))
         FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::jsonb[]) WITH ORDINALITY
              AS r(sale_id, line_no, recipe_id, modifier_ids, n)
        ORDER BY r.n
       ON CONFLICT DO NOTHING`,
      [
        tenantId,
        toRemember.map((r) => r.saleId),
        toRemember.map((r) => r.line),
        toRemember.map((r) => r.use.recipeId),
        toRemember.map((r) => JSON.stringify(r.use.modifierIds)),
      ],
    );
  }

  // One statement, split only where a store/product's movements change direction (see above).
  let statement: NewMovement[] = [];
  /** Store/product → true when this statement takes it out (sales), false when it brings it in. */
  const takesOut = new Map<string, boolean>();
  const turns = (m: NewMovement) => {
    const before = takesOut.get(`${m.storeId}/${m.productId}`);
    return before !== undefined && before !== m.quantity < 0n;
  };
  for (const step of plan) {
    const movements = step.movements();
    if (movements.some(turns)) {
      await writeMovements(manager, tenantId, null, statement, { ids: false });
      statement = [];
      takesOut.clear();
    }
    for (const m of movements) {
      statement.push(m);
      takesOut.set(`${m.storeId}/${m.productId}`, m.quantity < 0n);
    }
  }
  await writeMovements(manager, tenantId, null, statement, { ids: false });
}

/** Applies one sales event to the ledger: {@link applySalesEvents} with a batch of one. */
export async function applySalesEvent(manager: EntityManager, event: SalesEvent): Promise<void> {
  await applySalesEvents(manager, [event]);
}

/** The consumer as the inventory subgraph declares it. */
export const stockFromSalesConsumer = defineReadingConsumer({
  name: STOCK_FROM_SALES,
  types: TYPES,
  // Issue 19: the batch's fixed statements (cursor, recipes, one writeMovements) over more events.
  batchSize: 500,
  read: readStockEvent,
  handleBatch: applyStockEvents,
});
