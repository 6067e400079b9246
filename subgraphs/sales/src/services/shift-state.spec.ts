import { IllegalTransition } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import type { ShiftStatus } from '../__generated__/resolvers-types.ts';
import { type ShiftEvent, shiftLifecycle, shiftStatus } from './shift-state.ts';

/** Every (state, event) pair and where it must lead; null: refused (SHIFT_CLOSED). */
const table: [ShiftStatus, ShiftEvent, ShiftStatus | null][] = [
  ['OPEN', 'CASH_IN', 'OPEN'],
  ['OPEN', 'CASH_OUT', 'OPEN'],
  ['OPEN', 'CLOSE', 'CLOSED'],
  ['CLOSED', 'CASH_IN', null],
  ['CLOSED', 'CASH_OUT', null],
  ['CLOSED', 'CLOSE', null],
];

describe('shift state machine', () => {
  it.each(table)('%s + %s → %s', (from, event, to) => {
    expect(shiftLifecycle.accepts(from, event)).toBe(to !== null);
    if (to) expect(shiftLifecycle.apply(from, event)).toBe(to);
    else expect(() => shiftLifecycle.apply(from, event)).toThrow(IllegalTransition);
  });

  it('reads a stored shift as open until it has a closing time', () => {
    expect(shiftStatus({ closedAt: null })).toBe('OPEN');
    expect(shiftStatus({ closedAt: new Date('2026-01-01T10:00:00Z') })).toBe('CLOSED');
  });
});
