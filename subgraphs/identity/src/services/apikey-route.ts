/**
 * `POST /internal/api-keys/verify`: how the gateway, which cannot read identity's tables,
 * checks an integrator's key. Only the gateway may call it: the request must carry a
 * gateway-signed identity token (`x-jowi-identity`, the same token and key subgraphs use for
 * GraphQL) of kind `system` with subject `gateway`. Body `{ "key": "jowi_…" }`.
 *
 * Answers: 200 `{ tenantId, keyId, scopes, permissions }`; 404 `{ error: "API_KEY_INVALID" }`
 * for an unknown, wrong or revoked key; 401 without a valid gateway token; 400 for a bad body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CryptoKey, IDENTITY_HEADER, type Logger, sendJson, verifyIdentity } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { verifyApiKey } from './apikey.service.ts';

export const API_KEY_VERIFY_PATH = '/internal/api-keys/verify';
/** A key is ~62 characters (a staff status body is smaller); anything much larger is not a verification request. */
const MAX_BODY_BYTES = 4096;

export async function readSmallBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The route handler for `startSubgraph({ routes })`. `db` returns identity's data source once
 * the service is up (null before: the route answers 503).
 */
export function apiKeyVerifyRoute(deps: {
  gatewayKey: CryptoKey;
  db: () => DataSource | null;
  log: () => Logger | null;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== API_KEY_VERIFY_PATH) return false;
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
    let key: unknown;
    try {
      key = text ? (JSON.parse(text) as { key?: unknown }).key : undefined;
    } catch {
      key = undefined;
    }
    if (typeof key !== 'string') {
      sendJson(res, 400, { error: 'BAD_REQUEST' });
      return true;
    }
    const db = deps.db();
    if (!db) {
      sendJson(res, 503, { error: 'NOT_READY' });
      return true;
    }
    const verified = await verifyApiKey(db, key);
    if (!verified) {
      deps.log()?.info('api key verification failed');
      sendJson(res, 404, { error: 'API_KEY_INVALID' });
      return true;
    }
    sendJson(res, 200, verified);
    return true;
  };
}
