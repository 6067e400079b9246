/**
 * Bulk data for the demo tenant: products (`generateCatalog` from @jowi/catalog, COPY) and sales
 * (`generateSales` from @jowi/sales, `INSERT … SELECT generate_series`) — no row-by-row loops —
 * with progress lines.
 */
import { generateCatalog } from '@jowi/catalog/generate';
import { DEMO_TENANTS } from '@jowi/demo-data';
import { generateSales } from '@jowi/sales/generate';
import type pg from 'pg';

export const DEMO = DEMO_TENANTS[0]!;
export const TERMINAL_IDS = DEMO.stores.flatMap((s) => s.terminals.map((t) => t.id));
/** The demo terminals with their store and its zone, for the sales generator. */
export const TERMINALS = DEMO.stores.flatMap((s) =>
  s.terminals.map((t) => ({ id: t.id, storeId: s.id, timeZone: s.timeZone })),
);

export interface BenchProduct {
  id: string;
  price: string;
  vatRate: number;
}

export interface CatalogData {
  /** Which generator made the products. */
  generator: string;
  count: number;
  /** A word that occurs in about 1 % of product names (search target). */
  searchWord: string;
  /** A barcode of a product near the end of the name order. */
  barcode: string;
}

/**
 * Fills the demo tenant up to `count` products with the catalog's own generator
 * (`generateCatalog`, COPY-based, the same one `npm run seed -- --products N` uses), then picks
 * a search word and a barcode from what it made.
 */
export async function fillProducts(
  admin: pg.Client,
  adminUrl: string,
  count: number,
  say: (m: string) => void,
): Promise<CatalogData> {
  const tenantId = DEMO.id;
  let last = 0;
  await generateCatalog({
    adminUrl,
    tenantId,
    products: count,
    onProgress: (phase, done, total) => {
      if (done !== total && done - last < total / 5) return;
      last = done === total ? 0 : done;
      say(`products (${phase}): ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
    },
  });
  await admin.query('ANALYZE catalog.product');
  const total = Number(
    (await admin.query('SELECT count(*) AS n FROM catalog.product WHERE tenant_id = $1', [tenantId])).rows[0]
      .n,
  );
  // A barcode near the end of the name order, and the second word of a mid-catalog name.
  const { rows: deep } = await admin.query<{ barcode: string; name: string }>(
    `SELECT b.barcode, p.name FROM catalog.product p JOIN catalog.product_barcode b
        ON b.tenant_id = p.tenant_id AND b.product_id = p.id
      WHERE p.tenant_id = $1 ORDER BY p.name DESC, p.id LIMIT 1`,
    [tenantId],
  );
  const { rows: mid } = await admin.query<{ name: string }>(
    'SELECT name FROM catalog.product WHERE tenant_id = $1 ORDER BY name, id OFFSET $2 LIMIT 1',
    [tenantId, Math.floor(total / 2)],
  );
  const words = (mid[0]?.name ?? 'non').split(/\s+/).filter((w) => w.length >= 3);
  return {
    generator: 'generateCatalog from @jowi/catalog/generate',
    count: total,
    searchWord: words[1] ?? words[0] ?? 'non',
    barcode: deep[0]!.barcode,
  };
}

/** Products for sales lines and syncSales bodies: the tenant's first `limit` by name. */
export async function productsForSales(admin: pg.Client, limit = 500): Promise<BenchProduct[]> {
  const { rows } = await admin.query<{ id: string; price: string; vat_rate: number }>(
    'SELECT id, price::text AS price, vat_rate FROM catalog.product WHERE tenant_id = $1 AND price > 0 ORDER BY name, id LIMIT $2',
    [DEMO.id, limit],
  );
  return rows.map((r) => ({ id: r.id, price: r.price, vatRate: r.vat_rate }));
}

/** Loads `count` historical sales for the demo tenant. */
export async function fillSales(
  admin: pg.Client,
  products: BenchProduct[],
  count: number,
  say: (m: string) => void,
): Promise<void> {
  if (count <= 0) return;
  await generateSales(admin, {
    tenantId: DEMO.id,
    terminals: TERMINALS,
    cashierIds: DEMO.staff.map((s) => s.id),
    customerIds: DEMO.customers.map((c) => c.id),
    products: products.map((p) => ({ id: p.id, price: BigInt(p.price), vatRate: p.vatRate })),
    count,
    progress: (done, total) => say(`sales: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`),
  });
  // VACUUM as well as ANALYZE: the visibility map lets index-only scans skip the heap. The daily
  // rollups are filled by triggers during the load; without statistics the planner takes them for
  // empty and sorts a year of product rows on disk (`salesSummary` over 365 days: 1.1 s, 0.2 s after).
  for (const table of [
    'sale',
    'sale_line',
    'sale_payment',
    'refund',
    'refund_payment',
    'shift',
    'daily_rollup',
    'daily_product_rollup',
  ])
    await admin.query(`VACUUM ANALYZE sales.${table}`);
}
