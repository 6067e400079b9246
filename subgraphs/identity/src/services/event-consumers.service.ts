/**
 * Operators' view of the event consumers of every service (`eventConsumers`, `parkedEvents`) and
 * the retry of parked events (`retryParkedEvents`), owners only (`events:manage`).
 *
 * Why here: consumers run in sales, inventory, customers and fiscal, but their cursors and parked
 * events live in the shared `events` schema, which every runtime role may read under RLS. Identity
 * runs no consumer, so RLS shows its role exactly the caller's tenant: its events, its parked
 * events. The mutation only marks rows `RETRY_REQUESTED` and wakes the consumers; each consumer
 * applies its own requests, exactly once (server-kit's parking.ts). See docs/decisions.md,
 * "Exactly-once consumers".
 */
import {
  appendAudit,
  type Connection,
  type ConsumerStatus,
  listConsumerStatus,
  listParkedEvents,
  type ParkedEventRow,
  type ParkedState,
  pageSize,
  publishEventsCommitted,
  type RequestContext,
  requestRetry,
  requirePermission,
} from '@jowi/server-kit';
import { type IdentityUserError, userError } from '../errors/index.ts';

export const EVENTS_MANAGE = 'events:manage';

/** `EventConsumer` as the API shows it. */
export interface EventConsumerNode {
  name: string;
  service: string;
  types: string[];
  eventsBehind: number;
  secondsBehind: number;
  parkedCount: number;
  failingCount: number;
}

/** `ParkedEvent` as the API shows it. */
export interface ParkedEventNode {
  id: string;
  consumer: string;
  eventId: string;
  tenantId: string;
  type: string;
  status: ParkedState;
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  parkedAt: Date | null;
  retryRequestedAt: Date | null;
}

/** `ParkedEvent.id`: the consumer and the event id, opaque to clients. */
const parkedId = (consumer: string, eventId: bigint | string) =>
  Buffer.from(`${consumer}#${eventId}`).toString('base64url');

function parseParkedId(id: string): { consumer: string; eventId: bigint } | null {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^(jowi_[a-z]+:[\w.-]+)#(\d{1,19})$/.exec(text);
  return match ? { consumer: match[1]!, eventId: BigInt(match[2]!) } : null;
}

const toConsumerNode = (c: ConsumerStatus): EventConsumerNode => ({
  name: c.name,
  service: c.name.split(':')[0]!.replace(/^jowi_/, ''),
  types: c.types ?? [],
  eventsBehind: c.eventsBehind,
  secondsBehind: c.secondsBehind,
  parkedCount: c.parked,
  failingCount: c.failing,
});

const toParkedNode = (row: ParkedEventRow): ParkedEventNode => ({
  id: parkedId(row.consumer, row.eventId),
  consumer: row.consumer,
  eventId: row.eventId.toString(),
  tenantId: row.tenantId,
  type: row.type,
  status: row.state,
  error: row.error,
  attempts: row.attempts,
  firstFailedAt: row.firstFailedAt,
  lastFailedAt: row.lastFailedAt,
  parkedAt: row.parkedAt,
  retryRequestedAt: row.retryRequestedAt,
});

/** `eventConsumers`: every consumer with a cursor, with the tenant's lag and parked counts. */
export async function eventConsumers(ctx: RequestContext): Promise<EventConsumerNode[]> {
  requirePermission(ctx, EVENTS_MANAGE);
  return (await ctx.tx((m) => listConsumerStatus(m))).map(toConsumerNode);
}

/** `parkedEvents`: the tenant's failing and parked events, newest event first. */
export async function parkedEvents(
  ctx: RequestContext,
  args: {
    filter?: { consumer?: string | null; status?: ParkedState | null } | null;
    first?: number | null;
    after?: string | null;
  },
): Promise<Connection<ParkedEventNode>> {
  requirePermission(ctx, EVENTS_MANAGE);
  const first = pageSize(args.first);
  const filter = {
    consumer: args.filter?.consumer,
    states: args.filter?.status ? [args.filter.status] : null,
  };
  const page = await ctx.tx((m) => listParkedEvents(m, filter, { first, after: args.after }));
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toParkedNode(e.node) })) };
}

/**
 * `retryParkedEvents`: marks the tenant's parked events (those named, or all, of `consumer` when
 * given) for a retry, audits it, and wakes the consumers after the commit.
 */
export async function retryParkedEvents(
  ctx: RequestContext,
  input: { ids?: readonly string[] | null; consumer?: string | null },
): Promise<{ events: ParkedEventNode[]; errors: IdentityUserError[] }> {
  const tenantId = requirePermission(ctx, EVENTS_MANAGE);
  const errors: IdentityUserError[] = [];
  const named = input.ids?.map((id, i) => {
    const parsed = parseParkedId(id);
    if (!parsed) errors.push(userError('INVALID_ID', 'Not a ParkedEvent id', ['input', 'ids', String(i)]));
    return parsed;
  });
  if (errors.length > 0) return { events: [], errors };
  const events = named?.filter((e) => e !== null) ?? null;
  const marked = await ctx.tx(async (m) => {
    const rows = await requestRetry(m, {
      events,
      consumer: input.consumer,
      requestedBy: ctx.identity.subject,
    });
    if (rows.length > 0) {
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'parked-events.retry-requested',
        entityType: 'ParkedEvent',
        entityId: null,
        data: {
          events: rows.map((r) => ({ consumer: r.consumer, eventId: r.eventId.toString(), type: r.type })),
        },
        source: 'identity',
      });
    }
    return rows;
  });
  if (marked.length > 0) await publishEventsCommitted(ctx.redis, ctx.db, ctx.log);
  const markedIds = new Set(marked.map((r) => parkedId(r.consumer, r.eventId)));
  input.ids?.forEach((id, i) => {
    if (!markedIds.has(id)) {
      errors.push(
        userError(
          'NOT_PARKED',
          'No parked event of this tenant with this id (or its retry is already requested)',
          ['input', 'ids', String(i)],
        ),
      );
    }
  });
  return { events: marked.map(toParkedNode), errors };
}
