import { DateTimeScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { StaffRow } from '../entities/staff.entity.ts';
import type { StoreRow } from '../entities/store.entity.ts';
import type { TerminalRow } from '../entities/terminal.entity.ts';
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
import type { SessionService } from '../services/session.service.ts';

/**
 * Parents of entity fields are always rows this subgraph loaded; the generated types only know
 * the GraphQL shape (`Partial<Store>`), so this names the row type the resolver really receives.
 */
const row = <T>(parent: object): T => parent as T;

/**
 * The reverse direction: a row (or a payload holding rows) returned where the generated types
 * expect the full GraphQL object. Nested fields the row lacks (`Store.terminals`, `Staff.tenant`)
 * have their own resolvers. Remove both helpers once codegen maps these types to entity rows.
 */
const mapped = <T>(value: unknown): T => value as T;

/** The identity resolvers; sessions are signed with the service's key. */
export function createResolvers(sessions: SessionService): Resolvers<RequestContext> {
  return {
    DateTime: DateTimeScalar,
    Query: {
      me: (_root, _args, ctx) => me(ctx),
      stores: async (_root, args, ctx) => mapped(await listStores(ctx, args)),
    },
    Mutation: {
      login: async (_root, { input }, ctx) => mapped(await sessions.login(ctx, input)),
      refreshSession: async (_root, { input }, ctx) => mapped(await sessions.refreshSession(ctx, input)),
    },
    Tenant: {
      __resolveReference: (ref, ctx) => resolveTenant(ctx, ref.id),
    },
    Store: {
      __resolveReference: (ref, ctx) => storeLoader(ctx).load(ref.id),
      terminals: (store, _args, ctx) => terminalsByStoreLoader(ctx).load(row<StoreRow>(store).id),
    },
    Terminal: {
      __resolveReference: (ref, ctx) => terminalLoader(ctx).load(ref.id),
      store: async (terminal, _args, ctx) => {
        const store = await storeLoader(ctx).load(row<TerminalRow>(terminal).storeId);
        // The foreign key guarantees the store; its absence means the row vanished mid-request.
        if (!store) throw new Error(`store of terminal ${row<TerminalRow>(terminal).id} not found`);
        return store;
      },
    },
    Staff: {
      __resolveReference: (ref, ctx) => staffLoader(ctx).load(ref.id),
      tenant: async (staff, _args, ctx) => {
        const tenant = await tenantOfRow(ctx, row<StaffRow>(staff));
        if (!tenant) throw new Error(`tenant of staff ${row<StaffRow>(staff).id} not found`);
        return tenant;
      },
    },
  };
}
