import { forbidden, type RequestContext, requireTenant } from '@jowi/server-kit';

/** Back-office and POS readers of fiscal data: fiscal staff, or anyone who may read sales. */
export const READ_PERMISSIONS = ['fiscal:read', 'sales:read'] as const;
/** Recording receipts registered by a POS's fiscal module. */
export const WRITE_PERMISSION = 'fiscal:write';

/** The caller's tenant, if it holds at least one of `permissions` (or `*`); FORBIDDEN otherwise. */
export function requireAnyPermission(ctx: RequestContext, permissions: readonly string[]): string {
  const tenantId = requireTenant(ctx);
  const held = ctx.identity.permissions;
  if (held.includes('*') || permissions.some((p) => held.includes(p))) return tenantId;
  throw forbidden(`Missing permission: one of ${permissions.join(', ')}`);
}
