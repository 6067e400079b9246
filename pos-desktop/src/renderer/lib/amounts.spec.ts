import { describe, expect, it } from 'vitest';
import { parseTypedMoney, parseTypedQuantity, typedMoney } from './amounts.ts';

describe('typed amounts', () => {
  it('reads the ways a cashier writes money, in tiyin', () => {
    expect(parseTypedMoney('100000')).toBe(10_000_000n);
    expect(parseTypedMoney('100 000')).toBe(10_000_000n);
    expect(parseTypedMoney('12500,5')).toBe(1_250_050n);
    expect(parseTypedMoney('12500.50')).toBe(1_250_050n);
    expect(parseTypedMoney('0')).toBe(0n);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', 'abc', '-5', '1.234', '1e5']) expect(parseTypedMoney(text)).toBeNull();
  });

  it('reads weights with three decimals, above zero', () => {
    expect(parseTypedQuantity('0,250')).toBe(250n);
    expect(parseTypedQuantity('1.5')).toBe(1500n);
    expect(parseTypedQuantity('0')).toBeNull();
    expect(parseTypedQuantity('0.0005')).toBeNull();
  });

  it('prefills fields without needless decimals', () => {
    expect(typedMoney(10_000_000n)).toBe('100000');
    expect(typedMoney(1_250_050n)).toBe('12500.50');
  });
});
