/** `readStockEvent`: what stock reads of a sales event, against the full contract parse. */
import { EventContractError } from '@jowi/events';
import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import { parseContractEvent, type StoredEvent } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { readStockEvent, type SalesEvent } from './stock-from-sales.consumer.ts';

const PRODUCT = '0190a000-0000-7000-8000-00000000a001';
const OTHER = '0190a000-0000-7000-8000-00000000a002';
const TYPES = ['sale.created', 'sale.refunded'] as const;

const stored = (type: string, payload: unknown, version = 1): StoredEvent => ({
  id: 42n,
  tenantId: '0190a000-0000-7000-8000-0000000000c1',
  type,
  version,
  aggregateId: 'a',
  payload,
  source: 'sales',
  createdAt: new Date(),
});

/** A stored-as-JSON `sale.created` payload of two lines, with `header` fields replaced. */
const sale = (header: Record<string, unknown> = {}) => {
  const payload = exampleSaleCreated({
    lines: [
      {
        productId: PRODUCT,
        quantity: '2.500',
        modifiers: [{ modifierId: 'm1', name: 'x', priceDelta: '0.00' }],
      },
      { productId: OTHER },
    ],
  });
  return Object.assign(JSON.parse(JSON.stringify(payload)), header) as Record<string, unknown> & {
    lines: Record<string, unknown>[];
  };
};

/** The same payload with its first line's `line` fields replaced. */
const withLine = (line: Record<string, unknown>) => {
  const p = sale();
  p.lines[0] = { ...p.lines[0], ...line };
  return p;
};

describe('readStockEvent', () => {
  it('reads what the contract parse reads, for sales and refunds', () => {
    const created = stored('sale.created', sale());
    const read = readStockEvent(created);
    const parsed = parseContractEvent(created, TYPES) as SalesEvent & { type: 'sale.created' };
    expect(read).toEqual({
      id: 42n,
      tenantId: created.tenantId,
      type: 'sale',
      sale: {
        saleId: parsed.payload.saleId,
        storeId: parsed.payload.storeId,
        createdAt: new Date(parsed.payload.createdAt),
        lines: [
          {
            lineNo: 1,
            productId: PRODUCT,
            quantity: 2500n,
            modifiers: [{ modifierId: 'm1', name: 'x', priceDelta: '0.00' }],
          },
          { lineNo: 2, productId: OTHER, quantity: 1000n, modifiers: [] },
        ],
      },
    });
    const refund = exampleSaleRefunded({ lines: [{ saleLineNo: 1, productId: PRODUCT, quantity: '0.500' }] });
    expect(readStockEvent(stored('sale.refunded', JSON.parse(JSON.stringify(refund))))).toEqual({
      id: 42n,
      tenantId: created.tenantId,
      type: 'refund',
      refund: {
        refundId: refund.refundId,
        saleId: refund.saleId,
        storeId: refund.storeId,
        lines: [{ saleLineNo: 1, productId: PRODUCT, quantity: 500n }],
      },
    });
  });

  it.each([
    [
      'a line quantity that is not a Quantity',
      withLine({ quantity: 'two' }),
      /lines\.0\.quantity: must be a Quantity/,
    ],
    ['no store', sale({ storeId: undefined }), /storeId: /],
    ['a bad product id', withLine({ productId: 'soup' }), /lines\.0\.productId/],
    ['line number 0', withLine({ lineNo: 0 }), /lines\.0\.lineNo/],
    ['a modifier without its id', withLine({ modifiers: [{ name: 'x', priceDelta: '0.00' }] }), /modifierId/],
    ['a time that is not ISO', sale({ createdAt: 'yesterday' }), /createdAt/],
  ])('fails a payload with %s with the contract’s own error (parked at once)', (_, payload, message) => {
    const event = stored('sale.created', payload);
    expect(() => parseContractEvent(event, TYPES)).toThrow(message);
    expect(() => readStockEvent(event)).toThrow(EventContractError);
    expect(() => readStockEvent(event)).toThrow(message);
  });

  it('reads another contract version through the contract (which names it)', () => {
    expect(() => readStockEvent(stored('sale.created', sale(), 2))).toThrow(/sale\.created v2/);
  });

  it('does not parse what stock does not read: a payload broken only there is applied', () => {
    // The full contract parse rejects it (issue 19: that parse cost as much as applying the sale).
    const event = stored('sale.created', withLine({ unitPrice: 'free', vatRate: 'twelve' }));
    expect(() => parseContractEvent(event, TYPES)).toThrow(EventContractError);
    expect(readStockEvent(event)).toMatchObject({ type: 'sale', sale: { lines: [{ quantity: 2500n }, {}] } });
  });
});
