import { IllegalTransition } from '@jowi/server-kit';
import { transitionTable } from '@jowi/server-kit/testing';
import { describe, expect, it } from 'vitest';
import { saleLifecycle, statusAfterRefund } from './sale-state.ts';

describe('sale state machine', () => {
  it('allows exactly these transitions (null: refused)', () => {
    expect(transitionTable(saleLifecycle, ['PARTIAL_REFUND', 'FULL_REFUND'])).toEqual([
      ['COMPLETED', 'PARTIAL_REFUND', 'PARTIALLY_REFUNDED'],
      ['COMPLETED', 'FULL_REFUND', 'REFUNDED'],
      ['PARTIALLY_REFUNDED', 'PARTIAL_REFUND', 'PARTIALLY_REFUNDED'],
      ['PARTIALLY_REFUNDED', 'FULL_REFUND', 'REFUNDED'],
      ['REFUNDED', 'PARTIAL_REFUND', null],
      ['REFUNDED', 'FULL_REFUND', null],
    ]);
  });

  it('moves a refunded sale by whether anything is left to return; a refunded sale accepts nothing', () => {
    expect(statusAfterRefund('COMPLETED', false)).toBe('PARTIALLY_REFUNDED');
    expect(statusAfterRefund('PARTIALLY_REFUNDED', true)).toBe('REFUNDED');
    expect(() => statusAfterRefund('REFUNDED', false)).toThrow(IllegalTransition);
    expect(() => statusAfterRefund('REFUNDED', true)).toThrow(
      'A sale in state REFUNDED does not accept FULL_REFUND',
    );
  });
});
