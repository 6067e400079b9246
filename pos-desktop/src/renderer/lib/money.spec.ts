import { describe, expect, it } from 'vitest';
import { formatTiyin, parseMoney, sumTiyin, toMoneyString } from './money.ts';

describe('tiyin arithmetic', () => {
  it('parses Money strings into integer tiyin', () => {
    expect(parseMoney('45000.00')).toBe(4_500_000n);
    expect(parseMoney('45000')).toBe(4_500_000n);
    expect(parseMoney('0.5')).toBe(50n);
    expect(parseMoney('0.05')).toBe(5n);
    expect(parseMoney('-12.30')).toBe(-1230n);
    expect(parseMoney('99999999999999999.99')).toBe(9_999_999_999_999_999_999n);
  });

  it('rejects anything that is not a plain decimal with two decimals at most', () => {
    for (const bad of ['', 'abc', '1.234', '1,50', '1e3', '0x10', '.5', '12.']) {
      expect(() => parseMoney(bad), bad).toThrow(RangeError);
    }
  });

  it('adds exactly where floats would not', () => {
    // 0.10 + 0.20 as floats is 0.30000000000000004; in tiyin it is exactly 30.
    expect(sumTiyin([parseMoney('0.10'), parseMoney('0.20')])).toBe(30n);
    const many = Array.from({ length: 1000 }, () => parseMoney('0.01'));
    expect(toMoneyString(sumTiyin(many))).toBe('10.00');
  });

  it('writes tiyin back as Money strings', () => {
    expect(toMoneyString(4_500_050n)).toBe('45000.50');
    expect(toMoneyString(5n)).toBe('0.05');
    expect(toMoneyString(-1230n)).toBe('-12.30');
    expect(toMoneyString(parseMoney('123.4'))).toBe('123.40');
  });

  it('formats for display with grouped so‘m and tiyin only when present', () => {
    expect(formatTiyin(4_500_000n)).toBe('45\u00a0000');
    expect(formatTiyin(123_456_789_00n)).toBe('123\u00a0456\u00a0789');
    expect(formatTiyin(4_500_050n)).toBe('45\u00a0000.50');
    expect(formatTiyin(0n)).toBe('0');
    expect(formatTiyin(-150n)).toBe('−1.50');
    expect(formatTiyin(123_456_789_50n, { group: ',', decimal: '.' })).toBe('123,456,789.50');
    expect(formatTiyin(4_500_050n, { group: '\u00a0', decimal: ',' })).toBe('45\u00a0000,50');
  });
});
