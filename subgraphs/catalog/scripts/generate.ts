/**
 * The bulk catalog generator behind `npm run seed -- --tenant <slug> --products 100000`: a
 * realistic shop catalog (a category tree, Uzbek and Russian names, EAN-13 barcodes with valid
 * check digits, 17-digit IKPU codes, prices and cost prices) for benchmarks and demos.
 *
 * Speed comes from COPY: rows stream into session temp tables, then move into the catalog with
 * one INSERT … SELECT per chunk, together with the change feed (`catalog.record_changes`, which
 * also appends the `catalog.changed` events) — the search text is filled by the table triggers (or,
 * as a superuser with triggers off, in the INSERT, and the lean pull's `catalog.product_feed`
 * rows by `catalog.refresh_product_feed` per chunk).
 * PostgreSQL refuses COPY FROM into a table under row-level security, and the runtime role may
 * not create temp tables, so this operator tool connects with the admin URL (like migrations);
 * every row carries the tenant id explicitly and `app.tenant_id` is set in each transaction, so
 * the same functions and triggers run as for a service write. Re-running is a no-op: ids and
 * SKUs are deterministic and inserts skip existing rows.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ean13 } from '@jowi/demo-data';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface GenerateCatalogOptions {
  /** Admin URL of the database (superuser or table owner). */
  adminUrl: string;
  /** Accepted for symmetry with other seeders; unused (COPY needs the admin, see above). */
  rolePassword?: string;
  tenantId: string;
  /** How many products to generate. */
  products: number;
  /** Rows per insert transaction (default 10 000). */
  chunkSize?: number;
  /** Progress: phase, done, total. */
  onProgress?: (phase: 'copy' | 'insert', done: number, total: number) => void;
}

export interface GenerateCatalogResult {
  categories: number;
  /** Products inserted (existing ones are skipped). */
  inserted: number;
  barcodes: number;
  ms: number;
  rowsPerSecond: number;
}

/** Deterministic uuid-shaped id from a name (a re-run finds the same ids). */
function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Base = [uz: string, ru: string, unit: 'pcs' | 'kg' | 'l'];
/** Root → child → goods, in Uzbek (Latin) and Russian. */
const TREE: Record<string, Record<string, Base[]>> = {
  'Oziq-ovqat': {
    'Don mahsulotlari': [
      ['Guruch', 'Рис', 'kg'],
      ['Un', 'Мука', 'kg'],
      ['Makaron', 'Макароны', 'pcs'],
      ['Grechka', 'Гречка', 'kg'],
    ],
    "Yog' va souslar": [
      ["Paxta yog'i", 'Хлопковое масло', 'l'],
      ["Kungaboqar yog'i", 'Подсолнечное масло', 'l'],
      ['Ketchup', 'Кетчуп', 'pcs'],
      ['Mayonez', 'Майонез', 'pcs'],
    ],
    Konservalar: [
      ['Tushonka', 'Тушёнка', 'pcs'],
      ["No'xat", 'Горошек', 'pcs'],
      ["Makkajo'xori", 'Кукуруза', 'pcs'],
    ],
    Ziravorlar: [
      ['Zira', 'Зира', 'pcs'],
      ['Qora murch', 'Чёрный перец', 'pcs'],
      ['Tuz', 'Соль', 'kg'],
    ],
  },
  'Sut mahsulotlari': {
    Sut: [
      ['Sut', 'Молоко', 'l'],
      ['Qaymoq', 'Сливки', 'pcs'],
    ],
    'Qatiq va kefir': [
      ['Qatiq', 'Катык', 'l'],
      ['Kefir', 'Кефир', 'l'],
      ['Suzma', 'Сузьма', 'kg'],
    ],
    Pishloqlar: [
      ['Pishloq', 'Сыр', 'kg'],
      ['Brinza', 'Брынза', 'kg'],
      ['Tvorog', 'Творог', 'pcs'],
    ],
  },
  Ichimliklar: {
    Suvlar: [
      ['Mineral suv', 'Минеральная вода', 'pcs'],
      ['Ichimlik suvi', 'Питьевая вода', 'pcs'],
    ],
    Sharbatlar: [
      ['Olma sharbati', 'Яблочный сок', 'pcs'],
      ['Anor sharbati', 'Гранатовый сок', 'pcs'],
      ['Shaftoli nektari', 'Персиковый нектар', 'pcs'],
    ],
    'Choy va qahva': [
      ["Ko'k choy", 'Зелёный чай', 'pcs'],
      ['Qora choy', 'Чёрный чай', 'pcs'],
      ['Qahva', 'Кофе', 'pcs'],
    ],
    'Gazli ichimliklar': [
      ['Limonad', 'Лимонад', 'pcs'],
      ['Kola', 'Кола', 'pcs'],
    ],
  },
  'Meva va sabzavotlar': {
    Mevalar: [
      ['Olma', 'Яблоки', 'kg'],
      ['Anor', 'Гранат', 'kg'],
      ['Uzum', 'Виноград', 'kg'],
      ['Qovun', 'Дыня', 'kg'],
    ],
    Sabzavotlar: [
      ['Kartoshka', 'Картофель', 'kg'],
      ['Piyoz', 'Лук', 'kg'],
      ['Sabzi', 'Морковь', 'kg'],
      ['Pomidor', 'Помидоры', 'kg'],
      ['Bodring', 'Огурцы', 'kg'],
    ],
    'Quruq mevalar': [
      ['Mayiz', 'Изюм', 'kg'],
      ["O'rik qoqi", 'Курага', 'kg'],
      ["Yong'oq", 'Грецкий орех', 'kg'],
    ],
  },
  "Go'sht mahsulotlari": {
    "Go'sht": [
      ["Mol go'shti", 'Говядина', 'kg'],
      ["Qo'y go'shti", 'Баранина', 'kg'],
      ['Tovuq', 'Курица', 'kg'],
    ],
    Kolbasalar: [
      ['Kolbasa', 'Колбаса', 'kg'],
      ['Sosiska', 'Сосиски', 'pcs'],
      ['Qazi', 'Казы', 'kg'],
    ],
  },
  Shirinliklar: {
    Shokolad: [
      ['Shokolad', 'Шоколад', 'pcs'],
      ['Konfet', 'Конфеты', 'kg'],
    ],
    Pishiriqlar: [
      ['Pechenye', 'Печенье', 'pcs'],
      ['Vafli', 'Вафли', 'pcs'],
      ['Tort', 'Торт', 'pcs'],
    ],
    'Asal va murabbo': [
      ['Asal', 'Мёд', 'pcs'],
      ['Murabbo', 'Варенье', 'pcs'],
    ],
  },
  'Non mahsulotlari': {
    Non: [
      ['Obi non', 'Лепёшка', 'pcs'],
      ['Patir', 'Патыр', 'pcs'],
      ['Baton', 'Батон', 'pcs'],
    ],
  },
  'Maishiy kimyo': {
    Yuvish: [
      ['Kir yuvish kukuni', 'Стиральный порошок', 'pcs'],
      ['Idish yuvish vositasi', 'Средство для посуды', 'pcs'],
    ],
    Gigiyena: [
      ['Sovun', 'Мыло', 'pcs'],
      ['Shampun', 'Шампунь', 'pcs'],
      ['Tish pastasi', 'Зубная паста', 'pcs'],
    ],
  },
};
const BRANDS = [
  'Lazzat',
  'Musaffo',
  'Bahor',
  'Oila',
  'Toshkent',
  'Samarqand',
  'Buxoro',
  "Farg'ona",
  'Xorazm',
  'Zarafshon',
  "Navro'z",
  'Orzu',
  'Nestle',
  'Hayot',
  'Baraka',
  'Sharq',
];
const SIZES: Record<Base[2], string[]> = {
  pcs: ['100 g', '200 g', '250 g', '400 g', '500 g', '0.33 l', '0.5 l', '1 l', '1.5 l', '10 dona', '20 dona'],
  kg: ['', '1 kg', '2 kg', '5 kg', '10 kg', '25 kg'],
  l: ['0.5 l', '0.9 l', '1 l', '2 l', '5 l'],
};
const TAGS = ['', '', '', 'halal', 'import', 'yangi', 'aksiya', 'mahalliy'];

/** Small, fast, deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Leaf {
  id: string;
  goods: Base[];
  group: number;
}

/** COPY text format: escape what COPY treats specially; null is \N. */
const copyText = (v: string | number | null) =>
  v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

export async function generateCatalog(options: GenerateCatalogOptions): Promise<GenerateCatalogResult> {
  const started = performance.now();
  const total = options.products;
  const chunk = options.chunkSize ?? 10_000;
  const { tenantId } = options;
  const client = new pg.Client({
    connectionString: options.adminUrl,
    application_name: 'jowi-catalog-generator',
  });
  await client.connect();
  try {
    const inTenant = async <T>(work: () => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };

    // Category tree (parents first).
    const leaves: Leaf[] = [];
    const categoryRows: [string, string, string | null][] = [];
    Object.entries(TREE).forEach(([root, children], r) => {
      const rootId = stableId('gen-category', tenantId, root);
      categoryRows.push([rootId, root, null]);
      for (const [child, goods] of Object.entries(children)) {
        const id = stableId('gen-category', tenantId, root, child);
        categoryRows.push([id, child, rootId]);
        leaves.push({ id, goods, group: 100 + r * 10 + leaves.length });
      }
    });
    const categories = await inTenant(async () => {
      const added = await client.query<{ id: string }>(
        `INSERT INTO catalog.category (tenant_id, id, name, parent_id)
         SELECT $1, u.id, u.name, u.parent FROM unnest($2::uuid[], $3::text[], $4::uuid[]) WITH ORDINALITY AS u(id, name, parent, o)
         ORDER BY u.o ON CONFLICT DO NOTHING RETURNING id`,
        [
          tenantId,
          categoryRows.map((c) => c[0]),
          categoryRows.map((c) => c[1]),
          categoryRows.map((c) => c[2]),
        ],
      );
      await client.query("SELECT catalog.record_changes('CATEGORY', 'UPSERT', $1::uuid[])", [
        added.rows.map((r) => r.id),
      ]);
      return added.rowCount ?? 0;
    });

    await client.query(`CREATE TEMP TABLE IF NOT EXISTS gen_product (n int, id uuid, sku text, name text, name_ru text,
      price bigint, cost_price bigint, vat_rate smallint, ikpu text, package_code text, unit text, category_id uuid,
      owner_type text, tags text[]) ON COMMIT PRESERVE ROWS`);
    await client.query('CREATE TEMP TABLE IF NOT EXISTS gen_barcode (n int, product_id uuid, barcode text)');
    await client.query('TRUNCATE gen_product, gen_barcode');

    const random = prng(20251201);
    const barcodeLines: string[] = [];
    function* productLines(): Generator<string> {
      for (let n = 1; n <= total; n++) {
        const leaf = leaves[Math.floor(random() * leaves.length)]!;
        const [uz, ru, unit] = leaf.goods[Math.floor(random() * leaf.goods.length)]!;
        const brand = BRANDS[Math.floor(random() * BRANDS.length)]!;
        const size = SIZES[unit][Math.floor(random() * SIZES[unit].length)]!;
        const sku = `GEN-${String(n).padStart(7, '0')}`;
        const id = stableId('gen-product', tenantId, sku);
        const name = `${brand} ${uz}${size ? ` ${size}` : ''} №${n}`;
        const nameRu = `${ru} «${brand}»${size ? ` ${size}` : ''} №${n}`;
        // 1 000 – 500 000 UZS in steps of 100 UZS, in tiyin; cost 60–85 % of the price.
        const price = BigInt(10 + Math.floor(random() * 4990)) * 10_000n;
        const cost = (price * BigInt(60 + Math.floor(random() * 26))) / 100n;
        const vat = random() < 0.06 ? 0 : 12;
        const ikpu = `${leaf.group}${String(n).padStart(14, '0')}`.slice(0, 17).padEnd(17, '0');
        const tag = TAGS[Math.floor(random() * TAGS.length)]!;
        barcodeLines.push(`${n}\t${id}\t${ean13(`4785${String(n).padStart(8, '0')}`)}\n`);
        if (n % 7 === 0) barcodeLines.push(`${n}\t${id}\t${ean13(`4606${String(n).padStart(8, '0')}`)}\n`);
        yield `${[
          n,
          id,
          sku,
          name,
          nameRu,
          price.toString(),
          cost.toString(),
          vat,
          ikpu,
          unit === 'pcs' ? '2009' : '4',
          unit,
          leaf.id,
          'RESALE',
          tag ? `{${tag}}` : '{}',
        ]
          .map(copyText)
          .join('\t')}\n`;
        if (n % 5000 === 0 || n === total) options.onProgress?.('copy', n, total);
      }
    }
    const batched = function* (): Generator<string> {
      let buffer = '';
      for (const line of productLines()) {
        buffer += line;
        if (buffer.length > 256 * 1024) {
          yield buffer;
          buffer = '';
        }
      }
      if (buffer) yield buffer;
    };
    await pipeline(Readable.from(batched()), client.query(copyFrom('COPY gen_product FROM STDIN')));
    await pipeline(
      Readable.from([barcodeLines.join('')]),
      client.query(copyFrom('COPY gen_barcode FROM STDIN')),
    );
    await client.query('CREATE INDEX IF NOT EXISTS gen_barcode_n ON gen_barcode (n)');
    await client.query('CREATE INDEX IF NOT EXISTS gen_product_n ON gen_product (n)');
    await client.query('ANALYZE gen_product, gen_barcode');
    // Trigram GIN entries go through the pending list; a larger one merges in fewer, bigger batches.
    await client.query("SET gin_pending_list_limit = '64MB'");
    await client.query("SET work_mem = '64MB'");

    // As a superuser, skip per-row triggers (search text, barcode touch, FK checks) and write the
    // search text in the INSERT itself — the same formula as catalog.product_search_text(). The
    // rows are consistent by construction. Without superuser, the triggers do it (slower).
    const bulk = await client.query('SET session_replication_role = replica').then(
      () => true,
      () => false,
    );
    const searchText = bulk
      ? `, catalog.search_norm(concat_ws(' ', g.name, g.name_ru, NULL, g.sku,
           (SELECT string_agg(b.barcode, ' ') FROM gen_barcode b WHERE b.n = g.n)))`
      : '';
    let inserted = 0;
    let barcodes = 0;
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(from + chunk - 1, total);
      await inTenant(async () => {
        const products = await client.query<{ n: number }>(
          `WITH ins AS (
             INSERT INTO catalog.product (tenant_id, id, sku, name, name_ru, price, cost_price, vat_rate, ikpu, package_code,
                                          unit, category_id, owner_type, tags${bulk ? ', search_text' : ''})
             SELECT $1, g.id, g.sku, g.name, g.name_ru, g.price, g.cost_price, g.vat_rate, g.ikpu, g.package_code, g.unit,
                    g.category_id, g.owner_type, g.tags${searchText}
               FROM gen_product g WHERE g.n BETWEEN $2 AND $3 ORDER BY g.n
             ON CONFLICT DO NOTHING RETURNING id)
           SELECT (SELECT count(*) FROM ins)::int AS n, catalog.record_changes('PRODUCT', 'UPSERT', ARRAY(SELECT id FROM ins))`,
          [tenantId, from, to],
        );
        inserted += products.rows[0]?.n ?? 0;
        const codes = await client.query(
          `INSERT INTO catalog.product_barcode (tenant_id, barcode, product_id)
           SELECT $1, barcode, product_id FROM gen_barcode WHERE n BETWEEN $2 AND $3 ON CONFLICT DO NOTHING`,
          [tenantId, from, to],
        );
        barcodes += codes.rowCount ?? 0;
        // The lean pull's ready rows (`catalog.product_feed`), which the triggers skipped.
        if (bulk) {
          await client.query(
            'SELECT catalog.refresh_product_feed($1, ARRAY(SELECT id FROM gen_product WHERE n BETWEEN $2 AND $3))',
            [tenantId, from, to],
          );
        }
      });
      options.onProgress?.('insert', to, total);
    }
    if (bulk) await client.query('SET session_replication_role = DEFAULT');
    await client.query('DROP TABLE gen_product, gen_barcode');
    // Fresh statistics, so the planner picks the trigram and keyset indexes right away.
    await client.query(
      'ANALYZE catalog.product, catalog.product_barcode, catalog.change, catalog.product_feed',
    );
    const ms = performance.now() - started;
    return { categories, inserted, barcodes, ms, rowsPerSecond: Math.round((total / ms) * 1000) };
  } finally {
    await client.end();
  }
}
