import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЎҚҒҲ';
const LOWER = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ';

/**
 * Catalog at real scale (issue 4).
 *
 * - Product gains ru/en names, cost price, owner type, marking flag, image, tags and a
 *   `search_text` column: names in every language, SKU and barcodes, lower-cased and transliterated
 *   from (Uzbek/Russian) Cyrillic to Uzbek Latin by `catalog.search_norm`, so "плов" and "plov"
 *   meet in the same trigram index. Triggers keep it current, whoever writes (service, import,
 *   generator).
 * - pg_trgm is a trusted extension (PostgreSQL ≥ 13): the owner role, which has CREATE on the
 *   database, may install it. It goes into the shared `jowi` schema unless it already exists
 *   somewhere else, in which case the index uses that schema's operator class.
 * - Modifier groups with options, attached to products; store price overrides; price history.
 * - The change feed: `change_counter` holds one row per tenant whose `last_seq` is bumped with an
 *   UPDATE, so the row stays locked until commit and catalog writers of one tenant take sequence
 *   numbers one transaction after another. A reader can therefore never see seq N+1 before N
 *   (no in-flight gap, unlike a shared bigserial). `change` keeps only the latest change per
 *   entity (upsert on entity), so a pull from zero costs one row per live entity.
 */
export class CatalogScale1764500000100 implements MigrationInterface {
  name = 'CatalogScale1764500000100';

  async up(q: QueryRunner): Promise<void> {
    const ext: { schema: string }[] = await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm'`,
    );
    if (ext.length === 0) await q.query('CREATE EXTENSION pg_trgm WITH SCHEMA jowi');
    const trgmSchema = ext[0]?.schema ?? 'jowi';

    await q.query(`CREATE FUNCTION catalog.search_norm(t text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT translate(
          replace(replace(replace(replace(replace(replace(replace(replace(replace(
            lower(translate(coalesce(t, ''), '${UPPER}', '${LOWER}')),
            'ё', 'yo'), 'ж', 'j'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'щ', 'sh'), 'ю', 'yu'), 'я', 'ya'), 'ғ', 'g'),
          'абвгдезийклмнопрстуфхыэўқҳъь''ʻʼ’‘\`',
          'abvgdeziyklmnoprstufxieoqh')
      $$`);

    await q.query(`ALTER TABLE catalog.product
      ADD COLUMN name_ru text CHECK (name_ru IS NULL OR length(btrim(name_ru)) > 0),
      ADD COLUMN name_en text CHECK (name_en IS NULL OR length(btrim(name_en)) > 0),
      ADD COLUMN cost_price bigint CHECK (cost_price IS NULL OR cost_price >= 0),
      ADD COLUMN owner_type text NOT NULL DEFAULT 'RESALE' CHECK (owner_type IN ('RESALE', 'OWN_PRODUCTION', 'SERVICE')),
      ADD COLUMN marking_required boolean NOT NULL DEFAULT false,
      ADD COLUMN image_url text,
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN search_text text NOT NULL DEFAULT ''`);

    await q.query(`CREATE FUNCTION catalog.product_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := catalog.search_norm(concat_ws(' ', NEW.name, NEW.name_ru, NEW.name_en, NEW.sku,
          (SELECT string_agg(b.barcode, ' ') FROM catalog.product_barcode b
            WHERE b.tenant_id = NEW.tenant_id AND b.product_id = NEW.id)));
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER product_search_text
      BEFORE INSERT OR UPDATE OF name, name_ru, name_en, sku, search_text ON catalog.product
      FOR EACH ROW EXECUTE FUNCTION catalog.product_search_text()`);
    // Barcode rows change a product's search text: one set-based UPDATE per statement.
    await q.query(`CREATE FUNCTION catalog.barcode_touch_product() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalog.product p SET search_text = ''
          FROM (SELECT DISTINCT tenant_id, product_id FROM changed) c
         WHERE p.tenant_id = c.tenant_id AND p.id = c.product_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER product_barcode_added AFTER INSERT ON catalog.product_barcode
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION catalog.barcode_touch_product()`);
    await q.query(`CREATE TRIGGER product_barcode_removed AFTER DELETE ON catalog.product_barcode
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION catalog.barcode_touch_product()`);
    await q.query(`UPDATE catalog.product SET search_text = ''`);

    await q.query(
      `CREATE INDEX product_search_idx ON catalog.product USING gin (search_text ${trgmSchema}.gin_trgm_ops)`,
    );
    await q.query('CREATE INDEX product_tags_idx ON catalog.product USING gin (tags)');
    await q.query('CREATE INDEX product_price_idx ON catalog.product (tenant_id, price, id)');
    await q.query('CREATE INDEX product_updated_idx ON catalog.product (tenant_id, updated_at, id)');
    await q.query('CREATE INDEX category_parent_idx ON catalog.category (tenant_id, parent_id)');

    await q.query(`CREATE TABLE catalog.modifier_group (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      required boolean NOT NULL DEFAULT false,
      min_select integer NOT NULL DEFAULT 0 CHECK (min_select >= 0),
      max_select integer NOT NULL DEFAULT 1 CHECK (max_select >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (min_select <= max_select)
    )`);
    await q.query(`CREATE TABLE catalog.modifier_option (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      group_id uuid NOT NULL,
      position integer NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      price_delta bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, group_id, position),
      FOREIGN KEY (tenant_id, group_id) REFERENCES catalog.modifier_group (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE TABLE catalog.product_modifier_group (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      group_id uuid NOT NULL,
      position integer NOT NULL,
      PRIMARY KEY (tenant_id, product_id, group_id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, group_id) REFERENCES catalog.modifier_group (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(
      'CREATE INDEX product_modifier_group_group_idx ON catalog.product_modifier_group (tenant_id, group_id)',
    );

    await q.query(`CREATE TABLE catalog.store_price (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      store_id uuid NOT NULL,
      price bigint NOT NULL CHECK (price >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, product_id, store_id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product (tenant_id, id) ON DELETE CASCADE
    )`);

    // Who changed which price when, old → new. store_id NULL = the base price; a NULL price =
    // no value (a new product, or a removed store override).
    await q.query(`CREATE TABLE catalog.price_history (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      product_id uuid NOT NULL,
      store_id uuid,
      old_price bigint,
      new_price bigint,
      actor text,
      source text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(
      'CREATE INDEX price_history_product_idx ON catalog.price_history (tenant_id, product_id, changed_at, id)',
    );

    await q.query(`CREATE TABLE catalog.change_counter (
      tenant_id uuid PRIMARY KEY,
      last_seq bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE catalog.change (
      tenant_id uuid NOT NULL,
      entity text NOT NULL CHECK (entity IN ('PRODUCT', 'CATEGORY', 'MODIFIER_GROUP')),
      entity_id uuid NOT NULL,
      seq bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('UPSERT', 'DELETE')),
      changed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, entity, entity_id),
      UNIQUE (tenant_id, seq)
    )`);

    // Records changes of one kind of entity in the caller's tenant transaction: bumps the tenant's
    // counter (row lock held to commit), upserts the latest change per entity, appends one
    // `catalog.changed` event per change. Set-based, so an import of 1 000 rows is 3 statements.
    await q.query(`CREATE FUNCTION catalog.record_changes(p_entity text, p_kind text, p_ids uuid[])
      RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        t uuid := jowi.current_tenant();
        ids uuid[] := ARRAY(SELECT DISTINCT x FROM unnest(p_ids) AS x WHERE x IS NOT NULL);
        n integer := coalesce(array_length(ids, 1), 0);
        top bigint;
      BEGIN
        IF n = 0 THEN RETURN NULL; END IF;
        INSERT INTO catalog.change_counter AS c (tenant_id, last_seq) VALUES (t, n)
          ON CONFLICT (tenant_id) DO UPDATE SET last_seq = c.last_seq + n
          RETURNING last_seq INTO top;
        INSERT INTO catalog.change AS c (tenant_id, entity, entity_id, seq, kind, changed_at)
          SELECT t, p_entity, u.id, top - n + u.ord, p_kind, now()
            FROM unnest(ids) WITH ORDINALITY AS u(id, ord)
          ON CONFLICT (tenant_id, entity, entity_id)
          DO UPDATE SET seq = EXCLUDED.seq, kind = EXCLUDED.kind, changed_at = EXCLUDED.changed_at;
        INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source)
          SELECT t, 'catalog.changed', u.id::text,
                 jsonb_build_object('seq', (top - n + u.ord)::text, 'entity', p_entity, 'kind', p_kind, 'id', u.id),
                 'catalog'
            FROM unnest(ids) WITH ORDINALITY AS u(id, ord);
        RETURN top;
      END $$`);

    for (const table of [
      'catalog.modifier_group',
      'catalog.modifier_option',
      'catalog.product_modifier_group',
      'catalog.store_price',
      'catalog.price_history',
      'catalog.change_counter',
      'catalog.change',
    ]) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
    // Price history is append-only for the service.
    await q.query('REVOKE UPDATE, DELETE ON catalog.price_history FROM jowi_catalog');

    // Existing rows enter the feed (categories first, so a replay meets parents before children).
    await q.query(`INSERT INTO catalog.change (tenant_id, entity, entity_id, seq, kind)
      SELECT tenant_id, entity, id, row_number() OVER (PARTITION BY tenant_id ORDER BY ord, created_at, id), 'UPSERT'
        FROM (SELECT tenant_id, 'CATEGORY' AS entity, id, 0 AS ord, created_at FROM catalog.category
              UNION ALL
              SELECT tenant_id, 'PRODUCT', id, 1, created_at FROM catalog.product) s`);
    await q.query(`INSERT INTO catalog.change_counter (tenant_id, last_seq)
      SELECT tenant_id, max(seq) FROM catalog.change GROUP BY tenant_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'change',
      'change_counter',
      'price_history',
      'store_price',
      'product_modifier_group',
      'modifier_option',
      'modifier_group',
    ]) {
      await q.query(`DROP TABLE catalog.${table}`);
    }
    await q.query('DROP FUNCTION catalog.record_changes(text, text, uuid[])');
    await q.query('DROP TRIGGER product_barcode_added ON catalog.product_barcode');
    await q.query('DROP TRIGGER product_barcode_removed ON catalog.product_barcode');
    await q.query('DROP TRIGGER product_search_text ON catalog.product');
    await q.query('DROP FUNCTION catalog.barcode_touch_product()');
    await q.query('DROP FUNCTION catalog.product_search_text()');
    await q.query(`ALTER TABLE catalog.product DROP COLUMN name_ru, DROP COLUMN name_en, DROP COLUMN cost_price,
      DROP COLUMN owner_type, DROP COLUMN marking_required, DROP COLUMN image_url, DROP COLUMN tags,
      DROP COLUMN search_text`);
    await q.query('DROP FUNCTION catalog.search_norm(text)');
  }
}
