/**
 * Refunds (returns) of some or all of a sale's lines — online through `refundSale`, offline in a
 * `syncSales` batch — through {@link applyRefund}, one transaction per refund, idempotent by the
 * client UUID (same content → DUPLICATE with the stored refund, different → CONFLICT; nothing is
 * ever overwritten).
 *
 * Concurrency: the refund transaction locks the sale row (`SELECT … FOR UPDATE`) before it reads
 * what remains refundable, so two terminals refunding the same line — in any processes — are
 * serialised on that row; the second sees the first's `refunded_quantity`. The CHECK
 * constraints `refunded_quantity <= quantity` and `refunded_total <= total` are the last line of
 * defence.
 *
 * Amounts (the rounding rule of docs/decisions.md "Receipt arithmetic", `refundShare` of
 * `@jowi/receipt`): returning q of a line's Q pays back round_half_up(line total × q / Q) and VAT
 * round_half_up(line VAT × q / Q), never more than is left of the line; the return that completes
 * the line pays exactly what is left, so the refunds of a line always add up to the line total,
 * to the tiyin.
 *
 * Pay-back rule when the POS sends no payments (`splitRefundByPayments` of `@jowi/receipt`): by
 * the sale's own methods, non-cash first (in the sale's payment order, each up to what it paid
 * less what earlier refunds already paid back with it), cash last; anything beyond that (earlier
 * refunds paid back with other methods) goes to cash.
 */
import { type RefundableLine as LineLeft, refundShare, splitRefundByPayments } from '@jowi/receipt';
import {
  appendAudit,
  appendEvent,
  type EntityManager,
  formatMoney,
  formatQuantity,
  hasPermission,
  isUuid,
  parseQuantity,
  type RequestContext,
  requirePermission,
  requireTenant,
  runWrite,
  type ViolationMap,
} from '@jowi/server-kit';
import { z } from 'zod';
import type {
  PaymentInput,
  RefundInput,
  RefundSaleInput,
  SyncStatus,
} from '../__generated__/resolvers-types.ts';
import type { RefundLineRow, RefundRow } from '../entities/refund.entity.ts';
import type { SaleRow } from '../entities/sale.entity.ts';
import type { CardBrand, PaymentMethod, SalePaymentRow } from '../entities/sale-payment.entity.ts';
import { type SalesErrorCode, type SalesUserError, userError } from '../errors/index.ts';
import type { TerminalScope } from './directory.ts';
import { actingStaff, fingerprint, terminalScope } from './documents.ts';
import { SALE_COLUMNS, toSaleRow } from './sale.service.ts';

export const REFUND_PERMISSION = 'sales:refund';
/** Most characters of a refund reason. */
export const MAX_REFUND_REASON = 200;
const CANONICAL_VERSION = 1;

/** Outcome of one refund (one `SyncRefundResult`). */
export interface RefundOutcome {
  /** The refund id as sent. */
  id: string;
  status: SyncStatus;
  /** The stored refund (CREATED, DUPLICATE, CONFLICT). */
  refund: RefundRow | null;
  error: SalesUserError | null;
}

/** Columns of `sales.refund` aliased to {@link RefundRow} fields. */
export const REFUND_COLUMNS = `tenant_id AS "tenantId", id, sale_id AS "saleId", store_id AS "storeId",
  terminal_id AS "terminalId", shift_id AS "shiftId", cashier_id AS "cashierId", reason,
  total::text AS total, vat_total::text AS "vatTotal", content_hash AS "contentHash",
  device_created_at AS "createdAt", to_char(business_date, 'YYYY-MM-DD') AS "businessDate",
  received_at AS "receivedAt"`;

const tiyin = z.string().transform((v) => BigInt(v));

const rawRefundSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  saleId: z.string(),
  storeId: z.string(),
  terminalId: z.string(),
  shiftId: z.string().nullable(),
  cashierId: z.string().nullable(),
  reason: z.string().nullable(),
  total: tiyin,
  vatTotal: tiyin,
  contentHash: z.string(),
  createdAt: z.date(),
  businessDate: z.string(),
  receivedAt: z.date(),
});

/** Parses a raw `sales.refund` row selected with {@link REFUND_COLUMNS}. */
export function toRefundRow(raw: unknown): RefundRow {
  return rawRefundSchema.parse(raw);
}

/** A sale line as the refund sees it, with what earlier refunds took. */
export interface RefundableLine extends LineLeft {
  lineNo: number;
  productId: string;
}

interface PayBack {
  method: PaymentMethod;
  amount: bigint;
  cardBrand: CardBrand | null;
  reference: string | null;
}

/**
 * Splits `total` over the sale's methods: non-cash first in payment order, each up to what it paid
 * less what was already paid back with it; cash last takes the rest.
 */
export function payBackBySale(
  total: bigint,
  salePayments: Pick<SalePaymentRow, 'method' | 'amount' | 'cardBrand'>[],
  alreadyRefunded: Map<PaymentMethod, bigint>,
): PayBack[] {
  const cardBrand = salePayments.find((p) => p.method === 'CARD')?.cardBrand ?? null;
  return splitRefundByPayments(total, salePayments, alreadyRefunded).map(({ method, amount }) => ({
    method,
    amount,
    cardBrand: method === 'CARD' ? cardBrand : null,
    reference: null,
  }));
}

interface CheckedLine {
  saleLineNo: number;
  quantity: bigint;
}

/**
 * The CHECK constraints that stop a refund beyond the sale (the sale-row lock should make them
 * unreachable): violated anyway, the refund is REFUND_EXCEEDS_SALE, never a half-written one.
 */
const EXCEEDS_SALE_CONSTRAINTS = ['sale_line_refund_bound', 'sale_refund_bound'];

/**
 * Applies one refund made on the terminal of `scope`, in its own transaction. Checks the
 * caller's `sales:refund` itself (missing → REJECTED `FORBIDDEN`, so one refund of a batch never
 * fails the others). A bad refund is REJECTED or CONFLICT with its code; an unexpected failure is
 * thrown (`syncSales` makes it that refund's `INTERNAL_ERROR`). `path` is the refund's input path,
 * e.g. `['input', 'refunds', '0']`.
 */
export async function applyRefund(
  ctx: RequestContext,
  scope: TerminalScope,
  input: RefundInput,
  path: string[],
): Promise<RefundOutcome> {
  const tenantId = requireTenant(ctx);
  const reject = (code: SalesErrorCode, message: string, ...field: string[]): RefundOutcome => ({
    id: input.id,
    status: 'REJECTED',
    refund: null,
    error: userError(code, message, [...path, ...field]),
  });

  if (!hasPermission(ctx.identity.permissions, REFUND_PERMISSION))
    return reject('FORBIDDEN', `Missing permission ${REFUND_PERMISSION}`);
  if (!isUuid(input.id)) return reject('INVALID_ID', 'Refund id must be a UUID', 'id');
  if (!isUuid(input.saleId)) return reject('INVALID_ID', 'saleId must be a UUID', 'saleId');
  if (input.shiftId != null && !isUuid(input.shiftId))
    return reject('INVALID_ID', 'shiftId must be a UUID', 'shiftId');
  if (input.createdAt != null && Number.isNaN(input.createdAt.getTime())) {
    return reject('INVALID_ID', 'createdAt must be a valid time', 'createdAt');
  }
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REFUND_REASON) {
    return reject('INVALID_TEXT', `Reason must be at most ${MAX_REFUND_REASON} characters`, 'reason');
  }
  let lines: CheckedLine[] | null = null;
  if (input.lines != null) {
    if (input.lines.length === 0)
      return reject('INVALID_LINE', 'Omit lines for a full refund; do not send none', 'lines');
    lines = [];
    const seen = new Set<number>();
    for (const [index, line] of input.lines.entries()) {
      if (!Number.isInteger(line.saleLineNo) || line.saleLineNo < 1 || seen.has(line.saleLineNo)) {
        return reject(
          'INVALID_LINE',
          'saleLineNo must be a line number of the sale, each at most once',
          'lines',
          String(index),
          'saleLineNo',
        );
      }
      if (line.quantity <= 0n) {
        return reject(
          'INVALID_QUANTITY',
          'Quantity must be more than zero',
          'lines',
          String(index),
          'quantity',
        );
      }
      seen.add(line.saleLineNo);
      lines.push({ saleLineNo: line.saleLineNo, quantity: line.quantity });
    }
  }
  if (input.payments != null) {
    for (const [index, p] of input.payments.entries()) {
      const error = paymentError(p);
      if (error) return reject(error.code, error.message, 'payments', String(index), error.field);
    }
  }

  const id = input.id.toLowerCase();
  const saleId = input.saleId.toLowerCase();
  const givenShift = input.shiftId?.toLowerCase() ?? null;
  const createdAt = input.createdAt ?? new Date();
  const hash = fingerprint({
    v: CANONICAL_VERSION,
    id,
    saleId,
    terminalId: scope.terminalId,
    createdAt: input.createdAt != null ? input.createdAt.toISOString() : null,
    lines: lines?.map((l) => ({ saleLineNo: l.saleLineNo, quantity: formatQuantity(l.quantity) })) ?? null,
    payments:
      input.payments?.map((p) => ({
        method: p.method,
        amount: formatMoney(p.amount),
        cardBrand: p.cardBrand ?? null,
        reference: p.reference ?? null,
      })) ?? null,
    shiftId: givenShift,
    reason,
  });

  const exceedsSale = userError('REFUND_EXCEEDS_SALE', 'The refund exceeds what remains of the sale', [
    ...path,
    'lines',
  ]);
  const violations: ViolationMap<SalesUserError> = Object.fromEntries(
    EXCEEDS_SALE_CONSTRAINTS.map((c) => [c, exceedsSale]),
  );
  const written = await runWrite(
    ctx,
    async (m): Promise<RefundOutcome> => {
      const classify = async (): Promise<RefundOutcome | null> => {
        const rows: unknown[] = await m.query(
          `SELECT ${REFUND_COLUMNS} FROM sales.refund WHERE id = $1::uuid`,
          [id],
        );
        if (!rows[0]) return null;
        const stored = toRefundRow(rows[0]);
        if (stored.contentHash === hash)
          return { id: input.id, status: 'DUPLICATE', refund: stored, error: null };
        return {
          id: input.id,
          status: 'CONFLICT',
          refund: stored,
          error: userError(
            'CONTENT_MISMATCH',
            'A different refund with this id is already stored; nothing was overwritten',
            [...path, 'id'],
          ),
        };
      };
      const before = await classify();
      if (before) return before;

      // The lock that serialises every refund of this sale, in every process.
      const saleRows: unknown[] = await m.query(
        `SELECT ${SALE_COLUMNS} FROM sales.sale WHERE id = $1::uuid FOR UPDATE`,
        [saleId],
      );
      if (!saleRows[0]) return reject('SALE_NOT_FOUND', 'No such sale', 'saleId');
      const sale: SaleRow = toSaleRow(saleRows[0]);
      // A concurrent resend of this refund may have committed while we waited for the lock.
      const afterLock = await classify();
      if (afterLock) return afterLock;

      const saleLines = await refundableLines(m, sale.id);
      if (saleLines.every((l) => l.refundedQuantity >= l.quantity)) {
        return reject('NOTHING_TO_REFUND', 'Everything on this sale was already refunded', 'saleId');
      }
      const byNo = new Map(saleLines.map((l) => [l.lineNo, l]));
      const wanted: CheckedLine[] =
        lines ??
        saleLines
          .filter((l) => l.refundedQuantity < l.quantity)
          .map((l) => ({ saleLineNo: l.lineNo, quantity: l.quantity - l.refundedQuantity }));
      const refundLines: Omit<RefundLineRow, 'tenantId' | 'refundId'>[] = [];
      for (const [index, w] of wanted.entries()) {
        const line = byNo.get(w.saleLineNo);
        if (!line) {
          return reject(
            'INVALID_LINE',
            `The sale has no line ${w.saleLineNo}`,
            'lines',
            String(index),
            'saleLineNo',
          );
        }
        const remaining = line.quantity - line.refundedQuantity;
        if (w.quantity > remaining) {
          return reject(
            'REFUND_EXCEEDS_SALE',
            `Line ${w.saleLineNo} has ${formatQuantity(remaining)} left to refund, asked ${formatQuantity(w.quantity)}`,
            'lines',
            String(index),
            'quantity',
          );
        }
        const { amount, vat } = refundShare(line, w.quantity);
        refundLines.push({
          lineNo: index + 1,
          saleLineNo: w.saleLineNo,
          productId: line.productId,
          quantity: w.quantity,
          amount,
          vatAmount: vat,
        });
      }
      const total = refundLines.reduce((s, l) => s + l.amount, 0n);
      const vatTotal = refundLines.reduce((s, l) => s + l.vatAmount, 0n);

      let payments: PayBack[];
      if (input.payments != null) {
        payments = input.payments.map((p) => ({
          method: p.method,
          amount: p.amount,
          cardBrand: p.cardBrand ?? null,
          reference: p.reference ?? null,
        }));
        const paid = payments.reduce((s, p) => s + p.amount, 0n);
        if (paid !== total) {
          return reject(
            'PAYMENT_MISMATCH',
            `Payments ${formatMoney(paid)} do not add up to the refund amount ${formatMoney(total)}`,
            'payments',
          );
        }
      } else {
        payments = payBackBySale(total, await salePayments(m, sale.id), await refundedByMethod(m, sale.id));
      }

      let shiftId: string | null = null;
      if (givenShift) {
        const shift: { terminalId: string }[] = await m.query(
          'SELECT terminal_id AS "terminalId" FROM sales.shift WHERE id = $1::uuid',
          [givenShift],
        );
        if (shift[0]?.terminalId !== scope.terminalId) {
          return reject('UNKNOWN_SHIFT', 'No such shift was opened on this terminal', 'shiftId');
        }
        shiftId = givenShift;
      } else {
        shiftId = await shiftAt(m, scope.terminalId, createdAt);
      }

      const inserted: unknown[] = await m.query(
        `INSERT INTO sales.refund (tenant_id, id, sale_id, store_id, terminal_id, shift_id, cashier_id, reason, total,
                                   vat_total, content_hash, device_created_at, business_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ($12::timestamptz AT TIME ZONE $13)::date)
         ON CONFLICT (tenant_id, id) DO NOTHING
         RETURNING ${REFUND_COLUMNS}`,
        [
          tenantId,
          id,
          sale.id,
          scope.storeId,
          scope.terminalId,
          shiftId,
          actingStaff(ctx),
          reason,
          total.toString(),
          vatTotal.toString(),
          hash,
          createdAt,
          scope.timeZone,
        ],
      );
      if (!inserted[0]) {
        // Same id stored meanwhile for another sale (we hold only this sale's lock): classify it.
        const again = await classify();
        if (again) return again;
        throw new Error(`refund ${id} conflicted on insert but cannot be read back`);
      }
      const refund = toRefundRow(inserted[0]);

      await m.query(
        `INSERT INTO sales.refund_line (tenant_id, refund_id, line_no, sale_line_no, product_id, quantity, amount, vat_amount)
         SELECT $1, $2, l.* FROM unnest($3::int[], $4::int[], $5::uuid[], $6::numeric[], $7::bigint[], $8::bigint[]) AS l`,
        [
          tenantId,
          id,
          refundLines.map((l) => l.lineNo),
          refundLines.map((l) => l.saleLineNo),
          refundLines.map((l) => l.productId),
          refundLines.map((l) => formatQuantity(l.quantity)),
          refundLines.map((l) => l.amount.toString()),
          refundLines.map((l) => l.vatAmount.toString()),
        ],
      );
      if (payments.length > 0) {
        await m.query(
          `INSERT INTO sales.refund_payment (tenant_id, refund_id, line_no, method, amount, card_brand, reference)
           SELECT $1, $2, p.* FROM unnest($3::int[], $4::text[], $5::bigint[], $6::text[], $7::text[]) AS p`,
          [
            tenantId,
            id,
            payments.map((_, i) => i + 1),
            payments.map((p) => p.method),
            payments.map((p) => p.amount.toString()),
            payments.map((p) => p.cardBrand),
            payments.map((p) => p.reference),
          ],
        );
      }
      await m.query(
        `UPDATE sales.sale_line l SET refunded_quantity = l.refunded_quantity + u.q
           FROM unnest($2::int[], $3::numeric[]) AS u(line_no, q)
          WHERE l.tenant_id = $1 AND l.sale_id = $4::uuid AND l.line_no = u.line_no`,
        [
          tenantId,
          refundLines.map((l) => l.saleLineNo),
          refundLines.map((l) => formatQuantity(l.quantity)),
          sale.id,
        ],
      );
      const returned = new Map(refundLines.map((l) => [l.saleLineNo, l.quantity]));
      const complete = saleLines.every(
        (l) => l.refundedQuantity + (returned.get(l.lineNo) ?? 0n) >= l.quantity,
      );
      await m.query(
        `UPDATE sales.sale SET refunded_total = refunded_total + $2, status = $3 WHERE tenant_id = $1 AND id = $4::uuid`,
        [tenantId, total.toString(), complete ? 'REFUNDED' : 'PARTIALLY_REFUNDED', sale.id],
      );

      const payload = {
        refundId: id,
        saleId: sale.id,
        terminalId: scope.terminalId,
        storeId: scope.storeId,
        shiftId,
        cashierId: refund.cashierId,
        customerId: sale.customerId,
        createdAt: createdAt.toISOString(),
        businessDate: refund.businessDate,
        total: formatMoney(total),
        vatTotal: formatMoney(vatTotal),
        lines: refundLines.map((l) => ({
          lineNo: l.lineNo,
          saleLineNo: l.saleLineNo,
          productId: l.productId,
          quantity: formatQuantity(l.quantity),
          amount: formatMoney(l.amount),
          vatAmount: formatMoney(l.vatAmount),
        })),
        payments: payments.map((p) => ({ method: p.method, amount: formatMoney(p.amount) })),
      };
      await appendEvent(m, {
        tenantId,
        type: 'sale.refunded',
        aggregateId: sale.id,
        source: 'sales',
        payload,
      });
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'sale.refunded',
        entityType: 'Refund',
        entityId: id,
        data: { ...payload, reason, saleStatus: complete ? 'REFUNDED' : 'PARTIALLY_REFUNDED' },
        source: 'sales',
      });
      return { id: input.id, status: 'CREATED', refund, error: null };
    },
    violations,
  );
  if (written.ok) return written.value;
  return { id: input.id, status: 'REJECTED', refund: null, error: written.errors[0] ?? null };
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

async function refundableLines(m: EntityManager, saleId: string): Promise<RefundableLine[]> {
  const rows: {
    lineNo: number;
    productId: string;
    quantity: string;
    refundedQuantity: string;
    total: string;
    vatAmount: string;
    refundedAmount: string;
    refundedVat: string;
  }[] = await m.query(
    `SELECT l.line_no AS "lineNo", l.product_id AS "productId", l.quantity::text AS quantity,
            l.refunded_quantity::text AS "refundedQuantity", l.total::text AS total, l.vat_amount::text AS "vatAmount",
            coalesce(r.amount, 0)::text AS "refundedAmount", coalesce(r.vat, 0)::text AS "refundedVat"
       FROM sales.sale_line l
       LEFT JOIN (
         SELECT rl.sale_line_no, sum(rl.amount) AS amount, sum(rl.vat_amount) AS vat
           FROM sales.refund f JOIN sales.refund_line rl ON rl.tenant_id = f.tenant_id AND rl.refund_id = f.id
          WHERE f.sale_id = $1::uuid GROUP BY 1) r ON r.sale_line_no = l.line_no
      WHERE l.sale_id = $1::uuid
      ORDER BY l.line_no`,
    [saleId],
  );
  return rows.map((r) => ({
    lineNo: r.lineNo,
    productId: r.productId,
    quantity: parseQuantity(r.quantity),
    refundedQuantity: parseQuantity(r.refundedQuantity),
    total: BigInt(r.total),
    vatAmount: BigInt(r.vatAmount),
    refundedAmount: BigInt(r.refundedAmount),
    refundedVat: BigInt(r.refundedVat),
  }));
}

async function salePayments(
  m: EntityManager,
  saleId: string,
): Promise<Pick<SalePaymentRow, 'method' | 'amount' | 'cardBrand'>[]> {
  const rows: { method: PaymentMethod; amount: string; cardBrand: CardBrand | null }[] = await m.query(
    `SELECT method, amount::text AS amount, card_brand AS "cardBrand" FROM sales.sale_payment
      WHERE sale_id = $1::uuid ORDER BY line_no`,
    [saleId],
  );
  return rows.map((r) => ({ method: r.method, amount: BigInt(r.amount), cardBrand: r.cardBrand }));
}

async function refundedByMethod(m: EntityManager, saleId: string): Promise<Map<PaymentMethod, bigint>> {
  const rows: { method: PaymentMethod; amount: string }[] = await m.query(
    `SELECT rp.method, sum(rp.amount)::text AS amount
       FROM sales.refund f JOIN sales.refund_payment rp ON rp.tenant_id = f.tenant_id AND rp.refund_id = f.id
      WHERE f.sale_id = $1::uuid GROUP BY 1`,
    [saleId],
  );
  return new Map(rows.map((r) => [r.method, BigInt(r.amount)]));
}

/**
 * The shift a document made at `at` on the terminal belongs to, as for sales: the terminal's
 * shift whose [opened_at, closed_at] contains `at`, else its open shift, else none.
 */
export async function shiftAt(m: EntityManager, terminalId: string, at: Date): Promise<string | null> {
  const rows: { id: string }[] = await m.query(
    `(SELECT id FROM sales.shift
       WHERE terminal_id = $1::uuid AND opened_at <= $2 AND (closed_at IS NULL OR closed_at >= $2)
       ORDER BY opened_at DESC LIMIT 1)
     UNION ALL
     (SELECT id FROM sales.shift WHERE terminal_id = $1::uuid AND closed_at IS NULL)
     LIMIT 1`,
    [terminalId, at],
  );
  return rows[0]?.id ?? null;
}

// Online mutation ------------------------------------------------------------------------------

/** Result of `refundSale` (`RefundPayload`). */
export interface RefundPayloadResult {
  refund: RefundRow | null;
  created: boolean;
  errors: SalesUserError[];
}

/** `Mutation.refundSale`: DUPLICATE is success with the stored refund (`created: false`). */
export async function refundSale(ctx: RequestContext, input: RefundSaleInput): Promise<RefundPayloadResult> {
  requirePermission(ctx, REFUND_PERMISSION);
  const access = await terminalScope(ctx, input.terminalId, ['input', 'terminalId']);
  if ('error' in access) return { refund: null, created: false, errors: [access.error] };
  const outcome = await applyRefund(ctx, access.scope, input.refund, ['input', 'refund']);
  switch (outcome.status) {
    case 'CREATED':
      return { refund: outcome.refund, created: true, errors: [] };
    case 'DUPLICATE':
      return { refund: outcome.refund, created: false, errors: [] };
    default:
      return { refund: outcome.refund, created: false, errors: outcome.error ? [outcome.error] : [] };
  }
}
