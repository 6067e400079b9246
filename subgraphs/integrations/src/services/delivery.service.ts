/**
 * Reading deliveries (newest first, keyset pages on `seq`), their attempts, and replaying one:
 * a replay is a new delivery of the same body and event id, queued after the endpoint's others.
 */
import {
  byKeys,
  decodeCursor,
  isUuid,
  newId,
  pageSize,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  toConnection,
} from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { invalidId, userError } from '../errors/index.ts';
import type { DeliveryNode, DeliveryStatus } from '../models/delivery.model.ts';
import { WEBHOOKS_MANAGE } from './endpoint.service.ts';

export interface AttemptNode {
  number: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const DELIVERY_COLUMNS = `id, seq::text AS seq, endpoint_id AS "endpointId", event_id::text AS "eventId",
  event_type AS event, status, attempts AS "attemptCount",
  CASE WHEN status = 'PENDING' THEN next_attempt_at END AS "nextAttemptAt", body,
  replay_of AS "replayOf", created_at AS "createdAt", delivered_at AS "deliveredAt"`;

export async function listDeliveries(
  ctx: RequestContext,
  args: {
    endpointId: string;
    filter?: { status?: DeliveryStatus | null; event?: string | null } | null;
    first?: number | null;
    after?: string | null;
  },
) {
  requirePermission(ctx, WEBHOOKS_MANAGE);
  const limit = pageSize(args.first);
  if (!isUuid(args.endpointId)) {
    throw new GraphQLError('endpointId must be a UUID', {
      extensions: { code: 'BAD_USER_INPUT', field: 'endpointId' },
    });
  }
  const [afterSeq] = decodeCursor(args.after, 1) ?? [];
  const params: unknown[] = [args.endpointId];
  const where = ['endpoint_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (afterSeq !== undefined) add('seq < ?::bigint', String(afterSeq));
  if (args.filter?.status) add('status = ?', args.filter.status);
  if (args.filter?.event) add('event_type = ?', args.filter.event);
  params.push(limit + 1);
  const rows: DeliveryNode[] = await ctx.tx((m) =>
    m.query(
      `SELECT ${DELIVERY_COLUMNS} FROM integrations.webhook_delivery
        WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    ),
  );
  return toConnection(rows, limit, (row) => [row.seq]);
}

/** A delivery's attempts, oldest first, batched per request. */
export function attemptsOf(ctx: RequestContext, deliveryId: string): Promise<AttemptNode[]> {
  return ctx.loaders
    .get<string, AttemptNode[]>('webhookAttempts', async (ids) => {
      const rows: (AttemptNode & { deliveryId: string })[] = await ctx.tx((m) =>
        m.query(
          `SELECT delivery_id AS "deliveryId", number, attempted_at AS "attemptedAt",
                  status_code AS "statusCode", latency_ms AS "latencyMs", error
             FROM integrations.webhook_attempt WHERE delivery_id = ANY($1::uuid[]) ORDER BY number`,
          [ids],
        ),
      );
      const grouped = new Map<string, AttemptNode[]>();
      for (const { deliveryId, ...attempt } of rows) {
        grouped.set(deliveryId, [...(grouped.get(deliveryId) ?? []), attempt]);
      }
      return byKeys(ids, [...grouped.entries()], ([id]) => id).map((entry) => entry?.[1] ?? []);
    })
    .load(deliveryId);
}

export async function replayDelivery(ctx: RequestContext, id: string) {
  requirePermission(ctx, WEBHOOKS_MANAGE);
  if (!isUuid(id)) return { delivery: null, errors: [invalidId(['id'])] };
  const result = await runWrite(ctx, async (m) => {
    const rows: DeliveryNode[] = await m.query(
      `INSERT INTO integrations.webhook_delivery (tenant_id, id, endpoint_id, event_id, event_type, body, replay_of)
       SELECT tenant_id, $2, endpoint_id, event_id, event_type, body, id
         FROM integrations.webhook_delivery WHERE id = $1
       RETURNING ${DELIVERY_COLUMNS}`,
      [id, newId()],
    );
    if (!rows[0]) reject(userError('UNKNOWN_DELIVERY', 'No such webhook delivery in this tenant', ['id']));
    return rows[0];
  });
  return payloadOf('delivery', result);
}
