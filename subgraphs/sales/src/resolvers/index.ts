import { type RequestContext, scalarResolversWithDate } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  reportByCashier,
  reportByCategory,
  reportByDay,
  reportByPaymentMethod,
  reportByProduct,
  reportVat,
  salesReport,
} from '../services/reports/reports.service.ts';
import {
  getSale,
  listCustomerSales,
  listSales,
  resolveSaleReference,
  saleLineModifiers,
  saleLinesLoader,
  salePaymentsLoader,
} from '../services/sale.service.ts';
import { salesSummary } from '../services/sales-summary.service.ts';
import { dailySalesSummary } from '../services/summary.service.ts';
import { syncSales } from '../services/sync-sales.service.ts';
import { reportTerminalHealth, terminalHealth } from '../services/terminal-health.service.ts';
import {
  refundResolvers,
  saleRefundsResolvers,
  shiftMutationResolvers,
  shiftQueryResolvers,
  shiftResolvers,
  storeShiftResolvers,
} from './shifts.ts';

// Services return stored rows (codegen maps Sale → SaleRow); `lines` and `payments` are
// resolved by the Sale field resolvers below through per-request loaders.

export const resolvers: Resolvers<RequestContext> = {
  ...scalarResolversWithDate,
  Query: {
    sale: (_root, { id }, ctx) => getSale(ctx, id),
    sales: (_root, args, ctx) => listSales(ctx, args),
    dailySalesSummary: (_root, { storeId, date }, ctx) => dailySalesSummary(ctx, storeId, date),
    salesSummary: (_root, { input }, ctx) => salesSummary(ctx, input),
    salesReport: (_root, { input }, ctx) => salesReport(ctx, input),
    terminalHealth: (_root, { storeIds }, ctx) => terminalHealth(ctx, storeIds),
    ...shiftQueryResolvers,
  },
  Mutation: {
    ...shiftMutationResolvers,
    syncSales: (_root, { input }, ctx) => syncSales(ctx, input),
    reportTerminalHealth: (_root, { input }, ctx) => reportTerminalHealth(ctx, input),
  },
  Sale: {
    __resolveReference: (ref, ctx) => resolveSaleReference(ctx, ref.id),
    lines: (sale, _args, ctx) => saleLinesLoader(ctx).load(sale.id),
    payments: (sale, _args, ctx) => salePaymentsLoader(ctx).load(sale.id),
    ...saleRefundsResolvers,
  },
  SalesReport: {
    byDay: (scope, _args, ctx) => reportByDay(ctx, scope),
    byProduct: (scope, { first }, ctx) => reportByProduct(ctx, scope, first),
    byCategory: (scope, _args, ctx) => reportByCategory(ctx, scope),
    byCashier: (scope, _args, ctx) => reportByCashier(ctx, scope),
    byPaymentMethod: (scope, _args, ctx) => reportByPaymentMethod(ctx, scope),
    vatByRate: (scope, _args, ctx) => reportVat(ctx, scope),
  },
  Shift: shiftResolvers,
  Refund: refundResolvers,
  SaleLine: {
    modifiers: (line) => saleLineModifiers(line),
  },
  Store: {
    ...storeShiftResolvers,
    dailySalesSummary: (store, { date }, ctx) => dailySalesSummary(ctx, store.id, date, { knownStore: true }),
  },
  Customer: {
    __resolveReference: (ref) => ({ id: ref.id }),
    sales: (customer, args, ctx) => listCustomerSales(ctx, customer.id, args),
  },
};
