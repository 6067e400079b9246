import { describe, expect, it } from 'vitest';
import type { KnownCustomer } from '../../../shared/pos-types.ts';
import { displayPhone, earnedPoints, maxRedeemable, pointsValue } from './loyalty.ts';

const dilnoza: KnownCustomer = {
  id: '0190f000-0000-7000-8000-000000000001',
  phone: '+998901234567',
  name: 'Dilnoza',
  balance: '20000.00',
  loyaltyEnabled: true,
  accrualBps: 250,
  baseAccrualBps: 250,
  maxRedeemPercent: 50,
  source: 'server',
  seenAt: '2026-12-07T10:00:00.000Z',
};

describe('loyalty at the till', () => {
  it('redeems at most the balance and the program’s share of the receipt', () => {
    expect(maxRedeemable(dilnoza, 4_500_000n)).toBe(2_000_000n); // balance below the 50 % share
    expect(maxRedeemable(dilnoza, 3_000_001n)).toBe(1_500_000n); // share, rounded down
    expect(maxRedeemable({ ...dilnoza, balance: '-5.00' }, 4_500_000n)).toBe(0n);
    expect(maxRedeemable({ ...dilnoza, loyaltyEnabled: false }, 4_500_000n)).toBe(0n);
  });

  it('earns on what was paid with money, rounded down to whole points', () => {
    expect(earnedPoints(dilnoza, 4_500_000n, 2_000_000n)).toBe(62_500n);
    expect(earnedPoints(dilnoza, 399n, 0n)).toBe(9n);
    expect(earnedPoints({ ...dilnoza, loyaltyEnabled: false }, 4_500_000n, 0n)).toBe(0n);
  });

  it('reads signed balances and shows phones grouped', () => {
    expect(pointsValue('-12.50')).toBe(-1250n);
    expect(displayPhone('+998901234567')).toBe('+998 90 123 45 67');
  });
});
