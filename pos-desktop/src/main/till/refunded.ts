/**
 * What earlier refunds of a sale took back, from this till's own records — so a second partial
 * refund returns at most the rest and pays back what is left of each line, also offline, before
 * the server has seen the first. Each refund's outbox payload names the lines and quantities;
 * its receipt row keeps the amount paid back for each (`local.lineTotals`, in payload order). A
 * refund recorded before refunds always listed their lines (a full refund with no `lines`) took
 * every line whole.
 */
import { formatMoney, formatQuantity, parseQuantity } from '@jowi/receipt';
import type { PaymentMethod, SaleRefunded } from '../../shared/pos-types.ts';
import type { RefundPayload } from '../outbox/commands.ts';
import type { TillContext } from './context.ts';
import { tiyin } from './validation.ts';

/** One sale line's refunded quantity (thousandths) and amount (tiyin). */
export interface LineRefunded {
  quantity: bigint;
  amount: bigint;
}

/** Per sale line number, and per method. */
export interface RefundedTotals {
  lines: Map<number, LineRefunded>;
  payments: Map<PaymentMethod, bigint>;
}

/**
 * The refunded totals of each of `sales` (id → its lines as sold, for a legacy full refund),
 * counting every refund this till recorded for them except discarded ones.
 */
export function refundedTotals(
  till: Pick<TillContext, 'outbox' | 'receipts'>,
  sales: ReadonlyMap<string, readonly { quantity: string; total: string }[]>,
): Map<string, RefundedTotals> {
  const result = new Map<string, RefundedTotals>();
  for (const entry of till.outbox.refundsOf([...sales.keys()])) {
    const payload = entry.payload as RefundPayload;
    const soldLines = sales.get(payload.saleId) ?? [];
    const totals = result.get(payload.saleId) ?? { lines: new Map(), payments: new Map() };
    result.set(payload.saleId, totals);
    const amounts = till.receipts.get(entry.id)?.local.lineTotals ?? [];
    const lines =
      payload.lines ?? soldLines.map((line, index) => ({ saleLineNo: index + 1, quantity: line.quantity }));
    lines.forEach((line, index) => {
      const before = totals.lines.get(line.saleLineNo) ?? { quantity: 0n, amount: 0n };
      totals.lines.set(line.saleLineNo, {
        quantity: before.quantity + parseQuantity(line.quantity),
        amount: before.amount + tiyin(amounts[index] ?? soldLines[line.saleLineNo - 1]?.total ?? '0.00'),
      });
    });
    for (const payment of payload.payments ?? []) {
      const method = payment.method as PaymentMethod;
      totals.payments.set(method, (totals.payments.get(method) ?? 0n) + tiyin(payment.amount));
    }
  }
  return result;
}

/** The totals as `RecordedSale.refunded`, or undefined when nothing was refunded. */
export function toSaleRefunded(totals: RefundedTotals | undefined): SaleRefunded | undefined {
  if (!totals) return undefined;
  return {
    lines: [...totals.lines]
      .sort(([a], [b]) => a - b)
      .map(([saleLineNo, line]) => ({
        saleLineNo,
        quantity: formatQuantity(line.quantity),
        amount: formatMoney(line.amount),
      })),
    payments: [...totals.payments].map(([method, amount]) => ({ method, amount: formatMoney(amount) })),
  };
}
