/**
 * Webhook endpoints: create (the secret is shown once), change, pause, delete, list. Input is
 * validated with zod first, then the URL against the SSRF policy (url-policy.ts); every change is
 * audited (which fields, never the secret).
 */
import {
  actorOf,
  appendAudit,
  isUuid,
  newId,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  returningRows,
  runWrite,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { type IntegrationsUserError, invalidId, userError } from '../errors/index.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './public-event.ts';
import { newWebhookSecret } from './signature.ts';
import { checkWebhookUrl } from './url-policy.ts';

/** Creating, changing and reading webhook endpoints and their deliveries. */
export const WEBHOOKS_MANAGE = 'webhooks:manage';

/** An endpoint row as the API shows it (`secret` only right after creation). */
export interface EndpointNode {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const ENDPOINT_COLUMNS = `id, url, events, description, NULL AS secret, active,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const eventsSchema = z
  .array(z.string())
  .min(1)
  .refine((names) => names.every(isWebhookEventType), {
    message: `events must be among ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  });
const descriptionSchema = z.string().max(500).nullable();

/** The fields both create and update may carry, checked; errors name the input field. */
async function checkFields(
  input: { url?: string | null; events?: string[] | null; description?: string | null },
  allowPrivateUrls: boolean,
): Promise<IntegrationsUserError[]> {
  const errors: IntegrationsUserError[] = [];
  if (input.url !== undefined && input.url !== null) {
    const verdict = await checkWebhookUrl(input.url, allowPrivateUrls);
    if (!verdict.ok) {
      errors.push(
        verdict.reason === 'INVALID_URL'
          ? userError('INVALID_URL', 'url must be an absolute http(s) URL of at most 2 000 characters', [
              'url',
            ])
          : userError(
              'URL_NOT_ALLOWED',
              'url points at a private, loopback or link-local address, which webhooks may not reach',
              ['url'],
            ),
      );
    }
  }
  if (input.events !== undefined && input.events !== null && !eventsSchema.safeParse(input.events).success) {
    errors.push(
      userError('INVALID_EVENTS', `events must list at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, [
        'events',
      ]),
    );
  }
  if (input.description !== undefined && !descriptionSchema.safeParse(input.description).success) {
    errors.push(
      userError('INVALID_DESCRIPTION', 'description must be at most 500 characters', ['description']),
    );
  }
  return errors;
}

const audit = (m: EntityManager, ctx: RequestContext, action: string, id: string, data: object) =>
  appendAudit(m, {
    tenantId: requirePermission(ctx, WEBHOOKS_MANAGE),
    actor: actorOf(ctx),
    action,
    entityType: 'webhook_endpoint',
    entityId: id,
    data: { ...data },
    source: 'integrations',
  });

export async function createEndpoint(
  ctx: RequestContext,
  input: { url: string; events: string[]; description?: string | null },
  allowPrivateUrls: boolean,
) {
  const tenantId = requirePermission(ctx, WEBHOOKS_MANAGE);
  const errors = await checkFields(input, allowPrivateUrls);
  if (errors.length) return { endpoint: null, errors };
  const id = newId();
  const secret = newWebhookSecret();
  const events = [...new Set(input.events)];
  const result = await runWrite(ctx, async (m) => {
    const rows: EndpointNode[] = await m.query(
      `INSERT INTO integrations.webhook_endpoint (tenant_id, id, url, events, description, secret)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [tenantId, id, input.url, events, input.description ?? null, secret],
    );
    await audit(m, ctx, 'webhook_endpoint.created', id, { url: input.url, events });
    return { ...rows[0]!, secret };
  });
  return payloadOf('endpoint', result);
}

export async function updateEndpoint(
  ctx: RequestContext,
  input: {
    id: string;
    url?: string | null;
    events?: string[] | null;
    description?: string | null;
    active?: boolean | null;
  },
  allowPrivateUrls: boolean,
) {
  requirePermission(ctx, WEBHOOKS_MANAGE);
  if (!isUuid(input.id)) return { endpoint: null, errors: [invalidId(['id'])] };
  const errors = await checkFields(input, allowPrivateUrls);
  if (errors.length) return { endpoint: null, errors };
  const sets: string[] = [];
  const params: unknown[] = [input.id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (input.url != null) set('url', input.url);
  if (input.events != null) set('events', [...new Set(input.events)]);
  if (input.description !== undefined) set('description', input.description);
  if (input.active != null) set('active', input.active);
  const result = await runWrite(ctx, async (m) => {
    const rows = await returningRows<EndpointNode>(
      m,
      `UPDATE integrations.webhook_endpoint SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      params,
    );
    if (!rows[0]) reject(userError('UNKNOWN_ENDPOINT', 'No such webhook endpoint in this tenant', ['id']));
    await audit(m, ctx, 'webhook_endpoint.updated', input.id, {
      fields: sets.map((s) => s.split(' = ')[0]),
    });
    return rows[0];
  });
  return payloadOf('endpoint', result);
}

export async function deleteEndpoint(ctx: RequestContext, id: string) {
  requirePermission(ctx, WEBHOOKS_MANAGE);
  if (!isUuid(id)) return { id: null, errors: [invalidId(['id'])] };
  const result = await runWrite(ctx, async (m) => {
    const rows = await returningRows<{ id: string }>(
      m,
      'DELETE FROM integrations.webhook_endpoint WHERE id = $1 RETURNING id',
      [id],
    );
    if (!rows[0]) reject(userError('UNKNOWN_ENDPOINT', 'No such webhook endpoint in this tenant', ['id']));
    await audit(m, ctx, 'webhook_endpoint.deleted', id, {});
    return id;
  });
  return payloadOf('id', result);
}

export async function listEndpoints(ctx: RequestContext): Promise<EndpointNode[]> {
  requirePermission(ctx, WEBHOOKS_MANAGE);
  return ctx.tx((m) =>
    m.query(`SELECT ${ENDPOINT_COLUMNS} FROM integrations.webhook_endpoint ORDER BY created_at, id`),
  );
}
