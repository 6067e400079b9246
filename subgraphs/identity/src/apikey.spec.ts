/**
 * API keys in identity: creation shows the secret once and stores only its hash; scopes are
 * validated; the internal verification route answers only the gateway, checks the hash,
 * refuses revoked keys and marks keys used (at most once a minute).
 */
import { createHash } from 'node:crypto';
import { DEMO_TENANTS } from '@jowi/demo-data';
import { generateSigningKeys, type Identity, type RunningService } from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY_VERIFY_PATH,
  applyDemoData,
  entities,
  migrations,
  PERMISSIONS,
  startIdentity,
} from './index.ts';

const [DEMO, DEMO2] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  const signing = await generateSigningKeys('identity-apikey-spec');
  await applyDemoData(await db.dataSource('identity', entities), DEMO_TENANTS);
  service = await startIdentity(
    testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: signing.privateJwk as Record<string, unknown> }),
  );
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

const ownerOf = (tenantId: string, permissions: string[] = [...PERMISSIONS]): Identity => ({
  kind: 'staff',
  tenantId,
  subject: owner.id,
  roles: ['owner'],
  permissions,
});
const GATEWAY: Identity = { kind: 'system', tenantId: null, subject: 'gateway', roles: [], permissions: [] };

interface KeyNode {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
const KEY_FIELDS = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  apiKey { ${KEY_FIELDS} } secret errors { code field } } }`;
const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) {
  apiKey { ${KEY_FIELDS} } errors { code } } }`;

async function gql<T>(query: string, variables: Record<string, unknown>, identity: Identity) {
  const res = await postGraphQL<T>(service.url, query, variables, await identityHeaders(keys, identity));
  return res.body;
}
async function createKey(name: string, scopes: string[], identity = ownerOf(DEMO.id)) {
  const body = await gql<{
    createApiKey: { apiKey: KeyNode | null; secret: string | null; errors: { code: string }[] };
  }>(CREATE, { input: { name, scopes } }, identity);
  expect(body.errors).toBeUndefined();
  return body.data!.createApiKey;
}

/** Calls the internal verification route as `caller` (default: the gateway). */
async function verify(key: unknown, caller: Identity | null = GATEWAY) {
  const headers: Record<string, string> = caller
    ? await identityHeaders(keys, caller)
    : { 'content-type': 'application/json' };
  const response = await fetch(new URL(API_KEY_VERIFY_PATH, service.url), {
    method: 'POST',
    headers,
    body: JSON.stringify({ key }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('API keys', () => {
  it('shows the secret once and stores only its SHA-256', async () => {
    const created = await createKey('1C export', ['read:catalog', 'read:sales', 'read:catalog']);
    expect(created.errors).toEqual([]);
    const { apiKey, secret } = created;
    expect(secret).toMatch(/^jowi_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: '1C export',
      prefix: secret!.slice(5, 13),
      scopes: ['read:catalog', 'read:sales'],
      lastUsedAt: null,
      revokedAt: null,
    });

    const rows = await db.admin<Record<string, unknown>>('SELECT * FROM identity.api_key WHERE id = $1', [
      apiKey!.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret_hash).toBe(createHash('sha256').update(secret!).digest('hex'));
    expect(rows[0]!.created_by).toBe(owner.id);
    // No column anywhere holds the secret or its random part.
    const dump = JSON.stringify(await db.admin('SELECT * FROM identity.api_key'));
    const directory = JSON.stringify(await db.admin('SELECT * FROM identity.api_key_directory'));
    for (const text of [dump, directory]) {
      expect(text).not.toContain(secret!);
      expect(text).not.toContain(secret!.slice(14));
    }

    // Lists show the key (never a secret: the type has no such field).
    const list = await gql<{ apiKeys: KeyNode[] }>(`{ apiKeys { ${KEY_FIELDS} } }`, {}, ownerOf(DEMO.id));
    expect(list.data?.apiKeys.map((k) => k.id)).toContain(apiKey!.id);
    const audit = await db.admin<{ action: string }>(
      'SELECT action FROM audit.entry WHERE tenant_id = $1 AND entity_id = $2',
      [DEMO.id, apiKey!.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['apikey.created']);
  });

  it('validates name and scopes, and needs apikeys:manage', async () => {
    expect((await createKey('x', ['read:catalog', 'admin:everything'])).errors.map((e) => e.code)).toEqual([
      'UNKNOWN_SCOPE',
    ]);
    expect((await createKey('x', [])).errors.map((e) => e.code)).toEqual(['NO_SCOPES']);
    expect((await createKey(' ', ['read:catalog'])).errors.map((e) => e.code)).toEqual(['INVALID_NAME']);
    // A key may not exceed its creator.
    const limited = ownerOf(DEMO.id, ['apikeys:manage', 'catalog:read']);
    expect((await createKey('x', ['write:catalog'], limited)).errors.map((e) => e.code)).toEqual([
      'SCOPE_NOT_HELD',
    ]);
    const denied = await gql(
      CREATE,
      { input: { name: 'x', scopes: ['read:catalog'] } },
      ownerOf(DEMO.id, ['catalog:read']),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await gql('{ apiKeys { id } }', {}, ownerOf(DEMO.id, ['catalog:read']));
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('verifies keys for the gateway only, and marks them used at most once a minute', async () => {
    const { apiKey, secret } = await createKey('POS sync', ['write:sales', 'read:catalog']);

    expect((await verify(secret, null)).status).toBe(401);
    expect((await verify(secret, ownerOf(DEMO.id))).status).toBe(401);
    expect((await verify(secret, { ...GATEWAY, subject: 'someone' })).status).toBe(401);
    expect((await verify(42)).status).toBe(400);

    const ok = await verify(secret);
    expect(ok).toEqual({
      status: 200,
      body: {
        tenantId: DEMO.id,
        keyId: apiKey!.id,
        scopes: ['read:catalog', 'write:sales'],
        permissions: ['catalog:read', 'sales:read', 'sales:sync'],
      },
    });
    const used = async () =>
      (
        await db.admin<{ last_used_at: Date | null }>(
          'SELECT last_used_at FROM identity.api_key WHERE id = $1',
          [apiKey!.id],
        )
      )[0]!.last_used_at;
    const first = await used();
    expect(first).toBeInstanceOf(Date);
    await verify(secret);
    expect(await used()).toEqual(first);

    // Same prefix, wrong rest; garbage; unknown prefix.
    const forged = `${secret!.slice(0, 14)}${'A'.repeat(43)}`;
    for (const bad of [forged, 'jowi_nope', `jowi_zzzzzzzz_${'B'.repeat(43)}`, '']) {
      expect(await verify(bad)).toEqual({ status: 404, body: { error: 'API_KEY_INVALID' } });
    }
  });

  it('refuses a revoked key and audits the revocation', async () => {
    const { apiKey, secret } = await createKey('Temporary', ['read:inventory']);
    expect((await verify(secret)).status).toBe(200);
    const revoked = await gql<{ revokeApiKey: { apiKey: KeyNode | null; errors: { code: string }[] } }>(
      REVOKE,
      { input: { id: apiKey!.id } },
      ownerOf(DEMO.id),
    );
    expect(revoked.data?.revokeApiKey.apiKey?.revokedAt).toBeTruthy();
    expect(await verify(secret)).toEqual({ status: 404, body: { error: 'API_KEY_INVALID' } });
    const again = await gql<{ revokeApiKey: { errors: { code: string }[] } }>(
      REVOKE,
      { input: { id: apiKey!.id } },
      ownerOf(DEMO.id),
    );
    expect(again.data?.revokeApiKey.errors.map((e) => e.code)).toEqual(['ALREADY_REVOKED']);
    const active = await gql<{ apiKeys: KeyNode[] }>('{ apiKeys { id } }', {}, ownerOf(DEMO.id));
    expect(active.data?.apiKeys.map((k) => k.id)).not.toContain(apiKey!.id);
    const all = await gql<{ apiKeys: KeyNode[] }>(
      '{ apiKeys(includeRevoked: true) { id } }',
      {},
      ownerOf(DEMO.id),
    );
    expect(all.data?.apiKeys.map((k) => k.id)).toContain(apiKey!.id);
    const audit = await db.admin<{ action: string }>(
      'SELECT action FROM audit.entry WHERE tenant_id = $1 AND entity_id = $2 ORDER BY seq',
      [DEMO.id, apiKey!.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['apikey.created', 'apikey.revoked']);
  });

  it("keeps each tenant's keys to itself", async () => {
    const { apiKey } = await createKey('Demo only', ['read:catalog']);
    const other = await gql<{ apiKeys: KeyNode[] }>(
      '{ apiKeys(includeRevoked: true) { id } }',
      {},
      ownerOf(DEMO2.id),
    );
    expect(other.data?.apiKeys).toEqual([]);
    const revoke = await gql<{ revokeApiKey: { errors: { code: string }[] } }>(
      REVOKE,
      { input: { id: apiKey!.id } },
      ownerOf(DEMO2.id),
    );
    expect(revoke.data?.revokeApiKey.errors.map((e) => e.code)).toEqual(['API_KEY_NOT_FOUND']);
    const malformed = await gql<{ revokeApiKey: { errors: { code: string }[] } }>(
      REVOKE,
      { input: { id: 'key-1' } },
      ownerOf(DEMO2.id),
    );
    expect(malformed.data?.revokeApiKey.errors.map((e) => e.code)).toEqual(['INVALID_ID']);
  });
});
