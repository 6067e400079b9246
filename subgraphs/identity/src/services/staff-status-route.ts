/**
 * `POST /internal/staff/status`: whether a staff member may still act, asked by the gateway each
 * time it verifies an access token afresh (its verdicts live at most 60 s), so a disabled
 * person's access tokens stop working within that time instead of at their expiry. Only the
 * gateway may call it (a gateway-signed `system` identity, as for `/internal/api-keys/verify`).
 * Body `{ "tenantId": uuid, "staffId": uuid }`; answers 200 `{ "active": boolean }` (false for
 * an unknown person), 400 for a bad body, 401 without the gateway's token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CryptoKey, IDENTITY_HEADER, inTenant, sendJson, verifyIdentity } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { readSmallBody } from './apikey-route.ts';
import { isStaffActive } from './staff.service.ts';

export const STAFF_STATUS_PATH = '/internal/staff/status';
const bodySchema = z.object({ tenantId: z.uuid(), staffId: z.uuid() });

/** The route handler for `startSubgraph({ routes })`. */
export function staffStatusRoute(deps: { gatewayKey: CryptoKey; db: () => DataSource | null }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== STAFF_STATUS_PATH) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED' }, { allow: 'POST' });
      return true;
    }
    const caller = await verifyIdentity(deps.gatewayKey, req.headers[IDENTITY_HEADER] as string | undefined);
    if (caller?.kind !== 'system' || caller.subject !== 'gateway') {
      sendJson(res, 401, { error: 'UNAUTHENTICATED' });
      return true;
    }
    const text = await readSmallBody(req);
    let parsed: ReturnType<typeof bodySchema.safeParse> | null = null;
    try {
      parsed = text ? bodySchema.safeParse(JSON.parse(text)) : null;
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      sendJson(res, 400, { error: 'BAD_REQUEST' });
      return true;
    }
    const db = deps.db();
    if (!db) {
      sendJson(res, 503, { error: 'NOT_READY' });
      return true;
    }
    const { tenantId, staffId } = parsed.data;
    const active = await inTenant(db, tenantId, (m) => isStaffActive(m, staffId));
    sendJson(res, 200, { active });
    return true;
  };
}
