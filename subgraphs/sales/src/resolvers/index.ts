import { type RequestContext, scalarResolvers } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  getSale,
  listSales,
  resolveSaleReference,
  saleLinesLoader,
  salePaymentsLoader,
} from '../services/sale.service.ts';
import { syncSales } from '../services/sync-sales.service.ts';

// Services return stored rows (codegen maps Sale → SaleRow); `lines` and `payments` are
// resolved by the Sale field resolvers below through per-request loaders.

export const resolvers: Resolvers<RequestContext> = {
  ...scalarResolvers,
  Query: {
    sale: (_root, { id }, ctx) => getSale(ctx, id),
    sales: (_root, args, ctx) => listSales(ctx, args),
  },
  Mutation: {
    syncSales: (_root, { input }, ctx) => syncSales(ctx, input),
  },
  Sale: {
    __resolveReference: (ref, ctx) => resolveSaleReference(ctx, ref.id),
    lines: (sale, _args, ctx) => saleLinesLoader(ctx).load(sale.id),
    payments: (sale, _args, ctx) => salePaymentsLoader(ctx).load(sale.id),
  },
};
