/**
 * The six subgraphs in one process (as `npm start` runs them), on free ports, over an already
 * migrated database. Prints `READY {"urls": {...}}`.
 */
import { startCatalog } from '@jowi/catalog';
import { startCustomers } from '@jowi/customers';
import { startFiscal } from '@jowi/fiscal';
import { startIdentity } from '@jowi/identity';
import { startInventory } from '@jowi/inventory';
import { startSales } from '@jowi/sales';
import type { StackKeys } from '@jowi/system';
import { input, ready } from './common.ts';

interface Input {
  adminUrl: string;
  rolePassword?: string;
  keys: StackKeys;
  poolSize: number;
  /** Extra subgraph settings (probes compare a setting on and off). */
  env?: Record<string, string | number | boolean>;
}

const { adminUrl, rolePassword, keys, poolSize, env } = input<Input>();
const base = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: adminUrl,
  DB_ROLE_PASSWORD: rolePassword,
  DB_POOL_SIZE: poolSize,
  GATEWAY_PUBLIC_JWK: keys.gateway.publicJwk as Record<string, unknown>,
  PORT: 0,
  ...env,
} as const;
const host = '127.0.0.1';
const services = await Promise.all([
  startIdentity({ ...base, IDENTITY_PRIVATE_JWK: keys.identity.privateJwk as Record<string, unknown> }, host),
  startCatalog(base, host),
  startSales(base, host),
  startInventory(base, host),
  startCustomers(base, host),
  startFiscal(base, host),
]);
const urls = Object.fromEntries(services.map((s) => [s.name, s.url]));
ready({ urls }, async () => {
  for (const service of services) await service.close();
});
