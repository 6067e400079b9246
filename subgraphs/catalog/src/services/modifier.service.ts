/**
 * Modifier groups ("Size", "Extra cheese"): required or optional, with min/max selections and
 * options that add a price delta. Products list the groups they offer (product_modifier_group).
 * A group's options are replaced as a whole on update; changes go to the change feed as
 * MODIFIER_GROUP entries (products that offer it keep their own entries: their link did not change).
 */
import {
  actorOf,
  appendAudit,
  isUuid,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  type UserError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { ModifierGroupRow, ModifierOptionRow } from '../entities/modifier-group.entity.ts';
import { type CatalogUserError, invalidId, unknownModifierGroup, userError } from '../errors/index.ts';
import { CATALOG_READ } from './category.service.ts';
import { recordChanges } from './change-feed.service.ts';
import { MAX_PRICE } from './product-input.ts';

const CATALOG_WRITE = 'catalog:write';
const GROUP_SELECT = `g.id, g.name, g.required, g.min_select AS "minSelections", g.max_select AS "maxSelections",
  g.active, g.updated_at AS "updatedAt"`;

export async function listModifierGroups(ctx: RequestContext): Promise<ModifierGroupRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.tx((m) => m.query(`SELECT ${GROUP_SELECT} FROM catalog.modifier_group g ORDER BY g.name, g.id`));
}

export function loadModifierGroup(ctx: RequestContext, id: string): Promise<ModifierGroupRow | null> {
  requirePermission(ctx, CATALOG_READ);
  if (!isUuid(id)) return Promise.resolve(null);
  return ctx.loaders
    .get<string, ModifierGroupRow | null>('catalog.modifierGroupById', async (ids) => {
      const rows: ModifierGroupRow[] = await ctx.tx((m) =>
        m.query(`SELECT ${GROUP_SELECT} FROM catalog.modifier_group g WHERE g.id = ANY($1::uuid[])`, [
          [...ids],
        ]),
      );
      return ids.map((key) => rows.find((r) => r.id === key) ?? null);
    })
    .load(id);
}

/** The groups a product offers, in its order. */
export function loadProductModifierGroups(
  ctx: RequestContext,
  productId: string,
): Promise<ModifierGroupRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.loaders
    .get<string, ModifierGroupRow[]>('catalog.modifierGroupsByProduct', async (ids) => {
      const rows: (ModifierGroupRow & { productId: string })[] = await ctx.tx((m) =>
        m.query(
          `SELECT l.product_id AS "productId", ${GROUP_SELECT}
             FROM catalog.product_modifier_group l JOIN catalog.modifier_group g
               ON g.tenant_id = l.tenant_id AND g.id = l.group_id
            WHERE l.product_id = ANY($1::uuid[]) ORDER BY l.position`,
          [[...ids]],
        ),
      );
      return ids.map((id) => rows.filter((r) => r.productId === id).map(({ productId: _, ...g }) => g));
    })
    .load(productId);
}

export function loadOptions(ctx: RequestContext, groupId: string): Promise<ModifierOptionRow[]> {
  requirePermission(ctx, CATALOG_READ);
  return ctx.loaders
    .get<string, ModifierOptionRow[]>('catalog.modifierOptions', async (ids) => {
      const rows: { groupId: string; id: string; name: string; priceDelta: string }[] = await ctx.tx((m) =>
        m.query(
          `SELECT group_id AS "groupId", id, name, price_delta::text AS "priceDelta" FROM catalog.modifier_option
            WHERE group_id = ANY($1::uuid[]) ORDER BY position`,
          [[...ids]],
        ),
      );
      return ids.map((id) =>
        rows
          .filter((r) => r.groupId === id)
          .map((r) => ({ id: r.id, name: r.name, priceDelta: BigInt(r.priceDelta) })),
      );
    })
    .load(groupId);
}

export interface ModifierGroupInput {
  name?: string | null;
  required?: boolean | null;
  minSelections?: number | null;
  maxSelections?: number | null;
  options?: readonly { name: string; priceDelta?: bigint | null }[] | null;
}

interface NormalisedGroup {
  name: string;
  required: boolean;
  min: number;
  max: number;
  options: { name: string; priceDelta: bigint }[] | null;
}

/** Checks a group as it will be after the write (`current` = the stored group on update). */
function normaliseGroup(
  input: ModifierGroupInput,
  current: { name: string; required: boolean; min: number; max: number; optionCount: number } | null,
): { value: NormalisedGroup; errors: CatalogUserError[] } {
  const errors: CatalogUserError[] = [];
  const name = input.name == null ? (current?.name ?? '') : input.name.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 100)
    errors.push(userError('INVALID_NAME', 'Name must be 1–100 characters', ['input', 'name']));
  const required = input.required ?? current?.required ?? false;
  const min = input.minSelections ?? current?.min ?? (required ? 1 : 0);
  const max = input.maxSelections ?? current?.max ?? 1;
  let options: NormalisedGroup['options'] = null;
  if (input.options) {
    options = [];
    if (input.options.length === 0 || input.options.length > 100) {
      errors.push(userError('INVALID_OPTIONS', 'A modifier group has 1–100 options', ['input', 'options']));
    }
    input.options.forEach((o, i) => {
      const optionName = o.name.trim().replace(/\s+/g, ' ');
      const delta = o.priceDelta ?? 0n;
      if (!optionName || optionName.length > 100) {
        errors.push(
          userError('INVALID_NAME', 'Option name must be 1–100 characters', [
            'input',
            'options',
            String(i),
            'name',
          ]),
        );
      }
      if (delta > MAX_PRICE || delta < -MAX_PRICE) {
        errors.push(
          userError('INVALID_PRICE', 'Price delta is too large', [
            'input',
            'options',
            String(i),
            'priceDelta',
          ]),
        );
      }
      options!.push({ name: optionName, priceDelta: delta });
    });
  }
  const optionCount = options?.length ?? current?.optionCount ?? 0;
  const range = (message: string, field: string) =>
    errors.push(userError('INVALID_MODIFIER_RANGE', message, ['input', field]));
  if (min < 0) range('minSelections cannot be negative', 'minSelections');
  else if (max < 1) range('maxSelections must be at least 1', 'maxSelections');
  else if (min > max) range('minSelections cannot be greater than maxSelections', 'minSelections');
  else if (required && min < 1) range('A required group needs minSelections of at least 1', 'minSelections');
  else if (optionCount > 0 && min > optionCount)
    range('minSelections exceeds the number of options', 'minSelections');
  return { value: { name, required, min, max, options }, errors };
}

async function writeOptions(
  m: EntityManager,
  tenantId: string,
  groupId: string,
  options: NormalisedGroup['options'],
) {
  if (!options) return;
  await m.query('DELETE FROM catalog.modifier_option WHERE group_id = $1', [groupId]);
  await m.query(
    `INSERT INTO catalog.modifier_option (tenant_id, id, group_id, position, name, price_delta)
     SELECT $1, gen_random_uuid(), $2, ord, name, delta::bigint
       FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(name, delta, ord)`,
    [tenantId, groupId, options.map((o) => o.name), options.map((o) => o.priceDelta.toString())],
  );
}

async function announce(
  m: EntityManager,
  ctx: RequestContext,
  tenantId: string,
  id: string,
  action: string,
  data: object,
) {
  await recordChanges(m, 'MODIFIER_GROUP', action === 'modifier-group.delete' ? 'DELETE' : 'UPSERT', [id]);
  await appendAudit(m, {
    tenantId,
    actor: actorOf(ctx),
    action,
    entityType: 'modifier-group',
    entityId: id,
    data: data as Record<string, unknown>,
    source: 'catalog',
  });
}

const selectGroup = async (m: EntityManager, id: string, lock = false): Promise<ModifierGroupRow | null> =>
  (
    (await m.query(
      `SELECT ${GROUP_SELECT} FROM catalog.modifier_group g WHERE g.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as ModifierGroupRow[]
  )[0] ?? null;

export interface ModifierGroupPayload {
  modifierGroup: ModifierGroupRow | null;
  /** Why nothing was written; the write kit returns what the write was rejected with. */
  errors: UserError[];
}

const snapshot = (v: NormalisedGroup) => ({
  name: v.name,
  required: v.required,
  minSelections: v.min,
  maxSelections: v.max,
  options: v.options?.map((o) => ({ name: o.name, priceDelta: o.priceDelta.toString() })) ?? null,
});

export async function createModifierGroup(
  ctx: RequestContext,
  input: ModifierGroupInput & {
    name: string;
    options: readonly { name: string; priceDelta?: bigint | null }[];
  },
): Promise<ModifierGroupPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const { value, errors } = normaliseGroup(input, null);
  if (errors.length > 0) return { modifierGroup: null, errors };
  const id = newId();
  const result = await runWrite(ctx, async (m) => {
    await m.query(
      `INSERT INTO catalog.modifier_group (tenant_id, id, name, required, min_select, max_select)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, id, value.name, value.required, value.min, value.max],
    );
    await writeOptions(m, tenantId, id, value.options);
    await announce(m, ctx, tenantId, id, 'modifier-group.create', snapshot(value));
    return (await selectGroup(m, id))!;
  });
  return payloadOf('modifierGroup', result);
}

export async function updateModifierGroup(
  ctx: RequestContext,
  input: ModifierGroupInput & { id: string },
): Promise<ModifierGroupPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(input.id)) return { modifierGroup: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    const current = await selectGroup(m, input.id, true);
    if (!current) reject(unknownModifierGroup());
    const [{ n }] = await m.query(
      'SELECT count(*)::int AS n FROM catalog.modifier_option WHERE group_id = $1',
      [input.id],
    );
    const { value, errors } = normaliseGroup(input, {
      name: current.name,
      required: current.required,
      min: current.minSelections,
      max: current.maxSelections,
      optionCount: n,
    });
    if (errors.length > 0) reject(...errors);
    await m.query(
      `UPDATE catalog.modifier_group SET name = $2, required = $3, min_select = $4, max_select = $5, updated_at = now()
        WHERE id = $1`,
      [input.id, value.name, value.required, value.min, value.max],
    );
    await writeOptions(m, tenantId, input.id, value.options);
    await announce(m, ctx, tenantId, input.id, 'modifier-group.update', snapshot(value));
    return (await selectGroup(m, input.id))!;
  });
  return payloadOf('modifierGroup', result);
}

/** Deletes a group; products that offered it stop offering it (and get a change-feed entry). */
export async function deleteModifierGroup(ctx: RequestContext, id: string): Promise<ModifierGroupPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return { modifierGroup: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    const current = await selectGroup(m, id, true);
    if (!current) reject(unknownModifierGroup());
    // (TypeORM answers UPDATE … RETURNING with [rows, count]: select the ids first.)
    const products: { id: string }[] = await m.query(
      'SELECT product_id AS id FROM catalog.product_modifier_group WHERE group_id = $1',
      [id],
    );
    await m.query('UPDATE catalog.product SET updated_at = now() WHERE id = ANY($1::uuid[])', [
      products.map((p) => p.id),
    ]);
    await m.query('DELETE FROM catalog.modifier_group WHERE id = $1', [id]);
    await recordChanges(
      m,
      'PRODUCT',
      'UPSERT',
      products.map((p) => p.id),
    );
    await announce(m, ctx, tenantId, id, 'modifier-group.delete', { name: current.name });
    return current;
  });
  return payloadOf('modifierGroup', result);
}

/**
 * Archives (active = false) or restores a modifier group. Products that offer it keep the link
 * (their change-feed entries are untouched); doing it twice is a no-op, not an error.
 */
export async function setModifierGroupActive(
  ctx: RequestContext,
  id: string,
  active: boolean,
): Promise<ModifierGroupPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return { modifierGroup: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    const before = await selectGroup(m, id, true);
    if (!before) reject(unknownModifierGroup());
    if (before.active === active) return before;
    await m.query('UPDATE catalog.modifier_group SET active = $2, updated_at = now() WHERE id = $1', [
      id,
      active,
    ]);
    await announce(m, ctx, tenantId, id, active ? 'modifier-group.restore' : 'modifier-group.archive', {
      name: before.name,
      active,
    });
    return (await selectGroup(m, id))!;
  });
  return payloadOf('modifierGroup', result);
}
