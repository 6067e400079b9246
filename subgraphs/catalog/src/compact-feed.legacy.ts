/**
 * Test support: the compact page statement (format 1) as it was before `catalog.product_feed`
 * (issue 17) — each product looked up with three correlated subqueries and its values turned to
 * JSON per page. The spec and `bench/feed-probe.ts` run it beside the current statement on the
 * same data: the output must be the same text, byte for byte.
 */
const money = (expr: string) => `((${expr})::numeric / 100)::numeric(20, 2)::text`;

/** Product columns of format 1: JSON key → SQL over the `prod` row `p`. */
const PRODUCT_COLUMNS_V1: Readonly<Record<string, string>> = {
  sku: 'p.sku',
  name: 'p.name',
  nameRu: 'p.name_ru',
  nameEn: 'p.name_en',
  price: money('p.price'),
  vatRate: 'p.vat_rate',
  ikpu: 'p.ikpu',
  packageCode: 'p.package_code',
  unit: 'p.unit',
  categoryId: 'p.category_id',
  active: 'p.active',
  markingRequired: 'p.marking_required',
  cashlessOnly: 'p.cashless_only',
  ownerType: 'p.owner_type',
  imageUrl: 'p.image_url',
  barcodes: 'p.barcodes',
  storePrices: 'p.store_prices',
  modifierGroupIds: 'p.modifier_group_ids',
};

// Each column written without the space PostgreSQL's json_agg puts after every comma (the page is
// passed to the POS as this text: 8 % fewer bytes to send and gzip); NULL is kept as null.
const productsJson = () => {
  const columns = Object.entries(PRODUCT_COLUMNS_V1)
    .map(
      ([key, sql]) =>
        `'${key}', ('[' || coalesce(string_agg(coalesce(to_json(${sql})::text, 'null'), ','), '') || ']')::json`,
    )
    .join(',\n');
  return `json_build_object(
    'ids', coalesce(replace(encode(string_agg(uuid_send(p.id), ''::bytea), 'base64'), E'\\n', ''), ''),
    ${columns})`;
};

// One statement, one snapshot. `kept` is the page (one more row tells whether more follow); each
// entity is read by an index lookup per change (as in listChanges); a change whose entity is gone
// is sent as deleted. The product columns are aggregated from one sorted scan (by category, then
// name): every column in the same order without a sort per column.
export const LEGACY_COMPACT_SQL = (withChanges: boolean) => `
WITH page AS (
  SELECT c.seq, c.entity, c.entity_id, c.kind FROM catalog.change c
   WHERE c.tenant_id = $1 AND c.seq > $2 ORDER BY c.seq LIMIT $3 + 1),
kept AS MATERIALIZED (SELECT * FROM page ORDER BY seq LIMIT $3),
prod AS MATERIALIZED (
  SELECT x.id, x.sku, x.name, x.name_ru, x.name_en, x.price, x.vat_rate, x.ikpu, x.package_code, x.unit,
           x.category_id, x.active, x.marking_required, x.cashless_only, x.owner_type, x.image_url,
           ARRAY(SELECT b.barcode FROM catalog.product_barcode b
                  WHERE b.tenant_id = $1 AND b.product_id = x.id ORDER BY b.created_at, b.barcode) AS barcodes,
           (SELECT coalesce(json_agg(json_build_array(s.store_id, ${money('s.price')}) ORDER BY s.store_id), '[]')
              FROM catalog.store_price s WHERE s.tenant_id = $1 AND s.product_id = x.id) AS store_prices,
           ARRAY(SELECT l.group_id FROM catalog.product_modifier_group l
                  WHERE l.tenant_id = $1 AND l.product_id = x.id ORDER BY l.position) AS modifier_group_ids
      FROM kept k
      JOIN LATERAL (SELECT * FROM catalog.product y WHERE y.tenant_id = $1 AND y.id = k.entity_id LIMIT 1) x ON true
     WHERE k.entity = 'PRODUCT' AND k.kind = 'UPSERT'),
cat AS MATERIALIZED (
  SELECT x.id, x.name, x.parent_id, x.active FROM kept k
    JOIN catalog.category x ON x.tenant_id = $1 AND x.id = k.entity_id
   WHERE k.entity = 'CATEGORY' AND k.kind = 'UPSERT'),
grp AS MATERIALIZED (
  SELECT g.id, g.name, g.required, g.min_select, g.max_select, g.active FROM kept k
    JOIN catalog.modifier_group g ON g.tenant_id = $1 AND g.id = k.entity_id
   WHERE k.entity = 'MODIFIER_GROUP' AND k.kind = 'UPSERT'),
kinds AS MATERIALIZED (
  SELECT k.seq, k.entity, k.entity_id,
         CASE WHEN coalesce(pr.id, ca.id, gr.id) IS NULL THEN 'DELETE' ELSE 'UPSERT' END AS kind
    FROM kept k
    LEFT JOIN prod pr ON k.entity = 'PRODUCT' AND pr.id = k.entity_id
    LEFT JOIN cat ca ON k.entity = 'CATEGORY' AND ca.id = k.entity_id
    LEFT JOIN grp gr ON k.entity = 'MODIFIER_GROUP' AND gr.id = k.entity_id)
SELECT (SELECT count(*) FROM page) > $3 AS "hasMore",
       (SELECT max(seq)::text FROM kept) AS "lastSeq",
       json_build_object(
         'format', 1,
         'products', (SELECT ${productsJson()} FROM (SELECT * FROM prod ORDER BY category_id NULLS FIRST, name, id) p),
         'categories', (SELECT coalesce(json_agg(json_build_array(c.id, c.name, c.parent_id, c.active) ORDER BY c.name, c.id), '[]')
            FROM cat c),
         'modifierGroups', (SELECT coalesce(json_agg(json_build_array(g.id, g.name, g.required, g.min_select, g.max_select, g.active,
                 (SELECT coalesce(json_agg(json_build_array(o.id, o.name, ${money('o.price_delta')}) ORDER BY o.position), '[]')
                    FROM catalog.modifier_option o WHERE o.tenant_id = $1 AND o.group_id = g.id)) ORDER BY g.name, g.id), '[]')
            FROM grp g),
         'deleted', (SELECT coalesce(json_agg(json_build_array(k.entity, k.entity_id) ORDER BY k.seq), '[]')
            FROM kinds k WHERE k.kind = 'DELETE'))::text AS compact,
       ${
         withChanges
           ? `(SELECT coalesce(json_agg(json_build_array(k.seq::text, k.entity, k.entity_id, k.kind) ORDER BY k.seq), '[]')
          FROM kinds k)`
           : `'[]'::json`
       } AS changes`;
