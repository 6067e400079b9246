import { DateTimeScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { WebhookSettings } from '../env.ts';
import { attemptsOf, listDeliveries, replayDelivery } from '../services/delivery.service.ts';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  updateEndpoint,
} from '../services/endpoint.service.ts';
import { WEBHOOK_EVENT_TYPES } from '../services/public-event.ts';

/** The resolvers, bound to the URL policy of this deployment (private addresses or not). */
export function createResolvers(
  settings: Pick<WebhookSettings, 'allowPrivateUrls'>,
): Resolvers<RequestContext> {
  const allowPrivate = settings.allowPrivateUrls;
  return {
    DateTime: DateTimeScalar,
    UserError: { __resolveType: () => 'UserErrorDetail' },
    Query: {
      webhookEndpoints: (_root, _args, ctx) => listEndpoints(ctx),
      webhookEventTypes: () => [...WEBHOOK_EVENT_TYPES],
      webhookDeliveries: (_root, args, ctx) => listDeliveries(ctx, args),
    },
    Mutation: {
      createWebhookEndpoint: (_root, { input }, ctx) => createEndpoint(ctx, input, allowPrivate),
      updateWebhookEndpoint: (_root, { input }, ctx) => updateEndpoint(ctx, input, allowPrivate),
      deleteWebhookEndpoint: (_root, { input }, ctx) => deleteEndpoint(ctx, input.id),
      replayWebhookDelivery: (_root, { input }, ctx) => replayDelivery(ctx, input.id),
    },
    WebhookDelivery: {
      attempts: (delivery, _args, ctx) => attemptsOf(ctx, delivery.id),
    },
  };
}
