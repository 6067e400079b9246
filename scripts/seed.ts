/**
 * `npm run seed`: bulk catalog data for a tenant of DATABASE_URL (an admin login; the database
 * must be migrated: `npm run migrate`).
 *
 *   npm run seed -- --tenant demo --products 100000      generate a realistic catalog (COPY)
 *   npm run seed -- --tenant demo --import file.csv      import a CSV/XLSX file, upserting by SKU
 *   npm run seed -- --tenant demo --import file.csv --dry-run
 *
 * `--tenant` takes a slug (looked up in identity.tenant) or a tenant id. Progress goes to stderr,
 * the summary (with rows/s) to stdout.
 */
import { readFileSync } from 'node:fs';
import { importTable, parseCsv, parseXlsx } from '@jowi/catalog';
import { generateCatalog } from '@jowi/catalog/generate';
import { generateSales } from '@jowi/sales/generate';
import {
  createDataSource,
  createLogger,
  isUuid,
  rolePasswordsFromEnv,
  roleUrl,
  runtimeRole,
  systemContext,
} from '@jowi/server-kit';
import pg from 'pg';

function args(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!;
    if (!key.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out.set(key.slice(2), next);
      i++;
    } else out.set(key.slice(2), true);
  }
  return out;
}

/** A one-line progress bar on stderr (redrawn in place on a terminal). */
function progressBar(label: string): (done: number, total: number) => void {
  const started = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
    const line = `${label.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate} rows/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (done >= total || done % Math.max(1, Math.floor(total / 10)) < 1000)
      process.stderr.write(`${line}\n`);
  };
}

async function tenantIdOf(adminUrl: string, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM identity.tenant WHERE slug = $1', [
      ref,
    ]);
    if (!rows[0]) throw new Error(`No tenant with slug ${ref}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('DATABASE_URL is required (an admin login to a migrated Jowi database).');
    return 78;
  }
  const opts = args(process.argv.slice(2));
  const tenant = opts.get('tenant');
  const known = new Set(['tenant', 'products', 'import', 'dry-run', 'sales']);
  for (const key of opts.keys())
    if (!known.has(key)) console.error(`note: --${key} is not handled by this seeder`);
  if (typeof tenant !== 'string') {
    console.error(
      'usage: npm run seed -- --tenant <slug|id> (--products <n> | --import <file.csv|file.xlsx> [--dry-run] | --sales <n>)',
    );
    return 64;
  }
  const tenantId = await tenantIdOf(adminUrl, tenant);

  const products = opts.get('products');
  if (typeof products === 'string') {
    const count = Number(products);
    if (!Number.isInteger(count) || count < 1) {
      console.error('--products must be a positive integer');
      return 64;
    }
    const copy = progressBar('copy');
    const insert = progressBar('insert');
    const result = await generateCatalog({
      adminUrl,
      tenantId,
      products: count,
      onProgress: (phase, done, total) => (phase === 'copy' ? copy : insert)(done, total),
    });
    console.log(
      `generated ${count} products for ${tenant} (${result.inserted} new, ${result.barcodes} barcodes, ` +
        `${result.categories} new categories) in ${(result.ms / 1000).toFixed(1)} s: ${result.rowsPerSecond} rows/s`,
    );
  }

  const file = opts.get('import');
  if (typeof file === 'string') {
    const dataSource = createDataSource({
      url: roleUrl(adminUrl, runtimeRole('catalog'), rolePasswordsFromEnv(process.env).catalog),
      schema: 'catalog',
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      const data = readFileSync(file);
      const table = /\.xlsx$/i.test(file) ? await parseXlsx(data) : parseCsv(data.toString('utf8'));
      const ctx = systemContext({ db: dataSource, tenantId, log: createLogger('catalog-import', 'silent') });
      const started = performance.now();
      const result = await importTable(ctx, table, {
        dryRun: opts.get('dry-run') === true,
        onProgress: progressBar('import'),
      });
      const seconds = (performance.now() - started) / 1000;
      for (const e of result.errors) console.error(`${e.code}: ${e.message}`);
      for (const e of result.rowErrors.slice(0, 50))
        console.error(`row ${e.row} ${e.field.slice(2).join('.')}: ${e.code} ${e.message}`);
      if (result.rowErrors.length > 50)
        console.error(`… and ${result.rowErrors.length - 50} more row errors`);
      console.log(
        `${result.dryRun ? 'dry run: ' : ''}${result.total} rows: ${result.created} created, ${result.updated} updated, ` +
          `${result.unchanged} unchanged, ${result.failed} failed in ${seconds.toFixed(1)} s ` +
          `(${Math.round(result.total / Math.max(seconds, 0.001))} rows/s)`,
      );
      if (result.errors.length > 0) return 65;
    } finally {
      await dataSource.destroy();
    }
  }
  const sales = opts.get('sales');
  if (typeof sales === 'string') {
    const count = Number(sales);
    if (!Number.isInteger(count) || count < 1) {
      console.error('--sales must be a positive integer');
      return 64;
    }
    // Historical sales over the tenant's products and terminals (set-based; see generate.ts).
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const q = (sql: string) => client.query(sql, [tenantId]).then((r) => r.rows);
      const products = await q(
        'SELECT id, price, vat_rate FROM catalog.product WHERE tenant_id = $1 AND price > 0 ORDER BY name, id LIMIT 500',
      );
      const terminals = await q(
        `SELECT t.id, t.store_id, s.time_zone FROM identity.terminal t
           JOIN identity.store s ON s.tenant_id = t.tenant_id AND s.id = t.store_id
          WHERE t.tenant_id = $1 ORDER BY t.id`,
      );
      const cashiers = await q('SELECT id FROM identity.staff WHERE tenant_id = $1 ORDER BY id LIMIT 20');
      const started = performance.now();
      const done = await generateSales(client, {
        tenantId,
        terminals: terminals.map((t) => ({ id: t.id, storeId: t.store_id, timeZone: t.time_zone })),
        cashierIds: cashiers.map((c) => c.id),
        products: products.map((p) => ({ id: p.id, price: BigInt(p.price), vatRate: p.vat_rate })),
        count,
        progress: progressBar('sales'),
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `generated ${done} sales for ${tenant} in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} sales/s)`,
      );
    } finally {
      await client.end();
    }
  }
  if (typeof products !== 'string' && typeof file !== 'string' && typeof sales !== 'string') {
    console.error('nothing to do: give --products <n>, --sales <n> or --import <file>');
    return 64;
  }
  return 0;
}

process.exitCode = await main();
