import { describe, expect, it } from 'vitest';
import { filterProducts } from './search.ts';

const products = [
  { name: 'Osh (plov), 1 porsiya', sku: 'DEMO-0001', barcodes: ['4780000000015'] },
  { name: 'Shashlik, mol go‘shti', sku: 'DEMO-0003', barcodes: [] },
  { name: 'Mol go‘shti', sku: 'DEMO-0022', barcodes: [] },
  { name: 'Ko‘k choy, choynak', sku: 'DEMO-0010', barcodes: [] },
];

describe('filterProducts', () => {
  it('returns everything for an empty query', () => {
    expect(filterProducts(products, '  ')).toHaveLength(4);
  });

  it('matches every word against name and SKU, ignoring case and apostrophe style', () => {
    expect(filterProducts(products, "go'sht").map((p) => p.sku)).toEqual(['DEMO-0003', 'DEMO-0022']);
    expect(filterProducts(products, 'MOL shash').map((p) => p.sku)).toEqual(['DEMO-0003']);
    expect(filterProducts(products, 'demo-0010').map((p) => p.name)).toEqual(['Ko‘k choy, choynak']);
    expect(filterProducts(products, 'pizza')).toEqual([]);
  });

  it('lets an exact barcode win', () => {
    expect(filterProducts(products, '4780000000015').map((p) => p.sku)).toEqual(['DEMO-0001']);
  });
});
