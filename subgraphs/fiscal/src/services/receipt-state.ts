/**
 * The fiscal receipt state machine. A receipt waits (PENDING) until its fiscal module answers,
 * then is REGISTERED (fiscal sign + QR link) or FAILED (with the module's error code). A failed
 * receipt may be retried. REGISTERED is final: a sale is never fiscalised twice, so nothing may
 * move a receipt out of it or overwrite its requisites.
 */
export const RECEIPT_STATUSES = ['PENDING', 'REGISTERED', 'FAILED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

const TRANSITIONS: Record<ReceiptStatus, readonly ReceiptStatus[]> = {
  PENDING: ['REGISTERED', 'FAILED'],
  FAILED: ['PENDING', 'REGISTERED'],
  REGISTERED: [],
};

/** Whether a receipt in `from` may move to `to`. */
export function canTransition(from: ReceiptStatus, to: ReceiptStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
