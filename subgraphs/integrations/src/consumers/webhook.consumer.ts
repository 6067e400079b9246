/**
 * The delivery consumer: turns the event log into webhook deliveries. For each batch of a
 * tenant's events it loads the tenant's endpoints once and inserts one delivery per (event,
 * endpoint subscribed to its type, created before the event), in log order — which is the order
 * the sender keeps per endpoint. The body is built here, once, from the event's contract (its
 * public form), so a delivery and all its retries and replays carry the same bytes.
 *
 * Exactly-once insertion comes from the consumer runner (cursor moved in the same transaction)
 * and, underneath, the unique (endpoint, event) index: a replayed batch inserts nothing.
 * Delivery to the receiver is at least once (see delivery-worker.ts).
 */
import { type ContractEvent, defineConsumer, newId } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { WEBHOOK_EVENT_TYPES, webhookBody } from '../services/public-event.ts';

/** Cursor key of the consumer (runtime role + name). */
export const WEBHOOK_CONSUMER = 'jowi_integrations:webhooks';

type WebhookEvent = ContractEvent<(typeof WEBHOOK_EVENT_TYPES)[number]>;

interface EndpointSubscription {
  id: string;
  events: string[];
  createdAt: Date;
}

/** Which deliveries a tenant's events make, in event order then endpoint order. */
function deliveriesFor(events: readonly WebhookEvent[], endpoints: EndpointSubscription[]) {
  return events.flatMap((event) => {
    const targets = endpoints.filter((e) => e.events.includes(event.type) && e.createdAt <= event.createdAt);
    if (targets.length === 0) return [];
    const body = webhookBody(event);
    return targets.map((endpoint) => ({ endpointId: endpoint.id, event, body }));
  });
}

async function insertDeliveries(m: EntityManager, events: readonly WebhookEvent[]): Promise<void> {
  const endpoints: EndpointSubscription[] = await m.query(
    'SELECT id, events, created_at AS "createdAt" FROM integrations.webhook_endpoint',
  );
  const rows = deliveriesFor(events, endpoints);
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO integrations.webhook_delivery (tenant_id, id, endpoint_id, event_id, event_type, body)
     SELECT jowi.current_tenant(), d.id, d.endpoint_id, d.event_id, d.event_type, d.body
       FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY
            AS d(id, endpoint_id, event_id, event_type, body, n)
      ORDER BY d.n
     ON CONFLICT DO NOTHING`,
    [
      rows.map(() => newId()),
      rows.map((r) => r.endpointId),
      rows.map((r) => r.event.id.toString()),
      rows.map((r) => r.event.type),
      rows.map((r) => r.body),
    ],
  );
}

export const webhookConsumer = defineConsumer({
  name: WEBHOOK_CONSUMER,
  types: WEBHOOK_EVENT_TYPES,
  batchSize: 500,
  handleBatch: (m, events) => insertDeliveries(m, events),
});
