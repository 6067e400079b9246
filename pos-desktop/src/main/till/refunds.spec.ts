/**
 * Refunding one sale more than once at the till, on a real SQLite store without a server: the
 * host knows what its own earlier refunds (offline ones included) took back, reports it with the
 * sale, refuses a refund that returns more quantity or money than is left, and records a full
 * refund after a partial one as the explicit remaining lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CashierInfo, RecordedSale, SaleLineDraft } from '../../shared/pos-types.ts';
import { startFiscal } from '../fiscal.ts';
import { PosError } from '../host/result.ts';
import type { RefundPayload } from '../outbox/commands.ts';
import { openStore, type Store } from '../store/database.ts';
import { type TillContext, tillContext } from './context.ts';
import { RefundService } from './refunds.ts';
import { SaleService } from './sales.ts';
import { ShiftService } from './shifts.ts';

const TERMINAL = '01a25000-0000-7000-8000-0000000000aa';
const CASHIER: CashierInfo = {
  staffId: '01a25000-0000-7000-8000-0000000000c1',
  name: 'Dilnoza',
  roles: ['cashier'],
  permissions: ['sales:sync', 'sales:refund', 'shift:open', 'shift:close', 'sales:discount'],
};

let dir = '';
let store: Store;
let till: TillContext;
let sales: SaleService;
let refunds: RefundService;

const line = (productId: string, quantity: string, total: string): SaleLineDraft => ({
  productId,
  quantity,
  unitPrice: '10000.00',
  total,
  discount: undefined,
  vatRate: 12,
  name: 'Non',
  ikpu: '10202001001000000',
  packageCode: '1500',
  ownerType: 'RESALE',
});

async function code(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PosError) return error.failure.code;
    throw error;
  }
  return 'ok';
}

/** Three loaves for 29 999.00 (one tiyin of rounding to spread) and one more line of 10 000.00, cash. */
async function sellThree(): Promise<RecordedSale> {
  const lines = [
    { ...line('01a25000-0000-7000-8000-0000000000b1', '3.000', '29999.00'), discount: '1.00' },
    line('01a25000-0000-7000-8000-0000000000b2', '1.000', '10000.00'),
  ];
  return (
    await sales.complete({
      lines,
      payments: [{ method: 'CASH', amount: '39999.00' }],
      total: '39999.00',
      catalogVersion: '1',
    })
  ).sale;
}

const refundOne = (saleId: string, amount: string) =>
  refunds.record({
    saleId,
    lines: [{ saleLineNo: 1, quantity: '1.000', amount }],
    payments: [{ method: 'CASH', amount }],
  });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jowi-refunds-'));
  store = openStore(join(dir, 'till.sqlite'));
  till = tillContext({
    terminalId: TERMINAL,
    store,
    fiscal: (
      await startFiscal({
        mode: 'off',
        deviceUrl: 'http://127.0.0.1:1/rpc/api',
        port: 0,
        journalFile: join(dir, 'j'),
      })
    ).api,
    fiscalMode: 'off',
    cashier: () => CASHIER,
    changed: () => {},
  });
  const shifts = new ShiftService(till);
  sales = new SaleService(till, shifts);
  refunds = new RefundService(till, shifts, sales);
  shifts.open({ openingFloat: '100000.00' });
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('refunding a sale twice at the till', () => {
  it('reports what earlier refunds took and refuses more than is left, to the tiyin', async () => {
    const sale = await sellThree();
    expect(sale.refunded).toBeUndefined();
    await refundOne(sale.id, '9999.67');
    expect(sales.get(sale.id).refunded).toEqual({
      lines: [{ saleLineNo: 1, quantity: '1.000', amount: '9999.67' }],
      payments: [{ method: 'CASH', amount: '9999.67' }],
    });
    await refundOne(sale.id, '9999.67');
    // The last loaf: computed as if it were the first (9 999.67) is one tiyin more than is left.
    expect(await code(refundOne(sale.id, '9999.67'))).toBe('REFUND_EXCEEDS_SALE');
    await refundOne(sale.id, '9999.66');
    expect(sales.recent(5)[0]!.refunded?.lines).toEqual([
      { saleLineNo: 1, quantity: '3.000', amount: '29999.00' },
    ]);
    // Nothing of the line is left: any quantity is refused.
    expect(await code(refundOne(sale.id, '0.01'))).toBe('REFUND_EXCEEDS_SALE');
    expect(till.outbox.refundsOf([sale.id])).toHaveLength(3);
  });

  it('records a full refund after a partial one as the remaining lines, and then nothing is left', async () => {
    const sale = await sellThree();
    await refundOne(sale.id, '9999.67');
    // The whole sale again would be 39 999.00: the payments must match what is left.
    const whole = { saleId: sale.id, payments: [{ method: 'CASH' as const, amount: '39999.00' }] };
    expect(await code(refunds.record(whole))).toBe('PAYMENT_MISMATCH');
    const rest = await refunds.record({ ...whole, payments: [{ method: 'CASH', amount: '29999.33' }] });
    expect(rest.refund.total).toBe('29999.33');
    expect((till.outbox.get(rest.refund.id)!.payload as RefundPayload).lines).toEqual([
      { saleLineNo: 1, quantity: '2.000' },
      { saleLineNo: 2, quantity: '1.000' },
    ]);
    expect(await code(refunds.record({ ...whole, payments: [{ method: 'CASH', amount: '0.01' }] }))).toBe(
      'REFUND_EXCEEDS_SALE',
    );
  });

  it('keeps counting refunds after a restart (they are read from the store)', async () => {
    const sale = await sellThree();
    await refundOne(sale.id, '9999.67');
    store.close();
    store = openStore(join(dir, 'till.sqlite'));
    const reopened = tillContext({ ...till, store } as Parameters<typeof tillContext>[0]);
    const again = new SaleService(reopened, new ShiftService(reopened));
    expect(again.get(sale.id).refunded?.lines).toEqual([
      { saleLineNo: 1, quantity: '1.000', amount: '9999.67' },
    ]);
  });
});
