import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, MAX_MONEY, parseMoney } from './decimal.ts';
import { displayMoney, displayQuantity, formatDecimalString, NUMBER_FORMATS } from './display.ts';

const uz = NUMBER_FORMATS.uz;
const en = NUMBER_FORMATS.en;
const NBSP = '\u00a0';

describe('formatDecimalString', () => {
  it('groups thousands and keeps the fraction digits as given', () => {
    expect(formatDecimalString('45000.00', en)).toBe('45,000.00');
    expect(formatDecimalString('1234567.50', uz)).toBe(`1${NBSP}234${NBSP}567,50`);
    expect(formatDecimalString('999.99', en)).toBe('999.99');
    expect(formatDecimalString('0.05', en)).toBe('0.05');
  });

  it('never loses precision on amounts beyond 2^53', () => {
    expect(formatDecimalString('90071992547409931.01', en)).toBe('90,071,992,547,409,931.01');
  });

  it('trims trailing zeros for quantities when asked', () => {
    expect(formatDecimalString('200.000', { ...en, trimZeros: true })).toBe('200');
    expect(formatDecimalString('1.500', { ...uz, trimZeros: true })).toBe('1,5');
    expect(formatDecimalString('-12000.250', { ...en, trimZeros: true })).toBe('−12,000.25');
  });

  it('writes a true minus (or the one asked for), never a negative zero, and drops leading zeros', () => {
    expect(formatDecimalString('-1000.00', en)).toBe('−1,000.00');
    expect(formatDecimalString('-1000.00', { ...en, minus: '-' })).toBe('-1,000.00');
    expect(formatDecimalString('-0.000', { ...en, trimZeros: true })).toBe('0');
    expect(formatDecimalString('007.10', en)).toBe('7.10');
  });

  it('returns anything that is not a decimal string unchanged', () => {
    expect(formatDecimalString('abc', en)).toBe('abc');
    expect(formatDecimalString('1e5', en)).toBe('1e5');
    expect(formatDecimalString('', en)).toBe('');
  });

  it('only inserts separators: removing them gives the digits back, for any amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -MAX_MONEY, max: MAX_MONEY }),
        fc.constantFrom('uz', 'ru', 'en'),
        (tiyin, locale) => {
          const { group, decimal } = NUMBER_FORMATS[locale as 'uz' | 'ru' | 'en'];
          const shown = formatDecimalString(formatMoney(tiyin), NUMBER_FORMATS[locale as 'uz' | 'ru' | 'en']);
          const back = shown.replaceAll(group, '').replace(decimal, '.').replace('−', '-');
          expect(parseMoney(back)).toBe(tiyin);
          // Groups of exactly three digits after the first.
          const whole = shown.replace('−', '').split(decimal)[0]!;
          expect(whole.split(group).every((part, i) => (i === 0 ? /^\d{1,3}$/ : /^\d{3}$/).test(part))).toBe(
            true,
          );
        },
      ),
    );
  });
});

describe('money and quantities for people', () => {
  it('shows so‘m grouped, tiyin only when there are any, and the currency of the language', () => {
    expect(displayMoney(4_500_000n, 'uz')).toBe(`45${NBSP}000${NBSP}so‘m`);
    expect(displayMoney(4_500_050n, 'ru')).toBe(`45${NBSP}000,50${NBSP}сум`);
    expect(displayMoney(12_345_678_950n, 'en')).toBe(`123,456,789.50${NBSP}UZS`);
    expect(displayMoney(0n, 'en', { currency: false })).toBe('0');
    expect(displayMoney(-150n, 'en', { currency: false })).toBe('−1.50');
    expect(displayMoney(-100n, 'uz', { currency: false })).toBe('−1');
    expect(displayMoney(4_500_000n, 'uz', { currency: false, fraction: 'always' })).toBe(`45${NBSP}000,00`);
  });

  it('shows quantities without trailing zeros', () => {
    expect(displayQuantity(1500n, 'uz')).toBe('1,5');
    expect(displayQuantity(2000n, 'en')).toBe('2');
    expect(displayQuantity(1_250_125n, 'en')).toBe('1,250.125');
    expect(displayQuantity(5n, 'ru')).toBe('0,005');
  });
});
