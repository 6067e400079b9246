/**
 * Product writes. A product, its barcodes and modifier links, its price history, its change-feed
 * entry, its events (`catalog.product.upserted`, `catalog.changed`) and its audit entry commit
 * together or not at all (`runWrite`): a conflict found inside the write rolls all of it back.
 */
import type { EventPayloadInput } from '@jowi/events';
import {
  actorOf,
  appendAudit,
  appendEvent,
  isUuid,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  type UserError,
  type ViolationMap,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { PRODUCT_SELECT, type ProductRow, toProductRow } from '../entities/product.entity.ts';
import {
  type CatalogUserError,
  invalidId,
  unknownCategory,
  unknownModifierGroup,
  unknownProduct,
  userError,
} from '../errors/index.ts';
import { recordChanges } from './change-feed.service.ts';
import {
  type CreateProductFields,
  type NormalisedProduct,
  normaliseCreateProduct,
  normaliseProductFields,
  type ProductFieldsInput,
} from './product-input.ts';

export const CATALOG_WRITE = 'catalog:write';
export const PRODUCT_UPSERTED = 'catalog.product.upserted';

export interface ProductPayload {
  product: ProductRow | null;
  /** Why nothing was written; the write kit returns what the write was rejected with. */
  errors: UserError[];
}

const duplicateSku = (sku: string) =>
  userError('DUPLICATE_SKU', `SKU ${sku} is already used`, ['input', 'sku']);
const duplicateBarcode = (barcode: string, index: number) =>
  userError('DUPLICATE_BARCODE', `Barcode ${barcode} already belongs to another product`, [
    'input',
    'barcodes',
    String(index),
  ]);
/** The unique constraints a concurrent writer can slip past the pre-checks into. */
const UNIQUES: ViolationMap<CatalogUserError> = {
  product_tenant_id_sku_key: userError('DUPLICATE_SKU', 'SKU is already used', ['input', 'sku']),
  product_barcode_pkey: userError('DUPLICATE_BARCODE', 'A barcode already belongs to another product', [
    'input',
    'barcodes',
  ]),
};

/** Conflicts with existing rows, all reported at once (the writes re-check them under the unique indexes). */
async function findConflicts(
  m: EntityManager,
  value: Partial<NormalisedProduct>,
  selfId: string | null,
): Promise<CatalogUserError[]> {
  const errors: CatalogUserError[] = [];
  if (value.categoryId) {
    const field = ['input', 'categoryId'];
    if (!isUuid(value.categoryId)) errors.push(invalidId(field));
    else if (
      (await m.query('SELECT 1 FROM catalog.category WHERE id = $1', [value.categoryId])).length === 0
    ) {
      errors.push(unknownCategory(field));
    }
  }
  if (value.sku !== undefined) {
    const taken = await m.query('SELECT 1 FROM catalog.product WHERE sku = $1 AND id IS DISTINCT FROM $2', [
      value.sku,
      selfId,
    ]);
    if (taken.length > 0) errors.push(duplicateSku(value.sku));
  }
  if (value.barcodes && value.barcodes.length > 0) {
    const taken: { barcode: string }[] = await m.query(
      'SELECT barcode FROM catalog.product_barcode WHERE barcode = ANY($1) AND product_id IS DISTINCT FROM $2',
      [value.barcodes, selfId],
    );
    for (const row of taken) errors.push(duplicateBarcode(row.barcode, value.barcodes.indexOf(row.barcode)));
  }
  if (value.modifierGroupIds && value.modifierGroupIds.length > 0) {
    const ids = value.modifierGroupIds;
    const valid = ids.filter(isUuid);
    const found: { id: string }[] = valid.length
      ? await m.query('SELECT id FROM catalog.modifier_group WHERE id = ANY($1::uuid[])', [valid])
      : [];
    ids.forEach((id, i) => {
      const field = ['input', 'modifierGroupIds', String(i)];
      if (!isUuid(id)) errors.push(invalidId(field));
      else if (!found.some((row) => row.id === id)) errors.push(unknownModifierGroup(field));
    });
  }
  return errors;
}

/** Replaces a product's barcodes with `barcodes`; a code another product holds rejects the write. */
async function writeBarcodes(
  m: EntityManager,
  tenantId: string,
  id: string,
  barcodes: string[],
): Promise<void> {
  await m.query('DELETE FROM catalog.product_barcode WHERE product_id = $1 AND NOT (barcode = ANY($2))', [
    id,
    barcodes,
  ]);
  if (barcodes.length === 0) return;
  // ON CONFLICT DO NOTHING waits for a concurrent insert of the same code and then skips it.
  await m.query(
    `INSERT INTO catalog.product_barcode (tenant_id, barcode, product_id)
     SELECT $1, code, $2 FROM unnest($3::text[]) AS code
     ON CONFLICT DO NOTHING`,
    [tenantId, id, barcodes],
  );
  const mine: { barcode: string }[] = await m.query(
    'SELECT barcode FROM catalog.product_barcode WHERE product_id = $1',
    [id],
  );
  const lost = barcodes.filter((code) => !mine.some((row) => row.barcode === code));
  if (lost.length > 0) reject(...lost.map((code) => duplicateBarcode(code, barcodes.indexOf(code))));
}

async function writeModifierLinks(
  m: EntityManager,
  tenantId: string,
  id: string,
  groupIds: string[],
): Promise<void> {
  await m.query('DELETE FROM catalog.product_modifier_group WHERE product_id = $1', [id]);
  if (groupIds.length === 0) return;
  await m.query(
    `INSERT INTO catalog.product_modifier_group (tenant_id, product_id, group_id, position)
     SELECT $1, $2, g, ord FROM unnest($3::uuid[]) WITH ORDINALITY AS u(g, ord)`,
    [tenantId, id, groupIds],
  );
}

/** Appends a price change to the history (and the audit log, by the caller's audit entry). */
export async function recordPriceChange(
  m: EntityManager,
  ctx: RequestContext,
  change: {
    tenantId: string;
    productId: string;
    storeId: string | null;
    oldPrice: bigint | null;
    newPrice: bigint | null;
    source: string;
  },
): Promise<void> {
  await m.query(
    `INSERT INTO catalog.price_history (tenant_id, id, product_id, store_id, old_price, new_price, actor, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      change.tenantId,
      newId(),
      change.productId,
      change.storeId,
      change.oldPrice?.toString() ?? null,
      change.newPrice?.toString() ?? null,
      actorOf(ctx),
      change.source,
    ],
  );
}

export async function selectProduct(m: EntityManager, id: string, lock = false): Promise<ProductRow | null> {
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT ${PRODUCT_SELECT} FROM catalog.product p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toProductRow(rows[0]) : null;
}

/** Event, change feed and audit entry of a product write. */
async function announce(
  m: EntityManager,
  ctx: RequestContext,
  row: ProductRow,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const barcodes: { barcode: string }[] = await m.query(
    'SELECT barcode FROM catalog.product_barcode WHERE product_id = $1 ORDER BY created_at, barcode',
    [row.id],
  );
  const snapshot = productSnapshot(
    row,
    barcodes.map((b) => b.barcode),
  );
  const seq = await recordChanges(m, 'PRODUCT', 'UPSERT', [row.id]);
  // `seq` (the change-feed sequence of this write) lets consumers keep the newest state and
  // know the catalog version a POS sees after pulling it.
  await appendEvent(m, {
    tenantId: row.tenantId,
    type: PRODUCT_UPSERTED,
    aggregateId: row.id,
    payload: { ...snapshot, ...(seq ? { seq } : {}) },
    source: 'catalog',
  });
  await appendAudit(m, {
    tenantId: row.tenantId,
    actor: actorOf(ctx),
    action,
    entityType: 'product',
    entityId: row.id,
    data: { ...snapshot, ...extra },
    source: 'catalog',
  });
}

/** Creates a product with its barcodes. `id` is for seeding with deterministic ids only. */
export async function createProduct(
  ctx: RequestContext,
  input: CreateProductFields & { id?: string },
): Promise<ProductPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const { value, errors } = normaliseCreateProduct(input);
  if (errors.length > 0) return { product: null, errors };
  const id = input.id ?? newId();

  const result = await runWrite(
    ctx,
    async (m) => {
      const conflicts = await findConflicts(m, value, null);
      if (conflicts.length > 0) reject(...conflicts);
      // ON CONFLICT DO NOTHING waits for a concurrent insert of the same SKU and then skips:
      // the loser gets DUPLICATE_SKU instead of a unique-violation exception.
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO catalog.product (tenant_id, id, sku, name, name_ru, name_en, price, cost_price, vat_rate, ikpu,
           package_code, unit, category_id, owner_type, marking_required, cashless_only, image_url, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          tenantId,
          id,
          value.sku,
          value.name,
          value.nameRu,
          value.nameEn,
          value.price.toString(),
          value.costPrice?.toString() ?? null,
          value.vatRate,
          value.ikpu,
          value.packageCode,
          value.unit,
          value.categoryId,
          value.ownerType,
          value.markingRequired,
          value.cashlessOnly,
          value.imageUrl,
          value.tags,
        ],
      );
      if (inserted.length === 0) reject(duplicateSku(value.sku));
      await writeBarcodes(m, tenantId, id, value.barcodes);
      await writeModifierLinks(m, tenantId, id, value.modifierGroupIds);
      await recordPriceChange(m, ctx, {
        tenantId,
        productId: id,
        storeId: null,
        oldPrice: null,
        newPrice: value.price,
        source: 'product',
      });
      const row = (await selectProduct(m, id))!;
      await announce(m, ctx, row, 'product.create');
      return row;
    },
    UNIQUES,
  );
  return payloadOf('product', result);
}

const COLUMNS: [keyof NormalisedProduct, string][] = [
  ['sku', 'sku'],
  ['name', 'name'],
  ['nameRu', 'name_ru'],
  ['nameEn', 'name_en'],
  ['price', 'price'],
  ['costPrice', 'cost_price'],
  ['vatRate', 'vat_rate'],
  ['ikpu', 'ikpu'],
  ['packageCode', 'package_code'],
  ['unit', 'unit'],
  ['categoryId', 'category_id'],
  ['ownerType', 'owner_type'],
  ['markingRequired', 'marking_required'],
  ['cashlessOnly', 'cashless_only'],
  ['imageUrl', 'image_url'],
  ['tags', 'tags'],
];

/** Changes the given fields of a product; a new price goes to the price history and the audit log. */
export async function updateProduct(
  ctx: RequestContext,
  input: ProductFieldsInput & { id: string },
): Promise<ProductPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const { id, ...fields } = input;
  if (!isUuid(id)) return { product: null, errors: [invalidId()] };
  const { value, errors } = normaliseProductFields(fields);
  if (errors.length > 0) return { product: null, errors };

  const result = await runWrite(
    ctx,
    async (m) => {
      const before = await selectProduct(m, id, true);
      if (!before) reject(unknownProduct());
      const conflicts = await findConflicts(m, value, id);
      if (conflicts.length > 0) reject(...conflicts);
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [key, column] of COLUMNS) {
        if (value[key] === undefined) continue;
        const v = value[key];
        params.push(typeof v === 'bigint' ? v.toString() : v);
        sets.push(`${column} = $${params.length}`);
      }
      await m.query(
        `UPDATE catalog.product SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
        params,
      );
      if (value.barcodes) await writeBarcodes(m, tenantId, id, value.barcodes);
      if (value.modifierGroupIds) await writeModifierLinks(m, tenantId, id, value.modifierGroupIds);
      const priceChanged = value.price !== undefined && value.price !== before.price;
      if (priceChanged) {
        await recordPriceChange(m, ctx, {
          tenantId,
          productId: id,
          storeId: null,
          oldPrice: before.price,
          newPrice: value.price!,
          source: 'product',
        });
      }
      const row = (await selectProduct(m, id))!;
      await announce(m, ctx, row, 'product.update', {
        changed: Object.keys(value),
        ...(priceChanged ? { oldPrice: before.price.toString() } : {}),
      });
      return row;
    },
    UNIQUES,
  );
  return payloadOf('product', result);
}

/** Archives (active = false) or restores a product. Doing it twice is a no-op, not an error. */
export async function setProductActive(
  ctx: RequestContext,
  id: string,
  active: boolean,
): Promise<ProductPayload> {
  requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return { product: null, errors: [invalidId()] };
  const result = await runWrite(ctx, async (m) => {
    const before = await selectProduct(m, id, true);
    if (!before) reject(unknownProduct());
    if (before.active === active) return before;
    await m.query('UPDATE catalog.product SET active = $2, updated_at = now() WHERE id = $1', [id, active]);
    const row = (await selectProduct(m, id))!;
    await announce(m, ctx, row, active ? 'product.restore' : 'product.archive');
    return row;
  });
  return payloadOf('product', result);
}

/** Sets (or with `price: null` removes) a product's price in one store. */
export async function setStorePrice(
  ctx: RequestContext,
  input: { productId: string; storeId: string; price?: bigint | null },
): Promise<ProductPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const errors: CatalogUserError[] = [];
  if (!isUuid(input.productId)) errors.push(invalidId(['input', 'productId']));
  if (!isUuid(input.storeId)) errors.push(invalidId(['input', 'storeId']));
  const price = input.price ?? null;
  if (price !== null && price < 0n)
    errors.push(userError('INVALID_PRICE', 'Price cannot be negative', ['input', 'price']));
  if (errors.length > 0) return { product: null, errors };

  const result = await runWrite(ctx, async (m) => {
    const product = await selectProduct(m, input.productId, true);
    if (!product) reject(unknownProduct(['input', 'productId']));
    const old: { price: string }[] = await m.query(
      'SELECT price::text AS price FROM catalog.store_price WHERE product_id = $1 AND store_id = $2',
      [input.productId, input.storeId],
    );
    const oldPrice = old[0] ? BigInt(old[0].price) : null;
    if (oldPrice === price) return product;
    if (price === null) {
      await m.query('DELETE FROM catalog.store_price WHERE product_id = $1 AND store_id = $2', [
        input.productId,
        input.storeId,
      ]);
    } else {
      await m.query(
        `INSERT INTO catalog.store_price (tenant_id, product_id, store_id, price) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, product_id, store_id) DO UPDATE SET price = EXCLUDED.price, updated_at = now()`,
        [tenantId, input.productId, input.storeId, price.toString()],
      );
    }
    await m.query('UPDATE catalog.product SET updated_at = now() WHERE id = $1', [input.productId]);
    await recordPriceChange(m, ctx, {
      tenantId,
      productId: input.productId,
      storeId: input.storeId,
      oldPrice,
      newPrice: price,
      source: 'store-price',
    });
    const row = (await selectProduct(m, input.productId))!;
    await announce(m, ctx, row, 'product.store-price', {
      storeId: input.storeId,
      oldPrice: oldPrice?.toString() ?? null,
      newPrice: price?.toString() ?? null,
    });
    return row;
  });
  return payloadOf('product', result);
}

/** The product as consumers of the event log and readers of the audit log see it. */
export function productSnapshot(
  row: ProductRow,
  barcodes: string[],
): EventPayloadInput<'catalog.product.upserted'> {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    nameRu: row.nameRu,
    nameEn: row.nameEn,
    price: row.price.toString(),
    vatRate: row.vatRate,
    ikpu: row.ikpu,
    packageCode: row.packageCode,
    unit: row.unit,
    categoryId: row.categoryId,
    ownerType: row.ownerType,
    markingRequired: row.markingRequired,
    cashlessOnly: row.cashlessOnly,
    tags: row.tags,
    active: row.active,
    barcodes,
    updatedAt: row.updatedAt.toISOString(),
  };
}
