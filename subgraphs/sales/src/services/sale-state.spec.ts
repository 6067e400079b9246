import { IllegalTransition } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import type { SaleStatus } from '../entities/sale.entity.ts';
import { type SaleEvent, saleLifecycle, statusAfterRefund } from './sale-state.ts';

/** Every (state, event) pair and where it must lead; null: refused. */
const table: [SaleStatus, SaleEvent, SaleStatus | null][] = [
  ['COMPLETED', 'PARTIAL_REFUND', 'PARTIALLY_REFUNDED'],
  ['COMPLETED', 'FULL_REFUND', 'REFUNDED'],
  ['PARTIALLY_REFUNDED', 'PARTIAL_REFUND', 'PARTIALLY_REFUNDED'],
  ['PARTIALLY_REFUNDED', 'FULL_REFUND', 'REFUNDED'],
  ['REFUNDED', 'PARTIAL_REFUND', null],
  ['REFUNDED', 'FULL_REFUND', null],
];

describe('sale state machine', () => {
  it.each(table)('%s + %s → %s', (from, event, to) => {
    expect(saleLifecycle.accepts(from, event)).toBe(to !== null);
    if (to) expect(saleLifecycle.apply(from, event)).toBe(to);
    else expect(() => saleLifecycle.apply(from, event)).toThrow(IllegalTransition);
  });

  it('lists every state the sale entity knows', () => {
    expect(Object.keys(saleLifecycle.table).sort()).toEqual(['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
  });

  it('moves a refunded sale by whether anything is left to return', () => {
    expect(statusAfterRefund('COMPLETED', false)).toBe('PARTIALLY_REFUNDED');
    expect(statusAfterRefund('PARTIALLY_REFUNDED', true)).toBe('REFUNDED');
    expect(() => statusAfterRefund('REFUNDED', true)).toThrow(
      'A sale in state REFUNDED does not accept FULL_REFUND',
    );
  });
});
