/**
 * Resolvers for shifts, cash movements, X/Z reports and refunds, spread into the subgraph's
 * resolver map by index.ts. Services return stored rows (codegen maps Shift → ShiftRow,
 * Refund → RefundRow, CashMovement → CashMovementRow); figures come through per-request loaders.
 */
import type { RequestContext } from '@jowi/server-kit';
import type {
  MutationResolvers,
  QueryResolvers,
  RefundResolvers,
  SaleResolvers,
  ShiftReport,
  ShiftResolvers,
  StoreResolvers,
} from '../__generated__/resolvers-types.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';
import { refundSale } from '../services/refund.service.ts';
import {
  getRefund,
  refundLinesLoader,
  refundPaymentsLoader,
  saleRefundsLoader,
} from '../services/refund-query.ts';
import { listSales, saleLoader } from '../services/sale.service.ts';
import { closeShift, openShift, recordCashMovement } from '../services/shift.service.ts';
import {
  cashMovementsLoader,
  getOpenShift,
  getShift,
  isOverdue,
  listShifts,
  requireShiftRead,
  shiftFiguresLoader,
} from '../services/shift-query.ts';
import { shiftStatus } from '../services/shift-state.ts';

async function report(ctx: RequestContext, shift: ShiftRow): Promise<ShiftReport> {
  const f = await shiftFiguresLoader(ctx).load(shift.id);
  if (!f) throw new Error(`shift ${shift.id} has no figures`);
  return { ...f, final: shift.closedAt !== null, generatedAt: new Date() };
}

export const shiftQueryResolvers: QueryResolvers<RequestContext> = {
  shift: (_root, { id }, ctx) => getShift(ctx, id),
  shifts: (_root, args, ctx) => listShifts(ctx, args),
  openShift: (_root, { terminalId }, ctx) => getOpenShift(ctx, terminalId),
  refund: (_root, { id }, ctx) => getRefund(ctx, id),
};

export const shiftMutationResolvers: MutationResolvers<RequestContext> = {
  openShift: (_root, { input }, ctx) => openShift(ctx, input),
  recordCashMovement: (_root, { input }, ctx) => recordCashMovement(ctx, input),
  closeShift: (_root, { input }, ctx) => closeShift(ctx, input),
  refundSale: (_root, { input }, ctx) => refundSale(ctx, input),
};

export const shiftResolvers: ShiftResolvers<RequestContext> = {
  __resolveReference: (ref, ctx) => getShift(ctx, ref.id),
  status: (shift) => shiftStatus(shift),
  overdue: (shift) => isOverdue(shift),
  // Live figures: a sale arriving late for a closed shift changes them. Null while open
  // (the X report carries the running expected cash).
  expectedCash: async (shift, _args, ctx) =>
    shift.closedAt ? ((await shiftFiguresLoader(ctx).load(shift.id))?.expectedCash ?? null) : null,
  cashDifference: async (shift, _args, ctx) => {
    if (!shift.closedAt || shift.countedCash === null) return null;
    const f = await shiftFiguresLoader(ctx).load(shift.id);
    return f ? shift.countedCash - f.expectedCash : null;
  },
  cashMovements: (shift, _args, ctx) => {
    requireShiftRead(ctx);
    return cashMovementsLoader(ctx).load(shift.id);
  },
  report: (shift, _args, ctx) => {
    requireShiftRead(ctx);
    return report(ctx, shift);
  },
  sales: (shift, args, ctx) =>
    listSales(ctx, { first: args.first, after: args.after, filter: { shiftId: shift.id } }),
};

export const refundResolvers: RefundResolvers<RequestContext> = {
  __resolveReference: (ref, ctx) => getRefund(ctx, ref.id),
  sale: async (refund, _args, ctx) => {
    const sale = await saleLoader(ctx).load(refund.saleId);
    if (!sale) throw new Error(`refund ${refund.id} has no sale`);
    return sale;
  },
  lines: (refund, _args, ctx) => refundLinesLoader(ctx).load(refund.id),
  payments: (refund, _args, ctx) => refundPaymentsLoader(ctx).load(refund.id),
};

/** `Sale.refunds`, oldest first. */
export const saleRefundsResolvers: Pick<SaleResolvers<RequestContext>, 'refunds'> = {
  refunds: (sale, _args, ctx) => saleRefundsLoader(ctx).load(sale.id),
};

/** Store is identity's entity; sales resolves a reference to its id and adds `shifts`. */
export const storeShiftResolvers: Pick<StoreResolvers<RequestContext>, '__resolveReference' | 'shifts'> = {
  __resolveReference: (ref) => ({ id: ref.id }),
  shifts: (store, args, ctx) =>
    listShifts(ctx, {
      first: args.first,
      after: args.after,
      filter: { storeId: store.id, status: args.status },
    }),
};
