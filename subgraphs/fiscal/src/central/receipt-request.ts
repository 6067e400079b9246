/**
 * From sale events to fiscal gateway requests. The `sale.created` / `sale.refunded` payloads
 * (amounts as decimal strings), parsed with their contracts by the consumer runner, are turned into the
 * body of the gateway's `POST /receipts` (`receiptRequestSchema` of `@jowi/fiscal-gateway`),
 * which is stored on the receipt row so the worker never needs the event again.
 *
 * - A line's FM price is its amount before discounts (`total + discount + receiptDiscount`), its
 *   discount both discounts, its VAT the sale's VAT amount — so the FM's line amount is exactly
 *   the sale line's total and the receipt total the sale's.
 * - Payments: CASH → cash, everything else (CARD, PAYME, CLICK, UZUM, LOYALTY…) → card.
 * - A refund line has no name or IKPU: they come from the sale receipt's stored request, matched
 *   by the sale line number.
 * - The stored request also keeps each line's snapshots as sales sent them (`snapshots`), so a
 *   line that arrived without an IKPU can be filled from the catalog later (catalog-fill.ts);
 *   the worker strips them (and `lineNos`) before sending.
 */
import type { EventPayload } from '@jowi/events';
import type { receiptRequestSchema } from '@jowi/fiscal-gateway';
import type { ReceiptVatRate } from '@jowi/receipt';
import { formatMoney, parseMoney, parseQuantity } from '@jowi/server-kit';
import { z } from 'zod';

/** The JSON body of the gateway's `POST /receipts`, money as decimal strings. */
export type ReceiptRequestBody = z.input<typeof receiptRequestSchema>;

/**
 * Package code sent when a line carries none and the catalog does not know one either (sales
 * fills it from its catalog projection; a line of a product it did not know arrives without).
 */
export const FALLBACK_PACKAGE_CODE = '1';
const FM_NAME_MAX = 63;
/**
 * Name printed when a sale line carries no name snapshot and the catalog does not know the
 * product. The IKPU is what the tax operator checks; a line without one waits (`MISSING_IKPU`).
 */
export const FALLBACK_ITEM_NAME = 'Tovar';

/** A `sale.created` payload (parsed with its contract in `@jowi/events`). */
export type SaleCreatedPayload = EventPayload<'sale.created'>;
/** A `sale.refunded` payload (parsed with its contract in `@jowi/events`). */
export type SaleRefundedPayload = EventPayload<'sale.refunded'>;

type OwnerType = 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';

/** A line's product snapshots as sales sent them in its event (null: not sent). */
export interface LineSnapshot {
  productId: string | null;
  name: string | null;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: OwnerType | null;
}

/**
 * A stored request (sale or refund): the gateway body plus, per item, the sale line number it
 * came from (sale receipts) and the line's snapshots as sent (see {@link LineSnapshot}).
 */
export interface StoredSaleRequest extends ReceiptRequestBody {
  lineNos?: number[];
  snapshots?: LineSnapshot[];
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
const ownerType = (value: OwnerType | null | undefined): 0 | 1 | 2 =>
  value === 'OWN_PRODUCTION' ? 1 : value === 'SERVICE' ? 2 : 0;

type ItemFields = Pick<ReceiptRequestBody['items'][number], 'name' | 'spic' | 'packageCode' | 'ownerType'>;

/** A receipt item's product fields from a line's snapshots: fallbacks for a missing name and package code, no IKPU as ''. */
export function itemFields(snapshot: LineSnapshot): ItemFields {
  return {
    name: (snapshot.name?.trim() || FALLBACK_ITEM_NAME).slice(0, FM_NAME_MAX),
    spic: snapshot.ikpu ?? '',
    packageCode: snapshot.packageCode || FALLBACK_PACKAGE_CODE,
    ownerType: ownerType(snapshot.ownerType),
  };
}

/** The gateway request for a sale receipt. */
export function saleReceiptRequest(sale: SaleCreatedPayload): StoredSaleRequest {
  const snapshots: LineSnapshot[] = sale.lines.map((line) => ({
    productId: line.productId?.toLowerCase() ?? null,
    name: line.name ?? null,
    ikpu: line.ikpu ?? null,
    packageCode: line.packageCode ?? null,
    ownerType: line.ownerType ?? null,
  }));
  const items: ReceiptRequestBody['items'] = sale.lines.map((line, index) => {
    const discount = tiyin(line.discount) + tiyin(line.receiptDiscount);
    const amount = parseMoney(line.total);
    return {
      ...itemFields(snapshots[index]!),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      price: formatMoney(amount + discount),
      discount: formatMoney(discount),
      // Validated by sales against the same rates (`@jowi/receipt`'s RECEIPT_VAT_RATES).
      vatPercent: line.vatRate as ReceiptVatRate,
      vat: line.vatAmount,
      // The fiscal module sends each unit's marking code to the OFD (Asl belgisi).
      ...(line.markingCodes?.length ? { labels: line.markingCodes } : {}),
    };
  });
  return {
    kind: 'sale',
    saleId: sale.saleId,
    items,
    payments: splitPayments(sale.payments),
    lineNos: sale.lines.map((l) => l.lineNo),
    snapshots,
  };
}

/** Thrown when a refund line cannot be matched to its sale's receipt request. */
export class RefundMappingError extends Error {}

/**
 * The gateway request for a refund receipt, with names, IKPU and unit prices from the sale
 * receipt's stored request (and its lines' snapshots, when it kept them). The original's fiscal
 * requisites are added when the worker sends it.
 */
export function refundReceiptRequest(
  refund: SaleRefundedPayload,
  sale: StoredSaleRequest,
): StoredSaleRequest {
  const snapshots: LineSnapshot[] = [];
  const items: ReceiptRequestBody['items'] = refund.lines.map((line) => {
    const index = sale.lineNos?.indexOf(line.saleLineNo) ?? -1;
    const item = index >= 0 ? sale.items[index] : undefined;
    if (!item) throw new RefundMappingError(`sale line ${line.saleLineNo} is not on the sale receipt`);
    const snapshot = sale.snapshots?.[index];
    if (snapshot) snapshots.push(snapshot);
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
    // Only when every line has them: snapshots are matched to items by position.
    ...(snapshots.length === items.length ? { snapshots } : {}),
  };
}

/**
 * Reads a stored request back (the jsonb column), or null when it is not one. Only its shape is
 * checked: its contents are the gateway's to judge (a line without IKPU is refused there with
 * `INVALID_RECEIPT`, which is the error the back office should see).
 */
const snapshotShape = z.object({
  productId: z.string().nullable(),
  name: z.string().nullable(),
  ikpu: z.string().nullable(),
  packageCode: z.string().nullable(),
  ownerType: z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']).nullable(),
});
const storedShape = z.looseObject({
  kind: z.enum(['sale', 'refund']),
  saleId: z.string(),
  items: z.array(z.looseObject({ name: z.string(), spic: z.string() })),
  payments: z.looseObject({ cash: z.string(), card: z.string() }),
  snapshots: z.array(snapshotShape).optional(),
});

export function parseStoredRequest(value: unknown): StoredSaleRequest | null {
  const parsed = storedShape.safeParse(value);
  if (!parsed.success) return null;
  const lineNos = (value as { lineNos?: unknown }).lineNos;
  const { snapshots: _snapshots, ...body } = value as StoredSaleRequest;
  return {
    ...(body as ReceiptRequestBody),
    ...(Array.isArray(lineNos) ? { lineNos: lineNos as number[] } : {}),
    ...(parsed.data.snapshots ? { snapshots: parsed.data.snapshots } : {}),
  };
}
