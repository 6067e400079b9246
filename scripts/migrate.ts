/**
 * `npm run migrate`: bootstraps roles/schemas/grants and runs every subgraph's migrations as
 * the owner role. Needs DATABASE_URL, an admin login (the one-shot `migrate` job of
 * docker/compose.yaml is the only deployable that gets it). Each runtime role's password is set
 * from `<SERVICE>_DB_PASSWORD` (`IDENTITY_DB_PASSWORD`, `SALES_DB_PASSWORD`, …), else from
 * `DB_ROLE_PASSWORD` (one for all), on every run; a role with neither keeps its password.
 * `--seed-demo` also seeds the demo data if the database has no tenant yet.
 */
import { migrate, rolePasswordsFromEnv } from '@jowi/server-kit';
import { ALL_MIGRATIONS, seedDemo } from '@jowi/system';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (an admin login to the Jowi database).');
  process.exit(78);
}
const passwords = rolePasswordsFromEnv(process.env);
await migrate({
  adminUrl: url,
  subgraphs: ALL_MIGRATIONS,
  rolePassword: passwords,
  log: (m) => console.log(`migrated ${m}`),
});
console.log(`role passwords set: ${Object.keys(passwords).join(', ') || 'none'}`);
if (process.argv.includes('--seed-demo')) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM identity.tenant');
  await client.end();
  if (rows[0]?.n === '0') await seedDemo(url, passwords, (m) => console.log(m));
  else console.log('database has tenants: demo seed skipped');
}
