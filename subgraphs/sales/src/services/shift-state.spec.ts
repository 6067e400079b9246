import { IllegalTransition } from '@jowi/server-kit';
import { transitionTable } from '@jowi/server-kit/testing';
import { describe, expect, it } from 'vitest';
import { shiftLifecycle, shiftStatus } from './shift-state.ts';

describe('shift state machine', () => {
  it('allows exactly these transitions (null: refused with SHIFT_CLOSED)', () => {
    expect(transitionTable(shiftLifecycle, ['CASH_IN', 'CASH_OUT', 'CLOSE'])).toEqual([
      ['OPEN', 'CASH_IN', 'OPEN'],
      ['OPEN', 'CASH_OUT', 'OPEN'],
      ['OPEN', 'CLOSE', 'CLOSED'],
      ['CLOSED', 'CASH_IN', null],
      ['CLOSED', 'CASH_OUT', null],
      ['CLOSED', 'CLOSE', null],
    ]);
    expect(() => shiftLifecycle.apply('CLOSED', 'CASH_IN')).toThrow(IllegalTransition);
  });

  it('reads a stored shift as open until it has a closing time', () => {
    expect(shiftStatus({ closedAt: null })).toBe('OPEN');
    expect(shiftStatus({ closedAt: new Date('2026-01-01T10:00:00Z') })).toBe('CLOSED');
  });
});
