/**
 * Marking codes (issue 14) on their way from the POS's receipt request to the fiscal module: the
 * request keeps them per item, the journal's canonical JSON keeps them, and the E-POS wire item
 * carries them as `Labels` — malformed ones never get that far.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toEposReceipt } from './epos-driver.ts';
import { eposItemSchema } from './epos-protocol.ts';
import { receiptRequestSchema, receiptRequestToJson, toReceiptRequest } from './receipt-request.ts';

const CODES = ['0104780000000017215abc', '0104780000000017215abd'];

const body = (labels?: unknown) => ({
  kind: 'sale',
  saleId: randomUUID(),
  items: [
    {
      name: 'Cigarettes',
      spic: '10202001001000000',
      packageCode: '1500',
      quantity: '2.000',
      unitPrice: '30000.00',
      vatPercent: 12,
      ownerType: 0,
      ...(labels === undefined ? {} : { labels }),
    },
  ],
  payments: { cash: '0.00', card: '60000.00' },
});

describe('marking codes in receipt requests', () => {
  it('keeps them through the request, its canonical JSON and the E-POS item (Labels)', () => {
    const request = toReceiptRequest(receiptRequestSchema.parse(body(CODES)));
    expect(request.items[0]!.labels).toEqual(CODES);
    expect(receiptRequestToJson(request).items[0]!.labels).toEqual(CODES);
    const wire = toEposReceipt(
      { externalId: request.saleId, items: request.items, receivedCash: 0n, receivedCard: 6_000_000n },
      new Date('2026-04-02T10:00:00Z'),
    );
    expect(eposItemSchema.parse(wire.Items[0]).Labels).toEqual(CODES);
  });

  it('sends no Labels for unmarked goods', () => {
    const request = toReceiptRequest(receiptRequestSchema.parse(body()));
    const wire = toEposReceipt(
      { externalId: request.saleId, items: request.items, receivedCash: 0n, receivedCard: 6_000_000n },
      new Date('2026-04-02T10:00:00Z'),
    );
    expect(wire.Items[0]).not.toHaveProperty('Labels');
  });

  it('refuses a code with spaces, one over 63 characters, an empty list and more than 300', () => {
    for (const labels of [
      ['has space'],
      ['x'.repeat(64)],
      [],
      Array.from({ length: 301 }, (_, i) => `c${i}`),
    ]) {
      expect(receiptRequestSchema.safeParse(body(labels)).success).toBe(false);
    }
  });
});
