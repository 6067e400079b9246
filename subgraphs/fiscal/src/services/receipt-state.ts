/**
 * The fiscal receipt state machine.
 *
 *   PENDING ──► REGISTERED                 the FM signed it (fiscal sign + QR link); final
 *      │   └──► FAILED                     the FM refused its contents (fix the data, then retry)
 *      └──────► NEEDS_ATTENTION            dead letter: retries exhausted, the device needs an
 *                                          operator (FM locked, memory full…), or a local POS
 *                                          never reported the receipt
 *   FAILED / NEEDS_ATTENTION ──► PENDING   `retryFiscalization` (re-enqueued)
 *   FAILED / NEEDS_ATTENTION ──► REGISTERED  a late `recordFiscalReceipt` from the POS
 *
 * A retryable failure keeps the receipt PENDING (with `attempts` and the last error). REGISTERED
 * is final: a sale is never fiscalised twice, so nothing may move a receipt out of it or
 * overwrite its requisites.
 *
 * Every status a receipt gets — at its creation and at each change — appends one
 * `fiscal.receipt.updated` in the transaction that wrote it ({@link appendStatusEvent}), so the
 * log (and the gateway's `fiscalReceiptUpdated` subscription) holds each step in order.
 */
import { appendEvent } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';

export const RECEIPT_STATUSES = ['PENDING', 'REGISTERED', 'FAILED', 'NEEDS_ATTENTION'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

const TRANSITIONS: Record<ReceiptStatus, readonly ReceiptStatus[]> = {
  PENDING: ['REGISTERED', 'FAILED', 'NEEDS_ATTENTION'],
  FAILED: ['PENDING', 'REGISTERED'],
  NEEDS_ATTENTION: ['PENDING', 'REGISTERED'],
  REGISTERED: [],
};

/** Whether a receipt in `from` may move to `to`. */
export function canTransition(from: ReceiptStatus, to: ReceiptStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Receipt kinds: a sale receipt, or a refund receipt that references its sale's. */
export type ReceiptKind = 'SALE' | 'REFUND';
/** LOCAL: the POS's own FM registers and reports; CENTRAL: the subgraph's worker registers. */
export type FiscalMode = 'LOCAL' | 'CENTRAL';

export const RECEIPT_UPDATED = 'fiscal.receipt.updated';

/**
 * Appends `fiscal.receipt.updated` with the status the receipt has now, inside the transaction
 * that just gave it that status. The store is its sale's (stored from the sale event), else its
 * device's (by device id, or by the fiscal module's terminal id for a receipt the POS reported),
 * read here so no caller has to carry it.
 */
export async function appendStatusEvent(
  m: EntityManager,
  tenantId: string,
  receiptId: string,
): Promise<void> {
  const rows: {
    saleId: string;
    kind: ReceiptKind;
    status: ReceiptStatus;
    errorCode: string | null;
    storeId: string | null;
  }[] = await m.query(
    `SELECT r.sale_id AS "saleId", r.kind, r.status, r.error_code AS "errorCode",
            coalesce(r.store_id, (SELECT d.store_id FROM fiscal.device d
              WHERE d.id = r.device_id OR (r.device_id IS NULL AND d.terminal_id = r.terminal_id)
              ORDER BY d.id = r.device_id DESC LIMIT 1)) AS "storeId"
       FROM fiscal.receipt r WHERE r.id = $1`,
    [receiptId],
  );
  const receipt = rows[0];
  if (!receipt) throw new Error(`Fiscal receipt ${receiptId} vanished before its status event`);
  await appendEvent(m, {
    tenantId,
    type: RECEIPT_UPDATED,
    aggregateId: receiptId,
    source: 'fiscal',
    payload: { receiptId, ...receipt },
  });
}
