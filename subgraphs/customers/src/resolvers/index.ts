import { CalendarDateScalar, DateTimeScalar, MoneyScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { CustomerNode } from '../entities/customer.entity.ts';
import {
  createCustomer,
  customerLoader,
  findByPhone,
  listCustomers,
  liveCustomer,
  maskPhone,
  mayReadPhones,
  mergedFromLoader,
  updateCustomer,
} from '../services/customer.service.ts';
import { syncCustomers } from '../services/customer-sync.service.ts';
import {
  accountLoader,
  adjustLoyaltyPoints,
  ledgerPage,
  loyaltyTier,
  saleLoyaltyLoader,
} from '../services/loyalty.service.ts';
import {
  currentProgram,
  loyaltyQuote,
  programVersions,
  setLoyaltyProgram,
  validateRedemption,
} from '../services/loyalty-program.service.ts';
import { mergeCustomers } from '../services/merge.service.ts';

// Payloads and connections carry customer rows (codegen maps Customer → CustomerNode), which the
// `Customer` field resolvers below turn into the API type.
const revealed = (ctx: RequestContext, row: CustomerNode) => Boolean(row.phoneRevealed) || mayReadPhones(ctx);

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Date: CalendarDateScalar,
  UserError: {
    __resolveType: (error) => error.__typename ?? 'UserErrorDetail',
  },
  Query: {
    customerByPhone: (_root, { phone }, ctx) => findByPhone(ctx, phone),
    customer: (_root, { id }, ctx) => customerLoader(ctx).load(id),
    customers: (_root, args, ctx) => listCustomers(ctx, args),
    loyaltyProgram: (_root, _args, ctx) => currentProgram(ctx),
    loyaltyProgramVersions: (_root, { last }, ctx) => programVersions(ctx, last),
    loyaltyQuote: (_root, { customerId, total }, ctx) => loyaltyQuote(ctx, customerId, total),
    validateRedemption: (_root, { input }, ctx) => validateRedemption(ctx, input),
  },
  Mutation: {
    createCustomer: (_root, { input }, ctx) => createCustomer(ctx, input),
    updateCustomer: (_root, { input }, ctx) => updateCustomer(ctx, input),
    mergeCustomers: (_root, { input }, ctx) => mergeCustomers(ctx, input),
    syncCustomers: (_root, { input }, ctx) => syncCustomers(ctx, input),
    setLoyaltyProgram: (_root, { input }, ctx) => setLoyaltyProgram(ctx, input),
    adjustLoyaltyPoints: (_root, { input }, ctx) => adjustLoyaltyPoints(ctx, input),
  },
  Customer: {
    __resolveReference: (ref, ctx) => customerLoader(ctx).load(ref.id),
    phone: (row, _args, ctx) => (revealed(ctx, row) ? row.phone : maskPhone(row.phone)),
    phoneRevealed: (row, _args, ctx) => revealed(ctx, row),
    tags: (row) => row.tags ?? [],
    mergedFrom: (row, _args, ctx) => mergedFromLoader(ctx).load(row.id),
    mergedInto: (row, _args, ctx) => (row.mergedIntoId ? customerLoader(ctx).load(row.mergedIntoId) : null),
    loyalty: (row, _args, ctx) => accountLoader(ctx).load(row.id),
  },
  CustomerLoyalty: {
    tier: (view, _args, ctx) => loyaltyTier(ctx, view),
    ledger: (view, args, ctx) => ledgerPage(ctx, view.customerId, args),
  },
  Sale: {
    customer: (sale, _args, ctx) => (sale.customerId ? liveCustomer(ctx, sale.customerId) : null),
    loyalty: (sale, _args, ctx) => (sale.id ? saleLoyaltyLoader(ctx).load(sale.id) : null),
  },
};
