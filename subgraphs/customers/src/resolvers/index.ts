import { CalendarDateScalar, DateTimeScalar, MoneyScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  type CustomerNode,
  createCustomer,
  customerLoader,
  findByPhone,
  listCustomers,
  liveCustomer,
  maskPhone,
  mayReadPhones,
  updateCustomer,
} from '../services/customer.service.ts';
import {
  accountLoader,
  adjustLoyaltyPoints,
  type LoyaltyView,
  ledgerPage,
  loyaltyTier,
  saleLoyaltyLoader,
} from '../services/loyalty.service.ts';
import {
  currentProgram,
  loyaltyQuote,
  setLoyaltyProgram,
  validateRedemption,
} from '../services/loyalty-program.service.ts';
import { mergeCustomers } from '../services/merge.service.ts';

const customer = (parent: unknown) => parent as CustomerNode;
/**
 * Payloads and connections carry customer rows (`CustomerNode`), which the `Customer` field
 * resolvers below turn into the API type; codegen has no mapper for customers' types, so the
 * generated payload types expect the fully resolved `Customer` and need this cast.
 */
const rows = <T>(value: Promise<T>) => value as Promise<never>;
const revealed = (ctx: RequestContext, row: CustomerNode) => Boolean(row.phoneRevealed) || mayReadPhones(ctx);

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Date: CalendarDateScalar,
  UserError: {
    __resolveType: (error) =>
      ((error as { __typename?: string }).__typename ?? 'UserErrorDetail') as
        | 'UserErrorDetail'
        | 'InsufficientPointsError'
        | 'OverMaxShareError',
  },
  Query: {
    customerByPhone: (_root, { phone }, ctx) => findByPhone(ctx, phone),
    customer: (_root, { id }, ctx) => customerLoader(ctx).load(id),
    customers: (_root, args, ctx) => rows(listCustomers(ctx, args)),
    loyaltyProgram: (_root, _args, ctx) => currentProgram(ctx),
    loyaltyQuote: (_root, { customerId, total }, ctx) => loyaltyQuote(ctx, customerId, total),
    validateRedemption: (_root, { input }, ctx) => validateRedemption(ctx, input),
  },
  Mutation: {
    createCustomer: (_root, { input }, ctx) => rows(createCustomer(ctx, input)),
    updateCustomer: (_root, { input }, ctx) => rows(updateCustomer(ctx, input)),
    mergeCustomers: (_root, { input }, ctx) => rows(mergeCustomers(ctx, input)),
    setLoyaltyProgram: (_root, { input }, ctx) => setLoyaltyProgram(ctx, input),
    adjustLoyaltyPoints: (_root, { input }, ctx) => rows(adjustLoyaltyPoints(ctx, input)),
  },
  Customer: {
    __resolveReference: (ref, ctx) => customerLoader(ctx).load(ref.id),
    phone: (parent, _args, ctx) => {
      const row = customer(parent);
      return revealed(ctx, row) ? row.phone : maskPhone(row.phone);
    },
    phoneRevealed: (parent, _args, ctx) => revealed(ctx, customer(parent)),
    tags: (parent) => customer(parent).tags ?? [],
    mergedInto: (parent, _args, ctx) => {
      const id = customer(parent).mergedIntoId;
      return id ? customerLoader(ctx).load(id) : null;
    },
    loyalty: (parent, _args, ctx) => accountLoader(ctx).load(customer(parent).id),
  },
  CustomerLoyalty: {
    tier: (parent, _args, ctx) => loyaltyTier(ctx, parent as LoyaltyView),
    ledger: (parent, args, ctx) => ledgerPage(ctx, (parent as LoyaltyView).customerId, args),
  },
  Sale: {
    customer: (sale, _args, ctx) => {
      const id = (sale as { customerId?: string | null }).customerId;
      return id ? liveCustomer(ctx, id) : null;
    },
    loyalty: (sale, _args, ctx) => (sale.id ? saleLoyaltyLoader(ctx).load(sale.id) : null),
  },
};
