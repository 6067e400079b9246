import type { RequestContext } from '@jowi/server-kit';
import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import type { SessionService } from '../services/session.service.ts';
import type { TerminalService } from '../services/terminal.service.ts';

type SessionMutations =
  | 'login'
  | 'refreshSession'
  | 'logout'
  | 'signOutEverywhere'
  | 'changePassword'
  | 'createTerminalPairingCode'
  | 'pairTerminal'
  | 'terminalPinLogin';

/** Sign-in, sessions, passwords and terminal pairing; the services check who may call. */
export function sessionMutationResolvers(
  sessions: SessionService,
  terminals: TerminalService,
): Pick<MutationResolvers<RequestContext>, SessionMutations> {
  return {
    login: (_root, { input }, ctx) => sessions.login(ctx, input),
    refreshSession: (_root, { input }, ctx) => sessions.refreshSession(ctx, input),
    logout: (_root, { input }, ctx) => sessions.logout(ctx, input),
    signOutEverywhere: (_root, _args, ctx) => sessions.signOutEverywhere(ctx),
    changePassword: (_root, { input }, ctx) => sessions.changePassword(ctx, input),
    createTerminalPairingCode: (_root, { input }, ctx) => terminals.createPairingCode(ctx, input),
    pairTerminal: (_root, { input }, ctx) => terminals.pair(ctx, input),
    terminalPinLogin: (_root, { input }, ctx) => terminals.pinLogin(ctx, input),
  };
}
