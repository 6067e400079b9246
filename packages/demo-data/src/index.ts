/**
 * The demo dataset of ARCHITECTURE §2: tenants `demo` and `demo2`, each with an owner, a
 * manager, a cashier (PIN 1111), two stores with a terminal each, and a realistic Uzbek
 * restaurant + shop catalog with IKPU codes and opening stock. Ids are derived from names so
 * every subgraph can seed its own part independently and re-seeding is idempotent.
 */
import { createHash } from 'node:crypto';

/** Deterministic UUID (version nibble 8: custom) from a name. */
export function demoId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DEMO_PASSWORD = 'jowi-demo';
export const DEMO_PIN = '1111';

export interface DemoStaff {
  id: string;
  email: string | null;
  name: string;
  roles: string[];
  pin: string | null;
}
export interface DemoStore {
  id: string;
  name: string;
  address: string;
  taxId: string;
  timeZone: string;
  terminals: { id: string; name: string }[];
}
export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  /** Price in tiyin. */
  price: bigint;
  vatRate: 0 | 12;
  ikpu: string;
  packageCode: string;
  unit: 'pcs' | 'kg' | 'l' | 'portion';
  barcodes: string[];
  categoryId: string;
  /** Opening stock per store, in thousandths of the unit. */
  openingStock: bigint;
}
export interface DemoCategory {
  id: string;
  name: string;
  parentId: string | null;
}
export interface DemoTenant {
  id: string;
  slug: string;
  name: string;
  staff: DemoStaff[];
  stores: DemoStore[];
  categories: DemoCategory[];
  products: DemoProduct[];
  customers: { id: string; phone: string; name: string }[];
}

/** EAN-13 check digit for 12 digits. */
export function ean13(twelve: string): string {
  const sum = [...twelve].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

const MENU: [string, string, number, 0 | 12, string, DemoProduct['unit'], number][] = [
  // [category, name, price UZS, VAT, IKPU, unit, opening stock]
  ['Taomlar', 'Osh (plov), 1 porsiya', 45000, 12, '10202001001000000', 'portion', 200],
  ['Taomlar', "Lag'mon", 38000, 12, '10202001002000000', 'portion', 150],
  ['Taomlar', 'Shashlik, mol go‘shti', 22000, 12, '10202001003000000', 'pcs', 300],
  ['Taomlar', 'Manti, 5 dona', 35000, 12, '10202001004000000', 'portion', 120],
  ['Taomlar', 'Norin', 40000, 12, '10202001005000000', 'portion', 80],
  ['Taomlar', 'Shurva', 30000, 12, '10202001006000000', 'portion', 100],
  ['Pishiriqlar', 'Somsa, tandir', 9000, 12, '10905001001000000', 'pcs', 400],
  ['Pishiriqlar', 'Non, tandir', 5000, 0, '10905001002000000', 'pcs', 500],
  ['Pishiriqlar', 'Patir non', 8000, 0, '10905001003000000', 'pcs', 200],
  ['Ichimliklar', 'Ko‘k choy, choynak', 6000, 12, '11001001001000000', 'pcs', 1000],
  ['Ichimliklar', 'Qora choy, choynak', 6000, 12, '11001001002000000', 'pcs', 1000],
  ['Ichimliklar', 'Ayron', 7000, 12, '11001001003000000', 'pcs', 250],
  ['Ichimliklar', 'Coca-Cola 0.5 l', 9000, 12, '22021001001000000', 'pcs', 300],
  ['Ichimliklar', 'Hydrolife suv 1 l', 4000, 12, '22011001001000000', 'pcs', 600],
  ['Salatlar', 'Achchiq-chuchuk', 15000, 12, '10202002001000000', 'portion', 150],
  ['Salatlar', 'Olivye', 18000, 12, '10202002002000000', 'portion', 100],
  ['Shirinliklar', 'Chak-chak', 20000, 12, '10905002001000000', 'kg', 30],
  ['Shirinliklar', 'Halva', 16000, 12, '10905002002000000', 'kg', 40],
  ['Bozor', 'Guruch, devzira', 32000, 0, '10063001001000000', 'kg', 500],
  ['Bozor', 'Sabzi, sariq', 6000, 0, '07061001001000000', 'kg', 300],
  ['Bozor', 'Piyoz', 4000, 0, '07031001001000000', 'kg', 300],
  ['Bozor', 'Mol go‘shti', 95000, 0, '02011001001000000', 'kg', 100],
  ['Bozor', 'Paxta yog‘i 1 l', 24000, 12, '15121001001000000', 'l', 200],
  ['Bozor', 'Shakar 1 kg', 14000, 12, '17019001001000000', 'pcs', 400],
];

/**
 * A tenant of the demo's shape (staff, two stores with a terminal each, the catalog, opening
 * stock, customers) whose ids and e-mails derive from `slug` (`owner@<slug>.uz`): a test can seed
 * one of its own beside the demo tenants and see no other test's rows.
 */
export function demoTenant(slug: string, name: string, city: string): DemoTenant {
  const id = demoId('tenant', slug);
  const categoryNames = [...new Set(MENU.map(([c]) => c))];
  const categories = categoryNames.map((c) => ({ id: demoId(slug, 'category', c), name: c, parentId: null }));
  const products = MENU.map(([category, productName, price, vat, ikpu, unit, stock], i): DemoProduct => {
    const sku = `${slug.toUpperCase()}-${String(i + 1).padStart(4, '0')}`;
    return {
      id: demoId(slug, 'product', sku),
      sku,
      name: productName,
      price: BigInt(price) * 100n,
      vatRate: vat,
      ikpu,
      packageCode: unit === 'kg' ? '1510' : unit === 'l' ? '1520' : '1500',
      unit,
      barcodes: [ean13(`478${slug === 'demo' ? '1' : '2'}${String(100000 + i).padStart(8, '0')}`)],
      categoryId: demoId(slug, 'category', category),
      openingStock: BigInt(stock) * 1000n,
    };
  });
  return {
    id,
    slug,
    name,
    staff: [
      {
        id: demoId(slug, 'staff', 'owner'),
        email: `owner@${slug}.uz`,
        name: 'Akmal Karimov',
        roles: ['owner'],
        pin: null,
      },
      {
        id: demoId(slug, 'staff', 'manager'),
        email: `manager@${slug}.uz`,
        name: 'Nodira Yusupova',
        roles: ['manager'],
        pin: null,
      },
      {
        id: demoId(slug, 'staff', 'cashier'),
        email: `cashier@${slug}.uz`,
        name: 'Jasur Rahimov',
        roles: ['cashier'],
        pin: DEMO_PIN,
      },
    ],
    stores: [
      {
        id: demoId(slug, 'store', 'main'),
        name: `${city} — Markaz`,
        address: `${city}, Amir Temur ko‘chasi 1`,
        taxId: slug === 'demo' ? '301234567' : '302345678',
        timeZone: 'Asia/Tashkent',
        terminals: [{ id: demoId(slug, 'terminal', 'main-1'), name: 'Kassa 1' }],
      },
      {
        id: demoId(slug, 'store', 'airport'),
        name: `${city} — Aeroport`,
        address: `${city}, Aeroport, 2-terminal`,
        taxId: slug === 'demo' ? '301234567' : '302345678',
        timeZone: 'Asia/Tashkent',
        terminals: [{ id: demoId(slug, 'terminal', 'airport-1'), name: 'Kassa 1' }],
      },
    ],
    categories,
    products,
    customers: [
      { id: demoId(slug, 'customer', '1'), phone: '+998901234567', name: 'Dilnoza Ergasheva' },
      { id: demoId(slug, 'customer', '2'), phone: '+998935551122', name: 'Sardor Aliyev' },
    ],
  };
}

export const DEMO_TENANTS: DemoTenant[] = [
  demoTenant('demo', 'Jowi Demo Oshxona', 'Toshkent'),
  demoTenant('demo2', 'Samarqand Non', 'Samarqand'),
];
