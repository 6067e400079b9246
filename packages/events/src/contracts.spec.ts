/**
 * The contracts themselves: every event type has one, a payload as its producer writes it parses
 * unchanged, wrong shapes are refused with an error that names the field, and versions resolve.
 * (That the real producers write these shapes is tested beside each producer, by parsing what
 * it wrote to the log.)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { productUpsertedV1 } from './catalog.ts';
import {
  contractMismatches,
  EVENT_CONTRACTS,
  EVENT_TYPES,
  EventContractError,
  type EventPayloadInput,
  type EventType,
  parseEventPayload,
  parseWithContract,
} from './contracts.ts';
import { customerMergedV1 } from './customers.ts';
import type { FieldUnit } from './scalars.ts';
import { exampleSaleCreated, exampleSaleRefunded } from './testing.ts';

const id = (n: number) => `0190a000-0000-7000-8000-${n.toString().padStart(12, '0')}`;

/** One realistic payload per type, as its producer writes it (the map is complete by its type). */
const EXAMPLES: { [T in EventType]: EventPayloadInput<T> } = {
  'sale.created': exampleSaleCreated({
    saleId: id(1),
    customerId: id(2),
    total: '26000.00',
    vatTotal: '2785.71',
    lines: [
      {
        productId: id(3),
        name: 'Osh',
        ikpu: '10202001001000000',
        packageCode: '1503541',
        ownerType: 'OWN_PRODUCTION',
        quantity: '2.000',
        unitPrice: '13000.00',
        total: '26000.00',
        vatAmount: '2785.71',
        modifiers: [{ modifierId: id(4), name: 'Extra meat', priceDelta: '5000.00' }],
      },
    ],
    fiscal: {
      terminalId: 'UZ191211501033',
      receiptSeq: 7,
      dateTime: '20261128143000',
      fiscalSign: '123456789012',
    },
    payments: [{ method: 'CASH', amount: '26000.00', tendered: '30000.00', change: '4000.00' }],
  }),
  'sale.refunded': exampleSaleRefunded({
    saleId: id(1),
    total: '13000.00',
    lines: [{ saleLineNo: 1, productId: id(3), quantity: '1.000', amount: '13000.00', vatAmount: '1392.86' }],
  }),
  'shift.closed': {
    shiftId: id(5),
    terminalId: id(6),
    storeId: id(7),
    number: 3,
    openedAt: '2026-11-28T04:00:00.000Z',
    openedBy: id(8),
    closedAt: '2026-11-28T16:00:00.000Z',
    closedBy: null,
    openingFloat: '100000.00',
    countedCash: '126000.00',
    expectedCash: '126000.00',
    cashDifference: '0.00',
    salesCount: 1,
    salesTotal: '26000.00',
    discountTotal: '0.00',
    refundsCount: 0,
    refundsTotal: '0.00',
    netTotal: '26000.00',
    vatTotal: '2785.71',
    vatByRate: [{ rate: 12, amount: '26000.00', vat: '2785.71' }],
    byPaymentMethod: [{ method: 'CASH', sales: '26000.00', refunds: '0.00', net: '26000.00', count: 1 }],
    cashIn: '0.00',
    cashOut: '0.00',
  },
  'catalog.product.upserted': {
    id: id(3),
    sku: 'OSH-1',
    name: 'Osh',
    nameRu: 'Плов',
    nameEn: null,
    price: '1300000',
    vatRate: 12,
    ikpu: '10202001001000000',
    packageCode: '1503541',
    unit: 'pcs',
    categoryId: null,
    ownerType: 'OWN_PRODUCTION',
    markingRequired: false,
    cashlessOnly: false,
    tags: ['hot'],
    active: true,
    barcodes: ['4780000000017'],
    updatedAt: '2026-11-28T09:30:00.000Z',
    seq: '42',
  },
  'catalog.changed': { seq: '42', entity: 'PRODUCT', kind: 'UPSERT', id: id(3) },
  'store.upserted': { storeId: id(7), name: 'Chilonzor', timeZone: 'Asia/Tashkent' },
  'terminal.upserted': { terminalId: id(6), storeId: id(7), active: true },
  'staff.upserted': { staffId: id(8), permissions: ['sales:sync', 'sales:discount'], active: true },
  'customer.merged': { keepId: id(2), mergeId: id(9), movedEntries: 3, points: '1200', spend: '2600000' },
  'loyalty.overdraft': {
    customerId: id(2),
    saleId: id(1),
    redeemed: '5000',
    balanceBefore: '3000',
    balanceAfter: '-2000',
  },
  'fiscal.receipt.registered': {
    receiptId: id(10),
    saleId: id(1),
    kind: 'SALE',
    refundId: null,
    mode: 'CENTRAL',
    terminalId: 'UZ191211501033',
    receiptSeq: 7,
    fiscalSign: '123456789012',
    dateTime: '20261128143000',
    qrUrl: 'https://ofd.soliq.uz/check?t=UZ191211501033&r=7&c=20261128143000&s=123456789012',
    registeredAt: '2026-11-28T09:30:00.000Z',
  },
  'fiscal.receipt.updated': {
    receiptId: id(10),
    saleId: id(1),
    storeId: id(7),
    kind: 'SALE',
    status: 'FAILED',
    errorCode: 'INVALID_RECEIPT',
  },
  'stock.low': { storeId: id(7), productId: id(3), quantity: '-2.000', threshold: '10.000' },
};

describe('event contracts', () => {
  it.each(EVENT_TYPES)('%s: the producer’s payload parses unchanged, as the current version', (type) => {
    const payload = EXAMPLES[type];
    expect(parseEventPayload(type, EVENT_CONTRACTS[type].version, payload)).toEqual(payload);
    expect(contractMismatches(type, payload)).toEqual([]);
  });

  it.each(EVENT_TYPES)('%s: a payload missing a field is refused, naming the field', (type) => {
    const [field] = Object.keys(EXAMPLES[type]);
    const { [field!]: _dropped, ...rest } = EXAMPLES[type] as Record<string, unknown>;
    expect(() => parseEventPayload(type, 1, rest)).toThrow(EventContractError);
    expect(() => parseEventPayload(type, 1, rest)).toThrow(new RegExp(`${type} v1 payload .*${field}`));
  });

  it('refuses money as a number or a float-like string, and quantities without three decimals', () => {
    const sale = EXAMPLES['sale.created'];
    for (const total of [26000, '26000', '26000.0', '2.6e4']) {
      expect(() => parseEventPayload('sale.created', 1, { ...sale, total })).toThrow(/total/);
    }
    const line = { ...sale.lines[0]!, quantity: '2.00' };
    expect(() => parseEventPayload('sale.created', 1, { ...sale, lines: [line] })).toThrow(
      /lines\.0\.quantity/,
    );
    expect(() =>
      parseEventPayload('sale.created', 1, { ...sale, payments: [{ method: 'BITCOIN', amount: '1.00' }] }),
    ).toThrow(/payments\.0\.method/);
  });

  it('tells an unknown type or version from a bad payload', () => {
    expect(() => parseEventPayload('sale.deleted', 1, {})).toThrow('no contract for event type sale.deleted');
    expect(() => parseEventPayload('sale.created', 2, EXAMPLES['sale.created'])).toThrow(
      'no contract for sale.created v2 (this code reads v1)',
    );
    const error = (() => {
      try {
        parseEventPayload('stock.low', 1, { ...EXAMPLES['stock.low'], quantity: 'lots' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      name: 'EventContractError',
      type: 'stock.low',
      version: 1,
      permanent: true,
    });
  });

  it('reads an older version through its upgrade into the current shape', () => {
    const v2 = {
      version: 2,
      producer: 'sales' as const,
      schema: z.object({ amount: z.string() }),
      older: { 1: (p: unknown) => ({ amount: String((p as { cents: number }).cents) }) },
    };
    expect(parseWithContract(v2, 'probe', 1, { cents: 5 })).toEqual({ amount: '5' });
    expect(parseWithContract(v2, 'probe', 2, { amount: '7' })).toEqual({ amount: '7' });
    expect(() => parseWithContract(v2, 'probe', 1, null)).toThrow('probe v1 payload cannot be upgraded');
  });

  it('names fields a producer writes beyond the contract', () => {
    expect(contractMismatches('store.upserted', { ...EXAMPLES['store.upserted'], secret: 'x' })).toEqual([
      'secret: not in the contract',
    ]);
    const sale = EXAMPLES['sale.created'];
    expect(
      contractMismatches('sale.created', { ...sale, lines: [{ ...sale.lines[0], costPrice: '1.00' }] }),
    ).toEqual(['lines.0.costPrice: not in the contract']);
  });

  it('marks amounts that are not public scalars yet, so a public form can convert them', () => {
    const unit = (schema: z.ZodType) => (schema.meta() as FieldUnit | undefined)?.unit;
    expect(unit(productUpsertedV1.shape.price)).toBe('tiyin');
    expect(unit(customerMergedV1.shape.spend)).toBe('tiyin');
    expect(unit(customerMergedV1.shape.points)).toBe('points');
  });
});
