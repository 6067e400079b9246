import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tiyin (bigint) as a `Money` string, in SQL: `1250000` → `"12500.00"`. */
const money = (expr: string) => `((${expr})::numeric / 100)::numeric(20, 2)::text`;

/**
 * The pieces of a product's compact tuple (format 1 of the lean pull): feed column → SQL over the
 * product row `x`. Each is stored as the JSON text the page writes for it, so a page only joins
 * and concatenates. Frozen here: a format 1 key added later adds a column in its own migration.
 */
export const PRODUCT_FEED_PIECES: readonly [column: string, sql: string][] = [
  ['sku', 'x.sku'],
  ['name', 'x.name'],
  ['name_ru', 'x.name_ru'],
  ['name_en', 'x.name_en'],
  ['price', money('x.price')],
  ['vat_rate', 'x.vat_rate'],
  ['ikpu', 'x.ikpu'],
  ['package_code', 'x.package_code'],
  ['unit', 'x.unit'],
  ['category_id', 'x.category_id'],
  ['active', 'x.active'],
  ['marking_required', 'x.marking_required'],
  ['cashless_only', 'x.cashless_only'],
  ['owner_type', 'x.owner_type'],
  ['image_url', 'x.image_url'],
  [
    'barcodes',
    `ARRAY(SELECT b.barcode FROM catalog.product_barcode b
            WHERE b.tenant_id = x.tenant_id AND b.product_id = x.id ORDER BY b.created_at, b.barcode)`,
  ],
  [
    'store_prices',
    `(SELECT coalesce(json_agg(json_build_array(s.store_id, ${money('s.price')}) ORDER BY s.store_id), '[]')
        FROM catalog.store_price s WHERE s.tenant_id = x.tenant_id AND s.product_id = x.id)`,
  ],
  [
    'modifier_group_ids',
    `ARRAY(SELECT l.group_id FROM catalog.product_modifier_group l
            WHERE l.tenant_id = x.tenant_id AND l.product_id = x.id ORDER BY l.position)`,
  ],
];

const COLUMNS = PRODUCT_FEED_PIECES.map(([column]) => `j_${column}`);

/**
 * Each product is read by a LATERAL subquery with LIMIT 1, i.e. a primary-key lookup per id:
 * `id = ANY (ids)` or a join let the planner scan the tenant's whole product index and hash it
 * (an import of 100 000 rows slowed down chunk by chunk). And the plans are generic: planned for
 * one tenant's value, a tenant that is new since the last ANALYZE (an import's) looks empty, and
 * the planner took any index with a leading `tenant_id` — a scan of the tenant per product. A
 * product deleted needs nothing here: the foreign key takes its row with it.
 */
export const REFRESH_PRODUCT_FEED = `FUNCTION catalog.refresh_product_feed(p_tenant uuid, p_ids uuid[])
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        PERFORM 1 FROM (SELECT DISTINCT u.id FROM unnest(p_ids) AS u(id) ORDER BY u.id) u,
          LATERAL (SELECT p.id FROM catalog.product p WHERE p.tenant_id = p_tenant AND p.id = u.id
                    LIMIT 1 FOR NO KEY UPDATE) p;
        INSERT INTO catalog.product_feed (tenant_id, product_id, category_id, name, ${COLUMNS.join(', ')})
          SELECT s.tenant_id, s.product_id, s.category_id, s.name, ${COLUMNS.map((c) => `s.${c}`).join(', ')}
            FROM (SELECT DISTINCT u.id FROM unnest(p_ids) AS u(id)) u,
            LATERAL (SELECT * FROM catalog.product_feed_source y
                      WHERE y.tenant_id = p_tenant AND y.product_id = u.id LIMIT 1) s
          ON CONFLICT (tenant_id, product_id) DO UPDATE SET category_id = EXCLUDED.category_id, name = EXCLUDED.name,
            ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')};
      END $$`;

/** The tables a product's feed row is read from (each has `tenant_id`, and `product_id` but product). */
const SOURCES = ['catalog.product_barcode', 'catalog.store_price', 'catalog.product_modifier_group'];

/**
 * Issue 17: the lean pull's page reads ready values. A page of 20 000 changes used to look up
 * each product and run three correlated subqueries per product (barcodes, store prices, modifier
 * links) before `json_agg` — 0.65–2.2 s per page in PostgreSQL, the pull's wall.
 *
 * `catalog.product_feed` holds one row per product: its sort keys (category, name) and each
 * format 1 column as the JSON text the page writes (`j_*`), so a page is a range read of
 * `catalog.change`, a primary-key join to these rows and string aggregation.
 *
 * Kept right at write time by statement triggers on every table a row is read from (product,
 * barcodes, store prices, modifier links) — whoever writes: services, import, seeds. Categories
 * and modifier groups are not part of the row (a product carries their ids; a category deleted
 * sets `category_id` by an UPDATE of the product, a modifier group deleted cascades to its links,
 * and both fire the triggers). A product deleted takes its row with it (foreign key, cascade).
 *
 * `catalog.refresh_product_feed(tenant, ids)` first locks the products (`FOR NO KEY UPDATE`,
 * which a foreign-key check does not wait for) and then reads them in a new snapshot: two
 * transactions that change one product's store prices at once are serialised, and the second
 * one's row includes the first one's price. The bulk generator, which writes with triggers off,
 * calls it per chunk. Existing products are backfilled here.
 */
export class ProductFeed1766000000300 implements MigrationInterface {
  name = 'ProductFeed1766000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.product_feed (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      category_id uuid,
      name text NOT NULL,
      ${COLUMNS.map((c) => `${c} text NOT NULL`).join(',\n      ')},
      PRIMARY KEY (tenant_id, product_id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product (tenant_id, id) ON DELETE CASCADE
    )`);
    // What a product's feed row is, computed from its tables (as the caller sees them).
    await q.query(`CREATE VIEW catalog.product_feed_source WITH (security_invoker = true) AS
      SELECT x.tenant_id, x.id AS product_id, x.category_id, x.name,
             ${PRODUCT_FEED_PIECES.map(([column, sql]) => `coalesce(to_json(${sql})::text, 'null') AS j_${column}`).join(',\n             ')}
        FROM catalog.product x`);

    await q.query(`CREATE ${REFRESH_PRODUCT_FEED}`);

    // One function for every trigger: the changed products by tenant, from the statement's rows.
    await q.query(`CREATE FUNCTION catalog.product_feed_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record;
      BEGIN
        IF TG_TABLE_NAME = 'product' THEN
          FOR r IN SELECT tenant_id, array_agg(DISTINCT id) AS ids FROM new_rows GROUP BY tenant_id LOOP
            PERFORM catalog.refresh_product_feed(r.tenant_id, r.ids);
          END LOOP;
        ELSIF TG_OP = 'INSERT' THEN
          FOR r IN SELECT tenant_id, array_agg(DISTINCT product_id) AS ids FROM new_rows GROUP BY tenant_id LOOP
            PERFORM catalog.refresh_product_feed(r.tenant_id, r.ids);
          END LOOP;
        ELSIF TG_OP = 'DELETE' THEN
          FOR r IN SELECT tenant_id, array_agg(DISTINCT product_id) AS ids FROM old_rows GROUP BY tenant_id LOOP
            PERFORM catalog.refresh_product_feed(r.tenant_id, r.ids);
          END LOOP;
        ELSE
          FOR r IN SELECT tenant_id, array_agg(DISTINCT product_id) AS ids
                     FROM (SELECT tenant_id, product_id FROM old_rows UNION ALL SELECT tenant_id, product_id FROM new_rows) c
                    GROUP BY tenant_id LOOP
            PERFORM catalog.refresh_product_feed(r.tenant_id, r.ids);
          END LOOP;
        END IF;
        RETURN NULL;
      END $$`);
    const each = 'FOR EACH STATEMENT EXECUTE FUNCTION catalog.product_feed_touch()';
    await q.query(`CREATE TRIGGER product_feed_inserted AFTER INSERT ON catalog.product
      REFERENCING NEW TABLE AS new_rows ${each}`);
    await q.query(`CREATE TRIGGER product_feed_updated AFTER UPDATE ON catalog.product
      REFERENCING NEW TABLE AS new_rows ${each}`);
    for (const table of SOURCES) {
      const short = table.split('.')[1];
      await q.query(`CREATE TRIGGER ${short}_feed_inserted AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows ${each}`);
      await q.query(`CREATE TRIGGER ${short}_feed_updated AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ${each}`);
      await q.query(`CREATE TRIGGER ${short}_feed_deleted AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows ${each}`);
    }

    // Backfill: the owner reads every tenant's rows while RLS is not forced (this transaction only).
    const read = ['catalog.product', ...SOURCES];
    for (const table of read) await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await q.query(`INSERT INTO catalog.product_feed SELECT * FROM catalog.product_feed_source`);
    for (const table of read) await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    for (const sql of tenantTableSql('catalog.product_feed')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of SOURCES) {
      const short = table.split('.')[1];
      for (const op of ['inserted', 'updated', 'deleted']) {
        await q.query(`DROP TRIGGER ${short}_feed_${op} ON ${table}`);
      }
    }
    await q.query('DROP TRIGGER product_feed_inserted ON catalog.product');
    await q.query('DROP TRIGGER product_feed_updated ON catalog.product');
    await q.query('DROP FUNCTION catalog.product_feed_touch()');
    await q.query('DROP FUNCTION catalog.refresh_product_feed(uuid, uuid[])');
    await q.query('DROP VIEW catalog.product_feed_source');
    await q.query('DROP TABLE catalog.product_feed');
  }
}
