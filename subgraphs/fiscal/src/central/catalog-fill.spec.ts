import { exampleSaleCreated } from '@jowi/events/testing';
import { describe, expect, it } from 'vitest';
import type { ProductFacts } from '../services/catalog-projection.ts';
import { fillFromCatalog, missingIkpuMessage, productsToLookUp } from './catalog-fill.ts';
import {
  FALLBACK_ITEM_NAME,
  FALLBACK_PACKAGE_CODE,
  type SaleCreatedPayload,
  saleReceiptRequest,
} from './receipt-request.ts';

const KNOWN = '01a22400-0000-7000-8000-0000000000b1';
const UNKNOWN = '01a22400-0000-7000-8000-0000000000b2';
const SENT = '01a22400-0000-7000-8000-0000000000b3';

const line = (
  lineNo: number,
  productId: string,
  over: Partial<SaleCreatedPayload['lines'][number]> = {},
): SaleCreatedPayload['lines'][number] => ({
  lineNo,
  productId,
  name: null,
  ikpu: null,
  packageCode: null,
  ownerType: null,
  modifiers: [],
  quantity: '1.000',
  unitPrice: '11200.00',
  discount: '0.00',
  receiptDiscount: '0.00',
  total: '11200.00',
  vatRate: 12,
  vatAmount: '1200.00',
  ...over,
});

const sale: SaleCreatedPayload = exampleSaleCreated({
  saleId: '01a22400-0000-7000-8000-000000000001',
  terminalId: '01a22400-0000-7000-8000-0000000000aa',
  total: '33600.00',
  lines: [
    line(1, KNOWN),
    line(2, UNKNOWN),
    line(3, SENT, { name: 'Choy', ikpu: '11001001001000000', packageCode: '1500', ownerType: 'RESALE' }),
  ],
  payments: [{ method: 'CASH', amount: '33600.00' }],
});

const products = new Map<string, ProductFacts>([
  [
    KNOWN,
    {
      id: KNOWN,
      name: 'Xizmat haqi',
      ikpu: '10999001001000000',
      packageCode: '1510',
      ownerType: 'SERVICE',
      vatRate: 12,
      markingRequired: false,
    },
  ],
  [
    SENT,
    {
      id: SENT,
      name: 'Other',
      ikpu: '22222222222222222',
      packageCode: '9',
      ownerType: 'OWN_PRODUCTION',
      vatRate: 0,
      markingRequired: false,
    },
  ],
]);

describe('filling receipt lines from the catalog projection', () => {
  it('looks up only the products whose lines left something out', () => {
    expect(productsToLookUp(saleReceiptRequest(sale)).sort()).toEqual([KNOWN, UNKNOWN].sort());
  });

  it('fills a known product’s name, IKPU, package code and owner type; leaves amounts and what was sent alone', () => {
    const built = saleReceiptRequest(sale);
    const { request, missing } = fillFromCatalog(built, products);
    expect(
      request.items.map((i) => [i.name, i.spic, i.packageCode, i.ownerType, i.vatPercent, i.vat]),
    ).toEqual([
      ['Xizmat haqi', '10999001001000000', '1510', 2, 12, '1200.00'],
      [FALLBACK_ITEM_NAME, '', FALLBACK_PACKAGE_CODE, 0, 12, '1200.00'],
      ['Choy', '11001001001000000', '1500', 0, 12, '1200.00'],
    ]);
    expect(missing).toEqual([{ lineNo: 2, productId: UNKNOWN, name: null }]);
    // The snapshots stay as sent, so a later fill starts from them again.
    expect(request.snapshots).toEqual(built.snapshots);
  });

  it('names every product still without IKPU in the operator message', () => {
    const unnamed = saleReceiptRequest({
      ...sale,
      lines: [line(1, UNKNOWN), line(2, KNOWN, { name: 'Somsa' })],
    });
    const { missing } = fillFromCatalog(unnamed, new Map());
    expect(missing).toEqual([
      { lineNo: 1, productId: UNKNOWN, name: null },
      { lineNo: 2, productId: KNOWN, name: 'Somsa' },
    ]);
    expect(missingIkpuMessage(missing)).toBe(
      `No IKPU (MXIK) code for line 1, product (${UNKNOWN}); line 2, product "Somsa" (${KNOWN}): ` +
        'the catalog has not announced these products to fiscalization (yet), or without an IKPU. ' +
        'Give each its IKPU in the catalog, then retry the receipt.',
    );
  });

  it('leaves a request stored without snapshots as it is (it can only report what is missing)', () => {
    const { snapshots: _snapshots, ...old } = saleReceiptRequest(sale);
    const { request, missing } = fillFromCatalog(old, products);
    expect(request.items).toEqual(old.items);
    expect(missing.map((m) => m.lineNo)).toEqual([1, 2]);
  });
});
