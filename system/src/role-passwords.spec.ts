/**
 * Least privilege for database logins, on a PostgreSQL of its own that checks passwords (the
 * shared test server trusts every local login, so passwords could not be told apart there, and
 * roles are cluster-wide: changing them there would disturb every other spec). Migrations set each
 * runtime role's own password; a subgraph given only the database's address and its own password
 * serves; one role's password opens no other role; re-running migrations rotates a password.
 */

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCatalog } from '@jowi/catalog';
import {
  databaseAddress,
  databaseUrl,
  migrate,
  parseConfig,
  RUNTIME_SERVICES,
  type RuntimeService,
  roleUrl,
  runtimeRole,
  SUBGRAPHS,
  type SubgraphName,
  subgraphEnvSchema,
} from '@jowi/server-kit';
import { createTestKeys } from '@jowi/server-kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded-pg.ts';
import { ALL_MIGRATIONS } from './stack.ts';

const passwords = Object.fromEntries(SUBGRAPHS.map((name) => [name, `pw-${name}-only`])) as Record<
  SubgraphName,
  string
>;
let server: EmbeddedServer;
let dir: string;
let adminUrl: string;

/** Logs in as `service`'s role with `password`: the role's name, or the PostgreSQL error code. */
async function login(service: RuntimeService, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: roleUrl(adminUrl, runtimeRole(service), password) });
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
    return rows[0]!.user;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jowi-roles-'));
  chmodSync(dir, 0o755);
  server = await startEmbeddedPostgres(dir, 0, false);
  const root = new pg.Client({ connectionString: server.adminUrl });
  await root.connect();
  await root.query('CREATE DATABASE jowi');
  await root.end();
  adminUrl = databaseUrl(server.adminUrl, 'jowi');
  await migrate({ adminUrl, subgraphs: ALL_MIGRATIONS, rolePassword: passwords });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('runtime role passwords (scram-sha-256)', () => {
  it('lets each role in with its own password and with no other', async () => {
    for (const name of SUBGRAPHS) {
      expect(await login(name, passwords[name]), name).toBe(runtimeRole(name));
      const other = SUBGRAPHS.find((n) => n !== name)!;
      expect(await login(name, passwords[other]), `${name} with ${other}'s password`).toBe('28P01');
    }
    // The gateway's role was given no password: no password opens it.
    expect(RUNTIME_SERVICES).toContain('gateway');
    expect(await login('gateway', passwords.sales)).toBe('28P01');
  });

  it('starts a subgraph from the database address and its own password alone', async () => {
    const keys = await createTestKeys();
    const address = databaseAddress(adminUrl);
    expect(new URL(address).password).toBe('');
    // Exactly what a container of docker/compose.yaml is given, through the services' env schema.
    const env = (password: string) =>
      parseConfig(subgraphEnvSchema, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: '0',
        DATABASE_URL: address,
        DB_ROLE_PASSWORD: password,
        GATEWAY_PUBLIC_JWK: JSON.stringify(keys.gateway.publicJwk),
      });
    const catalog = await startCatalog(env(passwords.catalog));
    try {
      const health = await fetch(catalog.url.replace('/graphql', '/health'));
      expect(health.status).toBe(200);
    } finally {
      await catalog.close();
    }
    await expect(startCatalog(env(passwords.sales))).rejects.toMatchObject({ code: '28P01' });
  });

  it('rotates a password when migrations run again with a new one', async () => {
    await migrate({ adminUrl, subgraphs: ALL_MIGRATIONS, rolePassword: { sales: 'pw-sales-rotated' } });
    expect(await login('sales', passwords.sales)).toBe('28P01');
    expect(await login('sales', 'pw-sales-rotated')).toBe('jowi_sales');
    // Roles not named keep theirs.
    expect(await login('catalog', passwords.catalog)).toBe('jowi_catalog');
  });
});
