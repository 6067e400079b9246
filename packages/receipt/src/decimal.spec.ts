import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecimalFormatError,
  formatMoney,
  formatQuantity,
  MAX_MONEY,
  parseMoney,
  parseQuantity,
  sumMoney,
  tryParseMoney,
  tryParseQuantity,
} from './decimal.ts';

/** Any amount a Money can carry, negative ones included. */
const money = fc.bigInt({ min: -MAX_MONEY, max: MAX_MONEY });
const quantity = fc.bigInt({ min: -(10n ** 18n - 1n), max: 10n ** 18n - 1n });

describe('money and quantities on the wire', () => {
  it('parses and formats exactly, without floats', () => {
    expect(parseMoney('12500.00')).toBe(1250000n);
    expect(parseMoney('45000')).toBe(4_500_000n);
    expect(parseMoney('0.5')).toBe(50n);
    expect(parseMoney(' 0.05 ')).toBe(5n);
    expect(parseMoney('-12.30')).toBe(-1230n);
    expect(parseMoney('0.1') + parseMoney('0.2')).toBe(parseMoney('0.3'));
    expect(formatMoney(parseMoney('999999999999999.99'))).toBe('999999999999999.99');
    expect(formatMoney(-5n)).toBe('-0.05');
    expect(formatMoney(4_500_050n)).toBe('45000.50');
    expect(parseQuantity('0.15')).toBe(150n);
    expect(formatQuantity(1500n)).toBe('1.500');
  });

  it('rejects more decimals than the unit allows, garbage and more than 15 whole digits, with a stable reason', () => {
    const reason = (parse: () => unknown) => {
      try {
        parse();
        return 'OK';
      } catch (error) {
        return error instanceof DecimalFormatError ? error.reason : 'OTHER';
      }
    };
    expect(reason(() => parseMoney('1.005'))).toBe('TOO_MANY_DECIMALS');
    expect(reason(() => parseQuantity('0.0001'))).toBe('TOO_MANY_DECIMALS');
    for (const bad of ['', 'abc', '1e3', '12,50', '0x10', '.5', '12.', '+1', '1 000']) {
      expect(
        reason(() => parseMoney(bad)),
        bad,
      ).toBe('FORMAT');
    }
    expect(reason(() => parseMoney('1'.repeat(16)))).toBe('TOO_LARGE');
    expect(reason(() => parseMoney(`000${'9'.repeat(15)}.99`))).toBe('OK');
    expect(() => parseMoney('1e3')).toThrow(/decimal number/);
    expect(() => parseQuantity('0.0001')).toThrow(/at most 3 decimals/);
  });

  it('has non-throwing variants that answer null for what the throwing ones refuse', () => {
    expect(tryParseMoney('12.5')).toBe(1250n);
    expect(tryParseMoney('12.505')).toBeNull();
    expect(tryParseQuantity('0.250')).toBe(250n);
    expect(tryParseQuantity('kg')).toBeNull();
  });

  it('adds exactly where floats would not', () => {
    // 0.10 + 0.20 as floats is 0.30000000000000004; in tiyin it is exactly 30.
    expect(sumMoney([parseMoney('0.10'), parseMoney('0.20')])).toBe(30n);
    expect(formatMoney(sumMoney(Array.from({ length: 1000 }, () => parseMoney('0.01'))))).toBe('10.00');
    expect(sumMoney([])).toBe(0n);
  });

  it('round-trips every amount and quantity: parse(format(x)) = x', () => {
    fc.assert(fc.property(money, (tiyin) => parseMoney(formatMoney(tiyin)) === tiyin));
    fc.assert(fc.property(quantity, (milli) => parseQuantity(formatQuantity(milli)) === milli));
  });

  it('round-trips every decimal string the API accepts to its canonical form', () => {
    const text = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^\d{1,15}$/),
        fc.option(fc.stringMatching(/^\d{1,2}$/), { nil: undefined }),
      )
      .map(
        ([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
      );
    fc.assert(
      fc.property(text, (input) => {
        const canonical = formatMoney(parseMoney(input));
        // Canonical text is stable and denotes the same amount.
        expect(formatMoney(parseMoney(canonical))).toBe(canonical);
        expect(/^-?\d+\.\d{2}$/.test(canonical)).toBe(true);
        const [whole = '', fraction = ''] = input.replace('-', '').split('.');
        const expected = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
        expect(parseMoney(input)).toBe(input.startsWith('-') ? -expected : expected);
      }),
    );
  });
});
