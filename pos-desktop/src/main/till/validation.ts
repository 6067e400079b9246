/**
 * The host's boundary checks on what the renderer sends. The renderer is trusted to compute
 * receipts (with the receipt package) but not to be well-formed: every argument is parsed here,
 * and money becomes bigint tiyin at once. What the host checks of the arithmetic is only what
 * needs no rounding rule — sums: line nets add up to the total, payments add up to the total.
 */
import { parseMoney, RECEIPT_VAT_RATES, tryParseMoney, tryParseQuantity } from '@jowi/receipt';
import { z } from 'zod';
import { PosError } from '../host/result.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `Money` text ≥ 0 (or > 0 with `positive`), kept as text; {@link tiyin} reads it. */
export const moneyText = (options: { positive?: boolean } = {}) =>
  z.string().refine(
    (value) => {
      const parsed = tryParseMoney(value);
      return parsed !== null && (options.positive ? parsed > 0n : parsed >= 0n);
    },
    options.positive ? 'must be an amount above zero like "12500.00"' : 'must be an amount like "12500.00"',
  );

const quantityText = z.string().refine((value) => {
  const parsed = tryParseQuantity(value);
  return parsed !== null && parsed > 0n;
}, 'must be a quantity above zero like "1.000"');

const uuid = z.string().regex(UUID, 'must be a UUID');

/** The fiscal module takes at most this many marking codes per receipt line. */
export const MAX_MARKING_CODES = 300;
/**
 * A marking code as the fiscal receipt carries it: the DataMatrix's product code and serial
 * (no crypto tail), 1–63 printable ASCII characters.
 */
const markingCode = z.string().regex(/^[\x21-\x7e]{1,63}$/, 'a marking code is 1–63 printable characters');

const payment = z.object({
  method: z.enum(['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY']),
  amount: moneyText({ positive: true }),
  tendered: moneyText().optional(),
  cardBrand: z.enum(['UZCARD', 'HUMO', 'VISA', 'MASTERCARD']).optional(),
  reference: z.string().max(100).optional(),
});

export const saleDraftSchema = z.object({
  lines: z
    .array(
      z.object({
        productId: uuid,
        quantity: quantityText,
        unitPrice: moneyText(),
        discount: moneyText().optional(),
        total: moneyText(),
        vatRate: z.literal(RECEIPT_VAT_RATES, 'VAT rate is 12 or 0 (15 only before 2023)'),
        name: z.string().trim().min(1).max(200),
        ikpu: z.string().regex(/^\d{17}$/, 'IKPU (MXIK) is 17 digits'),
        packageCode: z.string().regex(/^\d{1,20}$/, 'package code is 1–20 digits'),
        ownerType: z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']),
        barcode: z
          .string()
          .regex(/^\d{8,14}$/)
          .optional(),
        modifiers: z
          .array(z.object({ modifierId: uuid, name: z.string().min(1).max(100), priceDelta: moneyText() }))
          .optional(),
        cashlessOnly: z.boolean().optional(),
        markingRequired: z.boolean().optional(),
        markingCodes: z.array(markingCode).max(MAX_MARKING_CODES).optional(),
      }),
    )
    .min(1)
    .max(1000),
  payments: z.array(payment).max(20),
  total: moneyText(),
  discount: moneyText().optional(),
  customerId: uuid.optional(),
  catalogVersion: z.string().max(200).nullable(),
});

export const refundDraftSchema = z.object({
  saleId: uuid,
  lines: z
    .array(z.object({ saleLineNo: z.number().int().min(1), quantity: quantityText, amount: moneyText() }))
    .min(1)
    .optional(),
  payments: z
    .array(payment.omit({ tendered: true }))
    .min(1)
    .max(20),
  reason: z.string().max(200).optional(),
});

export const customerDraftSchema = z.object({
  phone: z.string().max(40),
  name: z.string().max(200).optional(),
});

export const openShiftSchema = z.object({ openingFloat: moneyText() });
export const cashMovementSchema = z.object({
  amount: moneyText({ positive: true }),
  reason: z.string().trim().min(1).max(200),
});
export const closeShiftSchema = z.object({ countedCash: moneyText(), note: z.string().max(200).optional() });
export const pairSchema = z.object({ code: z.string(), deviceName: z.string() });
export const idSchema = uuid;
/** An outbox entry's key: a document UUID, or `<shift id>:close` for a shift's CLOSE. */
export const entryIdSchema = z.string().min(1).max(80);

/** Parses `value` or throws INVALID_INPUT naming the first problem. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw PosError.of('INVALID_INPUT', { detail: `${issue.path.join('.') || 'input'}: ${issue.message}` });
}

/** Tiyin of a validated `Money` text. */
export const tiyin = (text: string | undefined): bigint => (text === undefined ? 0n : parseMoney(text));

/** Tiyin of a sum of validated texts. */
export const sumOf = (texts: Array<string | undefined>): bigint =>
  texts.reduce((acc, t) => acc + tiyin(t), 0n);
