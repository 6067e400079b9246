import { describe, expect, it } from 'vitest';
import { formatDecimalString } from './format.ts';

const uz = { group: '\u00a0', decimal: ',' };
const en = { group: ',', decimal: '.' };

describe('formatDecimalString', () => {
  it('groups thousands and keeps the fraction digits as given', () => {
    expect(formatDecimalString('45000.00', en)).toBe('45,000.00');
    expect(formatDecimalString('1234567.50', uz)).toBe('1\u00a0234\u00a0567,50');
    expect(formatDecimalString('999.99', en)).toBe('999.99');
    expect(formatDecimalString('0.05', en)).toBe('0.05');
  });

  it('never loses precision on amounts beyond 2^53', () => {
    expect(formatDecimalString('90071992547409931.01', en)).toBe('90,071,992,547,409,931.01');
  });

  it('trims trailing zeros for quantities when asked', () => {
    expect(formatDecimalString('200.000', { ...en, trimZeros: true })).toBe('200');
    expect(formatDecimalString('1.500', { ...uz, trimZeros: true })).toBe('1,5');
    expect(formatDecimalString('-12000.250', { ...en, trimZeros: true })).toBe('-12,000.25');
  });

  it('handles signs and leading zeros', () => {
    expect(formatDecimalString('-1000.00', en)).toBe('-1,000.00');
    expect(formatDecimalString('-0.000', { ...en, trimZeros: true })).toBe('0');
    expect(formatDecimalString('007.10', en)).toBe('7.10');
  });

  it('returns anything that is not a decimal string unchanged', () => {
    expect(formatDecimalString('abc', en)).toBe('abc');
    expect(formatDecimalString('1e5', en)).toBe('1e5');
    expect(formatDecimalString('', en)).toBe('');
  });
});
