import { DateTimeScalar, type RequestContext, type UserError } from '@jowi/server-kit';
import type { FiscalUserError, Resolvers } from '../__generated__/resolvers-types.ts';
import { deviceById, listDevices } from '../services/device.service.ts';
import { receiptById, receiptForSale, recordFiscalReceipt } from '../services/receipt.service.ts';

const toFiscalErrors = (errors: UserError[]): FiscalUserError[] =>
  errors.map(({ code, message, field }) => ({ code, message, field: field ?? null }));

/**
 * Resolvers in Apollo's shape (what codegen types). `__resolveReference` takes
 * `(reference, context, info)` here; `toMercuriusResolvers` adapts it to mercurius.
 */
export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Query: {
    fiscalReceipt: (_root, { saleId }, ctx) => receiptForSale(ctx, saleId),
    fiscalDevices: (_root, _args, ctx) => listDevices(ctx),
  },
  Mutation: {
    recordFiscalReceipt: async (_root, { input }, ctx) => {
      const result = await recordFiscalReceipt(ctx, input);
      return { fiscalReceipt: result.fiscalReceipt, errors: toFiscalErrors(result.errors) };
    },
  },
  // Sale is owned by the sales subgraph; a reference carries only its id, which is all we need.
  Sale: {
    fiscalReceipt: (sale, _args, ctx) => (sale.id ? receiptForSale(ctx, sale.id) : null),
  },
  FiscalReceipt: {
    __resolveReference: (ref, ctx) => receiptById(ctx, ref.id),
  },
  FiscalDevice: {
    __resolveReference: (ref, ctx) => deviceById(ctx, ref.id),
  },
};
