/**
 * The needs-attention list: parked outbox entries with the server's reason and a short summary a
 * supervisor can recognise ("Sale #42, 96000.00").
 */
import type { ParkedEntry } from '../../shared/pos-types.ts';
import type { RefundPayload, SaleInputPayload, ShiftEventPayload } from '../outbox/commands.ts';
import type { Outbox, OutboxEntry } from '../outbox/outbox.ts';

/** A one-line description of an entry. */
export function summarise(entry: OutboxEntry): string {
  switch (entry.command) {
    case 'recordSale.v1': {
      const sale = entry.payload as SaleInputPayload;
      return `Sale #${sale.receiptNumber ?? '?'}, ${sale.total}`;
    }
    case 'recordRefund.v1':
      return `Refund of sale ${(entry.payload as RefundPayload).saleId}`;
    case 'shiftEvent.v1': {
      const event = entry.payload as ShiftEventPayload;
      return `Shift ${event.kind.toLowerCase().replace('_', ' ')}, ${event.amount}`;
    }
    default:
      return entry.command;
  }
}

/** The parked entries, oldest first. */
export function parkedEntries(outbox: Outbox): ParkedEntry[] {
  return outbox.list('parked').map((entry) => ({
    id: entry.id,
    seq: entry.seq,
    command: entry.command,
    deviceTime: entry.deviceTime,
    status: (entry.resultStatus ?? 'REJECTED') as ParkedEntry['status'],
    code: entry.errorCode ?? 'UNKNOWN',
    message: entry.errorMessage ?? '',
    summary: summarise(entry),
    parkedAt: entry.updatedAt,
  }));
}
