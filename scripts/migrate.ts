/**
 * `npm run migrate`: bootstraps roles/schemas/grants and runs every subgraph's migrations as
 * the owner role. Needs DATABASE_URL (an admin login); DB_ROLE_PASSWORD sets the runtime roles'
 * password when they are first created. `--seed-demo` also seeds the demo data if empty.
 */
import { migrate } from '@jowi/server-kit';
import { ALL_MIGRATIONS, seedDemo } from '@jowi/system';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (an admin login to the Jowi database).');
  process.exit(78);
}
await migrate({
  adminUrl: url,
  subgraphs: ALL_MIGRATIONS,
  rolePassword: process.env.DB_ROLE_PASSWORD,
  log: (m) => console.log(`migrated ${m}`),
});
if (process.argv.includes('--seed-demo')) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM identity.tenant');
  await client.end();
  if (rows[0]?.n === '0') await seedDemo(url, process.env.DB_ROLE_PASSWORD, (m) => console.log(m));
  else console.log('database has tenants: demo seed skipped');
}
