import { DateTimeScalar, QuantityScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { listMovements, loadLevels, stockOf } from '../services/stock.service.ts';

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Quantity: QuantityScalar,
  Query: {
    stockMovements: async (_root, args, ctx) =>
      (await listMovements(ctx, args)).map((m) => ({
        id: m.id,
        store: { id: m.storeId },
        kind: m.kind,
        quantity: m.quantity,
        reference: m.reference,
        createdAt: m.createdAt,
      })),
  },
  Product: {
    // Inventory owns no product rows: a reference is just the id its stock fields are keyed by.
    __resolveReference: (ref) => ({ id: ref.id }),
    stock: (product, { storeId }, ctx) => stockOf(ctx, product.id!, storeId),
    stockLevels: async (product, _args, ctx) =>
      (await loadLevels(ctx, product.id!)).map((l) => ({
        store: { id: l.storeId },
        quantity: l.quantity,
        updatedAt: l.updatedAt,
      })),
  },
};
