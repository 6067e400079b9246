/**
 * One receipt, computed once.
 *
 * {@link computeReceipt} takes what a cart or a `SaleInput` holds — lines (quantity, unit price
 * with modifiers, line discount, VAT rate), a receipt discount and payments — and returns every
 * figure derived from them. The POS prices its cart with it and the sales service validates a
 * synced sale with it, so both compute byte-identical totals by construction:
 *
 * - line gross = round_half_up(quantity × unit price); line base = gross − line discount;
 *   subtotal = Σ base;
 * - the receipt discount (≤ subtotal) is spread over the bases by largest remainder;
 *   line net = base − share; total = subtotal − discount = Σ net;
 * - line VAT = round_half_up(net × rate / (100 + rate)); VAT total = Σ line VAT;
 * - a cash payment's change = tendered − amount; paid = Σ amounts; due = total − paid.
 *
 * A receipt that cannot exist (a quantity of zero, a discount above its line, tendered cash below
 * the amount …) is a {@link ReceiptProblem} with a stable code and the path of the offending
 * field, found in a fixed order: lines one by one, the receipt discount, payments one by one, the
 * receipt discount against the subtotal.
 */
import { DEFAULT_VAT_RATE, includedVat, moneyTimesQuantity, spreadDiscount } from './arithmetic.ts';
import { formatMoney, MAX_MONEY, sumMoney } from './decimal.ts';
import { isVatRateOn } from './vat.ts';

/** One line as a cart or a sale input holds it. Money in tiyin, quantity in thousandths. */
export interface ReceiptLineInput {
  /** Quantity in thousandths (1 pcs = 1000n, 0.25 kg = 250n), more than zero. */
  quantity: bigint;
  /** Unit price in tiyin, VAT and modifier deltas included ({@link unitPriceWithModifiers}). */
  unitPrice: bigint;
  /** The line's own discount in tiyin, at most its gross. */
  discount?: bigint | null;
  /**
   * VAT rate in whole percent included in the price: 12 or 0, or the legacy 15 on a receipt dated
   * before 2023 (`vat.ts`); {@link DEFAULT_VAT_RATE} when absent.
   */
  vatRate?: number | null;
}

/** One payment. `method` is the `PaymentMethod` name; only `CASH` may carry `tendered`. */
export interface ReceiptPaymentInput {
  method: string;
  /** Amount applied to the sale, in tiyin. */
  amount: bigint;
  /** Cash handed over (CASH only), at least `amount`. */
  tendered?: bigint | null;
}

/** What {@link computeReceipt} takes. */
export interface ReceiptInput {
  lines: readonly ReceiptLineInput[];
  /** Receipt-level discount in tiyin, at most the subtotal. */
  discount?: bigint | null;
  payments?: readonly ReceiptPaymentInput[];
  /** When the receipt was made (which VAT rates were in force); now when absent. */
  at?: Date | null;
}

/** A line with every derived figure. */
export interface ReceiptLine {
  quantity: bigint;
  unitPrice: bigint;
  vatRate: number;
  /** round_half_up(quantity × unit price). */
  gross: bigint;
  /** The line's own discount. */
  discount: bigint;
  /** gross − discount: the line's weight when the receipt discount is spread. */
  base: bigint;
  /** This line's share of the receipt discount. */
  receiptDiscount: bigint;
  /** base − receiptDiscount: what the customer pays for the line (`SaleLine.total`). */
  net: bigint;
  /** VAT contained in `net`. */
  vat: bigint;
}

/** A payment with its change. */
export interface ReceiptPayment {
  method: string;
  amount: bigint;
  tendered: bigint | null;
  /** tendered − amount (a cash payment with tendered cash only). */
  change: bigint | null;
}

/** Every figure of a receipt. Money in tiyin. */
export interface Receipt {
  lines: ReceiptLine[];
  /** Σ line base. */
  subtotal: bigint;
  /** The receipt discount. */
  discount: bigint;
  /** subtotal − discount = Σ line net. */
  total: bigint;
  /** Σ line VAT. */
  vatTotal: bigint;
  payments: ReceiptPayment[];
  /** Σ payment amounts. */
  paid: bigint;
  /** Σ change. */
  change: bigint;
  /** total − paid: still to pay (negative when the payments exceed the total). */
  due: bigint;
}

/** Stable codes of the problems a receipt can have (the sales SDL documents them). */
export type ReceiptProblemCode =
  | 'INVALID_QUANTITY'
  | 'INVALID_AMOUNT'
  | 'INVALID_VAT_RATE'
  | 'INVALID_PAYMENT'
  | 'PAYMENT_MISMATCH';

/** Why a receipt cannot exist, with the path of the field relative to the input. */
export interface ReceiptProblem {
  code: ReceiptProblemCode;
  message: string;
  /** e.g. `['lines', '2', 'discount']`, `['payments', '0', 'tendered']`, `['discount']`. */
  path: string[];
}

/** Result of {@link computeReceipt}. */
export type ReceiptResult = { ok: true; receipt: Receipt } | { ok: false; problem: ReceiptProblem };

type PricedLine = Omit<ReceiptLine, 'receiptDiscount' | 'net' | 'vat'>;

const problem = (code: ReceiptProblemCode, message: string, ...path: string[]): ReceiptProblem => ({
  code,
  message,
  path,
});

/** Checks one line's amounts and prices it up to its base; a problem if it cannot exist. */
function priceLine(line: ReceiptLineInput, index: number, when: Date): PricedLine | ReceiptProblem {
  const at = ['lines', String(index)];
  if (line.quantity <= 0n)
    return problem('INVALID_QUANTITY', 'Quantity must be more than zero', ...at, 'quantity');
  if (line.unitPrice < 0n)
    return problem('INVALID_AMOUNT', 'Unit price must not be negative', ...at, 'unitPrice');
  const discount = line.discount ?? 0n;
  if (discount < 0n) return problem('INVALID_AMOUNT', 'Discount must not be negative', ...at, 'discount');
  const gross = moneyTimesQuantity(line.unitPrice, line.quantity);
  if (gross > MAX_MONEY) return problem('INVALID_AMOUNT', 'Line amount is too large', ...at, 'quantity');
  if (discount > gross) {
    return problem('INVALID_AMOUNT', 'Discount must not exceed quantity × unit price', ...at, 'discount');
  }
  const vatRate = line.vatRate ?? DEFAULT_VAT_RATE;
  if (!isVatRateOn(vatRate, when)) {
    return problem(
      'INVALID_VAT_RATE',
      'VAT rate must be 12 (standard) or 0 (exempt); 15 only on a receipt dated before 2023',
      ...at,
      'vatRate',
    );
  }
  return {
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    vatRate,
    gross,
    discount,
    base: gross - discount,
  };
}

/** Checks one payment's amounts and works out its change. */
function settlePayment(payment: ReceiptPaymentInput, index: number): ReceiptPayment | ReceiptProblem {
  const at = ['payments', String(index)];
  if (payment.amount < 0n)
    return problem('INVALID_AMOUNT', 'Payment amount must not be negative', ...at, 'amount');
  const tendered = payment.tendered ?? null;
  if (tendered != null && payment.method !== 'CASH') {
    return problem('INVALID_PAYMENT', 'Only a cash payment has tendered cash', ...at, 'tendered');
  }
  if (tendered != null && (tendered < payment.amount || tendered > MAX_MONEY)) {
    return problem('INVALID_AMOUNT', 'Tendered cash must be at least the amount', ...at, 'tendered');
  }
  return {
    method: payment.method,
    amount: payment.amount,
    tendered,
    change: tendered == null ? null : tendered - payment.amount,
  };
}

const isProblem = (value: object): value is ReceiptProblem => 'code' in value && 'path' in value;

/**
 * Computes every figure of a receipt (see the file header for the rules), or the first problem
 * found in the fixed order: lines, receipt discount sign, payments, receipt discount bound.
 */
export function computeReceipt(input: ReceiptInput): ReceiptResult {
  const priced: PricedLine[] = [];
  const when = input.at ?? new Date();
  for (const [index, line] of input.lines.entries()) {
    const result = priceLine(line, index, when);
    if (isProblem(result)) return { ok: false, problem: result };
    priced.push(result);
  }
  const discount = input.discount ?? 0n;
  if (discount < 0n)
    return { ok: false, problem: problem('INVALID_AMOUNT', 'Discount must not be negative', 'discount') };

  const payments: ReceiptPayment[] = [];
  for (const [index, payment] of (input.payments ?? []).entries()) {
    const result = settlePayment(payment, index);
    if (isProblem(result)) return { ok: false, problem: result };
    payments.push(result);
  }

  const subtotal = sumMoney(priced.map((line) => line.base));
  if (discount > subtotal) {
    return {
      ok: false,
      problem: problem(
        'INVALID_AMOUNT',
        `Discount ${formatMoney(discount)} is more than the lines ${formatMoney(subtotal)}`,
        'discount',
      ),
    };
  }
  const shares = spreadDiscount(
    discount,
    priced.map((line) => line.base),
  );
  const lines = priced.map((line, index): ReceiptLine => {
    const net = line.base - shares[index]!;
    return { ...line, receiptDiscount: shares[index]!, net, vat: includedVat(net, line.vatRate) };
  });
  const total = subtotal - discount;
  const paid = sumMoney(payments.map((p) => p.amount));
  return {
    ok: true,
    receipt: {
      lines,
      subtotal,
      discount,
      total,
      vatTotal: sumMoney(lines.map((line) => line.vat)),
      payments,
      paid,
      change: sumMoney(payments.map((p) => p.change ?? 0n)),
      due: total - paid,
    },
  };
}

/**
 * Whether the payments settle the receipt exactly: at least one payment unless the total is zero,
 * none of zero, and their sum equal to the total. `null` when they do; else a `PAYMENT_MISMATCH`.
 */
export function settlementProblem(receipt: Receipt): ReceiptProblem | null {
  if (receipt.payments.length === 0 && receipt.total !== 0n) {
    return problem('PAYMENT_MISMATCH', 'A sale with a non-zero total needs at least one payment', 'payments');
  }
  const zero = receipt.payments.findIndex((p) => p.amount === 0n);
  if (zero >= 0) {
    return problem(
      'PAYMENT_MISMATCH',
      'Payment amount must be more than zero',
      'payments',
      String(zero),
      'amount',
    );
  }
  if (receipt.paid !== receipt.total) {
    return problem(
      'PAYMENT_MISMATCH',
      `Payments ${formatMoney(receipt.paid)} do not add up to the total ${formatMoney(receipt.total)}`,
      'payments',
    );
  }
  return null;
}
