/**
 * Database bootstrap and migrations.
 *
 * One database; one schema and one login role per subgraph. `jowi_owner` (NOLOGIN) owns every
 * table; migrations run as it via SET ROLE. Default privileges give each runtime role DML on
 * tables of its own schema only — USAGE on another subgraph's schema is never granted, so a
 * cross-schema query fails with `permission denied`. Shared schemas: `jowi` (helper functions),
 * `events` (the outbox/event log) and `audit` (append-only, hash-chained).
 *
 * Migrations connect with an admin login (the database owner or a superuser: it creates the
 * roles and schemas) and set each runtime role's password from the one they are given, on every
 * run — so changing a password and re-running migrations rotates it. Services never see that
 * login: each is given only its own role's password.
 */
import pg from 'pg';
import type { MigrationInterface } from 'typeorm';
import {
  createDataSource,
  OWNER_ROLE,
  passwordOf,
  type RolePasswords,
  RUNTIME_SERVICES,
  runtimeRole,
  SUBGRAPHS,
  type SubgraphName,
} from './db.ts';
import { KitConsumerOrder1764700000000 } from './sql/kit-consumer-order.ts';
import { KitIntegrations1765200000000 } from './sql/kit-integrations.ts';
import { KitInit1764300000000 } from './sql/kit-migrations.ts';
import { KitParking1765000000000 } from './sql/kit-parking.ts';

export interface SubgraphMigrations {
  name: SubgraphName;
  migrations: (new () => MigrationInterface)[];
}

const RUNTIME_ROLES = RUNTIME_SERVICES.map((s) => runtimeRole(s));
/** Roles that read the whole event log (consumers): they see every tenant's events, writes stay tenant-checked. */
export const EVENT_CONSUMER_ROLE = 'jowi_event_consumer';
const CONSUMERS = ['inventory', 'customers', 'fiscal', 'sales', 'integrations', 'gateway'] as const;

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates roles if missing. Roles are cluster-wide, so concurrent creators are tolerated. */
export async function ensureRoles(client: pg.Client, rolePasswords?: RolePasswords): Promise<void> {
  const defs: [string, string][] = [
    [OWNER_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'],
    [EVENT_CONSUMER_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS'],
    ...RUNTIME_ROLES.map((r): [string, string] => [
      r,
      'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT',
    ]),
  ];
  for (const [role, attrs] of defs) {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN
        CREATE ROLE ${role} ${attrs};
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  }
  // The admin must be able to SET ROLE to the owner for migrations.
  await client.query(`DO $$ BEGIN
      EXECUTE format('GRANT ${OWNER_ROLE} TO %I', current_user);
    EXCEPTION WHEN OTHERS THEN NULL;
    END $$`);
  await setRolePasswords(client, rolePasswords);
  for (const consumer of CONSUMERS) {
    await client.query(`GRANT ${EVENT_CONSUMER_ROLE} TO ${runtimeRole(consumer)}`).catch(() => undefined);
  }
}

/**
 * Sets each runtime role's password from `passwords`; a role without one keeps its own. Roles are
 * cluster-wide, so two migrations (two test databases) may set the same role at once: PostgreSQL
 * then refuses one with "tuple concurrently updated", which is retried.
 */
async function setRolePasswords(client: pg.Client, passwords: RolePasswords | undefined): Promise<void> {
  for (const service of RUNTIME_SERVICES) {
    const password = passwordOf(passwords, service);
    if (!password) continue;
    const sql = `ALTER ROLE ${runtimeRole(service)} PASSWORD ${quoteLiteral(password)}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        break;
      } catch (error) {
        const concurrent = (error as { code?: string }).code === 'XX000' && attempt < 5;
        if (!concurrent) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}

/** Schemas, ownership and grants for the current database. Idempotent. */
export async function ensureSchemas(client: pg.Client): Promise<void> {
  const statements: string[] = [];
  const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
  statements.push(`REVOKE ALL ON DATABASE "${db}" FROM PUBLIC`);
  statements.push(`GRANT CONNECT ON DATABASE "${db}" TO ${RUNTIME_ROLES.join(', ')}`);
  statements.push(`GRANT CREATE ON DATABASE "${db}" TO ${OWNER_ROLE}`);
  statements.push('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  for (const schema of ['jowi', 'events', 'audit', ...SUBGRAPHS]) {
    statements.push(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${OWNER_ROLE}`);
    statements.push(`ALTER SCHEMA ${schema} OWNER TO ${OWNER_ROLE}`);
  }
  for (const subgraph of SUBGRAPHS) {
    const role = runtimeRole(subgraph);
    statements.push(`GRANT USAGE ON SCHEMA ${subgraph} TO ${role}`);
    statements.push(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA ${subgraph} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
    statements.push(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA ${subgraph} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    );
    // No blanket GRANT ON ALL TABLES here: default privileges cover new tables, and a migration
    // that narrows a grant (e.g. REVOKE UPDATE on an append-only ledger) must stay narrowed.
  }
  for (const shared of ['jowi', 'events', 'audit']) {
    statements.push(`GRANT USAGE ON SCHEMA ${shared} TO ${RUNTIME_ROLES.join(', ')}`);
  }
  for (const sql of statements) await client.query(sql);
}

export interface MigrateOptions {
  adminUrl: string;
  subgraphs: SubgraphMigrations[];
  /** The runtime roles' passwords: one for all, or one per service (see {@link RolePasswords}). */
  rolePassword?: RolePasswords;
  log?: (message: string) => void;
}

/** Bootstraps roles/schemas, then runs the kit's and each subgraph's TypeORM migrations as the owner. */
export async function migrate(options: MigrateOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    await ensureRoles(client, options.rolePassword);
    await ensureSchemas(client);
  } finally {
    await client.end();
  }
  const sets: { schema: string; table: string; migrations: (new () => MigrationInterface)[] }[] = [
    {
      schema: 'jowi',
      table: 'migrations',
      migrations: [
        KitInit1764300000000,
        KitConsumerOrder1764700000000,
        KitParking1765000000000,
        KitIntegrations1765200000000,
      ],
    },
    ...options.subgraphs.map((s) => ({ schema: s.name, table: 'migrations', migrations: s.migrations })),
  ];
  for (const set of sets) {
    const dataSource = createDataSource({
      url: options.adminUrl,
      schema: set.schema,
      migrations: set.migrations,
      migrationsTableName: set.table,
      poolSize: 1,
      setRole: OWNER_ROLE,
      applicationName: `jowi-migrate-${set.schema}`,
    });
    await dataSource.initialize();
    try {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      log(`${set.schema}: ${done.length ? done.map((m) => m.name).join(', ') : 'up to date'}`);
    } finally {
      await dataSource.destroy();
    }
  }
}
