/**
 * Sale content: validation, line arithmetic, VAT and the canonical content hash.
 *
 * Everything here is pure and works on integers only — money in tiyin and quantities in
 * thousandths, both `bigint` — so a receipt computed on the POS and on the server agree to the
 * tiyin. The content hash is what tells a harmless resend (`DUPLICATE`) from a different sale
 * reusing an id (`CONFLICT`): it is sha256 over a canonical JSON (sorted keys, amounts as
 * canonical decimal strings, defaults filled in), so key order, `"5"` vs `"5.00"` or an omitted
 * zero discount never make two equal sales look different.
 */
import { createHash } from 'node:crypto';
import {
  formatMoney,
  formatQuantity,
  isUuid,
  moneyTimesQuantity,
  type UserError,
  userError,
} from '@jowi/server-kit';
import type { SaleInput } from '../__generated__/resolvers-types.ts';
import type { PaymentMethod } from '../entities/sale-payment.entity.ts';

/** VAT rate applied when the POS does not send one (standard rate in Uzbekistan). */
export const DEFAULT_VAT_RATE = 12;
/** Largest amount a Money can carry: 15 whole digits and 2 decimals. */
export const MAX_MONEY = 10n ** 17n - 1n;
/** Bump when the canonical form changes; stored hashes of older versions stay comparable by version. */
const CANONICAL_VERSION = 1;

/** A validated line with everything derived from it. */
export interface SaleLineContent {
  lineNo: number;
  productId: string;
  quantity: bigint;
  unitPrice: bigint;
  discount: bigint;
  total: bigint;
  vatRate: number;
  vatAmount: bigint;
}

/** A validated payment. */
export interface SalePaymentContent {
  lineNo: number;
  method: PaymentMethod;
  amount: bigint;
}

/** A validated sale, ids lower-cased, ready to store. */
export interface SaleContent {
  id: string;
  terminalId: string;
  createdAt: Date;
  shiftId: string | null;
  customerId: string | null;
  total: bigint;
  vatTotal: bigint;
  lines: SaleLineContent[];
  payments: SalePaymentContent[];
}

export type ValidationResult = { ok: true; sale: SaleContent } | { ok: false; error: UserError };

/**
 * VAT included in a VAT-inclusive amount: round_half_up(amount × rate / (100 + rate)), in
 * integer arithmetic (floor((2·n + d) / 2·d) is n/d rounded half up for n, d ≥ 0).
 */
export function includedVat(amount: bigint, rate: number): bigint {
  if (amount < 0n) throw new RangeError('includedVat expects a non-negative amount');
  const numerator = amount * BigInt(rate);
  const denominator = BigInt(100 + rate);
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Validates one sale of a batch. `path` is the input path of the sale (e.g. `['input','sales','3']`),
 * used for the error's `field`. Checks run in a fixed order so a sale always gets the same code.
 */
export function validateSale(input: SaleInput, terminalId: string, path: string[]): ValidationResult {
  const fail = (code: string, message: string, ...field: string[]): ValidationResult => ({
    ok: false,
    error: userError(code, message, [...path, ...field]),
  });

  if (!isUuid(input.id)) return fail('INVALID_ID', 'Sale id must be a UUID', 'id');
  if (input.shiftId != null && !isUuid(input.shiftId))
    return fail('INVALID_ID', 'shiftId must be a UUID', 'shiftId');
  if (input.customerId != null && !isUuid(input.customerId)) {
    return fail('INVALID_ID', 'customerId must be a UUID', 'customerId');
  }
  if (input.lines.length === 0) return fail('EMPTY_SALE', 'A sale needs at least one line', 'lines');

  const lines: SaleLineContent[] = [];
  for (const [index, line] of input.lines.entries()) {
    const at = ['lines', String(index)];
    if (!isUuid(line.productId)) return fail('INVALID_ID', 'productId must be a UUID', ...at, 'productId');
    if (line.quantity <= 0n)
      return fail('INVALID_QUANTITY', 'Quantity must be more than zero', ...at, 'quantity');
    if (line.unitPrice < 0n)
      return fail('INVALID_AMOUNT', 'Unit price must not be negative', ...at, 'unitPrice');
    const discount = line.discount ?? 0n;
    if (discount < 0n) return fail('INVALID_AMOUNT', 'Discount must not be negative', ...at, 'discount');
    const gross = moneyTimesQuantity(line.unitPrice, line.quantity);
    if (gross > MAX_MONEY) return fail('INVALID_AMOUNT', 'Line amount is too large', ...at, 'quantity');
    if (discount > gross) {
      return fail('INVALID_AMOUNT', 'Discount must not exceed quantity × unit price', ...at, 'discount');
    }
    const vatRate = line.vatRate ?? DEFAULT_VAT_RATE;
    if (!Number.isInteger(vatRate) || vatRate < 0 || vatRate > 100) {
      return fail('INVALID_VAT_RATE', 'VAT rate must be a whole percent from 0 to 100', ...at, 'vatRate');
    }
    const total = gross - discount;
    lines.push({
      lineNo: index + 1,
      productId: line.productId.toLowerCase(),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount,
      total,
      vatRate,
      vatAmount: includedVat(total, vatRate),
    });
  }

  if (input.total < 0n) return fail('INVALID_AMOUNT', 'Total must not be negative', 'total');
  for (const [index, payment] of input.payments.entries()) {
    if (payment.amount < 0n) {
      return fail(
        'INVALID_AMOUNT',
        'Payment amount must not be negative',
        'payments',
        String(index),
        'amount',
      );
    }
  }

  const linesTotal = lines.reduce((sum, line) => sum + line.total, 0n);
  if (linesTotal !== input.total) {
    return fail(
      'TOTAL_MISMATCH',
      `Total ${formatMoney(input.total)} is not the sum of the line amounts ${formatMoney(linesTotal)}`,
      'total',
    );
  }

  if (input.payments.length === 0)
    return fail('PAYMENT_MISMATCH', 'A sale needs at least one payment', 'payments');
  const payments: SalePaymentContent[] = [];
  for (const [index, payment] of input.payments.entries()) {
    if (payment.amount === 0n) {
      return fail(
        'PAYMENT_MISMATCH',
        'Payment amount must be more than zero',
        'payments',
        String(index),
        'amount',
      );
    }
    payments.push({ lineNo: index + 1, method: payment.method, amount: payment.amount });
  }
  const paid = payments.reduce((sum, p) => sum + p.amount, 0n);
  if (paid !== input.total) {
    return fail(
      'PAYMENT_MISMATCH',
      `Payments ${formatMoney(paid)} do not add up to the total ${formatMoney(input.total)}`,
      'payments',
    );
  }

  return {
    ok: true,
    sale: {
      id: input.id.toLowerCase(),
      terminalId: terminalId.toLowerCase(),
      createdAt: input.createdAt,
      shiftId: input.shiftId?.toLowerCase() ?? null,
      customerId: input.customerId?.toLowerCase() ?? null,
      total: input.total,
      vatTotal: lines.reduce((sum, line) => sum + line.vatAmount, 0n),
      lines,
      payments,
    },
  };
}

type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

/** JSON with object keys sorted at every level; arrays keep their order (receipt order matters). */
export function canonicalJson(value: Canonical): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Canonical)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hashed view of a sale: what the POS decided, not what the server derived or recorded. */
export function canonicalSale(sale: SaleContent): Canonical {
  return {
    v: CANONICAL_VERSION,
    id: sale.id,
    terminalId: sale.terminalId,
    createdAt: sale.createdAt.toISOString(),
    shiftId: sale.shiftId,
    customerId: sale.customerId,
    total: formatMoney(sale.total),
    lines: sale.lines.map((line) => ({
      productId: line.productId,
      quantity: formatQuantity(line.quantity),
      unitPrice: formatMoney(line.unitPrice),
      discount: formatMoney(line.discount),
      vatRate: line.vatRate,
    })),
    payments: sale.payments.map((p) => ({ method: p.method, amount: formatMoney(p.amount) })),
  };
}

/** sha256 (hex) of the canonical sale. */
export function contentHash(sale: SaleContent): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalSale(sale)))
    .digest('hex');
}
