import { newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import { insertSales, SALES_LIST, type SalesPage, salesLister, seedStore } from './sales-read.fixtures.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('syncSales: money is exact', () => {
  it('adds 0.10 + 0.20 to exactly 0.30 and stores integer tiyin', async () => {
    const sale = makeSale({
      lines: [
        { productId: PLOV, quantity: '1', unitPrice: '0.1' },
        { productId: NON, quantity: '1', unitPrice: '0.20' },
      ],
      payments: [
        { method: 'CASH', amount: '0.1' },
        { method: 'CARD', amount: '0.2' },
      ],
      total: '0.3',
    });
    const { results } = await h.sync([sale]);
    expect(results[0]).toMatchObject({ status: 'CREATED', sale: { total: '0.30' } });
    const [row] = await h.db.admin<{ total: string }>('SELECT total::text FROM sales.sale WHERE id = $1', [
      sale.id,
    ]);
    expect(row!.total).toBe('30');
  });

  it('multiplies fractional quantities to the tiyin, rounding half up, VAT included', async () => {
    // 0.333 kg × 12 345.67 = 4 111.10811 → 4 111.11; 0.5 × 0.01 = 0.005 → 0.01;
    // 3 × 0.333 kg × 1 000.00 = 999.00; VAT of 0.14 at 12 % = 0.015 → 0.02.
    const sale = makeSale({
      lines: [
        { productId: PLOV, quantity: '0.333', unitPrice: '12345.67' },
        { productId: NON, quantity: '0.5', unitPrice: '0.01' },
        ...Array.from({ length: 3 }, () => ({ productId: PLOV, quantity: '0.333', unitPrice: '1000.00' })),
        { productId: NON, quantity: '1', unitPrice: '0.14', vatRate: 12 },
      ],
      payments: [{ method: 'CASH', amount: '5110.26' }],
      total: '5110.26',
    });
    const { results } = await h.sync([sale]);
    expect(results[0]!.status).toBe('CREATED');
    expect(results[0]!.sale!.lines.map((l) => [l.quantity, l.total, l.vatAmount])).toEqual([
      ['0.333', '4111.11', '440.48'],
      ['0.500', '0.01', '0.00'],
      ['0.333', '333.00', '35.68'],
      ['0.333', '333.00', '35.68'],
      ['0.333', '333.00', '35.68'],
      ['1.000', '0.14', '0.02'],
    ]);
    const stored = await h.db.admin<{ quantity: string }>(
      'SELECT quantity::text FROM sales.sale_line WHERE sale_id = $1 ORDER BY line_no',
      [sale.id],
    );
    expect(stored.map((r) => r.quantity)).toEqual(['0.333', '0.500', '0.333', '0.333', '0.333', '1.000']);
    const off = makeSale({
      ...sale,
      id: newId(),
      total: '5110.27',
      payments: [{ method: 'CASH', amount: '5110.27' }],
    });
    expect((await h.sync([off])).results[0]!.error?.code).toBe('TOTAL_MISMATCH');
  });
});

/** Ids of the listing fixture (tenant A unless noted). */
const STORE_2 = '0190a000-0000-7000-8000-0000000000e2';
const TERMINAL_3 = '0190a000-0000-7000-8000-0000000000c3';
const CASHIER_1 = '0190a000-0000-7000-8000-0000000000f1';
const CASHIER_2 = '0190a000-0000-7000-8000-0000000000f2';
const CUSTOMER_1 = '0190a000-0000-7000-8000-0000000000a1';
const CUSTOMER_2 = '0190a000-0000-7000-8000-0000000000a2';
const SHIFT_1 = '0190a000-0000-7000-8000-0000000000b1';

const { list } = salesLister(() => h);

describe('listing sales with filters', () => {
  // n: label; at: device time (µs); bd: the business day in Asia/Tashkent (UTC+5).
  const seeds = [
    {
      n: 1,
      at: '2026-03-01T05:00:00.000000Z',
      bd: '2026-03-01',
      total: 10000n,
      cashierId: CASHIER_1,
      customerId: CUSTOMER_1,
    },
    {
      n: 2,
      at: '2026-03-01T06:00:00.000000Z',
      bd: '2026-03-01',
      total: 25000n,
      terminalId: TERMINAL_2,
      cashierId: CASHIER_2,
      shiftId: SHIFT_1,
      payments: [{ method: 'CARD' as const, amount: 25000n, cardBrand: 'VISA' as const }],
    },
    {
      n: 3,
      at: '2026-03-01T07:00:00.000000Z',
      bd: '2026-03-01',
      total: 50000n,
      cashierId: CASHIER_1,
      customerId: CUSTOMER_1,
      status: 'PARTIALLY_REFUNDED' as const,
      refundedTotal: 10000n,
      payments: [
        { method: 'CASH' as const, amount: 20000n, tendered: 50000n },
        { method: 'CARD' as const, amount: 30000n, cardBrand: 'HUMO' as const, reference: 'RRN-123' },
      ],
    },
    {
      n: 4,
      at: '2026-03-01T08:00:00.000000Z',
      bd: '2026-03-01',
      total: 7500n,
      storeId: STORE_2,
      terminalId: TERMINAL_3,
      cashierId: CASHIER_2,
      customerId: CUSTOMER_2,
      payments: [{ method: 'PAYME' as const, amount: 7500n }],
    },
    // 23:59:59.999999 in Tashkent: still 1 March.
    { n: 5, at: '2026-03-01T18:59:59.999999Z', bd: '2026-03-01', total: 99999n, cashierId: CASHIER_1 },
    // Midnight in Tashkent: 2 March.
    {
      n: 6,
      at: '2026-03-01T19:00:00.000000Z',
      bd: '2026-03-02',
      total: 100000n,
      terminalId: TERMINAL_2,
      cashierId: CASHIER_1,
      status: 'REFUNDED' as const,
      refundedTotal: 100000n,
      payments: [{ method: 'CLICK' as const, amount: 100000n }],
    },
    {
      n: 7,
      at: '2026-03-02T10:00:00.000001Z',
      bd: '2026-03-02',
      total: 1n,
      cashierId: CASHIER_2,
      customerId: CUSTOMER_1,
      shiftId: SHIFT_1,
    },
    {
      n: 8,
      at: '2026-03-02T10:00:00.000002Z',
      bd: '2026-03-02',
      total: 2n,
      cashierId: CASHIER_2,
      payments: [{ method: 'UZUM' as const, amount: 2n }],
    },
  ];
  const idOf = new Map<number, string>();
  const ids = (...ns: number[]) => ns.map((n) => idOf.get(n)!);

  beforeAll(async () => {
    await seedStore(h.db, TENANT_A, STORE_2, 'Asia/Tashkent');
    for (const { n, bd: _bd, ...seed } of seeds) idOf.set(n, (await insertSales(h.db, [seed]))[0]!);
    // The same store and cashier in another tenant: never listed for tenant A.
    await insertSales(h.db, [
      { tenantId: TENANT_B, at: '2026-03-01T05:30:00Z', total: 10000n, cashierId: CASHIER_1 },
    ]);
  });

  it('stores the business day in the store zone: 23:59:59.999999 is that day, 00:00 the next', async () => {
    const res = await list({ dateFrom: '2026-03-01', dateTo: '2026-03-02' });
    const got = new Map(res.body.data!.sales.edges.map((e) => [e.node.id, e.node.businessDate]));
    for (const s of seeds) expect(got.get(idOf.get(s.n)!)).toBe(s.bd);
  });

  const cases: [string, Record<string, unknown>, number[]][] = [
    ['storeId', { storeId: STORE_2 }, [4]],
    ['terminalId', { terminalId: TERMINAL_2 }, [6, 2]],
    ['cashierId', { cashierId: CASHIER_1 }, [6, 5, 3, 1]],
    ['shiftId', { shiftId: SHIFT_1 }, [7, 2]],
    ['customerId', { customerId: CUSTOMER_1 }, [7, 3, 1]],
    ['paymentMethod CARD (split payments count)', { paymentMethod: 'CARD' }, [3, 2]],
    ['paymentMethod CASH', { paymentMethod: 'CASH' }, [7, 5, 3, 1]],
    ['status PARTIALLY_REFUNDED', { status: 'PARTIALLY_REFUNDED' }, [3]],
    ['status REFUNDED', { status: 'REFUNDED' }, [6]],
    ['minTotal (inclusive)', { minTotal: '500.00' }, [6, 5, 3]],
    ['maxTotal (inclusive)', { maxTotal: '100.00' }, [8, 7, 4, 1]],
    ['minTotal = maxTotal', { minTotal: '500.00', maxTotal: '500.00' }, [3]],
    [
      'from (inclusive) / to (exclusive), device time',
      { from: '2026-03-01T07:00:00Z', to: '2026-03-01T19:00:00Z' },
      [5, 4, 3],
    ],
    ['dateFrom, business day', { dateFrom: '2026-03-02' }, [8, 7, 6]],
    ['dateTo, business day', { dateTo: '2026-03-01' }, [5, 4, 3, 2, 1]],
    ['one business day', { dateFrom: '2026-03-02', dateTo: '2026-03-02' }, [8, 7, 6]],
    [
      'store + cashier + payment method + day',
      { storeId: STORE, cashierId: CASHIER_1, paymentMethod: 'CASH', dateTo: '2026-03-01' },
      [5, 3, 1],
    ],
    ['customer + minTotal + status', { customerId: CUSTOMER_1, minTotal: '1.00', status: 'COMPLETED' }, [1]],
    [
      'terminal + from + payment method',
      { terminalId: TERMINAL, from: '2026-03-02T00:00:00Z', paymentMethod: 'CASH' },
      [7],
    ],
    [
      'shift + cashier + day',
      { shiftId: SHIFT_1, cashierId: CASHIER_2, dateFrom: '2026-03-01', dateTo: '2026-03-01' },
      [2],
    ],
  ];
  it.each(cases)('filters by %s, newest first', async (_name, filter, expected) => {
    // The fixture's window only: earlier specs in this file stored other sales.
    const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' };
    const res = await list({ ...window, ...filter });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.sales.edges.map((e) => e.node.id)).toEqual(ids(...expected));
  });

  it('lists every fixture sale without a filter, and none to another tenant', async () => {
    const res = await list({ dateFrom: '2026-03-01', dateTo: '2026-03-02' });
    expect(res.body.data!.sales.edges.map((e) => e.node.id)).toEqual(ids(8, 7, 6, 5, 4, 3, 2, 1));
    const other = await list(
      { cashierId: CASHIER_1, dateFrom: '2026-03-01', dateTo: '2026-03-02' },
      250,
      null,
      TENANT_B,
    );
    expect(other.body.data!.sales.edges).toHaveLength(1);
    expect(other.body.data!.sales.edges[0]!.node.id).not.toBe(idOf.get(1));
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a malformed storeId', { storeId: 'store-1' }, 'filter.storeId'],
    ['a malformed terminalId', { terminalId: '123' }, 'filter.terminalId'],
    ['a malformed cashierId', { cashierId: 'x' }, 'filter.cashierId'],
    ['a malformed shiftId', { shiftId: '0190a000-0000-7000-8000' }, 'filter.shiftId'],
    ['a malformed customerId', { customerId: "'; DROP TABLE sales.sale; --" }, 'filter.customerId'],
    ['minTotal above maxTotal', { minTotal: '10.00', maxTotal: '9.99' }, 'filter.minTotal'],
    ['dateFrom after dateTo', { dateFrom: '2026-03-02', dateTo: '2026-03-01' }, 'filter.dateFrom'],
    ['from after to', { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'filter.from'],
  ];
  it.each(invalid)('rejects %s as BAD_USER_INPUT naming the field', async (_name, filter, field) => {
    const res = await list(filter);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects an impossible calendar date', async () => {
    const res = await list({ dateFrom: '2026-02-30' });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('needs sales:read', async () => {
    const res = await postGraphQL<SalesPage>(
      h.service.url,
      SALES_LIST,
      { filter: {} },
      await h.headersFor(TENANT_A, ['reports:read']),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('returns the new sale, line and payment fields as stored', async () => {
    const [id] = await insertSales(h.db, [
      {
        at: '2026-03-05T09:00:00.123456Z',
        total: 50000n,
        discount: 1000n,
        vat: 4200n,
        cashierId: CASHIER_1,
        customerId: CUSTOMER_2,
        shiftId: SHIFT_1,
        receiptNumber: 42,
        status: 'PARTIALLY_REFUNDED',
        refundedTotal: 9800n,
        flags: ['AFTER_SHIFT_CLOSE'],
        lines: [
          {
            productId: PLOV,
            quantity: '2.000',
            unitPrice: 20000n,
            receiptDiscount: 800n,
            total: 39200n,
            vatAmount: 4200n,
            name: 'Plov',
            ikpu: '10202001001000000',
            modifiers: [{ modifierId: CUSTOMER_1, name: 'Extra meat', priceDelta: '5.00' }],
            refundedQuantity: '0.500',
          },
          {
            productId: NON,
            unitPrice: 11000n,
            receiptDiscount: 200n,
            total: 10800n,
            vatRate: 0,
            name: 'Non',
          },
        ],
        payments: [
          { method: 'CASH', amount: 20000n, tendered: 50000n },
          { method: 'CARD', amount: 30000n, cardBrand: 'HUMO', reference: 'RRN-123' },
        ],
      },
    ]);
    const res = await postGraphQL<{ sale: unknown }>(
      h.service.url,
      `{ sale(id: "${id}") { storeId terminalId shiftId cashierId customerId receiptNumber status subtotal discount
         total vatTotal refundedTotal createdAt businessDate flags
         lines { lineNo name ikpu quantity unitPrice modifiers { modifierId name priceDelta } discount receiptDiscount
                 total vatRate vatAmount refundedQuantity }
         payments { method amount tendered change cardBrand reference } } }`,
      {},
      await h.headersFor(),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.sale).toEqual({
      storeId: STORE,
      terminalId: TERMINAL,
      shiftId: SHIFT_1,
      cashierId: CASHIER_1,
      customerId: CUSTOMER_2,
      receiptNumber: 42,
      status: 'PARTIALLY_REFUNDED',
      subtotal: '510.00',
      discount: '10.00',
      total: '500.00',
      vatTotal: '42.00',
      refundedTotal: '98.00',
      createdAt: '2026-03-05T09:00:00.123Z',
      businessDate: '2026-03-05',
      flags: ['AFTER_SHIFT_CLOSE'],
      lines: [
        {
          lineNo: 1,
          name: 'Plov',
          ikpu: '10202001001000000',
          quantity: '2.000',
          unitPrice: '200.00',
          modifiers: [{ modifierId: CUSTOMER_1, name: 'Extra meat', priceDelta: '5.00' }],
          discount: '0.00',
          receiptDiscount: '8.00',
          total: '392.00',
          vatRate: 12,
          vatAmount: '42.00',
          refundedQuantity: '0.500',
        },
        {
          lineNo: 2,
          name: 'Non',
          ikpu: null,
          quantity: '1.000',
          unitPrice: '110.00',
          modifiers: [],
          discount: '0.00',
          receiptDiscount: '2.00',
          total: '108.00',
          vatRate: 0,
          vatAmount: '0.00',
          refundedQuantity: '0.000',
        },
      ],
      payments: [
        {
          method: 'CASH',
          amount: '200.00',
          tendered: '500.00',
          change: '300.00',
          cardBrand: null,
          reference: null,
        },
        {
          method: 'CARD',
          amount: '300.00',
          tendered: null,
          change: null,
          cardBrand: 'HUMO',
          reference: 'RRN-123',
        },
      ],
    });
  });
});
