/**
 * The sale state machine.
 *
 *   COMPLETED ──PARTIAL_REFUND──► PARTIALLY_REFUNDED ──FULL_REFUND──► REFUNDED   final
 *       │                          ▲            │
 *       │                          └────────────┘ PARTIAL_REFUND
 *       └──────────────FULL_REFUND──────────────────────────────────► REFUNDED
 *
 * `syncSales` stores a sale COMPLETED (it happened; nothing cancels it). Only refunds move it: a
 * refund that leaves something of the sale to return is PARTIAL_REFUND, the one that returns the
 * last of it FULL_REFUND. A REFUNDED sale accepts nothing (a refund is refused with
 * NOTHING_TO_REFUND before it gets here).
 */
import { stateMachine } from '@jowi/server-kit';
import type { SaleStatus } from '../entities/sale.entity.ts';

export type SaleEvent = 'PARTIAL_REFUND' | 'FULL_REFUND';

export const saleLifecycle = stateMachine<SaleStatus, SaleEvent>('sale', {
  COMPLETED: { PARTIAL_REFUND: 'PARTIALLY_REFUNDED', FULL_REFUND: 'REFUNDED' },
  PARTIALLY_REFUNDED: { PARTIAL_REFUND: 'PARTIALLY_REFUNDED', FULL_REFUND: 'REFUNDED' },
  REFUNDED: {},
});

/** The status of a sale in `from` after a refund; `complete` when nothing of it is left to return. */
export function statusAfterRefund(from: SaleStatus, complete: boolean): SaleStatus {
  return saleLifecycle.apply(from, complete ? 'FULL_REFUND' : 'PARTIAL_REFUND');
}
