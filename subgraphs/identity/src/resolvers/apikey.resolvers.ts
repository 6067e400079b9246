import type { RequestContext } from '@jowi/server-kit';
import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/apikey.service.ts';

/** `apiKeys`; the service checks `apikeys:manage`. */
export const apiKeyQueryResolvers: Pick<QueryResolvers<RequestContext>, 'apiKeys'> = {
  apiKeys: (_root, args, ctx) => listApiKeys(ctx, args),
};

/** Creating and revoking integrator keys; the service checks `apikeys:manage`. */
export const apiKeyMutationResolvers: Pick<
  MutationResolvers<RequestContext>,
  'createApiKey' | 'revokeApiKey'
> = {
  createApiKey: (_root, { input }, ctx) => createApiKey(ctx, input),
  revokeApiKey: (_root, { input }, ctx) => revokeApiKey(ctx, input),
};
