import type { RequestContext } from '@jowi/server-kit';
import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import { eventConsumers, parkedEvents, retryParkedEvents } from '../services/event-consumers.service.ts';

/** `eventConsumers` and `parkedEvents`; the service checks `events:manage`. */
export const eventConsumerQueryResolvers: Pick<
  QueryResolvers<RequestContext>,
  'eventConsumers' | 'parkedEvents'
> = {
  eventConsumers: (_root, _args, ctx) => eventConsumers(ctx),
  parkedEvents: (_root, args, ctx) => parkedEvents(ctx, args),
};

/** `retryParkedEvents`; the service checks `events:manage`. */
export const eventConsumerMutationResolvers: Pick<MutationResolvers<RequestContext>, 'retryParkedEvents'> = {
  retryParkedEvents: (_root, { input }, ctx) => retryParkedEvents(ctx, input),
};
