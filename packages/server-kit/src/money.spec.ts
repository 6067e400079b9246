import { describe, expect, it } from 'vitest';
import {
  DecimalFormatError,
  formatMoney,
  formatQuantity,
  moneyTimesQuantity,
  parseMoney,
  parseQuantity,
} from './money.ts';

describe('money and quantities', () => {
  it('parses and formats exactly, without floats', () => {
    expect(parseMoney('12500.00')).toBe(1250000n);
    expect(parseMoney('0.1') + parseMoney('0.2')).toBe(parseMoney('0.3'));
    expect(formatMoney(parseMoney('999999999999.99'))).toBe('999999999999.99');
    expect(formatMoney(-5n)).toBe('-0.05');
    expect(parseQuantity('0.15')).toBe(150n);
    expect(formatQuantity(1500n)).toBe('1.500');
  });

  it('rejects more decimals than the unit allows, and garbage', () => {
    expect(() => parseMoney('1.005')).toThrow(DecimalFormatError);
    expect(() => parseMoney('1e3')).toThrow(/decimal number/);
    expect(() => parseMoney('12,50')).toThrow(DecimalFormatError);
    expect(() => parseQuantity('0.0001')).toThrow(/at most 3 decimals/);
    expect(() => parseMoney('1'.repeat(16))).toThrow(/too large/);
  });

  it('multiplies price by quantity rounding half-up to the tiyin', () => {
    // 0.333 kg × 10 000.01 UZS = 3330.00333 → 3330.00
    expect(formatMoney(moneyTimesQuantity(parseMoney('10000.01'), parseQuantity('0.333')))).toBe('3330.00');
    // 0.005 × 1.00 = 0.005 → 0.01 (half-up)
    expect(formatMoney(moneyTimesQuantity(parseMoney('1.00'), parseQuantity('0.005')))).toBe('0.01');
    expect(formatMoney(moneyTimesQuantity(parseMoney('45000.00'), parseQuantity('2')))).toBe('90000.00');
  });
});
