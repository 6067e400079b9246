import { DateTimeScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  listStores,
  me,
  resolveTenant,
  staffLoader,
  storeLoader,
  tenantOfRow,
  terminalLoader,
  terminalsByStoreLoader,
} from '../services/directory.service.ts';
import { languageOf, setMyPreferences } from '../services/preferences.service.ts';
import type { SessionService } from '../services/session.service.ts';
import { devicesByTerminalLoader } from '../services/store-admin.service.ts';
import type { TerminalService } from '../services/terminal.service.ts';
import { apiKeyMutationResolvers, apiKeyQueryResolvers } from './apikey.resolvers.ts';
import { auditQueryResolvers } from './audit.resolvers.ts';
import { eventConsumerMutationResolvers, eventConsumerQueryResolvers } from './event-consumers.resolvers.ts';
import { peopleMutationResolvers, peopleQueryResolvers } from './people.resolvers.ts';
import { roleMutationResolvers, roleQueryResolvers } from './role.resolvers.ts';
import { sessionMutationResolvers } from './session.resolvers.ts';

// Codegen maps Tenant/Store/Terminal/Staff to their entity rows; fields a row lacks
// (`Store.terminals`, `Terminal.store`, `Staff.tenant`) have resolvers below.
/** The identity resolvers; sessions are signed with the service's key. */
export function createResolvers(
  sessions: SessionService,
  terminals: TerminalService,
): Resolvers<RequestContext> {
  return {
    DateTime: DateTimeScalar,
    Query: {
      me: (_root, _args, ctx) => me(ctx),
      stores: (_root, args, ctx) => listStores(ctx, args),
      ...roleQueryResolvers,
      ...apiKeyQueryResolvers,
      ...auditQueryResolvers,
      ...eventConsumerQueryResolvers,
      ...peopleQueryResolvers,
    },
    Mutation: {
      ...sessionMutationResolvers(sessions, terminals),
      ...roleMutationResolvers,
      ...apiKeyMutationResolvers,
      ...eventConsumerMutationResolvers,
      ...peopleMutationResolvers,
      setMyPreferences: (_root, { input }, ctx) => setMyPreferences(ctx, input),
    },
    Tenant: {
      __resolveReference: (ref, ctx) => resolveTenant(ctx, ref.id),
    },
    Store: {
      __resolveReference: (ref, ctx) => storeLoader(ctx).load(ref.id),
      terminals: (store, _args, ctx) => terminalsByStoreLoader(ctx).load(store.id),
    },
    Terminal: {
      __resolveReference: (ref, ctx) => terminalLoader(ctx).load(ref.id),
      store: async (terminal, _args, ctx) => {
        const store = await storeLoader(ctx).load(terminal.storeId);
        // The foreign key guarantees the store; its absence means the row vanished mid-request.
        if (!store) throw new Error(`store of terminal ${terminal.id} not found`);
        return store;
      },
      devices: (terminal, _args, ctx) => devicesByTerminalLoader(ctx).load(terminal.id),
    },
    Staff: {
      __resolveReference: (ref, ctx) => staffLoader(ctx).load(ref.id),
      language: (staff) => languageOf(staff),
      tenant: async (staff, _args, ctx) => {
        const tenant = await tenantOfRow(ctx, staff);
        if (!tenant) throw new Error(`tenant of staff ${staff.id} not found`);
        return tenant;
      },
      hasPin: (staff) => staff.pinHash != null,
    },
  };
}
