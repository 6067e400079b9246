/** Events of the fiscal subgraph. */
import { z } from 'zod';
import { dateTime, uuid } from './scalars.ts';

/**
 * `fiscal.receipt.registered` v1: a fiscal module registered a receipt (of a sale or a refund),
 * in either mode. Aggregate: the fiscal receipt id.
 */
export const fiscalReceiptRegisteredV1 = z.object({
  receiptId: uuid,
  saleId: uuid,
  kind: z.enum(['SALE', 'REFUND']),
  /** The refund, for a REFUND receipt. */
  refundId: uuid.nullable(),
  /** LOCAL: the POS's own module registered it; CENTRAL: the central fiscal gateway did. */
  mode: z.enum(['LOCAL', 'CENTRAL']),
  /** The fiscal module's terminal id (e.g. `UZ191211501033`). */
  terminalId: z.string().nullable(),
  receiptSeq: z.number().int().nullable(),
  fiscalSign: z.string().nullable(),
  /** The module's receipt time, `yyyyMMddHHmmss`. */
  dateTime: z.string().nullable(),
  /** The tax committee's check link. */
  qrUrl: z.string().nullable(),
  registeredAt: dateTime.nullable(),
});

/**
 * `fiscal.receipt.updated` v1: a fiscal receipt got a status — when it is created (PENDING, or
 * NEEDS_ATTENTION without a device) and on every later change of status (see the fiscal
 * subgraph's receipt-state.ts). Carries the status it reached, so a reader replaying the log sees
 * each step even after the receipt moved on. Aggregate: the fiscal receipt id.
 */
export const fiscalReceiptUpdatedV1 = z.object({
  receiptId: uuid,
  saleId: uuid,
  /** The store of the receipt's fiscal device; null when no device of the tenant is known for it. */
  storeId: uuid.nullable(),
  kind: z.enum(['SALE', 'REFUND']),
  status: z.enum(['PENDING', 'REGISTERED', 'FAILED', 'NEEDS_ATTENTION']),
  /** The failure code behind FAILED / NEEDS_ATTENTION (or a retried PENDING); null otherwise. */
  errorCode: z.string().nullable(),
});
