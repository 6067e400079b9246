import type { RequestContext } from '@jowi/server-kit';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { auditLog, verifyChain } from '../services/audit.service.ts';

/** `auditLog` and `verifyAuditChain`; the service checks `audit:read`. */
export const auditQueryResolvers: Pick<QueryResolvers<RequestContext>, 'auditLog' | 'verifyAuditChain'> = {
  auditLog: (_root, args, ctx) => auditLog(ctx, args),
  verifyAuditChain: (_root, args, ctx) => verifyChain(ctx, args),
};
