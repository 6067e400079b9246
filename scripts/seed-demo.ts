/**
 * `npm run seed:demo`: seeds (idempotently) the demo tenants into DATABASE_URL, each subgraph's
 * part as its own runtime role (password from `<SERVICE>_DB_PASSWORD`, else `DB_ROLE_PASSWORD`).
 */
import { rolePasswordsFromEnv } from '@jowi/server-kit';
import { seedDemo } from '@jowi/system';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (npm start seeds its embedded database by itself).');
  process.exit(78);
}
await seedDemo(url, rolePasswordsFromEnv(process.env), (m) => console.log(m));
console.log('demo data ready: owner@demo.uz / jowi-demo');
