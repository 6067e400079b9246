/**
 * Test support: a fresh PostgreSQL database per spec file, migrated with the real migrations,
 * with data sources that connect as each subgraph's runtime role (so grants and RLS apply).
 *
 * Under `npm test` (which sets `JOWI_TEST_TEMPLATE_RUN`), each distinct set of migrations is run
 * once per test run into a template database, and every spec file's database is a copy of it
 * (`CREATE DATABASE … TEMPLATE`, ≈ 0.3 s instead of seconds of migrations per file). The copy is
 * the same as a freshly migrated database: same migrations, same run, nothing else connected.
 * `npm test` drops its templates when it ends. A single spec run without the variable migrates
 * its own database as before.
 *
 * The server comes from `JOWI_TEST_ADMIN_URL` (set by the test runner), else `DATABASE_URL`,
 * else 127.0.0.1:5432.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource, EntitySchema } from 'typeorm';
import {
  type CryptoKey,
  generateSigningKeys,
  type Identity,
  importKey,
  type KeyPairJwk,
  signIdentity,
} from '../auth.ts';
import { createDataSource, databaseUrl, roleUrl, runtimeRole, type SubgraphName } from '../db.ts';
import type { SubgraphEnv } from '../env.ts';
import { ensureSchemas, migrate, type SubgraphMigrations } from '../migrate.ts';

export function testAdminUrl(): string {
  return (
    process.env.JOWI_TEST_ADMIN_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export function testRolePassword(): string | undefined {
  return process.env.JOWI_TEST_ROLE_PASSWORD || undefined;
}

export interface TestDatabase {
  name: string;
  /** Admin (superuser) URL of the fresh database: for fixtures and for tampering tests. */
  adminUrl: string;
  /** URL that logs in as a subgraph's runtime role. */
  roleUrl(service: SubgraphName | 'gateway'): string;
  /** A TypeORM data source connected as the runtime role (closed by `drop`). */
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
  dataSource(service: SubgraphName, entities?: EntitySchema<any>[]): Promise<DataSource>;
  /** Runs SQL as the admin. */
  admin<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** Creates and migrates a fresh database with the given subgraphs' migrations. */
export async function createTestDatabase(subgraphs: SubgraphMigrations[]): Promise<TestDatabase> {
  const serverUrl = testAdminUrl();
  const name = `jowi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const password = testRolePassword();
  const run = /^\w+$/.test(process.env.JOWI_TEST_TEMPLATE_RUN ?? '')
    ? process.env.JOWI_TEST_TEMPLATE_RUN
    : undefined;
  const root = new pg.Client({ connectionString: serverUrl });
  await root.connect();
  try {
    if (run) {
      const template = await ensureTemplate(root, serverUrl, run, subgraphs, password);
      await root.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } else {
      await root.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await root.end();
  }
  const adminUrl = databaseUrl(serverUrl, name);
  if (!run) await migrate({ adminUrl, subgraphs, rolePassword: password });
  else {
    // A copy does not inherit the template's database-level grants (pg_database's ACL): set them.
    const copy = new pg.Client({ connectionString: adminUrl });
    await copy.connect();
    try {
      await ensureSchemas(copy);
    } finally {
      await copy.end();
    }
  }
  const adminClient = new pg.Client({ connectionString: adminUrl });
  await adminClient.connect();
  const sources: DataSource[] = [];
  return {
    name,
    adminUrl,
    roleUrl: (service) => roleUrl(adminUrl, runtimeRole(service), password),
    async dataSource(service, entities = []) {
      const ds = createDataSource({
        url: roleUrl(adminUrl, runtimeRole(service), password),
        schema: service,
        entities,
        poolSize: 4,
      });
      await ds.initialize();
      sources.push(ds);
      return ds;
    },
    async admin(sql, params) {
      return (await adminClient.query(sql, params)).rows;
    },
    async drop() {
      await Promise.all(sources.map((ds) => ds.destroy().catch(() => undefined)));
      await adminClient.end();
      const root2 = new pg.Client({ connectionString: serverUrl });
      await root2.connect();
      await root2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await root2.end();
    },
  };
}

/** Prefix of the template databases of the test run `run` (see the file header). */
export const templatePrefix = (run: string) => `jowi_tpl_${run}_`;

/**
 * The migrated template for `subgraphs` in test run `run`, made by the first spec file that needs
 * it (the others wait on an advisory lock). It is migrated under a temporary name and renamed when
 * done, so a copy never starts from a half-migrated template.
 */
async function ensureTemplate(
  root: pg.Client,
  serverUrl: string,
  run: string,
  subgraphs: SubgraphMigrations[],
  password: string | undefined,
): Promise<string> {
  const key = createHash('sha1')
    .update(JSON.stringify(subgraphs.map((s) => [s.name, s.migrations.map((m) => m.name)])))
    .digest('hex')
    .slice(0, 12);
  const template = `${templatePrefix(run)}${key}`;
  await root.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
  try {
    const found = await root.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount) return template;
    const building = `${template}_building`;
    await root.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await root.query(`CREATE DATABASE ${building}`);
    await migrate({ adminUrl: databaseUrl(serverUrl, building), subgraphs, rolePassword: password });
    await root.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    return template;
  } finally {
    await root.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  }
}

/** Key material for a test run: the gateway signs identities, subgraphs verify them. */
export interface TestKeys {
  gateway: KeyPairJwk;
  identity: KeyPairJwk;
  gatewayPrivate: CryptoKey;
}

export async function createTestKeys(): Promise<TestKeys> {
  const gateway = await generateSigningKeys('gateway-test');
  const identity = await generateSigningKeys('identity-test');
  return { gateway, identity, gatewayPrivate: await importKey(gateway.privateJwk) };
}

/** Headers that make a direct subgraph call look like it came through the gateway as `identity`. */
export async function identityHeaders(keys: TestKeys, identity: Identity): Promise<Record<string, string>> {
  return {
    'x-jowi-identity': await signIdentity(keys.gatewayPrivate, 'gateway-test', identity),
    'content-type': 'application/json',
  };
}

/** POSTs a GraphQL operation and returns the parsed response with its HTTP status. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** A staff identity for tests. */
export function staffIdentity(
  tenantId: string,
  permissions: string[] = [],
  roles: string[] = ['owner'],
): Identity {
  return { kind: 'staff', tenantId, subject: '00000000-0000-7000-8000-000000000001', roles, permissions };
}

/**
 * The environment a subgraph gets in a spec: the test database, the test keys, a free port,
 * silent logs and the test Redis when there is one. `overrides` adds or replaces settings.
 */
export function testSubgraphEnv<T extends Partial<SubgraphEnv> & Record<string, unknown>>(
  db: TestDatabase,
  keys: TestKeys,
  overrides: T = {} as T,
): SubgraphEnv & T {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.adminUrl,
    DB_ROLE_PASSWORD: testRolePassword(),
    DB_POOL_SIZE: 4,
    PORT: 0,
    METRICS_PORT: 0,
    METRICS_HOST: '127.0.0.1',
    GATEWAY_PUBLIC_JWK: keys.gateway.publicJwk as Record<string, unknown>,
    REDIS_URL: process.env.JOWI_TEST_REDIS_URL,
    ...overrides,
  };
}
export { newestMtime, type SharedBuild, withBuildLock, withLock } from './build-lock.ts';
export * from './contracts.ts';
export {
  checkErrorRegistry,
  type ErrorRegistryOptions,
  type ErrorRegistryReport,
} from './error-registry.ts';
export * from './state-machine.ts';
