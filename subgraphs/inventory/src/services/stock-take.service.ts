/**
 * Stock-takes: a count sheet per store, OPEN → POSTED (the only transition).
 *
 * - `startStockTake` lists every product stocked in the store (a level row), or only the given
 *   products (a partial count), with the level at that moment as `expected` (for reference).
 * - `recordCount` sets counted quantities; a product not on the sheet is added to it.
 * - `postStockTake` locks the levels of the counted products and writes one ADJUSTMENT per
 *   product whose count differs from the level *at posting time* (sales keep landing while
 *   people count; the count is the truth at posting). Uncounted lines are left alone.
 *   Audited as `inventory.stock_take.posted`.
 *
 * Products: inventory owns no product rows. A product named on a sheet must be known to this
 * tenant's inventory (a level in any store, a recipe or a threshold — see `knownProducts`);
 * anything else, a product of another tenant included (row-level security hides theirs), is
 * `UNKNOWN_PRODUCT`.
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
import { contentMismatch, type InventoryUserError, userError } from '../errors/index.ts';
import type { StockTakeRow } from '../models/stock-take.model.ts';
import { MAX_LINES, type QuantityLine, validateId, validateLines, validateNote } from './document-input.ts';
import { INVENTORY_WRITE, writeMovements } from './movement.service.ts';
import { requireInventoryRead } from './stock.service.ts';
import { knownProducts, levelsIn } from './stock-levels.ts';

type Result = { stockTake: StockTakeRow | null; errors: InventoryUserError[] };

const big = (v: string | null) => (v == null ? null : BigInt(v));

export async function loadStockTake(
  m: EntityManager,
  id: string,
  lock = false,
): Promise<StockTakeRow | null> {
  const [head] = (await m.query(
    `SELECT id, store_id AS "storeId", status, partial, note, created_by AS "createdBy", created_at AS "createdAt",
            posted_by AS "postedBy", posted_at AS "postedAt"
       FROM inventory.stock_take WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )) as Omit<StockTakeRow, 'lines'>[];
  if (!head) return null;
  const lines: Record<string, string | null>[] = await m.query(
    `SELECT product_id, (expected * 1000)::bigint::text AS expected, (counted * 1000)::bigint::text AS counted,
            (level_at_posting * 1000)::bigint::text AS level_at_posting, (adjustment * 1000)::bigint::text AS adjustment
       FROM inventory.stock_take_line WHERE stock_take_id = $1 ORDER BY position`,
    [id],
  );
  return {
    ...head,
    lines: lines.map((l) => ({
      productId: l.product_id!,
      expected: BigInt(l.expected!),
      counted: big(l.counted ?? null),
      levelAtPosting: big(l.level_at_posting ?? null),
      adjustment: big(l.adjustment ?? null),
    })),
  };
}

/**
 * `Query.stockTakes`: count sheets newest first, optionally of one store and/or status,
 * keyset-paged on (created_at, id). Each sheet is read with its lines like `stockTake`.
 */
export async function listStockTakes(
  ctx: RequestContext,
  args: {
    storeId?: string | null;
    status?: 'OPEN' | 'POSTED' | null;
    first?: number | null;
    after?: string | null;
  },
): Promise<Connection<StockTakeRow>> {
  requireInventoryRead(ctx);
  if (args.storeId && !isUuid(args.storeId)) throw badUserInput('storeId must be a UUID', 'storeId');
  const limit = pageSize(args.first);
  const cursor = decodeTimeIdCursor(args.after);
  if (limit === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const rows = await ctx.tx(async (m) => {
    const params: unknown[] = [args.storeId ?? null, args.status ?? null];
    const after = cursor ? `AND ${beforeTimeIdSql('created_at', 'id', cursor, params)}` : '';
    params.push(limit + 1);
    const heads: { id: string; micros: string }[] = await m.query(
      `SELECT id, ${cursorMicrosSql('created_at')} AS micros FROM inventory.stock_take
        WHERE ($1::uuid IS NULL OR store_id = $1) AND ($2::text IS NULL OR status = $2) ${after}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const sheets: (StockTakeRow & { micros: string })[] = [];
    for (const head of heads) {
      const sheet = await loadStockTake(m, head.id);
      if (sheet) sheets.push({ ...sheet, micros: head.micros });
    }
    return sheets;
  });
  return toConnection(rows, limit, (r) => [r.micros, r.id]);
}

export async function getStockTake(ctx: RequestContext, id: string): Promise<StockTakeRow | null> {
  requireInventoryRead(ctx);
  if (!isUuid(id)) return null;
  return ctx.tx((m) => loadStockTake(m, id));
}

function unknownErrors(
  productIds: readonly string[],
  known: Set<string>,
  field: string,
): InventoryUserError[] {
  return productIds.flatMap((id, i) =>
    known.has(id)
      ? []
      : [
          userError('UNKNOWN_PRODUCT', 'This product is not known to this tenant’s inventory', [
            'input',
            field,
            String(i),
          ]),
        ],
  );
}

/** Adds lines (products not yet on the sheet) with their current level as `expected`. */
async function addLines(
  m: EntityManager,
  tenantId: string,
  take: { id: string; storeId: string },
  productIds: readonly string[],
): Promise<void> {
  if (productIds.length === 0) return;
  const levels = await levelsIn(m, take.storeId, productIds);
  await m.query(
    `INSERT INTO inventory.stock_take_line (tenant_id, stock_take_id, product_id, position, expected)
     SELECT $1, $2, p.id, coalesce((SELECT max(position) FROM inventory.stock_take_line WHERE stock_take_id = $2), 0) + p.n, p.expected
       FROM unnest($3::uuid[], $4::numeric[]) WITH ORDINALITY AS p(id, expected, n)
     ON CONFLICT DO NOTHING`,
    [
      tenantId,
      take.id,
      [...productIds],
      productIds.map((id) => formatQuantity(levels.get(id)?.quantity ?? 0n)),
    ],
  );
}

/** Opens a count sheet (needs `inventory:write`). */
export async function startStockTake(
  ctx: RequestContext,
  input: { id?: string | null; storeId: string; productIds?: string[] | null; note?: string | null },
): Promise<Result> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const productIds = input.productIds ?? null;
  const errors = [
    ...validateId(input.id),
    ...validateId(input.storeId, 'storeId'),
    ...validateNote(input.note),
    ...(productIds
      ? validateLines(
          productIds.map((productId) => ({ productId, quantity: 1n })),
          { field: 'productIds', allowEmpty: false },
        )
      : []),
  ];
  if (errors.length > 0) return { stockTake: null, errors };
  const id = input.id ?? newId();
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    if (productIds) {
      const unknown = unknownErrors(productIds, await knownProducts(m, productIds), 'productIds');
      if (unknown.length > 0) return { stockTake: null, errors: unknown };
    }
    const inserted: unknown[] = await m.query(
      `INSERT INTO inventory.stock_take (tenant_id, id, store_id, status, partial, note, created_by)
       VALUES ($1, $2, $3, 'OPEN', $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [tenantId, id, input.storeId, productIds !== null, input.note ?? null, actor],
    );
    if (inserted.length === 0) {
      const stored = await loadStockTake(m, id);
      if (stored && stored.storeId === input.storeId) return { stockTake: stored, errors: [] };
      return {
        stockTake: null,
        errors: [contentMismatch('This id is another stock-take')],
      };
    }
    const products =
      productIds ??
      (
        (await m.query(
          'SELECT product_id FROM inventory.stock_level WHERE store_id = $1 ORDER BY product_id',
          [input.storeId],
        )) as { product_id: string }[]
      ).map((r) => r.product_id);
    await addLines(m, tenantId, { id, storeId: input.storeId }, products);
    return { stockTake: await loadStockTake(m, id), errors: [] };
  });
}

const notOpen = () =>
  userError('STOCK_TAKE_NOT_OPEN', 'This stock-take has been posted', ['input', 'stockTakeId']);
const notFound = () => userError('NOT_FOUND', 'No such stock-take', ['input', 'stockTakeId']);

/** Records counted quantities on an open sheet (needs `inventory:write`). */
export async function recordCount(
  ctx: RequestContext,
  input: { stockTakeId: string; counts: QuantityLine[] },
): Promise<Result> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  const errors = [
    ...(isUuid(input.stockTakeId)
      ? []
      : [userError('INVALID_ID', 'stockTakeId must be a UUID', ['input', 'stockTakeId'])]),
    ...validateLines(input.counts, { field: 'counts', allowZero: true }),
  ];
  if (errors.length > 0) return { stockTake: null, errors };
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const take = await loadStockTake(m, input.stockTakeId, true);
    if (!take) return { stockTake: null, errors: [notFound()] };
    if (take.status !== 'OPEN') return { stockTake: null, errors: [notOpen()] };
    const onSheet = new Set(take.lines.map((l) => l.productId));
    const added = input.counts.map((c) => c.productId).filter((id) => !onSheet.has(id));
    if (added.length > 0) {
      const known = await knownProducts(m, added);
      const unknown = input.counts.flatMap((c, i) =>
        onSheet.has(c.productId) || known.has(c.productId)
          ? []
          : [
              userError('UNKNOWN_PRODUCT', 'This product is not known to this tenant’s inventory', [
                'input',
                'counts',
                String(i),
                'productId',
              ]),
            ],
      );
      if (unknown.length > 0) return { stockTake: null, errors: unknown };
      if (take.lines.length + added.length > MAX_LINES * 20) {
        return {
          stockTake: null,
          errors: [userError('INVALID_LINES', 'The sheet is too long', ['input', 'counts'])],
        };
      }
      await addLines(m, tenantId, take, added);
    }
    await m.query(
      `UPDATE inventory.stock_take_line l SET counted = c.quantity, counted_by = $2, counted_at = now()
         FROM unnest($3::uuid[], $4::numeric[]) AS c(product_id, quantity)
        WHERE l.stock_take_id = $1 AND l.product_id = c.product_id`,
      [
        take.id,
        actor,
        input.counts.map((c) => c.productId),
        input.counts.map((c) => formatQuantity(c.quantity)),
      ],
    );
    return { stockTake: await loadStockTake(m, take.id), errors: [] };
  });
}

/** Posts a sheet: adjustments for the differences at posting time (needs `inventory:write`). */
export async function postStockTake(ctx: RequestContext, input: { stockTakeId: string }): Promise<Result> {
  const tenantId = requirePermission(ctx, INVENTORY_WRITE);
  if (!isUuid(input.stockTakeId)) {
    return {
      stockTake: null,
      errors: [userError('INVALID_ID', 'stockTakeId must be a UUID', ['input', 'stockTakeId'])],
    };
  }
  const actor = actorOf(ctx);
  return ctx.tx(async (m) => {
    const take = await loadStockTake(m, input.stockTakeId, true);
    if (!take) return { stockTake: null, errors: [notFound()] };
    if (take.status !== 'OPEN') return { stockTake: null, errors: [notOpen()] };
    const counted = take.lines.filter((l) => l.counted !== null);
    // Lock the levels first: no sale can move them between reading and adjusting.
    const levels = await levelsIn(
      m,
      take.storeId,
      counted.map((l) => l.productId),
      true,
    );
    const diffs = counted.map((l) => {
      const level = levels.get(l.productId)?.quantity ?? 0n;
      const line = take.lines.findIndex((x) => x.productId === l.productId) + 1;
      return { ...l, level, adjustment: l.counted! - level, line };
    });
    await writeMovements(
      m,
      tenantId,
      actor,
      diffs
        .filter((d) => d.adjustment !== 0n)
        .map((d) => ({
          storeId: take.storeId,
          productId: d.productId,
          kind: 'ADJUSTMENT' as const,
          quantity: d.adjustment,
          unitCost: levels.get(d.productId)?.avgCost ?? null,
          reference: take.id,
          note: take.note,
          source: { kind: 'stock_take' as const, id: take.id, line: d.line },
        })),
    );
    await m.query(
      `UPDATE inventory.stock_take_line l SET level_at_posting = d.level, adjustment = nullif(d.adjustment, 0)
         FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) AS d(product_id, level, adjustment)
        WHERE l.stock_take_id = $1 AND l.product_id = d.product_id`,
      [
        take.id,
        diffs.map((d) => d.productId),
        diffs.map((d) => formatQuantity(d.level)),
        diffs.map((d) => formatQuantity(d.adjustment)),
      ],
    );
    await m.query(
      `UPDATE inventory.stock_take SET status = 'POSTED', posted_by = $2, posted_at = now() WHERE id = $1`,
      [take.id, actor],
    );
    await appendAudit(m, {
      tenantId,
      actor,
      action: 'inventory.stock_take.posted',
      entityType: 'stock_take',
      entityId: take.id,
      source: 'inventory',
      data: {
        storeId: take.storeId,
        partial: take.partial,
        counted: diffs.length,
        uncounted: take.lines.length - diffs.length,
        adjustments: diffs
          .filter((d) => d.adjustment !== 0n)
          .map((d) => ({
            productId: d.productId,
            counted: formatQuantity(d.counted!),
            level: formatQuantity(d.level),
            adjustment: formatQuantity(d.adjustment),
          })),
      },
    });
    return { stockTake: await loadStockTake(m, take.id), errors: [] };
  });
}
