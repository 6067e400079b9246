import { type RequestContext, scalarResolvers } from '@jowi/server-kit';
import type { Resolvers, ResolversTypes } from '../__generated__/resolvers-types.ts';
import {
  getSale,
  listSales,
  resolveSaleReference,
  saleLinesLoader,
  salePaymentsLoader,
} from '../services/sale.service.ts';
import { syncSales } from '../services/sync-sales.service.ts';

// Services return stored rows (SaleRow), which stand in for `Sale`: `lines` and `payments` are
// resolved by the Sale field resolvers below. Codegen has no mappers for nested types, so the two
// results that nest a Sale are widened here, once.
type SaleConnectionResult = ResolversTypes['SaleConnection'];
type SyncSalesPayloadResult = ResolversTypes['SyncSalesPayload'];

export const resolvers: Resolvers<RequestContext> = {
  ...scalarResolvers,
  Query: {
    sale: (_root, { id }, ctx) => getSale(ctx, id),
    sales: async (_root, args, ctx) => (await listSales(ctx, args)) as unknown as SaleConnectionResult,
  },
  Mutation: {
    syncSales: async (_root, { input }, ctx) =>
      (await syncSales(ctx, input)) as unknown as SyncSalesPayloadResult,
  },
  Sale: {
    __resolveReference: (ref, ctx) => resolveSaleReference(ctx, ref.id),
    lines: (sale, _args, ctx) => saleLinesLoader(ctx).load(sale.id!),
    payments: (sale, _args, ctx) => salePaymentsLoader(ctx).load(sale.id!),
  },
};
