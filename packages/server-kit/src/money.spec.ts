import { describe, expect, it } from 'vitest';
import { moneyColumn, quantityColumn } from './money.ts';

describe('money and quantity columns', () => {
  it('maps int8 money text to bigint tiyin and back, keeping nulls', () => {
    expect(moneyColumn.from('99999999999999999')).toBe(99_999_999_999_999_999n);
    expect(moneyColumn.to(-5n)).toBe('-5');
    expect(moneyColumn.from(null)).toBeNull();
    expect(moneyColumn.to(undefined)).toBeUndefined();
  });

  it('maps numeric(18,3) quantity text to bigint thousandths and back', () => {
    expect(quantityColumn.from('0.150')).toBe(150n);
    expect(quantityColumn.from('-2.000')).toBe(-2000n);
    expect(quantityColumn.to(1500n)).toBe('1.500');
    expect(quantityColumn.to(null)).toBeNull();
  });
});
