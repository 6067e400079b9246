/**
 * What the uploader does with each answer — the Replicache/PowerSync rule: every result is
 * classified as done, retry or parked, and a poison entry never blocks the queue.
 *
 *  - `CREATED` / `DUPLICATE` → done (a DUPLICATE is the answer to a resend whose first response
 *    was lost: the server has it, with the same content); `LINKED` (a customer whose phone was on
 *    file) → done;
 *  - `CONFLICT` → parked: the server holds other content under this id and never overwrites it;
 *  - `REJECTED` → parked with the server's code, except
 *      · `INTERNAL_ERROR` (the server says: safe to resend) → retry;
 *      · a reference to something this till has not uploaded yet (a refund's sale, a sale's or a
 *        movement's shift still held or pending here) → retry: it will be known after that upload;
 *  - no answer for the entry at all (a short result list) → retry.
 * A retried entry is parked as `RETRY_LIMIT` after too many attempts, so a supervisor sees it.
 */
import type { DocumentState } from '../../shared/pos-types.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import type { SyncItemResult } from './transport.ts';

/** The uploader's decision for one entry. */
export type Verdict =
  | { action: 'done'; status: 'CREATED' | 'DUPLICATE' | 'LINKED' }
  | { action: 'retry'; code: string; message: string }
  | { action: 'park'; status: 'CONFLICT' | 'REJECTED'; code: string; message: string };

/** Codes meaning "something this refers to is unknown" — retryable while the till still holds it. */
const DEPENDENCY_CODES = new Set(['SALE_NOT_FOUND', 'UNKNOWN_SHIFT', 'SHIFT_NOT_FOUND', 'SHIFT_NOT_OPEN']);

/** The documents an entry refers to, which must reach the server first. */
export function dependenciesOf(entry: OutboxEntry): string[] {
  const payload = entry.payload as { saleId?: string; shiftId?: string; id: string; kind?: string };
  const ids: string[] = [];
  if (entry.command === 'recordRefund.v1' && payload.saleId) ids.push(payload.saleId);
  if (payload.shiftId && payload.shiftId !== payload.id) ids.push(payload.shiftId);
  // A CLOSE travels under its shift's id; its outbox entry has its own key, the OPEN has the shift's.
  if (entry.command === 'shiftEvent.v1' && payload.kind === 'CLOSE') ids.push(payload.id);
  return ids;
}

/**
 * Classifies the server's answer for `entry`. `stateOf` gives the local state of another
 * document (null when this till never recorded it).
 */
export function classify(
  entry: OutboxEntry,
  result: SyncItemResult | undefined,
  stateOf: (id: string) => DocumentState | null,
): Verdict {
  if (!result) return { action: 'retry', code: 'NO_RESULT', message: 'the server sent no result for it' };
  const code = result.error?.code ?? result.status;
  const message = result.error?.message ?? result.status;
  switch (result.status) {
    case 'CREATED':
    case 'DUPLICATE':
    case 'LINKED':
      return { action: 'done', status: result.status };
    case 'CONFLICT':
      return { action: 'park', status: 'CONFLICT', code, message };
    case 'REJECTED': {
      if (code === 'INTERNAL_ERROR') return { action: 'retry', code, message };
      if (DEPENDENCY_CODES.has(code)) {
        const waiting = dependenciesOf(entry).some((id) => {
          const state = stateOf(id);
          return state === 'held' || state === 'pending';
        });
        if (waiting)
          return { action: 'retry', code, message: `${message} (uploaded after what it refers to)` };
      }
      return { action: 'park', status: 'REJECTED', code, message };
    }
  }
}
