/**
 * From sale events to fiscal gateway requests. The `sale.created` / `sale.refunded` payloads
 * (amounts as decimal strings) are parsed with zod here, at the boundary, and turned into the
 * body of the gateway's `POST /receipts` (`receiptRequestSchema` of `@jowi/fiscal-gateway`),
 * which is stored on the receipt row so the worker never needs the event again.
 *
 * - A line's FM price is its amount before discounts (`total + discount + receiptDiscount`), its
 *   discount both discounts, its VAT the sale's VAT amount — so the FM's line amount is exactly
 *   the sale line's total and the receipt total the sale's.
 * - Payments: CASH → cash, everything else (CARD, PAYME, CLICK, UZUM, LOYALTY…) → card.
 * - A refund line has no name or IKPU: they come from the sale receipt's stored request, matched
 *   by the sale line number.
 */
import type { receiptRequestSchema } from '@jowi/fiscal-gateway';
import { formatMoney, parseMoney, parseQuantity } from '@jowi/server-kit';
import { z } from 'zod';

/** The JSON body of the gateway's `POST /receipts`, money as decimal strings. */
export type ReceiptRequestBody = z.input<typeof receiptRequestSchema>;

/**
 * Package code sent when a line carries none. `sale.created` lines do not include the
 * product's package code yet (the catalog has it); until they do, this placeholder is sent.
 */
export const FALLBACK_PACKAGE_CODE = '1';
const FM_NAME_MAX = 63;
/**
 * Name printed when a sale line carries no name snapshot (`SaleLineInput.name` is optional).
 * The IKPU is what the tax operator checks; a line without one is refused (`INVALID_RECEIPT`).
 */
export const FALLBACK_ITEM_NAME = 'Tovar';

const money = z.string().refine((v) => {
  try {
    parseMoney(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a decimal amount');

export const saleCreatedPayloadSchema = z.object({
  saleId: z.uuid(),
  terminalId: z.uuid(),
  storeId: z.uuid().nullish(),
  /** Requisites when the POS registered the receipt with its own fiscal module (local mode). */
  fiscal: z
    .object({
      terminalId: z.string(),
      receiptSeq: z.number().int(),
      dateTime: z.string(),
      fiscalSign: z.string(),
    })
    .nullish(),
  total: money,
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      productId: z.string().nullish(),
      name: z.string().nullish(),
      ikpu: z.string().nullish(),
      packageCode: z.string().nullish(),
      ownerType: z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']).nullish(),
      quantity: z.string(),
      unitPrice: money,
      discount: money.nullish(),
      receiptDiscount: money.nullish(),
      total: money,
      vatRate: z.number(),
      vatAmount: money,
    }),
  ),
  payments: z.array(z.object({ method: z.string(), amount: money })),
});
export type SaleCreatedPayload = z.infer<typeof saleCreatedPayloadSchema>;

export const saleRefundedPayloadSchema = z.object({
  refundId: z.uuid(),
  saleId: z.uuid(),
  terminalId: z.uuid(),
  total: money,
  lines: z.array(
    z.object({
      saleLineNo: z.number().int(),
      productId: z.string().nullish(),
      quantity: z.string(),
      amount: money,
      vatAmount: money,
    }),
  ),
  payments: z.array(z.object({ method: z.string(), amount: money })),
});
export type SaleRefundedPayload = z.infer<typeof saleRefundedPayloadSchema>;

/** The stored sale request plus, per item, the sale line number it came from. */
export interface StoredSaleRequest extends ReceiptRequestBody {
  lineNos?: number[];
}

const tiyin = (value: string | null | undefined): bigint => (value ? parseMoney(value) : 0n);

/** Cash and card (everything not cash) of a payment list. */
function splitPayments(payments: { method: string; amount: string }[]): { cash: string; card: string } {
  let cash = 0n;
  let card = 0n;
  for (const p of payments) {
    if (p.method === 'CASH') cash += parseMoney(p.amount);
    else card += parseMoney(p.amount);
  }
  return { cash: formatMoney(cash), card: formatMoney(card) };
}

/** The FM's owner type: 0 resale (the default when the POS sent none), 1 own production, 2 service. */
const ownerType = (value: 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE' | null | undefined): 0 | 1 | 2 =>
  value === 'OWN_PRODUCTION' ? 1 : value === 'SERVICE' ? 2 : 0;

/** The gateway request for a sale receipt. */
export function saleReceiptRequest(sale: SaleCreatedPayload): StoredSaleRequest {
  const items: ReceiptRequestBody['items'] = sale.lines.map((line) => {
    const discount = tiyin(line.discount) + tiyin(line.receiptDiscount);
    const amount = parseMoney(line.total);
    return {
      name: (line.name?.trim() || FALLBACK_ITEM_NAME).slice(0, FM_NAME_MAX),
      spic: line.ikpu ?? '',
      packageCode: line.packageCode || FALLBACK_PACKAGE_CODE,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      price: formatMoney(amount + discount),
      discount: formatMoney(discount),
      vatPercent: line.vatRate as 0 | 12 | 15,
      vat: line.vatAmount,
      ownerType: ownerType(line.ownerType),
    };
  });
  return {
    kind: 'sale',
    saleId: sale.saleId,
    items,
    payments: splitPayments(sale.payments),
    lineNos: sale.lines.map((l) => l.lineNo),
  };
}

/** Thrown when a refund line cannot be matched to its sale's receipt request. */
export class RefundMappingError extends Error {}

/**
 * The gateway request for a refund receipt, with names, IKPU and unit prices from the sale
 * receipt's stored request. The original's fiscal requisites are added when the worker sends it.
 */
export function refundReceiptRequest(
  refund: SaleRefundedPayload,
  sale: StoredSaleRequest,
): ReceiptRequestBody {
  const items: ReceiptRequestBody['items'] = refund.lines.map((line) => {
    const index = sale.lineNos?.indexOf(line.saleLineNo) ?? -1;
    const item = index >= 0 ? sale.items[index] : undefined;
    if (!item) throw new RefundMappingError(`sale line ${line.saleLineNo} is not on the sale receipt`);
    const quantity = parseQuantity(line.quantity);
    if (quantity <= 0n) throw new RefundMappingError(`refund line ${line.saleLineNo} has no quantity`);
    return {
      name: item.name,
      spic: item.spic,
      packageCode: item.packageCode,
      quantity: line.quantity,
      unitPrice: item.unitPrice,
      price: line.amount,
      discount: '0.00',
      vatPercent: item.vatPercent,
      vat: line.vatAmount,
      ownerType: item.ownerType,
    };
  });
  return {
    kind: 'refund',
    saleId: refund.refundId,
    originalSaleId: refund.saleId,
    items,
    payments: splitPayments(refund.payments),
  };
}

/**
 * Reads a stored request back (the jsonb column), or null when it is not one. Only its shape is
 * checked: its contents are the gateway's to judge (a line without IKPU is refused there with
 * `INVALID_RECEIPT`, which is the error the back office should see).
 */
const storedShape = z.looseObject({
  kind: z.enum(['sale', 'refund']),
  saleId: z.string(),
  items: z.array(z.looseObject({ name: z.string(), spic: z.string() })),
  payments: z.looseObject({ cash: z.string(), card: z.string() }),
});

export function parseStoredRequest(value: unknown): StoredSaleRequest | null {
  const parsed = storedShape.safeParse(value);
  if (!parsed.success) return null;
  const lineNos = (value as { lineNos?: unknown }).lineNos;
  return {
    ...(value as ReceiptRequestBody),
    ...(Array.isArray(lineNos) ? { lineNos: lineNos as number[] } : {}),
  };
}
