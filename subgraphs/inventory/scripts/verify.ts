/**
 * `npm run inventory:verify`: checks that every stock level equals the sum of its ledger, for
 * every tenant. Connects with DATABASE_URL (the admin URL, as `npm run migrate` does), since
 * only a role that bypasses row-level security sees all tenants; `--tenant <id>` checks one
 * tenant as the inventory runtime role instead. Exits 1 when any level is off.
 */
import { baseEnvSchema, createDataSource, loadConfig, roleUrl, runtimeRole } from '@jowi/server-kit';
import { verifyLevels, verifyTenantLevels } from '../src/index.ts';

const env = loadConfig(baseEnvSchema);
const flag = process.argv.indexOf('--tenant');
const tenantId = flag >= 0 ? process.argv[flag + 1] : undefined;
const dataSource = createDataSource({
  url: tenantId
    ? roleUrl(env.DATABASE_URL, runtimeRole('inventory'), env.DB_ROLE_PASSWORD)
    : env.DATABASE_URL,
  schema: 'inventory',
  poolSize: 1,
  applicationName: 'jowi-inventory-verify',
});
await dataSource.initialize();
try {
  const { checked, mismatches } = tenantId
    ? await verifyTenantLevels(dataSource, tenantId)
    : await verifyLevels(dataSource.manager);
  const scope = tenantId ? `tenant ${tenantId}` : 'all tenants';
  if (mismatches.length === 0) {
    console.log(`inventory (${scope}): ${checked} stock levels checked, each equals its ledger`);
  } else {
    console.error(
      `inventory (${scope}): ${mismatches.length} of ${checked} stock levels differ from their ledger:`,
    );
    for (const m of mismatches) {
      console.error(
        `  tenant ${m.tenantId} store ${m.storeId} product ${m.productId}: level ${m.level}, ledger ${m.ledger}`,
      );
    }
    process.exitCode = 1;
  }
} finally {
  await dataSource.destroy();
}
