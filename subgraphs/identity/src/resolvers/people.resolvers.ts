import type { RequestContext } from '@jowi/server-kit';
import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import {
  createStaff,
  listStaff,
  setStaffActive,
  setStaffPin,
  updateStaff,
} from '../services/staff.service.ts';
import {
  createStore,
  createTerminal,
  deactivateStore,
  listTerminals,
  revokeTerminalDevice,
  setTerminalActive,
  updateStore,
  updateTerminal,
} from '../services/store-admin.service.ts';

/** `staffMembers` (`staff:manage`) and `terminals` (`terminals:manage`); the services check. */
export const peopleQueryResolvers: Pick<QueryResolvers<RequestContext>, 'staffMembers' | 'terminals'> = {
  staffMembers: (_root, args, ctx) => listStaff(ctx, args),
  terminals: (_root, args, ctx) => listTerminals(ctx, args),
};

/** Staff, stores, terminals and devices as the back office administers them. */
export const peopleMutationResolvers: Pick<
  MutationResolvers<RequestContext>,
  | 'createStaff'
  | 'updateStaff'
  | 'setStaffPin'
  | 'disableStaff'
  | 'enableStaff'
  | 'createStore'
  | 'updateStore'
  | 'deactivateStore'
  | 'createTerminal'
  | 'updateTerminal'
  | 'deactivateTerminal'
  | 'activateTerminal'
  | 'revokeTerminalDevice'
> = {
  createStaff: (_root, { input }, ctx) => createStaff(ctx, input),
  updateStaff: (_root, { input }, ctx) => updateStaff(ctx, input),
  setStaffPin: (_root, { input }, ctx) => setStaffPin(ctx, input),
  disableStaff: (_root, { input }, ctx) => setStaffActive(ctx, input, false),
  enableStaff: (_root, { input }, ctx) => setStaffActive(ctx, input, true),
  createStore: (_root, { input }, ctx) => createStore(ctx, input),
  updateStore: (_root, { input }, ctx) => updateStore(ctx, input),
  deactivateStore: (_root, { input }, ctx) => deactivateStore(ctx, input),
  createTerminal: (_root, { input }, ctx) => createTerminal(ctx, input),
  updateTerminal: (_root, { input }, ctx) => updateTerminal(ctx, input),
  deactivateTerminal: (_root, { input }, ctx) => setTerminalActive(ctx, input, false),
  activateTerminal: (_root, { input }, ctx) => setTerminalActive(ctx, input, true),
  revokeTerminalDevice: (_root, { input }, ctx) => revokeTerminalDevice(ctx, input),
};
