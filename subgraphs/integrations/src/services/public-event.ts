/**
 * The public form of an event: what a webhook body (and later a subscription) carries. Event
 * payloads are public-ready by contract (`@jowi/events`), except a few integer strings in tiyin
 * marked `unit: 'tiyin'` in their schema's metadata: those become `Money` strings here, field by
 * field, by walking the contract's schema. Nothing is read from any table.
 */
import { EVENT_CONTRACTS, type EventType, type FieldUnit } from '@jowi/events';
import { formatMoney } from '@jowi/receipt';
import type { z } from 'zod';

/** The events an endpoint may subscribe to: the log's events that mean something to integrators. */
export const WEBHOOK_EVENT_TYPES = [
  'sale.created',
  'sale.refunded',
  'shift.closed',
  'stock.low',
  'fiscal.receipt.registered',
  'customer.merged',
  'catalog.product.upserted',
] as const satisfies readonly EventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (name: string): name is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(name);

/** Zod's internal definition, as far as walking a schema needs it. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** `value` (valid for `schema`) with every tiyin field turned into a Money string. */
function publicValue(schema: z.ZodType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if ((schema.meta() as FieldUnit | undefined)?.unit === 'tiyin' && typeof value === 'string') {
    return formatMoney(BigInt(value));
  }
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
    return publicValue(def.innerType, value);
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.map((item) => publicValue(element, item));
  }
  if (def.type === 'object' && def.shape && typeof value === 'object') {
    const shape = def.shape;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, field]) => [
        key,
        shape[key] ? publicValue(shape[key], field) : field,
      ]),
    );
  }
  return value;
}

/** An event as the log holds it, its payload parsed with its contract. */
export interface PublicEventSource {
  id: bigint;
  tenantId: string;
  type: WebhookEventType;
  payload: unknown;
  createdAt: Date;
}

/**
 * The webhook body of an event, as the exact string that is signed and POSTed:
 * `{ id, type, version, occurredAt, tenantId, data }` where `id` is the event's id in the log
 * (the same in every delivery and replay of it, so receivers can de-duplicate).
 */
export function webhookBody(event: PublicEventSource): string {
  const contract = EVENT_CONTRACTS[event.type];
  return JSON.stringify({
    id: event.id.toString(),
    type: event.type,
    version: contract.version,
    occurredAt: event.createdAt.toISOString(),
    tenantId: event.tenantId,
    data: publicValue(contract.schema, event.payload),
  });
}
