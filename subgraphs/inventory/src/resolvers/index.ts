import {
  badUserInput,
  DateTimeScalar,
  decodeCursor,
  MoneyScalar,
  pageSize,
  QuantityScalar,
  type RequestContext,
  toConnection,
} from '@jowi/server-kit';
import type {
  MovementSourceKind,
  Resolvers,
  StockMovementKind,
  WriteOffReason,
} from '../__generated__/resolvers-types.ts';
import type { StockMovementRow } from '../entities/stock-movement.entity.ts';
import type { SupplierRow } from '../models/goods-receipt.model.ts';
import { correctStock, writeOffStock } from '../services/adjustment.service.ts';
import {
  createSupplier,
  getReceipt,
  listReceipts,
  listSuppliers,
  receiveGoods,
  suppliersById,
  updateSupplier,
} from '../services/receiving.service.ts';
import { currentRecipe, listRecipeVersions, setRecipe } from '../services/recipe.service.ts';
import {
  inTransitOf,
  listLowStock,
  listMovements,
  loadLevels,
  movementConnection,
  stockOf,
  thresholdOf,
} from '../services/stock.service.ts';
import {
  getStockTake,
  listStockTakes,
  postStockTake,
  recordCount,
  startStockTake,
} from '../services/stock-take.service.ts';
import { setStockThreshold } from '../services/threshold.service.ts';
import { getTransfer, listTransfers, receiveTransfer, sendTransfer } from '../services/transfer.service.ts';

const staffOf = (createdBy: string | null) =>
  createdBy?.startsWith('staff:') ? { id: createdBy.slice('staff:'.length) } : null;

/** Suppliers by id through this request's loader (a page of receipts names few suppliers). */
const loadSupplier = (ctx: RequestContext, id: string) =>
  ctx.loaders
    .get<string, SupplierRow | null>('inventory.supplierById', async (ids) => {
      const found = await ctx.tx((m) => suppliersById(m, ids));
      return ids.map((i) => found.get(i) ?? null);
    })
    .load(id);

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Quantity: QuantityScalar,
  Money: MoneyScalar,
  UserError: { __resolveType: () => 'UserErrorDetail' },
  Query: {
    stockMovements: (_root, args, ctx) => listMovements(ctx, args),
    movements: (_root, args, ctx) =>
      movementConnection(ctx, {
        filter: args.filter,
        first: args.first,
        after: args.after,
      }),
    suppliers: async (_root, args, ctx) => {
      const limit = pageSize(args.first);
      const cursor = decodeCursor(args.after, 2) as [string, string] | null;
      if (cursor?.some((v) => typeof v !== 'string')) {
        throw badUserInput('Invalid cursor', 'after');
      }
      const rows = await listSuppliers(ctx, {
        search: args.search,
        includeInactive: args.includeInactive,
        limit,
        after: cursor,
      });
      return toConnection(rows, limit, (r) => [r.name.toLowerCase(), r.id]);
    },
    goodsReceipt: (_root, { id }, ctx) => getReceipt(ctx, id),
    goodsReceipts: (_root, args, ctx) => listReceipts(ctx, args),
    stockTakes: (_root, args, ctx) => listStockTakes(ctx, args),
    recipeVersions: (_root, args, ctx) => listRecipeVersions(ctx, args),
    transfers: (_root, args, ctx) => listTransfers(ctx, args),
    transfer: (_root, { id }, ctx) => getTransfer(ctx, id),
    stockTake: (_root, { id }, ctx) => getStockTake(ctx, id),
    lowStock: (_root, { storeId }, ctx) => listLowStock(ctx, storeId),
  },
  Mutation: {
    setRecipe: (_root, { input }, ctx) => setRecipe(ctx, input),
    createSupplier: (_root, { input }, ctx) => createSupplier(ctx, input),
    updateSupplier: (_root, { input }, ctx) => updateSupplier(ctx, input),
    receiveGoods: (_root, { input }, ctx) => receiveGoods(ctx, input),
    sendTransfer: (_root, { input }, ctx) => sendTransfer(ctx, input),
    receiveTransfer: (_root, { input }, ctx) => receiveTransfer(ctx, input),
    startStockTake: (_root, { input }, ctx) => startStockTake(ctx, input),
    recordCount: (_root, { input }, ctx) => recordCount(ctx, input),
    postStockTake: (_root, { input }, ctx) => postStockTake(ctx, input),
    writeOffStock: (_root, { input }, ctx) => writeOffStock(ctx, input),
    correctStock: (_root, { input }, ctx) => correctStock(ctx, input),
    setStockThreshold: (_root, { input }, ctx) => setStockThreshold(ctx, input),
  },
  Product: {
    // Inventory owns no product rows: a reference is just the id its stock fields are keyed by.
    __resolveReference: (ref) => ({ id: ref.id }),
    stock: (product, { storeId }, ctx) => stockOf(ctx, product.id, storeId),
    stockLevels: (product, _args, ctx) => loadLevels(ctx, product.id),
    inTransit: (product, { storeId }, ctx) => inTransitOf(ctx, product.id, storeId),
    recipe: (product, _args, ctx) => currentRecipe(ctx, product.id),
  },
  StockLevel: {
    store: (l) => ({ id: l.storeId }),
    product: (l) => ({ id: l.productId }),
    averageCost: (l) => l.avgCost,
    threshold: (l, _args, ctx) =>
      l.threshold !== undefined ? l.threshold : thresholdOf(ctx, l.productId, l.storeId),
  },
  StockMovement: {
    store: (m) => ({ id: m.storeId }),
    product: (m) => ({ id: m.productId }),
    kind: (m) => m.kind as StockMovementKind,
    sourceKind: (m) => (m.sourceKind ? (m.sourceKind.toUpperCase() as MovementSourceKind) : null),
    reason: (m: StockMovementRow) => (m.reason as WriteOffReason | null) ?? null,
    staff: (m) => staffOf(m.createdBy),
  },
  Recipe: {
    product: (r) => ({ id: r.productId }),
    ingredients: (r) =>
      r.components
        .filter((c) => c.modifierId === null)
        .map((c) => ({ product: { id: c.productId }, quantity: c.quantity })),
    modifierEffects: (r) => {
      const byModifier = new Map<string, { product: { id: string }; quantity: bigint }[]>();
      for (const c of r.components) {
        if (c.modifierId === null) continue;
        byModifier.set(c.modifierId, [
          ...(byModifier.get(c.modifierId) ?? []),
          { product: { id: c.productId }, quantity: c.quantity },
        ]);
      }
      return [...byModifier].map(([modifierId, ingredients]) => ({ modifierId, ingredients }));
    },
  },
  GoodsReceipt: {
    store: (r) => ({ id: r.storeId }),
    supplier: (r, _args, ctx) => loadSupplier(ctx, r.supplierId),
  },
  GoodsReceiptLine: {
    product: (l) => ({ id: l.productId }),
  },
  Transfer: {
    fromStore: (t) => ({ id: t.fromStoreId }),
    toStore: (t) => ({ id: t.toStoreId }),
    sentByStaff: (t) => staffOf(t.sentBy),
    receivedByStaff: (t) => staffOf(t.receivedBy),
  },
  TransferLine: {
    product: (l) => ({ id: l.productId }),
    inTransit: (l) => (l.quantityReceived === null ? l.quantitySent : 0n),
  },
  StockTake: {
    store: (t) => ({ id: t.storeId }),
  },
  StockTakeLine: {
    product: (l) => ({ id: l.productId }),
  },
};
