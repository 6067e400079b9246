/**
 * The receipt request as the POS sends it to the gateway (`POST /receipts`) and as the journal
 * keeps it. Money is written the house way — decimal strings with two decimals ("12500.00"),
 * quantities with three ("0.250") — and becomes bigint tiyin / thousandths here, at the
 * boundary, so nothing past this file sees a float.
 */
import {
  formatMoney,
  formatQuantity,
  RECEIPT_VAT_RATES,
  tryParseMoney,
  tryParseQuantity,
} from '@jowi/receipt';
import { z } from 'zod';
import type { FiscalReference, OwnerType, ReceiptItem, ReceiptKind } from './driver.ts';
import { fiscalText, receiptSeqNumber } from './fiscal-field.ts';

const moneyText = z.string().transform((value, ctx) => {
  const parsed = tryParseMoney(value);
  if (parsed === null || parsed < 0n) {
    ctx.addIssue({ code: 'custom', message: 'must be a non-negative amount like "12500.00"' });
    return z.NEVER;
  }
  return parsed;
});

const quantityText = z.string().transform((value, ctx) => {
  const parsed = tryParseQuantity(value);
  if (parsed === null || parsed <= 0n) {
    ctx.addIssue({ code: 'custom', message: 'must be a positive quantity like "1.000" or "0.250"' });
    return z.NEVER;
  }
  return parsed;
});

const itemSchema = z.object({
  name: z.string().min(1).max(63),
  spic: fiscalText('ikpu'),
  packageCode: fiscalText('packageCode'),
  units: z.number().int().min(0).optional(),
  barcode: z
    .string()
    .regex(/^\d{8,14}$/, 'GTIN of 8–14 digits')
    .optional(),
  quantity: quantityText,
  unitPrice: moneyText,
  price: moneyText.optional(),
  discount: moneyText.optional(),
  vatPercent: z.literal(RECEIPT_VAT_RATES),
  vat: moneyText.optional(),
  ownerType: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** Marking codes of the units sold (product code + serial, no crypto tail), one per unit. */
  labels: z
    .array(z.string().regex(/^[\x21-\x7e]{1,63}$/, 'a marking code is 1–63 printable characters'))
    .min(1)
    .max(300)
    .optional(),
});

const referenceSchema = z.object({
  terminalId: fiscalText('terminalId'),
  receiptSeq: receiptSeqNumber(),
  dateTime: fiscalText('dateTime'),
  fiscalSign: fiscalText('fiscalSign'),
});

/** Body of `POST /receipts`. `saleId` (a UUID) is the idempotency key together with `kind`. */
export const receiptRequestSchema = z
  .object({
    kind: z.enum(['sale', 'refund']),
    /** The POS document's id: the sale's UUID, or the refund document's own UUID. */
    saleId: z.uuid(),
    /** For a refund: the refunded sale's id, whose fiscal data the journal holds. */
    originalSaleId: z.uuid().optional(),
    /** For a refund of a sale fiscalized elsewhere: its fiscal data. */
    original: referenceSchema.optional(),
    items: z.array(itemSchema).min(1).max(1000),
    payments: z.object({ cash: moneyText, card: moneyText }),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'refund' && !value.originalSaleId && !value.original) {
      ctx.addIssue({ code: 'custom', path: ['originalSaleId'], message: 'a refund references its sale' });
    }
    if (value.kind === 'sale' && (value.originalSaleId || value.original)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'only a refund references a sale' });
    }
  });

/** A validated receipt request with bigint money. */
export interface ReceiptRequest {
  kind: ReceiptKind;
  saleId: string;
  originalSaleId?: string;
  original?: FiscalReference;
  items: ReceiptItem[];
  payments: { cash: bigint; card: bigint };
}

/** Parsed body → {@link ReceiptRequest}. */
export function toReceiptRequest(body: z.infer<typeof receiptRequestSchema>): ReceiptRequest {
  return {
    kind: body.kind,
    saleId: body.saleId,
    ...(body.originalSaleId ? { originalSaleId: body.originalSaleId } : {}),
    ...(body.original ? { original: body.original } : {}),
    items: body.items.map((item) => ({
      name: item.name,
      spic: item.spic,
      packageCode: item.packageCode,
      ...(item.units === undefined ? {} : { units: item.units }),
      ...(item.barcode === undefined ? {} : { barcode: item.barcode }),
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      ...(item.price === undefined ? {} : { price: item.price }),
      ...(item.discount === undefined ? {} : { discount: item.discount }),
      vatPercent: item.vatPercent,
      ...(item.vat === undefined ? {} : { vat: item.vat }),
      ownerType: item.ownerType as OwnerType,
      ...(item.labels === undefined ? {} : { labels: item.labels }),
    })),
    payments: body.payments,
  };
}

/**
 * {@link ReceiptRequest} → its canonical JSON (fixed key order, canonical number text), so the
 * same request always hashes the same in the journal, however the client formatted "12500.5".
 */
export function receiptRequestToJson(request: ReceiptRequest): z.input<typeof receiptRequestSchema> {
  return {
    kind: request.kind,
    saleId: request.saleId,
    ...(request.originalSaleId ? { originalSaleId: request.originalSaleId } : {}),
    ...(request.original
      ? {
          original: {
            terminalId: request.original.terminalId,
            receiptSeq: request.original.receiptSeq,
            dateTime: request.original.dateTime,
            fiscalSign: request.original.fiscalSign,
          },
        }
      : {}),
    items: request.items.map((item) => ({
      name: item.name,
      spic: item.spic,
      packageCode: item.packageCode,
      ...(item.units === undefined ? {} : { units: item.units }),
      ...(item.barcode === undefined ? {} : { barcode: item.barcode }),
      quantity: formatQuantity(item.quantity),
      unitPrice: formatMoney(item.unitPrice),
      ...(item.price === undefined ? {} : { price: formatMoney(item.price) }),
      ...(item.discount === undefined ? {} : { discount: formatMoney(item.discount) }),
      vatPercent: item.vatPercent,
      ...(item.vat === undefined ? {} : { vat: formatMoney(item.vat) }),
      ownerType: item.ownerType,
      ...(item.labels === undefined ? {} : { labels: [...item.labels] }),
    })),
    payments: { cash: formatMoney(request.payments.cash), card: formatMoney(request.payments.card) },
  };
}
