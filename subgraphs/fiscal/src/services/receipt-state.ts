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
 */
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
