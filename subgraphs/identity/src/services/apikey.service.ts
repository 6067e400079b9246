/**
 * Integrator API keys. A secret looks like `jowi_<prefix>_<rest>`: `prefix` is 8 random
 * lower-case alphanumerics, public (shown in lists, used to find the key), and `rest` is 32
 * random bytes (base64url). Only the SHA-256 of the whole secret is stored, and it is shown to
 * its creator exactly once.
 *
 * Why SHA-256 and not argon2 like passwords: the secret has 256 bits of entropy, so there is
 * nothing to brute-force offline and a slow hash would add no protection — while every API
 * call (modulo the gateway's short cache) pays for the verification.
 *
 * Keys act within their tenant only: verification finds the tenant from the prefix in
 * `api_key_directory`, then reads the key under that tenant's RLS.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  appendAudit,
  type EntityManager,
  inTenant,
  isUniqueViolation,
  isUuid,
  missingPermissions,
  newId,
  type RequestContext,
  requirePermission,
  type UserError,
} from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { type IdentityErrorCode, invalidId, userError } from '../errors/index.ts';
import { isApiKeyScope, permissionsForScopes } from './apikey-scopes.ts';

export const APIKEYS_MANAGE = 'apikeys:manage';
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SECRET_SHAPE = /^jowi_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
/** `last_used_at` is refreshed at most this often per key, so busy keys don't write on every call. */
const LAST_USED_RESOLUTION = '1 minute';
const MAX_LISTED = 500;

/** The `ApiKey` of the SDL. */
export interface ApiKeyNode {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Rows of an `UPDATE … RETURNING` (TypeORM answers UPDATE/DELETE with `[rows, count]`). */
async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

const KEY_COLUMNS =
  'id, name, prefix, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"';

/** Hex SHA-256 of a whole secret (see the module comment for why not argon2). */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh secret and its public prefix. */
export function newApiKeySecret(): { prefix: string; secret: string } {
  let prefix = '';
  for (let i = 0; i < 8; i += 1) prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return { prefix, secret: `jowi_${prefix}_${randomBytes(32).toString('base64url')}` };
}

/** The prefix of a string shaped like a Jowi API key secret, else null. */
export function prefixOfApiKey(secret: string): string | null {
  return SECRET_SHAPE.exec(secret)?.[1] ?? null;
}

interface CreatePayload {
  apiKey: ApiKeyNode | null;
  secret: string | null;
  errors: UserError[];
}
const failedCreate = (code: IdentityErrorCode, message: string, field: string): CreatePayload => ({
  apiKey: null,
  secret: null,
  errors: [userError(code, message, ['input', field])],
});

/** Where a freshly drawn prefix can collide with another key's (of this or another tenant). */
const PREFIX_TAKEN = ['api_key_directory_pkey', 'api_key_tenant_id_prefix_key'];

/** Creates a key; the payload carries the secret, which is never retrievable again. */
export async function createApiKey(
  ctx: RequestContext,
  input: { name: string; scopes: readonly string[] },
): Promise<CreatePayload> {
  const tenantId = requirePermission(ctx, APIKEYS_MANAGE);
  const name = input.name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (name.length === 0 || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    return failedCreate('INVALID_NAME', 'A key name is 1–100 printable characters', 'name');
  }
  if (input.scopes.length === 0)
    return failedCreate('NO_SCOPES', 'Give the key at least one scope', 'scopes');
  const unknown = input.scopes.filter((s) => !isApiKeyScope(s));
  if (unknown.length > 0 || input.scopes.length > 50) {
    return failedCreate('UNKNOWN_SCOPE', `Unknown scope: ${unknown.slice(0, 5).join(', ')}`, 'scopes');
  }
  const scopes = [...new Set(input.scopes)].sort();
  // A key may not do more than the person creating it.
  const notHeld = missingPermissions(ctx.identity.permissions, permissionsForScopes(scopes));
  if (notHeld.length > 0) {
    return failedCreate(
      'SCOPE_NOT_HELD',
      `You lack permissions these scopes need: ${notHeld.join(', ')}`,
      'scopes',
    );
  }
  const createdBy =
    ctx.identity.kind === 'staff' && isUuid(ctx.identity.subject ?? '') ? ctx.identity.subject : null;

  // A random 8-character prefix can collide with another tenant's; draw again (rare).
  for (let attempt = 1; ; attempt += 1) {
    const { prefix, secret } = newApiKeySecret();
    try {
      const apiKey = await ctx.tx(async (m) => {
        const id = newId();
        const rows: ApiKeyNode[] = await m.query(
          `INSERT INTO identity.api_key (tenant_id, id, name, prefix, secret_hash, scopes, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${KEY_COLUMNS}`,
          [tenantId, id, name, prefix, hashApiKeySecret(secret), scopes, createdBy],
        );
        await m.query(
          'INSERT INTO identity.api_key_directory (prefix, tenant_id, key_id) VALUES ($1, $2, $3)',
          [prefix, tenantId, id],
        );
        await appendAudit(m, {
          tenantId,
          actor: ctx.identity.subject,
          action: 'apikey.created',
          entityType: 'ApiKey',
          entityId: id,
          data: { name, prefix, scopes },
          source: 'identity',
        });
        return rows[0]!;
      });
      return { apiKey, secret, errors: [] };
    } catch (error) {
      const collided = PREFIX_TAKEN.some((constraint) => isUniqueViolation(error, constraint));
      if (!collided || attempt >= 5) throw error;
    }
  }
}

/** Revokes a key. The gateway may keep honouring it for its cache time (30 s by default). */
export async function revokeApiKey(
  ctx: RequestContext,
  input: { id: string },
): Promise<{ apiKey: ApiKeyNode | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, APIKEYS_MANAGE);
  const fail = (code: IdentityErrorCode, message: string) => ({
    apiKey: null,
    errors: [userError(code, message, ['input', 'id'])],
  });
  if (!isUuid(input.id)) return { apiKey: null, errors: [invalidId(['input', 'id'])] };
  return ctx.tx(async (m) => {
    const rows = await updateReturning<ApiKeyNode>(
      m,
      `UPDATE identity.api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`,
      [input.id],
    );
    const apiKey = rows[0];
    if (!apiKey) {
      const exists: unknown[] = await m.query('SELECT 1 FROM identity.api_key WHERE id = $1', [input.id]);
      return exists.length > 0
        ? fail('ALREADY_REVOKED', 'This API key is already revoked')
        : fail('API_KEY_NOT_FOUND', 'No such API key');
    }
    await appendAudit(m, {
      tenantId,
      actor: ctx.identity.subject,
      action: 'apikey.revoked',
      entityType: 'ApiKey',
      entityId: apiKey.id,
      data: { name: apiKey.name, prefix: apiKey.prefix },
      source: 'identity',
    });
    return { apiKey, errors: [] };
  });
}

/** The tenant's keys, newest first (at most 500). */
export async function listApiKeys(
  ctx: RequestContext,
  args: { includeRevoked?: boolean | null },
): Promise<ApiKeyNode[]> {
  requirePermission(ctx, APIKEYS_MANAGE);
  return ctx.tx((m) =>
    m.query(
      `SELECT ${KEY_COLUMNS} FROM identity.api_key WHERE ($1 OR revoked_at IS NULL)
       ORDER BY created_at DESC, id DESC LIMIT ${MAX_LISTED}`,
      [args.includeRevoked === true],
    ),
  );
}

/** What a valid key authenticates as. */
export interface VerifiedApiKey {
  tenantId: string;
  keyId: string;
  scopes: string[];
  permissions: string[];
}

/**
 * Checks a presented secret: known prefix, matching hash (compared in constant time), not
 * revoked. Marks the key used (at most once a minute). Returns null for anything else.
 */
export async function verifyApiKey(db: DataSource, secret: string): Promise<VerifiedApiKey | null> {
  const prefix = prefixOfApiKey(secret);
  if (!prefix) return null;
  // The directory is not tenant data: a plain transaction, no tenant needed.
  const entries: { tenantId: string; keyId: string }[] = await db.transaction((m) =>
    m.query(
      'SELECT tenant_id AS "tenantId", key_id AS "keyId" FROM identity.api_key_directory WHERE prefix = $1',
      [prefix],
    ),
  );
  const entry = entries[0];
  if (!entry) return null;
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  return inTenant(db, entry.tenantId, async (m) => {
    const rows: { secretHash: string; scopes: string[]; revokedAt: Date | null }[] = await m.query(
      'SELECT secret_hash AS "secretHash", scopes, revoked_at AS "revokedAt" FROM identity.api_key WHERE id = $1',
      [entry.keyId],
    );
    const row = rows[0];
    if (!row) return null;
    const stored = Buffer.from(row.secretHash, 'hex');
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
    if (row.revokedAt) return null;
    await m.query(
      `UPDATE identity.api_key SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}')`,
      [entry.keyId],
    );
    return {
      tenantId: entry.tenantId,
      keyId: entry.keyId,
      scopes: row.scopes,
      permissions: permissionsForScopes(row.scopes),
    };
  });
}
