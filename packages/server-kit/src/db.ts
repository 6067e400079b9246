/**
 * The tenancy transaction. Every request-scoped query runs inside `inTenant`, which opens a
 * transaction and sets `app.tenant_id` with `set_config(..., true)` (SET LOCAL semantics). Row
 * level security policies read that setting; a query that escapes the transaction has no tenant
 * and sees no rows — the system fails closed.
 */
import 'reflect-metadata';
import type pg from 'pg';
import {
  DataSource,
  type EntityManager,
  type EntitySchema,
  type MigrationInterface,
  QueryFailedError,
  type QueryRunner,
} from 'typeorm';
import { unauthenticated } from './errors.ts';

export type { EntityManager };

/** The seven subgraphs, each with its own PostgreSQL schema and login role. */
export const SUBGRAPHS = [
  'identity',
  'catalog',
  'sales',
  'inventory',
  'customers',
  'fiscal',
  'integrations',
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** Owns every table; used only for migrations. */
export const OWNER_ROLE = 'jowi_owner';
/** A service with a runtime login role: each subgraph, and the gateway. */
export type RuntimeService = SubgraphName | 'gateway';
/** Every service with a runtime login role. */
export const RUNTIME_SERVICES: readonly RuntimeService[] = [...SUBGRAPHS, 'gateway'];
/** Runtime login role of a service: reads and writes only its own schema. */
export const runtimeRole = (service: RuntimeService): string => `jowi_${service}`;

/**
 * The runtime roles' passwords: one string for every role (single-node `npm start`, tests), or
 * one per service (deployments, where each service is given only its own).
 */
export type RolePasswords = string | Partial<Record<RuntimeService, string>>;

/** The password of `service`'s runtime role in `passwords` (undefined: none, e.g. trust auth). */
export function passwordOf(
  passwords: RolePasswords | undefined,
  service: RuntimeService,
): string | undefined {
  return typeof passwords === 'string' ? passwords : passwords?.[service];
}

/**
 * A database URL rewritten to log in as `role` (same host, port, database). The user and password
 * of `url` are never used, so a service can be given the database's address alone.
 */
export function roleUrl(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password ?? '';
  return parsed.toString();
}

/** The URL without its user and password: where the database is, and nothing that logs in. */
export function databaseAddress(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/** The admin URL pointed at another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface DataSourceOptions {
  url: string;
  schema: string;
  // biome-ignore lint/suspicious/noExplicitAny: TypeORM's EntitySchema is generic over any entity shape
  entities?: EntitySchema<any>[];
  migrations?: (new () => MigrationInterface)[];
  migrationsTableName?: string;
  poolSize?: number;
  applicationName?: string;
  /** Connect, then `SET ROLE` to this role (migrations run as the table owner). */
  setRole?: string;
}

/** A TypeORM data source for one schema. Never `synchronize`: schema changes go through migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: options.migrationsTableName ?? 'migrations',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName,
    extra: {
      ...(options.setRole ? { options: `-c role=${options.setRole}` } : {}),
      idleTimeoutMillis: 10_000,
    },
  });
}

/** A tenant id that may be written into SQL as a literal: a UUID and nothing else. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction bound to `tenantId`. Without a tenant it refuses to run at all.
 * Everything inside must use the given manager — never the data source — or it loses the tenant.
 *
 * The transaction starts in one round trip: TypeORM's `START TRANSACTION` is sent together with
 * the `set_config` as one simple-protocol message (the tenant id, a UUID checked here, written as
 * a literal), instead of two round trips before the first statement. PostgreSQL runs the two in
 * order; if either fails the whole message fails and the transaction is rolled back as usual.
 * An id that is not a UUID takes the two-step path with a bound parameter.
 */
export async function inTenant<T>(
  dataSource: DataSource,
  tenantId: string | null | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!tenantId) throw unauthenticated('This operation needs a signed-in tenant');
  if (!UUID.test(tenantId))
    return dataSource.transaction(async (manager) => {
      await setTenant(manager, tenantId);
      return work(manager);
    });
  const runner = dataSource.createQueryRunner();
  startsWithTenant(runner, tenantId);
  try {
    return await runner.manager.transaction(work);
  } finally {
    await runner.release();
  }
}

/** The runner's next `START TRANSACTION` also sets the tenant (same message, see inTenant). */
function startsWithTenant(runner: QueryRunner, tenantId: string): void {
  const query = runner.query.bind(runner);
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    if (args[0] !== 'START TRANSACTION') return query(...args);
    runner.query = query;
    return query(`START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
  }) as QueryRunner['query'];
}

/** Sets the tenant inside an already open transaction (event consumers switch per event). */
export async function setTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
}

/** SQL that puts a tenant table under forced row-level security with a fail-closed policy. */
export function tenantTableSql(qualifiedTable: string): string[] {
  return [
    `ALTER TABLE ${qualifiedTable} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${qualifiedTable} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${qualifiedTable} USING (tenant_id = jowi.current_tenant()) WITH CHECK (tenant_id = jowi.current_tenant())`,
  ];
}

/**
 * The rows of an `UPDATE … RETURNING` or `DELETE … RETURNING`: TypeORM answers those with
 * `[rows, affected]` instead of the rows it gives for SELECT and INSERT.
 */
export async function returningRows<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await manager.query(sql, params)) as [T[], number] | T[];
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

/**
 * Runs `text` as the named prepared statement `name` on the transaction's connection: parsed and
 * planned once per connection (PostgreSQL may then keep a generic plan), not on every call as
 * `manager.query` does. For hot statements of the ingestion path (`INSERT … SELECT FROM
 * unnest(…)`), whose text never changes. A name must always stand for the same text. Rows as
 * `manager.query` returns them for SELECT/INSERT … RETURNING; errors as its QueryFailedError.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner as
    | { connect(): Promise<pg.PoolClient>; isReleased: boolean }
    | undefined;
  // Outside a transaction there is no connection of ours to keep the statement on.
  if (!runner || runner.isReleased) return manager.query(text, values);
  const client = await runner.connect();
  try {
    return (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
