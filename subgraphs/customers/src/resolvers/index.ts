import { DateTimeScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { createCustomer, customerLoader, findByPhone } from '../services/customer.service.ts';

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Query: {
    customerByPhone: (_root, { phone }, ctx) => findByPhone(ctx, phone),
    customer: (_root, { id }, ctx) => customerLoader(ctx).load(id),
  },
  Mutation: {
    createCustomer: (_root, { input }, ctx) => createCustomer(ctx, input),
  },
  Customer: {
    __resolveReference: (ref, ctx) => customerLoader(ctx).load(ref.id),
  },
};
