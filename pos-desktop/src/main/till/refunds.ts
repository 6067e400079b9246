/**
 * A refund at the till, offline too: the same record → fiscalise order as a sale (`sales.ts`).
 * The refund is a `recordRefund.v1` entry (the server's `RefundInput`), held in local fiscal mode
 * until the fiscal refund receipt — pointing back to the sale's receipt in the fiscal gateway's
 * journal — is signed. Amounts come from the renderer (refund shares by the receipt package); the
 * host checks their sums, and that no line returns more quantity or money than the sale's earlier
 * refunds on this till left (`refunded.ts`; offline refunds count too). A full refund is recorded
 * as the explicit remaining lines, so the server and the till agree on what it took. Today a
 * refund must be of a sale recorded on this till.
 */
import { formatMoney, formatQuantity, parseQuantity } from '@jowi/receipt';
import type {
  RecordedRefund,
  RecordedSale,
  RefundDraft,
  RefundOutcome,
  SaleDraft,
} from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { RefundPayload } from '../outbox/commands.ts';
import { hasPermission, type TillContext } from './context.ts';
import { requisitesOf } from './receipts.ts';
import { fiscalRequest, type SaleService } from './sales.ts';
import type { ShiftService } from './shifts.ts';
import { idSchema, parse, refundDraftSchema, sumOf, tiyin } from './validation.ts';

/** The permission a cashier needs to refund (the server checks it again when the refund syncs). */
export const REFUND_PERMISSION = 'sales:refund';

export class RefundService {
  constructor(
    private readonly till: TillContext,
    private readonly shifts: ShiftService,
    private readonly sales: SaleService,
  ) {}

  async record(input: unknown): Promise<RefundOutcome> {
    const draft = parse(refundDraftSchema, input) as RefundDraft;
    if (!hasPermission(this.till.cashier(), REFUND_PERMISSION)) {
      throw PosError.of('PERMISSION_DENIED', { detail: `a refund needs ${REFUND_PERMISSION}` });
    }
    const shift = this.shifts.requireOpen();
    const sale = this.sales.get(draft.saleId);
    const chosen = this.refundedLines(draft, sale);
    const lines = chosen.map(({ line }) => line);
    const total = sumOf(draft.payments.map((p) => p.amount));
    if (sumOf(lines.map((line) => line.total)) !== total) throw PosError.of('PAYMENT_MISMATCH');

    const id = this.till.newId();
    const createdAt = this.till.now().toISOString();
    const payload: RefundPayload = {
      id,
      saleId: sale.id,
      createdAt,
      lines: chosen.map(({ saleLineNo, line }) => ({ saleLineNo, quantity: line.quantity })),
      payments: draft.payments.map((payment) => ({ ...payment })),
      shiftId: shift.id,
      ...(draft.reason ? { reason: draft.reason } : {}),
    };
    const { store, outbox, receipts, terminalId, fiscalMode } = this.till;
    store.transaction(() => {
      outbox.enqueue('recordRefund.v1', payload, {
        id,
        terminalId,
        deviceTime: createdAt,
        state: fiscalMode === 'local' ? 'held' : 'pending',
      });
      receipts.insert({
        documentId: id,
        kind: 'refund',
        shiftId: shift.id,
        receiptNumber: null,
        local: {
          change: '0.00',
          lineTotals: lines.map((line) => line.total),
          total: formatMoney(total),
          fiscalRequest: { ...fiscalRequest({ lines, payments: draft.payments }), originalSaleId: sale.id },
        },
      });
    })();
    this.till.changed();
    if (fiscalMode !== 'local') return { refund: this.get(id), fiscal: 'not-required', fiscalError: null };
    return this.fiscalise(id);
  }

  /** Signs a held refund's fiscal receipt (again). */
  async fiscalise(refundId: unknown): Promise<RefundOutcome> {
    const id = parse(idSchema, refundId);
    this.till.cashier();
    const receipt = this.till.receipts.get(id);
    if (receipt?.kind !== 'refund') throw PosError.of('DOCUMENT_NOT_FOUND');
    if (receipt.fiscal || this.till.fiscalMode !== 'local') {
      return { refund: this.get(id), fiscal: receipt.fiscal ? 'done' : 'not-required', fiscalError: null };
    }
    const { originalSaleId, ...request } = receipt.local.fiscalRequest;
    const result = await this.till.fiscal.registerRefund({
      ...request,
      saleId: id,
      originalSaleId: originalSaleId!,
    });
    if (!result.ok) return { refund: this.get(id), fiscal: 'failed', fiscalError: result.error };
    this.till.store.transaction(() => {
      this.till.receipts.setFiscal(id, result.value.receipt);
      this.till.outbox.release(id);
    })();
    this.till.changed();
    return { refund: this.get(id), fiscal: 'done', fiscalError: null };
  }

  get(id: string): RecordedRefund {
    const entry = this.till.outbox.get(id);
    const receipt = this.till.receipts.get(id);
    if (!entry || !receipt || entry.command !== 'recordRefund.v1') throw PosError.of('DOCUMENT_NOT_FOUND');
    const payload = entry.payload as RefundPayload;
    return {
      id,
      seq: entry.seq,
      saleId: payload.saleId,
      shiftId: receipt.shiftId,
      createdAt: payload.createdAt ?? entry.deviceTime,
      total: receipt.local.total,
      state: entry.state,
      fiscal: requisitesOf(receipt.fiscal),
      printCount: receipt.printCount,
    };
  }

  /**
   * The sale lines being returned, as fiscal lines (the refunded quantity at the refunded amount)
   * with their sale line numbers: what the draft names, or everything left for a full refund.
   * Refused when a line returns more quantity or money than its earlier refunds left.
   */
  private refundedLines(
    draft: RefundDraft,
    sale: RecordedSale,
  ): { saleLineNo: number; line: SaleDraft['lines'][number] }[] {
    const before = new Map((sale.refunded?.lines ?? []).map((l) => [l.saleLineNo, l]));
    const left = (saleLineNo: number) => {
      const original = sale.lines[saleLineNo - 1];
      if (!original) throw PosError.of('INVALID_INPUT', { detail: `the sale has no line ${saleLineNo}` });
      const done = before.get(saleLineNo);
      return {
        original,
        quantity: parseQuantity(original.quantity) - parseQuantity(done?.quantity ?? '0'),
        amount: tiyin(original.total) - tiyin(done?.amount ?? '0.00'),
      };
    };
    const asLine = (saleLineNo: number, quantity: bigint, amount: bigint) => ({
      saleLineNo,
      line: {
        ...left(saleLineNo).original,
        quantity: formatQuantity(quantity),
        total: formatMoney(amount),
        discount: undefined,
      },
    });
    if (!draft.lines) {
      const rest = sale.lines
        .map((_, index) => ({ saleLineNo: index + 1, ...left(index + 1) }))
        .filter((line) => line.quantity > 0n);
      if (rest.length === 0)
        throw PosError.of('REFUND_EXCEEDS_SALE', { detail: 'nothing is left to refund' });
      return rest.map((line) => asLine(line.saleLineNo, line.quantity, line.amount));
    }
    return draft.lines.map((line) => {
      const rest = left(line.saleLineNo);
      const quantity = parseQuantity(line.quantity);
      if (quantity <= 0n || quantity > rest.quantity || tiyin(line.amount) > rest.amount) {
        throw PosError.of('REFUND_EXCEEDS_SALE', {
          detail: `line ${line.saleLineNo}: ${formatQuantity(rest.quantity)} and ${formatMoney(rest.amount)} are left`,
        });
      }
      return asLine(line.saleLineNo, quantity, tiyin(line.amount));
    });
  }
}
