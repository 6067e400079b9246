/**
 * The cash drawer's day on this till: open with a float, cash in and out with a reason, X report,
 * close with the counted cash. Each step is a `shiftEvent.v1` entry in the outbox (the server's
 * `ShiftEventInput`, uploaded in the same `syncSales` calls as the sales), written in one
 * transaction with the till's own shift state, so the two never disagree after a crash.
 *
 * The X and Z figures here come from what this till recorded, synced or not — a cashier closing
 * offline still sees the expected cash and the difference. The server computes its own figures
 * from what it stores (docs/decisions.md, "Shift figures are computed").
 */
import { formatMoney } from '@jowi/receipt';
import type {
  CashMovementInfo,
  MethodTotal,
  PaymentMethod,
  ShiftInfo,
  ShiftReport,
} from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import type { TillContext } from './context.ts';
import { cashMovementSchema, closeShiftSchema, openShiftSchema, parse, tiyin } from './validation.ts';

const OPEN_SHIFT = 'shift';

export class ShiftService {
  constructor(private readonly till: TillContext) {}

  current(): ShiftInfo | null {
    return this.till.kv.get<ShiftInfo>(OPEN_SHIFT);
  }

  /** The open shift, or SHIFT_NOT_OPEN. */
  requireOpen(): ShiftInfo {
    const shift = this.current();
    if (!shift) throw PosError.of('SHIFT_NOT_OPEN');
    return shift;
  }

  open(input: unknown): ShiftInfo {
    const { openingFloat } = parse(openShiftSchema, input);
    const cashier = this.till.cashier();
    if (this.current()) throw PosError.of('SHIFT_ALREADY_OPEN');
    const at = this.till.now().toISOString();
    const shift: ShiftInfo = {
      id: this.till.newId(),
      openedAt: at,
      openedBy: cashier.staffId,
      openingFloat: formatMoney(tiyin(openingFloat)),
      movements: [],
    };
    this.till.store.transaction(() => {
      this.till.outbox.enqueue(
        'shiftEvent.v1',
        { kind: 'OPEN', id: shift.id, at, amount: shift.openingFloat },
        { id: shift.id, terminalId: this.till.terminalId, deviceTime: at },
      );
      this.till.kv.set(OPEN_SHIFT, shift);
    })();
    this.till.changed();
    return shift;
  }

  cashIn(input: unknown): CashMovementInfo {
    return this.move('CASH_IN', input);
  }

  cashOut(input: unknown): CashMovementInfo {
    return this.move('CASH_OUT', input);
  }

  private move(kind: 'CASH_IN' | 'CASH_OUT', input: unknown): CashMovementInfo {
    const { amount, reason } = parse(cashMovementSchema, input);
    this.till.cashier();
    const shift = this.requireOpen();
    const at = this.till.now().toISOString();
    const movement: CashMovementInfo = {
      id: this.till.newId(),
      kind,
      amount: formatMoney(tiyin(amount)),
      reason,
      at,
    };
    this.till.store.transaction(() => {
      this.till.outbox.enqueue(
        'shiftEvent.v1',
        { kind, id: movement.id, shiftId: shift.id, at, amount: movement.amount, reason },
        { id: movement.id, terminalId: this.till.terminalId, deviceTime: at },
      );
      this.till.kv.set(OPEN_SHIFT, { ...shift, movements: [...shift.movements, movement] });
    })();
    this.till.changed();
    return movement;
  }

  xReport(): ShiftReport {
    this.till.cashier();
    return this.report(this.requireOpen(), null, null);
  }

  /** Closes the shift: the Z report with the counted cash and the difference. */
  close(input: unknown): ShiftReport {
    const { countedCash, note } = parse(closeShiftSchema, input);
    this.till.cashier();
    const shift = this.requireOpen();
    // A sale not yet signed must be finished first, or it would reach the server after its shift's close.
    if (this.till.outbox.list('held').length > 0) throw PosError.of('UNFINISHED_SALES');
    const at = this.till.now().toISOString();
    const counted = formatMoney(tiyin(countedCash));
    const report = this.report(shift, at, counted);
    this.till.store.transaction(() => {
      this.till.outbox.enqueue(
        'shiftEvent.v1',
        { kind: 'CLOSE', id: shift.id, at, amount: counted, ...(note ? { reason: note } : {}) },
        // The CLOSE travels under the shift's id; the outbox key must be unique, so it gets its own.
        { id: `${shift.id}:close`, terminalId: this.till.terminalId, deviceTime: at },
      );
      this.till.kv.delete(OPEN_SHIFT);
      this.till.kv.set('last-z-report', report);
    })();
    this.till.changed();
    return report;
  }

  /** The shift's figures from this till's records. */
  private report(shift: ShiftInfo, closedAt: string | null, counted: string | null): ShiftReport {
    const byMethod = new Map<PaymentMethod, { sales: bigint; refunds: bigint }>();
    const add = (method: string, field: 'sales' | 'refunds', amount: bigint) => {
      const totals = byMethod.get(method as PaymentMethod) ?? { sales: 0n, refunds: 0n };
      totals[field] += amount;
      byMethod.set(method as PaymentMethod, totals);
    };
    let saleCount = 0;
    let refundCount = 0;
    let salesTotal = 0n;
    let refundsTotal = 0n;
    for (const receipt of this.till.receipts.ofShift(shift.id)) {
      const entry = this.till.outbox.get(receipt.documentId);
      const payments = (entry?.payload as Pick<SaleInputPayload, 'payments'> | undefined)?.payments ?? [];
      const field = receipt.kind === 'sale' ? 'sales' : 'refunds';
      for (const payment of payments) add(payment.method, field, tiyin(payment.amount));
      if (receipt.kind === 'sale') {
        saleCount += 1;
        salesTotal += tiyin(receipt.local.total);
      } else {
        refundCount += 1;
        refundsTotal += tiyin(receipt.local.total);
      }
    }
    const cash = byMethod.get('CASH') ?? { sales: 0n, refunds: 0n };
    const cashIn = shift.movements
      .filter((m) => m.kind === 'CASH_IN')
      .reduce((a, m) => a + tiyin(m.amount), 0n);
    const cashOut = shift.movements
      .filter((m) => m.kind === 'CASH_OUT')
      .reduce((a, m) => a + tiyin(m.amount), 0n);
    const expected = tiyin(shift.openingFloat) + cash.sales - cash.refunds + cashIn - cashOut;
    const methods: MethodTotal[] = [...byMethod].map(([method, totals]) => ({
      method,
      sales: formatMoney(totals.sales),
      refunds: formatMoney(totals.refunds),
    }));
    return {
      shiftId: shift.id,
      openedAt: shift.openedAt,
      closedAt,
      saleCount,
      refundCount,
      salesTotal: formatMoney(salesTotal),
      refundsTotal: formatMoney(refundsTotal),
      byMethod: methods,
      openingFloat: shift.openingFloat,
      cashIn: formatMoney(cashIn),
      cashOut: formatMoney(cashOut),
      expectedCash: formatMoney(expected),
      countedCash: counted,
      difference: counted === null ? null : formatMoney(tiyin(counted) - expected),
    };
  }
}
