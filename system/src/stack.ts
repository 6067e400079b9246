/**
 * Starts the whole backend in one process: migrations, optional demo seed, six subgraphs and
 * the gateway. Used by `npm start` (single-node mode) and by cross-service tests. Production
 * runs each service's own `main.ts` (see docker/).
 */
import {
  entities as catalogEntities,
  migrations as catalogMigrations,
  applyDemoData as seedCatalog,
  startCatalog,
} from '@jowi/catalog';
import {
  entities as customersEntities,
  migrations as customersMigrations,
  applyDemoData as seedCustomers,
  startCustomers,
} from '@jowi/customers';
import { DEMO_TENANTS, type DemoTenant } from '@jowi/demo-data';
import {
  type DemoFiscalDevice,
  entities as fiscalEntities,
  migrations as fiscalMigrations,
  registerDemoCentralDevices,
  applyDemoData as seedFiscal,
  startDemoFiscalDevice,
  startFiscal,
} from '@jowi/fiscal';
import { type GatewayEnv, startGateway } from '@jowi/gateway';
import {
  entities as identityEntities,
  migrations as identityMigrations,
  applyDemoData as seedIdentity,
  startIdentity,
} from '@jowi/identity';
import { migrations as integrationsMigrations, startIntegrations } from '@jowi/integrations';
import {
  entities as inventoryEntities,
  migrations as inventoryMigrations,
  applyDemoData as seedInventory,
  startInventory,
} from '@jowi/inventory';
import {
  entities as salesEntities,
  migrations as salesMigrations,
  applyDemoData as seedSales,
  startSales,
} from '@jowi/sales';
import {
  createDataSource,
  databaseAddress,
  type KeyPairJwk,
  type Logger,
  migrate,
  passwordOf,
  type RolePasswords,
  type RunningService,
  roleUrl,
  runtimeRole,
  type SubgraphMigrations,
  type SubgraphName,
} from '@jowi/server-kit';
import pg from 'pg';
import type { DataSource, EntitySchema } from 'typeorm';
import {
  FISCAL_GATEWAY_PORT,
  FISCAL_SIMULATOR_PORT,
  GATEWAY_PORT,
  METRICS_PORTS,
  SUBGRAPH_PORTS,
} from './services.ts';

export const ALL_MIGRATIONS: SubgraphMigrations[] = [
  { name: 'identity', migrations: identityMigrations },
  { name: 'catalog', migrations: catalogMigrations },
  { name: 'sales', migrations: salesMigrations },
  { name: 'inventory', migrations: inventoryMigrations },
  { name: 'customers', migrations: customersMigrations },
  { name: 'fiscal', migrations: fiscalMigrations },
  { name: 'integrations', migrations: integrationsMigrations },
];

type Seeder = (dataSource: DataSource, tenants: typeof DEMO_TENANTS) => Promise<void>;
// biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
const SEEDERS: [SubgraphName, Seeder, EntitySchema<any>[]][] = [
  ['identity', seedIdentity, identityEntities],
  ['catalog', seedCatalog, catalogEntities],
  ['inventory', seedInventory, inventoryEntities],
  ['customers', seedCustomers, customersEntities],
  ['sales', seedSales, salesEntities],
  ['fiscal', seedFiscal, fiscalEntities],
];

export interface StackKeys {
  identity: KeyPairJwk;
  gateway: KeyPairJwk;
}

export interface StackOptions {
  /** The admin login: migrations and seeding only; services get the address and their own password. */
  adminUrl: string;
  redisUrl?: string;
  /** The runtime roles' passwords, one for all or one per service; migrations set them. */
  rolePassword?: RolePasswords;
  keys: StackKeys;
  /** 'always' seeds idempotently; 'if-empty' only when no tenant exists yet. */
  seed?: 'always' | 'if-empty' | 'never';
  /** Use the standard ports (4000–4006, fiscal 3448–3449) instead of free ones. */
  standardPorts?: boolean;
  /** Added to every standard port (`JOWI_PORT_OFFSET` of `npm start`): a second copy beside the first. */
  portOffset?: number;
  host?: string;
  logLevel?: string;
  nodeEnv?: 'development' | 'test' | 'production';
  progress?: (message: string) => void;
  /** The gateway's API key cache time (seconds; default 30, tests use 0). */
  apiKeyCacheSeconds?: number;
  /** More gateway settings (limits), over the defaults. */
  gatewayEnv?: Partial<GatewayEnv>;
  /**
   * Run the fiscal module simulator and a fiscal gateway in front of it (state and journal under
   * `dataDir`), and register every demo terminal as a CENTRAL device served by it — unless the
   * terminal already has a device. `npm start` turns this on.
   */
  fiscalSimulator?: { dataDir: string };
}

export interface Stack {
  gatewayUrl: string;
  /** The simulated fiscal module and its gateway, when `fiscalSimulator` was asked for. */
  fiscalDevice?: DemoFiscalDevice;
  services: RunningService[];
  seeded: boolean;
  close(): Promise<void>;
}

async function databaseIsEmpty(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM identity.tenant');
    return rows[0]?.n === '0';
  } finally {
    await client.end();
  }
}

/** Seeds every subgraph's part of the demo data (or of these tenants), each through its own runtime role and RLS. */
export async function seedDemo(
  adminUrl: string,
  rolePassword: RolePasswords | undefined,
  progress: (m: string) => void,
  tenants: DemoTenant[] = DEMO_TENANTS,
) {
  for (const [name, seed, entities] of SEEDERS) {
    const ds = createDataSource({
      url: roleUrl(adminUrl, runtimeRole(name), passwordOf(rolePassword, name)),
      schema: name,
      entities,
      poolSize: 2,
    });
    await ds.initialize();
    try {
      await seed(ds, tenants);
      progress(`seeded ${name}`);
    } finally {
      await ds.destroy();
    }
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const progress = options.progress ?? (() => undefined);
  await migrate({
    adminUrl: options.adminUrl,
    subgraphs: ALL_MIGRATIONS,
    rolePassword: options.rolePassword,
    log: (m) => progress(`migrated ${m}`),
  });
  let seeded = false;
  const seedMode = options.seed ?? 'never';
  if (seedMode === 'always' || (seedMode === 'if-empty' && (await databaseIsEmpty(options.adminUrl)))) {
    await seedDemo(options.adminUrl, options.rolePassword, progress);
    seeded = true;
  }
  // Like a deployment, no service sees the admin login: each gets the database's address and
  // its own role's password.
  const base = {
    NODE_ENV: options.nodeEnv ?? 'development',
    LOG_LEVEL: (options.logLevel ?? 'warn') as 'warn',
    DATABASE_URL: databaseAddress(options.adminUrl),
    DB_POOL_SIZE: 5,
    REDIS_URL: options.redisUrl,
    GATEWAY_PUBLIC_JWK: options.keys.gateway.publicJwk as Record<string, unknown>,
  } as const;
  const port = (standard: number) => (options.standardPorts ? standard + (options.portOffset ?? 0) : 0);
  const subgraphEnv = (name: SubgraphName) => ({
    ...base,
    DB_ROLE_PASSWORD: passwordOf(options.rolePassword, name),
    PORT: port(SUBGRAPH_PORTS[name]),
    METRICS_PORT: port(METRICS_PORTS[name]),
  });
  const services: RunningService[] = [];
  let fiscalDevice: DemoFiscalDevice | undefined;
  const closeAll = async () => {
    // Gateway first (stop taking requests), then the subgraphs.
    for (const service of [...services].reverse()) {
      await service
        .close()
        .catch((error) => progress(`${service.name} did not close cleanly: ${String(error)}`));
      progress(`stopped ${service.name}`);
    }
    await fiscalDevice
      ?.close()
      .catch((error) => progress(`fiscal simulator did not close cleanly: ${String(error)}`));
  };
  try {
    const started = await Promise.all([
      startIdentity(
        {
          ...subgraphEnv('identity'),
          IDENTITY_PRIVATE_JWK: options.keys.identity.privateJwk as Record<string, unknown>,
        },
        options.host,
      ),
      startCatalog(subgraphEnv('catalog'), options.host),
      startSales(subgraphEnv('sales'), options.host),
      startInventory(subgraphEnv('inventory'), options.host),
      startCustomers(subgraphEnv('customers'), options.host),
      startFiscal(subgraphEnv('fiscal'), options.host),
      startIntegrations(subgraphEnv('integrations'), options.host),
    ]);
    services.push(...started);
    progress('subgraphs ready');
    const url = (name: string) => started.find((s) => s.name === name)!.url;
    const gateway = await startGateway(
      {
        ...base,
        PORT: port(GATEWAY_PORT),
        METRICS_PORT: port(METRICS_PORTS.gateway),
        // Subscriptions read the event log as the gateway's own role.
        DB_ROLE_PASSWORD: passwordOf(options.rolePassword, 'gateway'),
        GATEWAY_PRIVATE_JWK: options.keys.gateway.privateJwk as Record<string, unknown>,
        IDENTITY_PUBLIC_JWKS: [options.keys.identity.publicJwk as Record<string, unknown>],
        SUBGRAPH_IDENTITY_URL: url('identity'),
        SUBGRAPH_CATALOG_URL: url('catalog'),
        SUBGRAPH_SALES_URL: url('sales'),
        SUBGRAPH_INVENTORY_URL: url('inventory'),
        SUBGRAPH_CUSTOMERS_URL: url('customers'),
        SUBGRAPH_FISCAL_URL: url('fiscal'),
        SUBGRAPH_INTEGRATIONS_URL: url('integrations'),
        MAX_QUERY_DEPTH: 12,
        API_KEY_CACHE_SECONDS: options.apiKeyCacheSeconds ?? 30,
        ...options.gatewayEnv,
      },
      { host: options.host },
    );
    services.push(gateway);
    if (options.fiscalSimulator) {
      fiscalDevice = await startDemoFiscalDevice({
        dataDir: options.fiscalSimulator.dataDir,
        simulatorPort: port(FISCAL_SIMULATOR_PORT),
        gatewayPort: port(FISCAL_GATEWAY_PORT),
      });
      const fiscal = started.find((s) => s.name === 'fiscal')!;
      await registerDemoCentralDevices(fiscal.dataSource!, DEMO_TENANTS, fiscalDevice);
      progress(`fiscal simulator ${fiscalDevice.simulatorUrl}, gateway ${fiscalDevice.gatewayUrl}`);
    }
    return { gatewayUrl: gateway.url, services, seeded, close: closeAll, fiscalDevice };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export type { Logger };
