/** Deterministic fixture data for the playground: a 100 000-product catalogue and a day's figures. */

/** A product row as a back-office page would get it from the API. */
export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string;
  /** `Money`. */
  price: string;
  /** `Quantity`. */
  stock: string;
}

const NAMES = [
  'Osh (plov)',
  'Somsa',
  'Lag‘mon',
  'Non',
  'Ko‘k choy',
  'Manti',
  'Shashlik',
  'Chuchvara',
  'Qatiq',
  'Norin',
];
export const CATEGORIES = ['Taomlar', 'Ichimliklar', 'Non mahsulotlari', 'Sut mahsulotlari'];

/** Row `i` (0-based) of the catalogue; the same every time. */
export function productRow(i: number): ProductRow {
  const n = String(i + 1).padStart(6, '0');
  const tiyin = 500_000n + BigInt((i * 7919) % 9_000) * 1_000n + BigInt(i % 3) * 50n;
  return {
    id: `p-${n}`,
    sku: `SKU-${n}`,
    name: `${NAMES[i % NAMES.length]} ${n}`,
    category: CATEGORIES[i % CATEGORIES.length] ?? '',
    price: `${tiyin / 100n}.${(tiyin % 100n).toString().padStart(2, '0')}`,
    stock: `${(i * 37) % 500}.${String((i * 13) % 1000).padStart(3, '0')}`,
  };
}

/** The first `count` products. */
export function catalogue(count: number): ProductRow[] {
  return Array.from({ length: count }, (_, i) => productRow(i));
}

/** Revenue by hour of one day, as the sales summary sends it (`Money` strings). */
export const REVENUE_BY_HOUR = [
  { hour: '09:00', revenue: '1250000.00', receipts: 14 },
  { hour: '10:00', revenue: '2310500.50', receipts: 22 },
  { hour: '11:00', revenue: '3120000.00', receipts: 31 },
  { hour: '12:00', revenue: '5480250.00', receipts: 52 },
  { hour: '13:00', revenue: '6120000.00', receipts: 58 },
  { hour: '14:00', revenue: '3980000.00', receipts: 37 },
  { hour: '15:00', revenue: '2140000.00', receipts: 20 },
];
