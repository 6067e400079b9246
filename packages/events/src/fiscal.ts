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
