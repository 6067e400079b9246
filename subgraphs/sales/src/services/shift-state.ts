/**
 * The shift state machine.
 *
 *   (OPEN event) ──► OPEN ──CLOSE──► CLOSED   final
 *                    │  ▲
 *                    └──┘ CASH_IN, CASH_OUT
 *
 * A shift is stored OPEN by its OPEN event (one open shift per terminal is the terminal's rule,
 * kept by a unique index, not the shift's). While open it takes cash movements; CLOSE ends it.
 * A CLOSED shift accepts nothing: a cash movement or a different CLOSE is refused with
 * SHIFT_CLOSED (a resent identical CLOSE is DUPLICATE). Sales that arrive late still count in
 * its figures: they are not shift events.
 */
import { stateMachine } from '@jowi/server-kit';
import type { ShiftStatus } from '../__generated__/resolvers-types.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';

export type ShiftEvent = 'CASH_IN' | 'CASH_OUT' | 'CLOSE';

export const shiftLifecycle = stateMachine<ShiftStatus, ShiftEvent>('shift', {
  OPEN: { CASH_IN: 'OPEN', CASH_OUT: 'OPEN', CLOSE: 'CLOSED' },
  CLOSED: {},
});

/** A stored shift's state: open while it has no closing time. */
export function shiftStatus(shift: Pick<ShiftRow, 'closedAt'>): ShiftStatus {
  return shift.closedAt ? 'CLOSED' : 'OPEN';
}
