/**
 * The checks a refund passes before it touches the database (permission, ids, reason, lines,
 * payments) and its content fingerprint. Each check returns a {@link Refusal} instead of
 * throwing: one refused refund of a `syncSales` batch must not fail the others.
 */
import { formatMoney, formatQuantity, hasPermission, isUuid, type RequestContext } from '@jowi/server-kit';
import type { PaymentInput, RefundInput } from '../__generated__/resolvers-types.ts';
import type { CardBrand, PaymentMethod } from '../entities/sale-payment.entity.ts';
import type { SalesErrorCode } from '../errors/index.ts';
import { fingerprint } from './documents.ts';

export const REFUND_PERMISSION = 'sales:refund';
/** Most characters of a refund reason. */
export const MAX_REFUND_REASON = 200;
const CANONICAL_VERSION = 1;

/** Why a refund is refused: its code, message and the input field at fault (under the refund). */
export interface Refusal {
  refused: SalesErrorCode;
  message: string;
  field: string[];
}

export function refuse(code: SalesErrorCode, message: string, ...field: string[]): Refusal {
  return { refused: code, message, field };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

/** One returned line as asked: which sale line, how much of it. */
export interface CheckedLine {
  saleLineNo: number;
  quantity: bigint;
}

/** One way money goes back to the customer. */
export interface PayBack {
  method: PaymentMethod;
  amount: bigint;
  cardBrand: CardBrand | null;
  reference: string | null;
}

/** A refund that passed the checks that need no database, normalised (lower-case ids, trimmed reason). */
export interface CheckedRefund {
  /** The id as sent (outcomes echo it). */
  sentId: string;
  id: string;
  saleId: string;
  shiftId: string | null;
  /** Device time, or now when the POS sent none. */
  createdAt: Date;
  reason: string | null;
  /** Null for a full refund (everything not yet refunded). */
  lines: CheckedLine[] | null;
  /** Null when the money goes back by the sale's own methods. */
  payments: PayBack[] | null;
  /** Content fingerprint: a resend with the same content is DUPLICATE, a different one CONFLICT. */
  hash: string;
}

/** Runs every check that needs no database, in the order the client should fix them. */
export function checkRefundInput(
  ctx: RequestContext,
  terminalId: string,
  input: RefundInput,
  now: Date,
): CheckedRefund | Refusal {
  if (!hasPermission(ctx.identity.permissions, REFUND_PERMISSION))
    return refuse('FORBIDDEN', `Missing permission ${REFUND_PERMISSION}`);
  const ids = checkIds(input);
  if (ids) return ids;
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REFUND_REASON) {
    return refuse('INVALID_TEXT', `Reason must be at most ${MAX_REFUND_REASON} characters`, 'reason');
  }
  const lines = checkLines(input.lines);
  if (isRefusal(lines)) return lines;
  const payments = checkPayments(input.payments);
  if (isRefusal(payments)) return payments;
  const refund = {
    sentId: input.id,
    id: input.id.toLowerCase(),
    saleId: input.saleId.toLowerCase(),
    shiftId: input.shiftId?.toLowerCase() ?? null,
    createdAt: input.createdAt ?? now,
    reason,
    lines,
    payments,
  };
  return { ...refund, hash: refundFingerprint(refund, terminalId, input.createdAt ?? null) };
}

function checkIds(input: RefundInput): Refusal | null {
  if (!isUuid(input.id)) return refuse('INVALID_ID', 'Refund id must be a UUID', 'id');
  if (!isUuid(input.saleId)) return refuse('INVALID_ID', 'saleId must be a UUID', 'saleId');
  if (input.shiftId != null && !isUuid(input.shiftId))
    return refuse('INVALID_ID', 'shiftId must be a UUID', 'shiftId');
  if (input.createdAt != null && Number.isNaN(input.createdAt.getTime())) {
    return refuse('INVALID_ID', 'createdAt must be a valid time', 'createdAt');
  }
  return null;
}

/** Each sale line at most once, each quantity positive; `null` (omitted) means a full refund. */
function checkLines(lines: RefundInput['lines']): CheckedLine[] | null | Refusal {
  if (lines == null) return null;
  if (lines.length === 0)
    return refuse('INVALID_LINE', 'Omit lines for a full refund; do not send none', 'lines');
  const checked: CheckedLine[] = [];
  const seen = new Set<number>();
  for (const [index, line] of lines.entries()) {
    if (!Number.isInteger(line.saleLineNo) || line.saleLineNo < 1 || seen.has(line.saleLineNo)) {
      return refuse(
        'INVALID_LINE',
        'saleLineNo must be a line number of the sale, each at most once',
        'lines',
        String(index),
        'saleLineNo',
      );
    }
    if (line.quantity <= 0n) {
      return refuse(
        'INVALID_QUANTITY',
        'Quantity must be more than zero',
        'lines',
        String(index),
        'quantity',
      );
    }
    seen.add(line.saleLineNo);
    checked.push({ saleLineNo: line.saleLineNo, quantity: line.quantity });
  }
  return checked;
}

function checkPayments(payments: RefundInput['payments']): PayBack[] | null | Refusal {
  if (payments == null) return null;
  for (const [index, p] of payments.entries()) {
    const error = paymentError(p);
    if (error) return refuse(error.code, error.message, 'payments', String(index), error.field);
  }
  return payments.map((p) => ({
    method: p.method,
    amount: p.amount,
    cardBrand: p.cardBrand ?? null,
    reference: p.reference ?? null,
  }));
}

function paymentError(p: PaymentInput): { code: SalesErrorCode; message: string; field: string } | null {
  if (p.amount <= 0n)
    return { code: 'PAYMENT_MISMATCH', message: 'Payment amount must be more than zero', field: 'amount' };
  if (p.tendered != null) {
    return { code: 'INVALID_PAYMENT', message: 'A refund payment has no tendered cash', field: 'tendered' };
  }
  if (p.cardBrand != null && p.method !== 'CARD') {
    return { code: 'INVALID_PAYMENT', message: 'cardBrand is only for CARD payments', field: 'cardBrand' };
  }
  if (p.reference != null && p.reference.length > 100) {
    return {
      code: 'INVALID_PAYMENT',
      message: 'reference must be at most 100 characters',
      field: 'reference',
    };
  }
  return null;
}

/**
 * The fingerprint covers what the sender sent (`sentCreatedAt`, not the server's fallback time),
 * so a resend is recognised whenever it arrives.
 */
function refundFingerprint(
  refund: Omit<CheckedRefund, 'hash'>,
  terminalId: string,
  sentCreatedAt: Date | null,
): string {
  return fingerprint({
    v: CANONICAL_VERSION,
    id: refund.id,
    saleId: refund.saleId,
    terminalId,
    createdAt: sentCreatedAt != null ? sentCreatedAt.toISOString() : null,
    lines:
      refund.lines?.map((l) => ({ saleLineNo: l.saleLineNo, quantity: formatQuantity(l.quantity) })) ?? null,
    payments:
      refund.payments?.map((p) => ({
        method: p.method,
        amount: formatMoney(p.amount),
        cardBrand: p.cardBrand,
        reference: p.reference,
      })) ?? null,
    shiftId: refund.shiftId,
    reason: refund.reason,
  });
}
