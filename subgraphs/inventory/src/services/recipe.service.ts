/**
 * Recipes (restaurants): what one portion of a dish takes out of stock, versioned.
 *
 * `setRecipe` never edits a recipe: it adds version n+1 with `valid_from = now()`. A sale is
 * deducted with the version valid at the sale's own `createdAt` (device time, from the event),
 * not when the event is applied: an offline sale made before a recipe change but synced after
 * it still uses the old recipe, and replaying the log rebuilds the same movements. An empty
 * ingredient list is a version too — "no recipe": the dish is deducted as itself again.
 *
 * Modifier effects add (positive) or remove (negative) ingredients per portion when a sale line
 * carries that modifier (once per occurrence on the line). Per portion, an ingredient never goes
 * below zero (removing more than the recipe has removes it all).
 *
 * Arithmetic, all in integer thousandths: ingredient quantity of a line =
 *   round_half_up(per-portion quantity × line quantity / 1000)
 * e.g. plov × 2.000 with rice 0.150 → 150 × 2000 / 1000 = 300 (0.300 kg); × 0.333 → 49.95 → 50.
 * Ingredients with a zero result move nothing.
 */
import {
  actorOf,
  appendAudit,
  badUserInput,
  beforeTimeIdSql,
  type Connection,
  cursorMicrosSql,
  decodeTimeIdCursor,
  formatQuantity,
  isUuid,
  newId,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { type InventoryUserError, invalidId, userError } from '../errors/index.ts';
import type { RecipeComponent, RecipeVersion } from '../models/recipe.model.ts';
import type { QuantityLine } from './document-input.ts';
import { INVENTORY_WRITE } from './movement.service.ts';
import { requireStockRead } from './stock.service.ts';
import { divRoundHalfUp } from './stock-levels.ts';

const MAX_INGREDIENTS = 100;

/** What a sold (or refunded) quantity of a dish moves, ingredient by ingredient, in a stable order. */
export function expandRecipe(
  recipe: Pick<RecipeVersion, 'components'>,
  modifierIds: readonly string[],
  lineQuantity: bigint,
): QuantityLine[] {
  const perPortion = new Map<string, bigint>();
  for (const c of recipe.components) {
    if (c.modifierId !== null) continue;
    perPortion.set(c.productId, (perPortion.get(c.productId) ?? 0n) + c.quantity);
  }
  for (const modifierId of modifierIds) {
    for (const c of recipe.components) {
      if (c.modifierId !== modifierId) continue;
      perPortion.set(c.productId, (perPortion.get(c.productId) ?? 0n) + c.quantity);
    }
  }
  const out: QuantityLine[] = [];
  for (const [productId, perUnit] of perPortion) {
    if (perUnit <= 0n) continue;
    const quantity = divRoundHalfUp(perUnit * lineQuantity, 1000n);
    if (quantity !== 0n) out.push({ productId, quantity });
  }
  return out;
}

type RawRecipe = {
  id: string;
  product_id: string;
  version: number;
  valid_from: Date;
  created_by: string | null;
  components: { m: string | null; p: string; q: string }[];
};

const toVersion = (r: RawRecipe): RecipeVersion => ({
  id: r.id,
  productId: r.product_id,
  version: r.version,
  validFrom: r.valid_from,
  createdBy: r.created_by,
  components: r.components.map((c) => ({ modifierId: c.m, productId: c.p, quantity: BigInt(c.q) })),
});

const WITH_COMPONENTS = `SELECT v.id, v.product_id, v.version, v.valid_from, v.created_by,
    coalesce(json_agg(json_build_object('m', c.modifier_id, 'p', c.product_id, 'q', (c.quantity * 1000)::bigint::text)
             ORDER BY c.position) FILTER (WHERE c.position IS NOT NULL), '[]') AS components
  FROM v LEFT JOIN inventory.recipe_component c ON c.tenant_id = v.tenant_id AND c.recipe_id = v.id
 GROUP BY v.id, v.product_id, v.version, v.valid_from, v.created_by`;

/**
 * The version of each product's recipe valid at `at` (only products that have one with at least
 * one ingredient: an empty version means "deducted as itself").
 */
export async function recipesAt(
  m: EntityManager,
  productIds: readonly string[],
  at: Date,
): Promise<Map<string, RecipeVersion>> {
  if (productIds.length === 0) return new Map();
  const rows: RawRecipe[] = await m.query(
    `WITH v AS (
       SELECT DISTINCT ON (product_id) tenant_id, id, product_id, version, valid_from, created_by
         FROM inventory.recipe WHERE product_id = ANY($1::uuid[]) AND valid_from <= $2
        ORDER BY product_id, valid_from DESC, version DESC
     ) ${WITH_COMPONENTS}`,
    [[...new Set(productIds)], at],
  );
  return new Map(
    rows
      .map(toVersion)
      .filter((r) => r.components.some((c) => c.modifierId === null))
      .map((r) => [r.productId, r]),
  );
}

/** Recipe versions by id (refunds return what the sale took, with the sale's version). */
export async function recipesById(
  m: EntityManager,
  ids: readonly string[],
): Promise<Map<string, RecipeVersion>> {
  if (ids.length === 0) return new Map();
  const rows: RawRecipe[] = await m.query(
    `WITH v AS (SELECT tenant_id, id, product_id, version, valid_from, created_by FROM inventory.recipe WHERE id = ANY($1::uuid[]))
     ${WITH_COMPONENTS}`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, toVersion(r)]));
}

/**
 * `Query.recipeVersions`: every version of a product's recipe, newest first (by `validFrom`, then
 * version), keyset-paged; an empty version (the recipe removed) is listed too.
 */
export async function listRecipeVersions(
  ctx: RequestContext,
  args: { productId: string; first?: number | null; after?: string | null },
): Promise<Connection<RecipeVersion>> {
  requireStockRead(ctx);
  if (!isUuid(args.productId)) throw badUserInput('productId must be a UUID', 'productId');
  const limit = pageSize(args.first);
  const cursor = decodeTimeIdCursor(args.after);
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const rows: (RawRecipe & { micros: string })[] = await ctx.tx((m) => {
    const params: unknown[] = [args.productId];
    const after = cursor ? `AND ${beforeTimeIdSql('valid_from', 'id', cursor, params)}` : '';
    params.push(limit + 1);
    return m.query(
      `WITH v AS (
         SELECT tenant_id, id, product_id, version, valid_from, created_by FROM inventory.recipe
          WHERE product_id = $1 ${after} ORDER BY valid_from DESC, id DESC LIMIT $${params.length}
       ) SELECT x.*, ${cursorMicrosSql('x.valid_from')} AS micros FROM (${WITH_COMPONENTS}) x
       ORDER BY x.valid_from DESC, x.id DESC`,
      params,
    );
  });
  return toConnection(
    rows.map((r) => ({ ...toVersion(r), micros: r.micros })),
    limit,
    (r) => [r.micros, r.id],
  );
}

/** `Product.recipe`: the version in force now, via this request's loader. */
export async function currentRecipe(ctx: RequestContext, productId: string): Promise<RecipeVersion | null> {
  requireStockRead(ctx);
  if (!isUuid(productId)) return null;
  return ctx.loaders
    .get<string, RecipeVersion | null>('inventory.recipeByProduct', async (ids) => {
      const found = await ctx.tx((m) => recipesAt(m, ids, new Date()));
      return ids.map((id) => found.get(id) ?? null);
    })
    .load(productId);
}

export interface SetRecipeInput {
  productId: string;
  ingredients: QuantityLine[];
  modifierEffects?: { modifierId: string; ingredients: QuantityLine[] }[] | null;
}

function validateRecipe(input: SetRecipeInput): InventoryUserError[] {
  const errors: InventoryUserError[] = [];
  if (!isUuid(input.productId)) {
    errors.push(invalidId(['input', 'productId']));
  }
  const checkList = (lines: QuantityLine[], path: string[], signed: boolean) => {
    if (lines.length > MAX_INGREDIENTS) {
      errors.push(userError('INVALID_LINES', `At most ${MAX_INGREDIENTS} ingredients`, path));
      return;
    }
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      const at = [...path, String(i)];
      if (!isUuid(l.productId)) errors.push(invalidId([...at, 'productId']));
      else if (l.productId === input.productId)
        errors.push(
          userError('RECIPE_SELF_REFERENCE', 'A dish cannot be its own ingredient', [...at, 'productId']),
        );
      else if (seen.has(l.productId))
        errors.push(userError('DUPLICATE_PRODUCT', 'Each ingredient may appear once', [...at, 'productId']));
      seen.add(l.productId);
      if (l.quantity === 0n || (!signed && l.quantity < 0n)) {
        errors.push(
          userError('INVALID_QUANTITY', signed ? 'Quantity must not be zero' : 'Quantity must be positive', [
            ...at,
            'quantity',
          ]),
        );
      }
    });
  };
  checkList(input.ingredients, ['input', 'ingredients'], false);
  const modifiers = new Set<string>();
  (input.modifierEffects ?? []).forEach((effect, i) => {
    const at = ['input', 'modifierEffects', String(i)];
    if (!isUuid(effect.modifierId))
      errors.push(userError('INVALID_ID', 'modifierId must be a UUID', [...at, 'modifierId']));
    else if (modifiers.has(effect.modifierId))
      errors.push(userError('DUPLICATE_MODIFIER', 'Each modifier may appear once', [...at, 'modifierId']));
    modifiers.add(effect.modifierId);
    if (effect.ingredients.length === 0)
      errors.push(
        userError('INVALID_LINES', 'A modifier effect needs an ingredient', [...at, 'ingredients']),
      );
    checkList(effect.ingredients, [...at, 'ingredients'], true);
  });
  if (input.ingredients.length === 0 && (input.modifierEffects ?? []).length > 0) {
    errors.push(
      userError('INVALID_LINES', 'Modifier effects need a recipe with ingredients', [
        'input',
        'modifierEffects',
      ]),
    );
  }
  return errors;
}

/** Adds a recipe version valid from now (needs `inventory:write`); audited. */
export async function setRecipe(
  ctx: RequestContext,
  input: SetRecipeInput,
): Promise<{ recipe: RecipeVersion | null; errors: InventoryUserError[] }> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors = validateRecipe(input);
  if (errors.length > 0) return { recipe: null, errors };
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    // Versions of one dish are numbered one at a time.
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('inventory.recipe:' || $1, 0))`, [
      input.productId,
    ]);
    const [{ version }] = (await m.query(
      'SELECT coalesce(max(version), 0) + 1 AS version FROM inventory.recipe WHERE product_id = $1',
      [input.productId],
    )) as [{ version: number }];
    const id = newId();
    await m.query(
      `INSERT INTO inventory.recipe (tenant_id, id, product_id, version, valid_from, created_by)
       VALUES ($1, $2, $3, $4, clock_timestamp(), $5)`,
      [tenantId, id, input.productId, version, actor],
    );
    const components: RecipeComponent[] = [
      ...input.ingredients.map((l) => ({ modifierId: null, productId: l.productId, quantity: l.quantity })),
      ...(input.modifierEffects ?? []).flatMap((e) =>
        e.ingredients.map((l) => ({
          modifierId: e.modifierId,
          productId: l.productId,
          quantity: l.quantity,
        })),
      ),
    ];
    if (components.length > 0) {
      await m.query(
        `INSERT INTO inventory.recipe_component (tenant_id, recipe_id, position, modifier_id, product_id, quantity)
         SELECT $1, $2, c.n, c.modifier_id, c.product_id, c.quantity
           FROM unnest($3::text[], $4::uuid[], $5::numeric[]) WITH ORDINALITY AS c(modifier_id, product_id, quantity, n)`,
        [
          tenantId,
          id,
          components.map((c) => c.modifierId),
          components.map((c) => c.productId),
          components.map((c) => formatQuantity(c.quantity)),
        ],
      );
    }
    await appendAudit(m, {
      tenantId,
      actor,
      action: components.length > 0 ? 'inventory.recipe.set' : 'inventory.recipe.removed',
      entityType: 'recipe',
      entityId: input.productId,
      source: 'inventory',
      data: {
        recipeId: id,
        version,
        components: components.map((c) => ({ ...c, quantity: formatQuantity(c.quantity) })),
      },
    });
    const stored = (await recipesById(m, [id])).get(id)!;
    return { recipe: components.length > 0 ? stored : null, errors: [] };
  });
}
