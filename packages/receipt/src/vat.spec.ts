import { describe, expect, it } from 'vitest';
import { computeReceipt } from './receipt.ts';
import {
  isProductVatRate,
  isReceiptVatRate,
  isVatRateOn,
  PRODUCT_VAT_RATES,
  RECEIPT_VAT_RATES,
  VAT_RATE_CHANGED_AT,
} from './vat.ts';

describe('the VAT rates of Uzbekistan', () => {
  it('products carry 12 (standard since 2023) or 0 (exempt), nothing else', () => {
    expect([...PRODUCT_VAT_RATES].sort()).toEqual([0, 12]);
    expect([0, 12].every(isProductVatRate)).toBe(true);
    for (const rate of [15, 20, 13, -1, 12.5, 100, '12', null]) expect(isProductVatRate(rate)).toBe(false);
  });

  it('receipts may also carry the legacy 15, and only when dated before 1 January 2023 in Tashkent', () => {
    expect([...RECEIPT_VAT_RATES].sort((a, b) => a - b)).toEqual([0, 12, 15]);
    expect(isReceiptVatRate(15)).toBe(true);
    expect(isReceiptVatRate(101)).toBe(false);
    expect(VAT_RATE_CHANGED_AT.toISOString()).toBe('2022-12-31T19:00:00.000Z');
    expect(isVatRateOn(15, new Date('2022-12-31T18:59:59Z'))).toBe(true);
    expect(isVatRateOn(15, new Date('2022-12-31T19:00:00Z'))).toBe(false);
    expect(isVatRateOn(12, new Date('2021-01-01T00:00:00Z'))).toBe(true);
    expect(isVatRateOn(0, new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(isVatRateOn(13, new Date('2021-01-01T00:00:00Z'))).toBe(false);
  });

  it('computeReceipt refuses a rate the receipt date did not have', () => {
    const line = { quantity: 1000n, unitPrice: 11_500n, vatRate: 15 };
    const today = computeReceipt({ lines: [line], at: new Date('2026-12-07T10:00:00Z') });
    expect(today.ok ? null : `${today.problem.code} ${today.problem.path.join('.')}`).toBe(
      'INVALID_VAT_RATE lines.0.vatRate',
    );
    const old = computeReceipt({ lines: [line], at: new Date('2022-05-01T10:00:00Z') });
    expect(old.ok && old.receipt.lines[0]!.vat).toBe(1_500n);
    // Without a date the receipt is made now.
    expect(computeReceipt({ lines: [line] }).ok).toBe(false);
    expect(computeReceipt({ lines: [{ ...line, vatRate: 13 }] }).ok).toBe(false);
  });
});
