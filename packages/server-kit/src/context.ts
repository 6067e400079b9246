import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from './auth.ts';
import { inTenant } from './db.ts';
import { forbidden, unauthenticated } from './errors.ts';
import { publishEventsCommitted, takeEventsAppended } from './events.ts';
import { LoaderRegistry } from './loaders.ts';
import type { Logger } from './logger.ts';
import { ALL_PERMISSIONS, hasAnyPermission, hasPermission } from './permissions.ts';
import type { Redis } from './redis.ts';

/** What every resolver and service method receives first. Built fresh for each request. */
export interface RequestContext {
  identity: Identity;
  tenantId: string | null;
  traceId: string;
  log: Logger;
  loaders: LoaderRegistry;
  db: DataSource;
  redis: Redis | null;
  /**
   * Runs `work` in a transaction bound to this request's tenant (fails closed without one).
   * If it appended events, consumers are woken through Redis after the commit.
   */
  tx<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

export function createRequestContext(input: {
  identity: Identity;
  traceId: string;
  log: Logger;
  db: DataSource;
  redis: Redis | null;
}): RequestContext {
  const tenantId = input.identity.tenantId;
  const log = input.log.child({ traceId: input.traceId, tenantId });
  return {
    identity: input.identity,
    tenantId,
    traceId: input.traceId,
    log,
    loaders: new LoaderRegistry(),
    db: input.db,
    redis: input.redis,
    async tx(work) {
      let appended = false;
      const result = await inTenant(input.db, tenantId, async (manager) => {
        const value = await work(manager);
        appended = takeEventsAppended(manager);
        return value;
      });
      // After the commit, never before: a consumer woken earlier would not see the events yet.
      if (appended) void publishEventsCommitted(input.redis, input.db, log);
      return result;
    },
  };
}

/** The tenant of a signed-in caller; throws UNAUTHENTICATED for anonymous requests. */
export function requireTenant(ctx: RequestContext): string {
  if (!ctx.tenantId || ctx.identity.kind === 'anonymous') throw unauthenticated();
  return ctx.tenantId;
}

/**
 * The caller's tenant, if it holds `permission` (or the `*` wildcard). Otherwise throws
 * `FORBIDDEN` — the channel for a caller who may not call an operation at all, for queries and
 * mutations alike (docs/decisions.md, "Errors: one code, one channel").
 */
export function requirePermission(ctx: RequestContext, permission: string): string {
  const tenantId = requireTenant(ctx);
  if (!hasPermission(ctx.identity.permissions, permission)) {
    throw forbidden(`Missing permission ${permission}`);
  }
  return tenantId;
}

/** As {@link requirePermission}, for operations any one of `permissions` opens. */
export function requireAnyPermission(ctx: RequestContext, permissions: readonly string[]): string {
  const tenantId = requireTenant(ctx);
  if (!hasAnyPermission(ctx.identity.permissions, permissions)) {
    throw forbidden(`Missing permission: one of ${permissions.join(', ')}`);
  }
  return tenantId;
}

/**
 * Who is acting, as writes record it (audit actor, `created_by`, price history):
 * `staff:<id>`, `terminal:<id>`, `apikey:<id>`, or the bare kind (`system`, `anonymous`).
 */
export function actorOf(ctx: RequestContext): string {
  return ctx.identity.subject ? `${ctx.identity.kind}:${ctx.identity.subject}` : ctx.identity.kind;
}

/**
 * A context for trusted in-process work (seeding, event consumers, CLI tools): acts as the
 * tenant with every permission, still through the tenancy transaction and RLS.
 */
export function systemContext(input: {
  db: DataSource;
  tenantId: string;
  log: Logger;
  permissions?: string[];
}): RequestContext {
  return createRequestContext({
    identity: {
      kind: 'system',
      tenantId: input.tenantId,
      subject: null,
      roles: ['system'],
      permissions: input.permissions ?? [ALL_PERMISSIONS],
    },
    traceId: 'system',
    log: input.log,
    db: input.db,
    redis: null,
  });
}
