/**
 * Sale content: validation of a synced sale and the canonical content hash.
 *
 * The receipt arithmetic — line gross, discounts spread by largest remainder, VAT per line, line
 * nets, totals, change — is `computeReceipt` of `@jowi/receipt`, the function the POS prices its
 * cart with, so a receipt computed on the POS and on the server agree to the tiyin by
 * construction (docs/decisions.md, "Receipt arithmetic"). The fiscal snapshots (IKPU, package
 * code) and requisites are checked with the package's fiscal field rules and codes. The server
 * recomputes everything and rejects rather than corrects.
 *
 * The content hash is what tells a harmless resend (`DUPLICATE`) from a different sale reusing
 * an id (`CONFLICT`): sha256 over a canonical JSON (sorted keys, amounts as canonical decimal
 * strings, defaults filled in, text trimmed), so key order, `"5"` vs `"5.00"` or an omitted zero
 * discount never make two equal sales look different. It covers what the POS decided, not what
 * the server derived (store, business day, shift assignment, flags).
 */
import { createHash } from 'node:crypto';
import {
  checkFiscalField,
  checkFiscalRequisites,
  computeReceipt,
  type FiscalRequisites,
  formatMoney,
  formatQuantity,
  MAX_MONEY,
  type Receipt,
  settlementProblem,
} from '@jowi/receipt';
import { isUuid } from '@jowi/server-kit';
import type { PaymentInput, SaleInput, SaleLineInput } from '../__generated__/resolvers-types.ts';
import type { SaleLineModifier } from '../entities/sale-line.entity.ts';
import type { CardBrand, PaymentMethod } from '../entities/sale-payment.entity.ts';
import { type SalesErrorCode, type SalesUserError, userError } from '../errors/index.ts';

/** What a fiscal module answered for the receipt (ARCHITECTURE §7, local mode). */
export type SaleFiscal = FiscalRequisites;

/** Longest product name snapshot kept on a line. */
export const MAX_NAME = 200;
/** Longest modifier name. */
export const MAX_MODIFIER_NAME = 100;
/** Longest payment reference. */
export const MAX_REFERENCE = 100;
/** Longest catalog version (a `catalogChanges` cursor). */
export const MAX_CATALOG_VERSION = 200;
/** Most marking codes on one line (the fiscal module's limit). */
export const MAX_MARKING_CODES = 300;
/** A marking code: the DataMatrix's product code and serial, no crypto tail (fiscal `Label`). */
const MARKING_CODE = /^[\x21-\x7e]{1,63}$/;
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
  /** One per unit sold, as scanned (empty for unmarked goods). */
  markingCodes: string[];
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

export type ValidationResult = { ok: true; sale: SaleContent } | { ok: false; error: SalesUserError };

/** A rule a sale breaks: a stable code, a message, and the field path relative to the sale. */
interface Problem {
  code: SalesErrorCode;
  message: string;
  field: string[];
}

const problem = (code: SalesErrorCode, message: string, ...field: string[]): Problem => ({
  code,
  message,
  field,
});

/** Trims a text snapshot; blank becomes null. */
function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The first problem `check` finds among `items`, in order. */
function firstProblem<T>(
  items: readonly T[],
  check: (item: T, index: number) => Problem | null,
): Problem | null {
  for (const [index, item] of items.entries()) {
    const found = check(item, index);
    if (found) return found;
  }
  return null;
}

/** The sale's own ids and the ids it points at are UUIDs. */
function idProblem(input: SaleInput): Problem | null {
  if (!isUuid(input.id)) return problem('INVALID_ID', 'Sale id must be a UUID', 'id');
  for (const key of ['shiftId', 'customerId', 'cashierId'] as const) {
    const value = input[key];
    if (value != null && !isUuid(value)) return problem('INVALID_ID', `${key} must be a UUID`, key);
  }
  return null;
}

/** Receipt number, catalog version and fiscal requisites (each by its fiscal rule and code). */
function headerProblem(input: SaleInput): Problem | null {
  if (input.receiptNumber != null && input.receiptNumber < 0) {
    return problem('INVALID_AMOUNT', 'Receipt number must not be negative', 'receiptNumber');
  }
  const catalogVersion = text(input.catalogVersion);
  if (catalogVersion != null && catalogVersion.length > MAX_CATALOG_VERSION) {
    return problem(
      'INVALID_TEXT',
      `Catalog version must be at most ${MAX_CATALOG_VERSION} characters`,
      'catalogVersion',
    );
  }
  const [fiscal] = input.fiscal ? checkFiscalRequisites(input.fiscal) : [];
  return fiscal ? problem(fiscal.code, fiscal.message, 'fiscal', fiscal.field) : null;
}

/** A line's ids, text snapshots, IKPU and package code (fiscal rules) and modifiers; not its amounts. */
function lineShapeProblem(line: SaleLineInput, index: number): Problem | null {
  const at = ['lines', String(index)];
  if (!isUuid(line.productId)) return problem('INVALID_ID', 'productId must be a UUID', ...at, 'productId');
  const name = text(line.name);
  if (name != null && name.length > MAX_NAME) {
    return problem('INVALID_TEXT', `Name must be at most ${MAX_NAME} characters`, ...at, 'name');
  }
  for (const field of ['ikpu', 'packageCode'] as const) {
    const value = text(line[field]);
    const broken = value == null ? null : checkFiscalField(field, value);
    if (broken) return problem(broken.code, broken.message, ...at, field);
  }
  return firstProblem(line.modifiers ?? [], (modifier, m) => {
    const mat = [...at, 'modifiers', String(m)];
    if (!isUuid(modifier.modifierId))
      return problem('INVALID_ID', 'modifierId must be a UUID', ...mat, 'modifierId');
    const modifierName = modifier.name.trim();
    if (modifierName.length === 0 || modifierName.length > MAX_MODIFIER_NAME) {
      return problem(
        'INVALID_TEXT',
        `Modifier name must be 1 to ${MAX_MODIFIER_NAME} characters`,
        ...mat,
        'name',
      );
    }
    if (modifier.priceDelta < 0n || modifier.priceDelta > MAX_MONEY) {
      return problem('INVALID_AMOUNT', 'Modifier price must not be negative', ...mat, 'priceDelta');
    }
    return null;
  });
}

/**
 * Marking codes: one per unit (so the quantity is whole and equals their count), each 1–63
 * printable characters, at most {@link MAX_MARKING_CODES} on a line, none repeated in the sale.
 */
function markingProblem(lines: readonly SaleLineInput[]): Problem | null {
  const seen = new Set<string>();
  return firstProblem(lines, (line, index) => {
    const codes = line.markingCodes ?? [];
    if (codes.length === 0) return null;
    const at = ['lines', String(index), 'markingCodes'];
    const units = line.quantity % 1000n === 0n ? line.quantity / 1000n : null;
    if (codes.length > MAX_MARKING_CODES || units !== BigInt(codes.length)) {
      return problem('INVALID_MARKING_CODES', 'A marked line needs exactly one marking code per unit', ...at);
    }
    for (const [c, code] of codes.entries()) {
      if (!MARKING_CODE.test(code)) {
        return problem(
          'INVALID_MARKING_CODES',
          'A marking code is 1–63 printable characters',
          ...at,
          String(c),
        );
      }
      if (seen.has(code)) {
        return problem('INVALID_MARKING_CODES', 'A marking code appears twice in the sale', ...at, String(c));
      }
      seen.add(code);
    }
    return null;
  });
}

/** A payment's card brand and reference (its amounts are the receipt's). */
function paymentShapeProblem(payment: PaymentInput, index: number): Problem | null {
  const at = ['payments', String(index)];
  if (payment.cardBrand != null && payment.method !== 'CARD') {
    return problem('INVALID_PAYMENT', 'Only a card payment has a card brand', ...at, 'cardBrand');
  }
  const reference = text(payment.reference);
  if (reference != null && reference.length > MAX_REFERENCE) {
    return problem(
      'INVALID_PAYMENT',
      `Reference must be at most ${MAX_REFERENCE} characters`,
      ...at,
      'reference',
    );
  }
  return null;
}

/** The claimed total is the computed one, and the payments settle it. */
function settlementOf(input: SaleInput, receipt: Receipt): Problem | null {
  if (input.total < 0n) return problem('INVALID_AMOUNT', 'Total must not be negative', 'total');
  if (receipt.total !== input.total) {
    return problem(
      'TOTAL_MISMATCH',
      `Total ${formatMoney(input.total)} is not the line amounts ${formatMoney(receipt.subtotal)} less the discount ${formatMoney(receipt.discount)}`,
      'total',
    );
  }
  const unsettled = settlementProblem(receipt);
  return unsettled ? problem(unsettled.code, unsettled.message, ...unsettled.path) : null;
}

/**
 * Validates one sale of a batch. `path` is the input path of the sale (e.g. `['input','sales','3']`),
 * used for the error's `field`. Checks run in a fixed order so a sale always gets the same code:
 * ids → sale header (receipt number, catalog version, fiscal requisites) → lines' shape one by
 * one (product id, name, IKPU, package code, modifiers) → amounts (`computeReceipt`: each line's
 * quantity, prices, discount and VAT rate, the receipt discount's sign, each payment's amount and
 * tendered cash, the receipt discount within the lines) → marking codes → payments' shape (card brand, reference)
 * → total → payments settle the total.
 */
export function validateSale(input: SaleInput, terminalId: string, path: string[]): ValidationResult {
  const fail = ({ code, message, field }: Problem): ValidationResult => ({
    ok: false,
    error: userError(code, message, [...path, ...field]),
  });
  const shape =
    idProblem(input) ??
    headerProblem(input) ??
    (input.lines.length === 0 ? problem('EMPTY_SALE', 'A sale needs at least one line', 'lines') : null) ??
    firstProblem(input.lines, lineShapeProblem);
  if (shape) return fail(shape);
  // The sale's own date decides which VAT rates were in force (15 % only before 2023).
  const computed = computeReceipt({ ...input, at: input.createdAt });
  if (!computed.ok) {
    const { code, message, path: field } = computed.problem;
    return fail({ code, message, field });
  }
  const after =
    markingProblem(input.lines) ??
    firstProblem(input.payments, paymentShapeProblem) ??
    settlementOf(input, computed.receipt);
  if (after) return fail(after);
  return { ok: true, sale: toSaleContent(input, terminalId, computed.receipt) };
}

/** The validated sale: the input's own fields, normalised, with the receipt's figures. */
function toSaleContent(input: SaleInput, terminalId: string, receipt: Receipt): SaleContent {
  const fiscal = input.fiscal ?? null;
  return {
    id: input.id.toLowerCase(),
    terminalId: terminalId.toLowerCase(),
    createdAt: input.createdAt,
    shiftId: input.shiftId?.toLowerCase() ?? null,
    customerId: input.customerId?.toLowerCase() ?? null,
    cashierId: input.cashierId?.toLowerCase() ?? null,
    receiptNumber: input.receiptNumber ?? null,
    catalogVersion: text(input.catalogVersion),
    fiscal: fiscal
      ? {
          terminalId: fiscal.terminalId,
          receiptSeq: fiscal.receiptSeq,
          dateTime: fiscal.dateTime,
          fiscalSign: fiscal.fiscalSign,
        }
      : null,
    subtotal: receipt.subtotal,
    discount: receipt.discount,
    total: receipt.total,
    vatTotal: receipt.vatTotal,
    lines: input.lines.map((line, index) => {
      const figures = receipt.lines[index]!;
      return {
        lineNo: index + 1,
        productId: line.productId.toLowerCase(),
        quantity: figures.quantity,
        unitPrice: figures.unitPrice,
        discount: figures.discount,
        receiptDiscount: figures.receiptDiscount,
        total: figures.net,
        vatRate: figures.vatRate,
        vatAmount: figures.vat,
        name: text(line.name),
        ikpu: text(line.ikpu),
        packageCode: text(line.packageCode),
        ownerType: line.ownerType ?? null,
        modifiers: (line.modifiers ?? []).map((modifier) => ({
          modifierId: modifier.modifierId.toLowerCase(),
          name: modifier.name.trim(),
          priceDelta: formatMoney(modifier.priceDelta),
        })),
        markingCodes: [...(line.markingCodes ?? [])],
      };
    }),
    payments: input.payments.map((payment, index) => {
      const figures = receipt.payments[index]!;
      return {
        lineNo: index + 1,
        method: payment.method,
        amount: figures.amount,
        tendered: figures.tendered,
        change: figures.change,
        cardBrand: payment.cardBrand ?? null,
        reference: text(payment.reference),
      };
    }),
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
      // Added after v2: only when sent, so hashes of sales without them are unchanged.
      ...(line.markingCodes.length > 0 ? { markingCodes: [...line.markingCodes] } : {}),
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
