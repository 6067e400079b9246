/**
 * Sale content: validation, receipt arithmetic, VAT and the canonical content hash.
 *
 * Everything here is pure and works on integers only — money in tiyin and quantities in
 * thousandths, both `bigint` — so a receipt computed on the POS and on the server agree to the
 * tiyin. The one rounding rule (docs/decisions.md, "Receipt arithmetic"):
 *
 * - line gross = round_half_up(quantity × unit price); line base = gross − line discount;
 * - the receipt discount is spread over the lines in proportion to their base, each share
 *   floored, and the tiyin left over go one each to the lines with the largest remainders
 *   (ties: lower line number first) — so the shares always add up to the receipt discount;
 * - line net (`total`) = base − share; line VAT = round_half_up(net × rate / (100 + rate));
 * - sale subtotal = Σ base, total = subtotal − discount, VAT = Σ line VAT.
 *
 * The content hash is what tells a harmless resend (`DUPLICATE`) from a different sale reusing
 * an id (`CONFLICT`): sha256 over a canonical JSON (sorted keys, amounts as canonical decimal
 * strings, defaults filled in, text trimmed), so key order, `"5"` vs `"5.00"` or an omitted zero
 * discount never make two equal sales look different. It covers what the POS decided, not what
 * the server derived (store, business day, shift assignment, flags).
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
import type { SaleLineModifier } from '../entities/sale-line.entity.ts';
import type { CardBrand, PaymentMethod } from '../entities/sale-payment.entity.ts';

/** What a fiscal module answered for the receipt (ARCHITECTURE §7, local mode). */
export interface SaleFiscal {
  terminalId: string;
  receiptSeq: number;
  dateTime: string;
  fiscalSign: string;
}

const FM_TERMINAL_ID = /^[A-Z]{2}\d{12}$/;
const FM_DATE_TIME = /^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const FM_FISCAL_SIGN = /^\d{12}$/;

/** VAT rate applied when the POS does not send one (standard rate in Uzbekistan). */
export const DEFAULT_VAT_RATE = 12;
/** Largest amount a Money can carry: 15 whole digits and 2 decimals. */
export const MAX_MONEY = 10n ** 17n - 1n;
/** Longest product name snapshot kept on a line. */
export const MAX_NAME = 200;
/** Longest modifier name. */
export const MAX_MODIFIER_NAME = 100;
/** Longest payment reference. */
export const MAX_REFERENCE = 100;
/** Longest catalog version (a `catalogChanges` cursor). */
export const MAX_CATALOG_VERSION = 200;
/** IKPU (MXIK) classification codes are 17 digits. */
const IKPU = /^\d{17}$/;
/** Bump when the canonical form changes (nothing released yet: old hashes need not compare). */
const CANONICAL_VERSION = 2;

/** A validated line with everything derived from it. */
export interface SaleLineContent {
  lineNo: number;
  productId: string;
  quantity: bigint;
  unitPrice: bigint;
  /** The line's own discount. */
  discount: bigint;
  /** This line's share of the receipt discount. */
  receiptDiscount: bigint;
  /** Net amount: round_half_up(quantity × unit price) − discount − receiptDiscount. */
  total: bigint;
  vatRate: number;
  vatAmount: bigint;
  /** Trimmed name snapshot, null when not sent (or blank). */
  name: string | null;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE' | null;
  modifiers: SaleLineModifier[];
}

/** A validated payment. */
export interface SalePaymentContent {
  lineNo: number;
  method: PaymentMethod;
  amount: bigint;
  /** Cash handed over (CASH only). */
  tendered: bigint | null;
  /** tendered − amount (CASH with tendered only). */
  change: bigint | null;
  cardBrand: CardBrand | null;
  reference: string | null;
}

/** A validated sale, ids lower-cased, ready to store. */
export interface SaleContent {
  id: string;
  terminalId: string;
  createdAt: Date;
  shiftId: string | null;
  customerId: string | null;
  /** As sent; the stored cashier falls back to the signed-in staff member. */
  cashierId: string | null;
  receiptNumber: number | null;
  catalogVersion: string | null;
  /** Requisites from the POS's local fiscal module (local mode), carried to fiscal in `sale.created`. */
  fiscal: SaleFiscal | null;
  /** Σ line (gross − line discount). */
  subtotal: bigint;
  /** Receipt-level discount. */
  discount: bigint;
  /** subtotal − discount. */
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
 * Spreads `discount` over lines in proportion to `bases` (largest-remainder method): each share
 * is floor(discount × base / Σ bases); the tiyin left over go one each to the lines with the
 * largest remainders, ties to the lower line number. Σ shares = discount exactly.
 * Requires 0 ≤ discount ≤ Σ bases and every base ≥ 0.
 */
export function spreadDiscount(discount: bigint, bases: bigint[]): bigint[] {
  const sum = bases.reduce((a, b) => a + b, 0n);
  if (discount < 0n || discount > sum) throw new RangeError('discount must be within 0 and the sum of bases');
  if (discount === 0n) return bases.map(() => 0n);
  const shares = bases.map((base) => (discount * base) / sum);
  let left = discount - shares.reduce((a, b) => a + b, 0n);
  const byRemainder = bases
    .map((base, index) => ({ index, remainder: (discount * base) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  // left < number of lines: each floor loses less than one tiyin.
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares;
}

/** Trims a text snapshot; blank becomes null. */
function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Validates one sale of a batch. `path` is the input path of the sale (e.g. `['input','sales','3']`),
 * used for the error's `field`. Checks run in a fixed order so a sale always gets the same code:
 * ids → sale header (receipt number, catalog version) → lines one by one (id, quantity, prices,
 * discount, VAT rate, name, IKPU, modifiers) → receipt discount and total not negative →
 * payments one by one (amount, tendered, card brand, reference) → receipt discount within the
 * lines → total → payments cover the total.
 */
export function validateSale(input: SaleInput, terminalId: string, path: string[]): ValidationResult {
  const fail = (code: string, message: string, ...field: string[]): ValidationResult => ({
    ok: false,
    error: userError(code, message, [...path, ...field]),
  });

  if (!isUuid(input.id)) return fail('INVALID_ID', 'Sale id must be a UUID', 'id');
  for (const key of ['shiftId', 'customerId', 'cashierId'] as const) {
    const value = input[key];
    if (value != null && !isUuid(value)) return fail('INVALID_ID', `${key} must be a UUID`, key);
  }
  const receiptNumber = input.receiptNumber ?? null;
  if (receiptNumber != null && receiptNumber < 0) {
    return fail('INVALID_AMOUNT', 'Receipt number must not be negative', 'receiptNumber');
  }
  const catalogVersion = text(input.catalogVersion);
  if (catalogVersion != null && catalogVersion.length > MAX_CATALOG_VERSION) {
    return fail(
      'INVALID_TEXT',
      `Catalog version must be at most ${MAX_CATALOG_VERSION} characters`,
      'catalogVersion',
    );
  }
  const fiscal = input.fiscal ?? null;
  if (fiscal) {
    if (!FM_TERMINAL_ID.test(fiscal.terminalId))
      return fail(
        'INVALID_FISCAL',
        'Fiscal terminalId must be two capital letters and 12 digits',
        'fiscal',
        'terminalId',
      );
    if (!Number.isInteger(fiscal.receiptSeq) || fiscal.receiptSeq < 1)
      return fail('INVALID_FISCAL', 'Fiscal receiptSeq must be 1 or more', 'fiscal', 'receiptSeq');
    if (!FM_DATE_TIME.test(fiscal.dateTime))
      return fail('INVALID_FISCAL', 'Fiscal dateTime must be yyyyMMddHHmmss', 'fiscal', 'dateTime');
    if (!FM_FISCAL_SIGN.test(fiscal.fiscalSign))
      return fail('INVALID_FISCAL', 'Fiscal sign must be 12 digits', 'fiscal', 'fiscalSign');
  }
  if (input.lines.length === 0) return fail('EMPTY_SALE', 'A sale needs at least one line', 'lines');

  type Draft = Omit<SaleLineContent, 'receiptDiscount' | 'total' | 'vatAmount'> & { base: bigint };
  const drafts: Draft[] = [];
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
    const name = text(line.name);
    if (name != null && name.length > MAX_NAME) {
      return fail('INVALID_TEXT', `Name must be at most ${MAX_NAME} characters`, ...at, 'name');
    }
    const ikpu = text(line.ikpu);
    if (ikpu != null && !IKPU.test(ikpu))
      return fail('INVALID_TEXT', 'IKPU must be 17 digits', ...at, 'ikpu');
    const packageCode = text(line.packageCode);
    if (packageCode != null && !/^[0-9]{1,20}$/.test(packageCode)) {
      return fail('INVALID_TEXT', 'Package code must be 1 to 20 digits', ...at, 'packageCode');
    }
    const modifiers: SaleLineModifier[] = [];
    for (const [m, modifier] of (line.modifiers ?? []).entries()) {
      const mat = [...at, 'modifiers', String(m)];
      if (!isUuid(modifier.modifierId))
        return fail('INVALID_ID', 'modifierId must be a UUID', ...mat, 'modifierId');
      const modifierName = modifier.name.trim();
      if (modifierName.length === 0 || modifierName.length > MAX_MODIFIER_NAME) {
        return fail(
          'INVALID_TEXT',
          `Modifier name must be 1 to ${MAX_MODIFIER_NAME} characters`,
          ...mat,
          'name',
        );
      }
      if (modifier.priceDelta < 0n || modifier.priceDelta > MAX_MONEY) {
        return fail('INVALID_AMOUNT', 'Modifier price must not be negative', ...mat, 'priceDelta');
      }
      modifiers.push({
        modifierId: modifier.modifierId.toLowerCase(),
        name: modifierName,
        priceDelta: formatMoney(modifier.priceDelta),
      });
    }
    drafts.push({
      lineNo: index + 1,
      productId: line.productId.toLowerCase(),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount,
      vatRate,
      name,
      ikpu,
      packageCode,
      ownerType: line.ownerType ?? null,
      modifiers,
      base: gross - discount,
    });
  }

  const receiptDiscount = input.discount ?? 0n;
  if (receiptDiscount < 0n) return fail('INVALID_AMOUNT', 'Discount must not be negative', 'discount');
  if (input.total < 0n) return fail('INVALID_AMOUNT', 'Total must not be negative', 'total');

  const payments: SalePaymentContent[] = [];
  for (const [index, payment] of input.payments.entries()) {
    const at = ['payments', String(index)];
    if (payment.amount < 0n)
      return fail('INVALID_AMOUNT', 'Payment amount must not be negative', ...at, 'amount');
    const tendered = payment.tendered ?? null;
    if (tendered != null && payment.method !== 'CASH') {
      return fail('INVALID_PAYMENT', 'Only a cash payment has tendered cash', ...at, 'tendered');
    }
    if (tendered != null && (tendered < payment.amount || tendered > MAX_MONEY)) {
      return fail('INVALID_AMOUNT', 'Tendered cash must be at least the amount', ...at, 'tendered');
    }
    const cardBrand = payment.cardBrand ?? null;
    if (cardBrand != null && payment.method !== 'CARD') {
      return fail('INVALID_PAYMENT', 'Only a card payment has a card brand', ...at, 'cardBrand');
    }
    const reference = text(payment.reference);
    if (reference != null && reference.length > MAX_REFERENCE) {
      return fail(
        'INVALID_PAYMENT',
        `Reference must be at most ${MAX_REFERENCE} characters`,
        ...at,
        'reference',
      );
    }
    payments.push({
      lineNo: index + 1,
      method: payment.method,
      amount: payment.amount,
      tendered,
      change: tendered == null ? null : tendered - payment.amount,
      cardBrand,
      reference,
    });
  }

  const subtotal = drafts.reduce((sum, line) => sum + line.base, 0n);
  if (receiptDiscount > subtotal) {
    return fail(
      'INVALID_AMOUNT',
      `Discount ${formatMoney(receiptDiscount)} is more than the lines ${formatMoney(subtotal)}`,
      'discount',
    );
  }
  const total = subtotal - receiptDiscount;
  if (total !== input.total) {
    return fail(
      'TOTAL_MISMATCH',
      `Total ${formatMoney(input.total)} is not the line amounts ${formatMoney(subtotal)} less the discount ${formatMoney(receiptDiscount)}`,
      'total',
    );
  }

  if (payments.length === 0 && total !== 0n)
    return fail('PAYMENT_MISMATCH', 'A sale with a non-zero total needs at least one payment', 'payments');
  for (const payment of payments) {
    if (payment.amount === 0n) {
      return fail(
        'PAYMENT_MISMATCH',
        'Payment amount must be more than zero',
        'payments',
        String(payment.lineNo - 1),
        'amount',
      );
    }
  }
  const paid = payments.reduce((sum, p) => sum + p.amount, 0n);
  if (paid !== total) {
    return fail(
      'PAYMENT_MISMATCH',
      `Payments ${formatMoney(paid)} do not add up to the total ${formatMoney(total)}`,
      'payments',
    );
  }

  const shares = spreadDiscount(
    receiptDiscount,
    drafts.map((d) => d.base),
  );
  const lines: SaleLineContent[] = drafts.map(({ base, ...line }, index) => {
    const net = base - shares[index]!;
    return {
      ...line,
      receiptDiscount: shares[index]!,
      total: net,
      vatAmount: includedVat(net, line.vatRate),
    };
  });

  return {
    ok: true,
    sale: {
      id: input.id.toLowerCase(),
      terminalId: terminalId.toLowerCase(),
      createdAt: input.createdAt,
      shiftId: input.shiftId?.toLowerCase() ?? null,
      customerId: input.customerId?.toLowerCase() ?? null,
      cashierId: input.cashierId?.toLowerCase() ?? null,
      receiptNumber,
      catalogVersion,
      fiscal: fiscal
        ? {
            terminalId: fiscal.terminalId,
            receiptSeq: fiscal.receiptSeq,
            dateTime: fiscal.dateTime,
            fiscalSign: fiscal.fiscalSign,
          }
        : null,
      subtotal,
      discount: receiptDiscount,
      total,
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
  const money = (v: bigint | null) => (v == null ? null : formatMoney(v));
  return {
    v: CANONICAL_VERSION,
    id: sale.id,
    terminalId: sale.terminalId,
    createdAt: sale.createdAt.toISOString(),
    shiftId: sale.shiftId,
    customerId: sale.customerId,
    cashierId: sale.cashierId,
    receiptNumber: sale.receiptNumber,
    catalogVersion: sale.catalogVersion,
    // Added after v2: only when sent, so hashes of sales without it are unchanged.
    ...(sale.fiscal ? { fiscal: { ...sale.fiscal } } : {}),
    discount: formatMoney(sale.discount),
    total: formatMoney(sale.total),
    lines: sale.lines.map((line) => ({
      productId: line.productId,
      quantity: formatQuantity(line.quantity),
      unitPrice: formatMoney(line.unitPrice),
      discount: formatMoney(line.discount),
      vatRate: line.vatRate,
      name: line.name,
      ikpu: line.ikpu,
      // Added after v2: only when sent, so hashes of sales without them are unchanged.
      ...(line.packageCode != null ? { packageCode: line.packageCode } : {}),
      ...(line.ownerType != null ? { ownerType: line.ownerType } : {}),
      modifiers: line.modifiers.map((m) => ({
        modifierId: m.modifierId,
        name: m.name,
        priceDelta: m.priceDelta,
      })),
    })),
    payments: sale.payments.map((p) => ({
      method: p.method,
      amount: formatMoney(p.amount),
      tendered: money(p.tendered),
      cardBrand: p.cardBrand,
      reference: p.reference,
    })),
  };
}

/** sha256 (hex) of the canonical sale. */
export function contentHash(sale: SaleContent): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalSale(sale)))
    .digest('hex');
}
