import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmountText, unitsToDecimal } from './amounts.ts';

const uz = { group: '\u00a0', decimal: ',' };
const en = { group: ',', decimal: '.' };
const money = (text: string, format = uz) => parseAmountText(text, { scale: 2, format });

describe('parseAmountText', () => {
  it('reads grouped text with either decimal mark into a Money string and tiyin', () => {
    expect(money('12 500,5')).toEqual({ kind: 'amount', value: '12500.50', units: 1250050n });
    expect(money('12\u00a0500.05')).toEqual({ kind: 'amount', value: '12500.05', units: 1250005n });
    expect(money('0,5')).toEqual({ kind: 'amount', value: '0.50', units: 50n });
    expect(money(',5')).toEqual({ kind: 'amount', value: '0.50', units: 50n });
    expect(money('45000')).toEqual({ kind: 'amount', value: '45000.00', units: 4500000n });
  });

  it('treats a comma as grouping where the locale groups with commas', () => {
    expect(money('12,500.5', en)).toEqual({ kind: 'amount', value: '12500.50', units: 1250050n });
  });

  it('refuses more decimals than the scale instead of rounding', () => {
    expect(money('1,005')).toEqual({ kind: 'invalid', problem: 'TOO_MANY_DECIMALS' });
    expect(parseAmountText('1.0005', { scale: 3, format: uz })).toEqual({
      kind: 'invalid',
      problem: 'TOO_MANY_DECIMALS',
    });
    expect(parseAmountText('1.525', { scale: 3, format: uz })).toEqual({
      kind: 'amount',
      value: '1.525',
      units: 1525n,
    });
  });

  it('tells partial input from empty and from garbage', () => {
    expect(money('')).toEqual({ kind: 'empty' });
    expect(money('  ')).toEqual({ kind: 'empty' });
    expect(money('12,')).toEqual({ kind: 'partial' });
    expect(parseAmountText('-', { scale: 2, format: uz, allowNegative: true })).toEqual({ kind: 'partial' });
    expect(money('12a')).toEqual({ kind: 'invalid', problem: 'INVALID' });
    expect(money('1,2,3')).toEqual({ kind: 'invalid', problem: 'INVALID' });
    expect(money('1e5')).toEqual({ kind: 'invalid', problem: 'INVALID' });
  });

  it('refuses negatives unless allowed, and overlong integers', () => {
    expect(money('-5')).toEqual({ kind: 'invalid', problem: 'NEGATIVE' });
    expect(parseAmountText('-5,25', { scale: 2, format: uz, allowNegative: true })).toEqual({
      kind: 'amount',
      value: '-5.25',
      units: -525n,
    });
    expect(money('1234567890123456')).toEqual({ kind: 'invalid', problem: 'TOO_LARGE' });
  });

  it('stays exact beyond 2^53 tiyin', () => {
    expect(money('90071992547409,93')).toEqual({
      kind: 'amount',
      value: '90071992547409.93',
      units: 9007199254740993n,
    });
  });
});

describe('unitsToDecimal and formatAmount', () => {
  it('writes minor units as the API strings', () => {
    expect(unitsToDecimal(1250050n, 2)).toBe('12500.50');
    expect(unitsToDecimal(-5n, 2)).toBe('-0.05');
    expect(unitsToDecimal(1500n, 3)).toBe('1.500');
  });

  it("shows so'm amounts without an all-zero fraction unless asked", () => {
    expect(formatAmount('125000.00', { format: uz })).toBe('125\u00a0000');
    expect(formatAmount('125000.50', { format: uz })).toBe('125\u00a0000,50');
    expect(formatAmount('125000.00', { format: uz, fraction: 'always' })).toBe('125\u00a0000,00');
    expect(formatAmount(12500000n, { format: en })).toBe('125,000');
    expect(formatAmount(1500n, { format: uz, fraction: 'trim' }, 3)).toBe('1,5');
  });
});
