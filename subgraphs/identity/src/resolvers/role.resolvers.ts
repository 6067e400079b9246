import type { RequestContext } from '@jowi/server-kit';
import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import {
  assignStaffRoles,
  createRole,
  listPermissions,
  listRoles,
  updateRole,
} from '../services/role.service.ts';

/** `roles` and `permissions`; the service checks `staff:manage`. */
export const roleQueryResolvers: Pick<QueryResolvers<RequestContext>, 'roles' | 'permissions'> = {
  roles: (_root, _args, ctx) => listRoles(ctx),
  permissions: (_root, _args, ctx) => listPermissions(ctx),
};

/** Custom roles and role assignment; the service checks `staff:manage` and the owner rules. */
export const roleMutationResolvers: Pick<
  MutationResolvers<RequestContext>,
  'createRole' | 'updateRole' | 'assignStaffRoles'
> = {
  createRole: (_root, { input }, ctx) => createRole(ctx, input),
  updateRole: (_root, { input }, ctx) => updateRole(ctx, input),
  assignStaffRoles: (_root, { input }, ctx) => assignStaffRoles(ctx, input),
};
