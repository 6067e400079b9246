/**
 * Import rate of the catalog's bulk import (issue 4): an N-row CSV upserted by SKU into a fresh
 * tenant through the service layer (`parseCsv` + `importTable`, the code behind the
 * `importProducts` mutation and `npm run seed -- --import`), then the same file again, which must
 * find every row unchanged. Runs as the catalog's runtime role under RLS.
 */
import { performance } from 'node:perf_hooks';
import { entities, importTable, parseCsv } from '@jowi/catalog';
import { ean13 } from '@jowi/demo-data';
import { createDataSource, createLogger, newId, roleUrl, runtimeRole, systemContext } from '@jowi/server-kit';

export interface ImportRate {
  rows: number;
  first_seconds: number;
  first_rows_per_s: number;
  rerun_seconds: number;
  rerun_rows_per_s: number;
  created: number;
  unchanged_on_rerun: number;
}

function csv(rows: number): string {
  const lines = ['sku,name,name_ru,price,vat_rate,ikpu,package_code,barcodes'];
  for (let i = 0; i < rows; i++) {
    const price = `${1000 + ((i * 7919) % 90000)}.${String(i % 100).padStart(2, '0')}`;
    lines.push(
      `IMP-${i},Import mahsulot ${i},Импорт товар ${i},${price},${i % 10 === 0 ? 0 : 12},10401001001000000,2009,${ean13(`47899${String(i).padStart(7, '0')}`)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function measureImport(
  db: { adminUrl: string; rolePassword?: string },
  rows: number,
  say: (m: string) => void,
): Promise<ImportRate> {
  const dataSource = createDataSource({
    url: roleUrl(db.adminUrl, runtimeRole('catalog'), db.rolePassword),
    schema: 'catalog',
    entities,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    const ctx = systemContext({
      db: dataSource,
      tenantId: newId(),
      log: createLogger('bench-import', 'silent'),
    });
    const table = parseCsv(csv(rows));
    say(`catalog: importing a ${rows.toLocaleString('en')}-row CSV`);
    let started = performance.now();
    const first = await importTable(ctx, table);
    const firstSeconds = (performance.now() - started) / 1000;
    say('catalog: importing the same CSV again');
    started = performance.now();
    const again = await importTable(ctx, table);
    const rerunSeconds = (performance.now() - started) / 1000;
    if (first.failed > 0 || again.unchanged !== rows) {
      throw new Error(
        `import check failed: ${first.failed} failed rows, ${again.unchanged}/${rows} unchanged on re-run`,
      );
    }
    return {
      rows,
      first_seconds: Math.round(firstSeconds * 100) / 100,
      first_rows_per_s: Math.round(rows / firstSeconds),
      rerun_seconds: Math.round(rerunSeconds * 100) / 100,
      rerun_rows_per_s: Math.round(rows / rerunSeconds),
      created: first.created,
      unchanged_on_rerun: again.unchanged,
    };
  } finally {
    await dataSource.destroy();
  }
}
