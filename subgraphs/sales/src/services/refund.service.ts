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
  parseQuantity,
  type RequestContext,
  requirePermission,
  requireTenant,
  runWrite,
  type ViolationMap,
} from '@jowi/server-kit';
import { z } from 'zod';
import type { RefundInput, RefundSaleInput, SyncStatus } from '../__generated__/resolvers-types.ts';
import type { RefundLineRow, RefundRow } from '../entities/refund.entity.ts';
import type { SaleRow, SaleStatus } from '../entities/sale.entity.ts';
import type { CardBrand, PaymentMethod, SalePaymentRow } from '../entities/sale-payment.entity.ts';
import { type SalesUserError, userError } from '../errors/index.ts';
import type { TerminalScope } from './directory.ts';
import { actingStaff, terminalScope } from './documents.ts';
import {
  type CheckedLine,
  type CheckedRefund,
  checkRefundInput,
  isRefusal,
  type PayBack,
  REFUND_PERMISSION,
  type Refusal,
  refuse,
} from './refund-input.ts';
import { SALE_COLUMNS, toSaleRow } from './sale.service.ts';
import { statusAfterRefund } from './sale-state.ts';

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

/**
 * The CHECK constraints that stop a refund beyond the sale (the sale-row lock should make them
 * unreachable): violated anyway, the refund is REFUND_EXCEEDS_SALE, never a half-written one.
 */
const EXCEEDS_SALE_CONSTRAINTS = ['sale_line_refund_bound', 'sale_refund_bound'];

/** A refund line about to be written (its refund id and tenant come with the insert). */
type NewRefundLine = Omit<RefundLineRow, 'tenantId' | 'refundId'>;

/** What one refund writes, once every check against the sale passed. */
interface RefundPlan {
  sale: SaleRow;
  /** The sale's lines before this refund. */
  saleLines: RefundableLine[];
  lines: NewRefundLine[];
  total: bigint;
  vatTotal: bigint;
  payments: PayBack[];
  shiftId: string | null;
}

/** What every step of one refund's transaction works with. */
interface RefundTx {
  ctx: RequestContext;
  m: EntityManager;
  tenantId: string;
  scope: TerminalScope;
}

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
  const rejected = (refusal: Refusal): RefundOutcome => ({
    id: input.id,
    status: 'REJECTED',
    refund: null,
    error: userError(refusal.refused, refusal.message, [...path, ...refusal.field]),
  });
  const refund = checkRefundInput(ctx, scope.terminalId, input, new Date());
  if (isRefusal(refund)) return rejected(refund);
  const written = await runWrite(
    ctx,
    async (m) => {
      const outcome = await writeRefund({ ctx, m, tenantId, scope }, refund, path);
      return isRefusal(outcome) ? rejected(outcome) : outcome;
    },
    exceedsSaleViolations(path),
  );
  if (written.ok) return written.value;
  return { id: input.id, status: 'REJECTED', refund: null, error: written.errors[0] ?? null };
}

/** A violated bound is REFUND_EXCEEDS_SALE on the refund's lines. */
function exceedsSaleViolations(path: string[]): ViolationMap<SalesUserError> {
  const exceedsSale = userError('REFUND_EXCEEDS_SALE', 'The refund exceeds what remains of the sale', [
    ...path,
    'lines',
  ]);
  return Object.fromEntries(EXCEEDS_SALE_CONSTRAINTS.map((c) => [c, exceedsSale]));
}

/** The refund's transaction: idempotency, the sale lock, the checks against the sale, the writes. */
async function writeRefund(
  tx: RefundTx,
  refund: CheckedRefund,
  path: string[],
): Promise<RefundOutcome | Refusal> {
  const before = await storedOutcome(tx.m, refund, path);
  if (before) return before;
  const sale = await lockSale(tx.m, refund.saleId);
  if (!sale) return refuse('SALE_NOT_FOUND', 'No such sale', 'saleId');
  // A concurrent resend of this refund may have committed while we waited for the lock.
  const afterLock = await storedOutcome(tx.m, refund, path);
  if (afterLock) return afterLock;

  const plan = await planRefund(tx, sale, refund);
  if (isRefusal(plan)) return plan;
  const stored = await insertRefund(tx, refund, plan);
  if (!stored) {
    // Same id stored meanwhile for another sale (we hold only this sale's lock): classify it.
    const again = await storedOutcome(tx.m, refund, path);
    if (again) return again;
    throw new Error(`refund ${refund.id} conflicted on insert but cannot be read back`);
  }
  await insertRefundLines(tx, refund.id, plan.lines);
  await insertRefundPayments(tx, refund.id, plan.payments);
  const saleStatus = await markSaleRefunded(tx, plan);
  await recordRefunded(tx, refund, plan, stored, saleStatus);
  return { id: refund.sentId, status: 'CREATED', refund: stored, error: null };
}

/** An already stored refund with this id: DUPLICATE with the same content, CONFLICT otherwise. */
async function storedOutcome(
  m: EntityManager,
  refund: CheckedRefund,
  path: string[],
): Promise<RefundOutcome | null> {
  const rows: unknown[] = await m.query(`SELECT ${REFUND_COLUMNS} FROM sales.refund WHERE id = $1::uuid`, [
    refund.id,
  ]);
  if (!rows[0]) return null;
  const stored = toRefundRow(rows[0]);
  if (stored.contentHash === refund.hash)
    return { id: refund.sentId, status: 'DUPLICATE', refund: stored, error: null };
  return {
    id: refund.sentId,
    status: 'CONFLICT',
    refund: stored,
    error: userError(
      'CONTENT_MISMATCH',
      'A different refund with this id is already stored; nothing was overwritten',
      [...path, 'id'],
    ),
  };
}

/** The lock that serialises every refund of this sale, in every process. */
async function lockSale(m: EntityManager, saleId: string): Promise<SaleRow | null> {
  const rows: unknown[] = await m.query(
    `SELECT ${SALE_COLUMNS} FROM sales.sale WHERE id = $1::uuid FOR UPDATE`,
    [saleId],
  );
  return rows[0] ? toSaleRow(rows[0]) : null;
}

/** Checks the refund against what is left of the sale and works out its amounts, pay-back and shift. */
async function planRefund(tx: RefundTx, sale: SaleRow, refund: CheckedRefund): Promise<RefundPlan | Refusal> {
  const saleLines = await refundableLines(tx.m, sale.id);
  if (saleLines.every((l) => l.refundedQuantity >= l.quantity)) {
    return refuse('NOTHING_TO_REFUND', 'Everything on this sale was already refunded', 'saleId');
  }
  const lines = refundLinesOf(saleLines, refund.lines);
  if (isRefusal(lines)) return lines;
  const total = lines.reduce((s, l) => s + l.amount, 0n);
  const vatTotal = lines.reduce((s, l) => s + l.vatAmount, 0n);
  const payments = await payBack(tx.m, sale.id, refund.payments, total);
  if (isRefusal(payments)) return payments;
  const shiftId = await refundShift(tx, refund);
  if (isRefusal(shiftId)) return shiftId;
  return { sale, saleLines, lines, total, vatTotal, payments, shiftId };
}

/**
 * The refund's lines with their amounts (`refundShare`): the lines asked for, or for a full
 * refund everything not yet refunded.
 */
function refundLinesOf(saleLines: RefundableLine[], asked: CheckedLine[] | null): NewRefundLine[] | Refusal {
  const byNo = new Map(saleLines.map((l) => [l.lineNo, l]));
  const wanted =
    asked ??
    saleLines
      .filter((l) => l.refundedQuantity < l.quantity)
      .map((l) => ({ saleLineNo: l.lineNo, quantity: l.quantity - l.refundedQuantity }));
  const lines: NewRefundLine[] = [];
  for (const [index, w] of wanted.entries()) {
    const line = byNo.get(w.saleLineNo);
    if (!line) {
      return refuse(
        'INVALID_LINE',
        `The sale has no line ${w.saleLineNo}`,
        'lines',
        String(index),
        'saleLineNo',
      );
    }
    const remaining = line.quantity - line.refundedQuantity;
    if (w.quantity > remaining) {
      return refuse(
        'REFUND_EXCEEDS_SALE',
        `Line ${w.saleLineNo} has ${formatQuantity(remaining)} left to refund, asked ${formatQuantity(w.quantity)}`,
        'lines',
        String(index),
        'quantity',
      );
    }
    const { amount, vat } = refundShare(line, w.quantity);
    lines.push({
      lineNo: index + 1,
      saleLineNo: w.saleLineNo,
      productId: line.productId,
      quantity: w.quantity,
      amount,
      vatAmount: vat,
    });
  }
  return lines;
}

/** The payments as sent (they must add up to the refund), or the sale's own methods. */
async function payBack(
  m: EntityManager,
  saleId: string,
  sent: PayBack[] | null,
  total: bigint,
): Promise<PayBack[] | Refusal> {
  if (sent == null)
    return payBackBySale(total, await salePayments(m, saleId), await refundedByMethod(m, saleId));
  const paid = sent.reduce((s, p) => s + p.amount, 0n);
  if (paid !== total) {
    return refuse(
      'PAYMENT_MISMATCH',
      `Payments ${formatMoney(paid)} do not add up to the refund amount ${formatMoney(total)}`,
      'payments',
    );
  }
  return sent;
}

/** The shift sent (it must be this terminal's), or the terminal's shift at the refund's time. */
async function refundShift(tx: RefundTx, refund: CheckedRefund): Promise<string | null | Refusal> {
  if (!refund.shiftId) return shiftAt(tx.m, tx.scope.terminalId, refund.createdAt);
  const shift: { terminalId: string }[] = await tx.m.query(
    'SELECT terminal_id AS "terminalId" FROM sales.shift WHERE id = $1::uuid',
    [refund.shiftId],
  );
  if (shift[0]?.terminalId !== tx.scope.terminalId) {
    return refuse('UNKNOWN_SHIFT', 'No such shift was opened on this terminal', 'shiftId');
  }
  return refund.shiftId;
}

/** Inserts the refund row; null when a refund with this id was stored meanwhile. */
async function insertRefund(
  tx: RefundTx,
  refund: CheckedRefund,
  plan: RefundPlan,
): Promise<RefundRow | null> {
  const inserted: unknown[] = await tx.m.query(
    `INSERT INTO sales.refund (tenant_id, id, sale_id, store_id, terminal_id, shift_id, cashier_id, reason, total,
                               vat_total, content_hash, device_created_at, business_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ($12::timestamptz AT TIME ZONE $13)::date)
     ON CONFLICT (tenant_id, id) DO NOTHING
     RETURNING ${REFUND_COLUMNS}`,
    [
      tx.tenantId,
      refund.id,
      plan.sale.id,
      tx.scope.storeId,
      tx.scope.terminalId,
      plan.shiftId,
      actingStaff(tx.ctx),
      refund.reason,
      plan.total.toString(),
      plan.vatTotal.toString(),
      refund.hash,
      refund.createdAt,
      tx.scope.timeZone,
    ],
  );
  return inserted[0] ? toRefundRow(inserted[0]) : null;
}

async function insertRefundLines(tx: RefundTx, refundId: string, lines: NewRefundLine[]): Promise<void> {
  await tx.m.query(
    `INSERT INTO sales.refund_line (tenant_id, refund_id, line_no, sale_line_no, product_id, quantity, amount, vat_amount)
     SELECT $1, $2, l.* FROM unnest($3::int[], $4::int[], $5::uuid[], $6::numeric[], $7::bigint[], $8::bigint[]) AS l`,
    [
      tx.tenantId,
      refundId,
      lines.map((l) => l.lineNo),
      lines.map((l) => l.saleLineNo),
      lines.map((l) => l.productId),
      lines.map((l) => formatQuantity(l.quantity)),
      lines.map((l) => l.amount.toString()),
      lines.map((l) => l.vatAmount.toString()),
    ],
  );
}

async function insertRefundPayments(tx: RefundTx, refundId: string, payments: PayBack[]): Promise<void> {
  if (payments.length === 0) return;
  await tx.m.query(
    `INSERT INTO sales.refund_payment (tenant_id, refund_id, line_no, method, amount, card_brand, reference)
     SELECT $1, $2, p.* FROM unnest($3::int[], $4::text[], $5::bigint[], $6::text[], $7::text[]) AS p`,
    [
      tx.tenantId,
      refundId,
      payments.map((_, i) => i + 1),
      payments.map((p) => p.method),
      payments.map((p) => p.amount.toString()),
      payments.map((p) => p.cardBrand),
      payments.map((p) => p.reference),
    ],
  );
}

/**
 * Adds the returned quantities to the sale's lines and the amount to the sale, whose status
 * moves through the sale state machine (`sale-state.ts`): REFUNDED once every line is fully
 * returned, PARTIALLY_REFUNDED before.
 */
async function markSaleRefunded(tx: RefundTx, plan: RefundPlan): Promise<SaleStatus> {
  await tx.m.query(
    `UPDATE sales.sale_line l SET refunded_quantity = l.refunded_quantity + u.q
       FROM unnest($2::int[], $3::numeric[]) AS u(line_no, q)
      WHERE l.tenant_id = $1 AND l.sale_id = $4::uuid AND l.line_no = u.line_no`,
    [
      tx.tenantId,
      plan.lines.map((l) => l.saleLineNo),
      plan.lines.map((l) => formatQuantity(l.quantity)),
      plan.sale.id,
    ],
  );
  const returned = new Map(plan.lines.map((l) => [l.saleLineNo, l.quantity]));
  const complete = plan.saleLines.every(
    (l) => l.refundedQuantity + (returned.get(l.lineNo) ?? 0n) >= l.quantity,
  );
  const status = statusAfterRefund(plan.sale.status, complete);
  await tx.m.query(
    `UPDATE sales.sale SET refunded_total = refunded_total + $2, status = $3 WHERE tenant_id = $1 AND id = $4::uuid`,
    [tx.tenantId, plan.total.toString(), status, plan.sale.id],
  );
  return status;
}

/** The `sale.refunded` event (stock, loyalty and fiscal follow it) and the audit entry. */
async function recordRefunded(
  tx: RefundTx,
  refund: CheckedRefund,
  plan: RefundPlan,
  stored: RefundRow,
  saleStatus: SaleStatus,
): Promise<void> {
  const payload = {
    refundId: refund.id,
    saleId: plan.sale.id,
    terminalId: tx.scope.terminalId,
    storeId: tx.scope.storeId,
    shiftId: plan.shiftId,
    cashierId: stored.cashierId,
    customerId: plan.sale.customerId,
    createdAt: refund.createdAt.toISOString(),
    businessDate: stored.businessDate,
    total: formatMoney(plan.total),
    vatTotal: formatMoney(plan.vatTotal),
    lines: plan.lines.map((l) => ({
      lineNo: l.lineNo,
      saleLineNo: l.saleLineNo,
      productId: l.productId,
      quantity: formatQuantity(l.quantity),
      amount: formatMoney(l.amount),
      vatAmount: formatMoney(l.vatAmount),
    })),
    payments: plan.payments.map((p) => ({ method: p.method, amount: formatMoney(p.amount) })),
  };
  await appendEvent(tx.m, {
    tenantId: tx.tenantId,
    type: 'sale.refunded',
    aggregateId: plan.sale.id,
    source: 'sales',
    payload,
  });
  await appendAudit(tx.m, {
    tenantId: tx.tenantId,
    actor: tx.ctx.identity.subject,
    action: 'sale.refunded',
    entityType: 'Refund',
    entityId: refund.id,
    data: { ...payload, reason: refund.reason, saleStatus },
    source: 'sales',
  });
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
