/**
 * The till's own rules for issue 14, on a real SQLite store without a server: a discount needs
 * `sales:discount`, cash is refused for cashless-only goods, a marked line needs one code per
 * unit (and the codes travel in the outbox payload and the fiscal request), a refund needs
 * `sales:refund`, and a customer registered offline is durable, queued once per phone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CashierInfo, SaleDraft, SaleLineDraft } from '../../shared/pos-types.ts';
import { CatalogStore } from '../catalog/catalog-store.ts';
import { compactPageSchema } from '../catalog/compact-page.ts';
import { startFiscal } from '../fiscal.ts';
import { PosError } from '../host/result.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import { openStore, type Store } from '../store/database.ts';
import { type TillContext, tillContext } from './context.ts';
import { CustomerService } from './customers.ts';
import { PrintService } from './print.ts';
import { RefundService } from './refunds.ts';
import { fiscalRequest, SaleService } from './sales.ts';
import { ShiftService } from './shifts.ts';

const TERMINAL = '01a25000-0000-7000-8000-0000000000aa';
const PRODUCT = '01a25000-0000-7000-8000-0000000000b1';
/** A cashier as the session knows them after an online PIN sign-in (identity's role permissions). */
const CASHIER: CashierInfo = {
  staffId: '01a25000-0000-7000-8000-0000000000c1',
  name: 'Dilnoza',
  roles: ['cashier'],
  permissions: ['sales:sync', 'sales:refund', 'shift:open', 'shift:close'],
};
const MANAGER: CashierInfo = {
  ...CASHIER,
  roles: ['manager'],
  permissions: [...CASHIER.permissions, 'sales:discount'],
};

let dir = '';
let store: Store;
let cashier: CashierInfo;
let till: TillContext;
let sales: SaleService;
let refunds: RefundService;
let customers: CustomerService;

function line(extra: Partial<SaleLineDraft> = {}): SaleLineDraft {
  return {
    productId: PRODUCT,
    quantity: '1.000',
    unitPrice: '30000.00',
    total: '30000.00',
    vatRate: 12,
    name: 'Sigaret',
    ikpu: '10202001001000000',
    packageCode: '1500',
    ownerType: 'RESALE',
    ...extra,
  };
}

function draft(lines: SaleLineDraft[], method: 'CASH' | 'CARD' = 'CARD', discount?: string): SaleDraft {
  const total = lines.reduce((acc, l) => acc + Number(l.total), 0).toFixed(2);
  return {
    lines,
    payments: [{ method, amount: total }],
    total,
    ...(discount ? { discount } : {}),
    catalogVersion: '7',
  };
}

async function failure(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof PosError) return error.failure.code;
    throw error;
  }
  return 'ok';
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jowi-till-rules-'));
  store = openStore(join(dir, 'till.sqlite'));
  cashier = CASHIER;
  till = tillContext({
    terminalId: TERMINAL,
    store,
    // Fiscal mode off: these rules stop a sale before anything is recorded or signed.
    fiscal: (
      await startFiscal({
        mode: 'off',
        deviceUrl: 'http://127.0.0.1:1/rpc/api',
        port: 0,
        journalFile: join(dir, 'j.jsonl'),
      })
    ).api,
    fiscalMode: 'off',
    cashier: () => cashier,
    changed: () => {},
  });
  const shifts = new ShiftService(till);
  customers = new CustomerService(till);
  sales = new SaleService(till, shifts, customers.known);
  refunds = new RefundService(till, shifts, sales);
  cashier = MANAGER;
  shifts.open({ openingFloat: '100000.00' });
  cashier = CASHIER;
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('discounts', () => {
  const discounted = () => draft([line({ discount: '3000.00', total: '27000.00' })]);

  it('refuses a line or receipt discount from a cashier without sales:discount, recording nothing', async () => {
    expect(await failure(sales.complete(discounted()))).toBe('DISCOUNT_NOT_PERMITTED');
    const receiptDiscount = draft([line({ total: '27000.00' })], 'CARD', '3000.00');
    expect(await failure(sales.complete(receiptDiscount))).toBe('DISCOUNT_NOT_PERMITTED');
    expect(till.outbox.depth().pending).toBe(1); // only the shift's OPEN
  });

  it('records it for a manager', async () => {
    cashier = MANAGER;
    const outcome = await sales.complete(discounted());
    expect((till.outbox.get(outcome.sale.id)!.payload as SaleInputPayload).lines[0]!.discount).toBe(
      '3000.00',
    );
  });

  it("records it for an owner, whose '*' grants every permission (the shared wildcard rule)", async () => {
    cashier = { ...CASHIER, roles: ['owner'], permissions: ['*'] };
    const outcome = await sales.complete(discounted());
    expect(outcome.sale.id).toBeTruthy();
    expect(till.outbox.get(outcome.sale.id)).toBeTruthy();
  });
});

describe('cashless-only goods', () => {
  it('refuses cash, even part of a split, for a cart holding them; card is fine', async () => {
    const wine = line({ cashlessOnly: true });
    expect(await failure(sales.complete(draft([wine], 'CASH')))).toBe('CASH_FOR_CASHLESS');
    const split: SaleDraft = {
      ...draft([wine, line()], 'CARD'),
      payments: [
        { method: 'CASH', amount: '30000.00' },
        { method: 'CARD', amount: '30000.00' },
      ],
    };
    expect(await failure(sales.complete(split))).toBe('CASH_FOR_CASHLESS');
    expect((await sales.complete(draft([wine], 'CARD'))).sale.state).toBe('pending');
    expect((await sales.complete(draft([line()], 'CASH'))).sale.state).toBe('pending');
  });
});

describe('cashless-only goods, by the host’s own catalog', () => {
  const WINE = PRODUCT;
  const BREAD = '01a25000-0000-7000-8000-0000000000b2';
  const CIGARS = '01a25000-0000-7000-8000-0000000000b3';
  let catalog: CatalogStore;
  let checked: SaleService;

  /** The terminal's catalog store with wine (cashless), bread, and cigars (cashless, since archived). */
  beforeEach(() => {
    catalog = new CatalogStore(join(dir, 'catalog.sqlite'));
    const products = [
      { id: WINE, name: 'Vino', active: true, cashless: true },
      { id: BREAD, name: 'Non', active: true, cashless: false },
      { id: CIGARS, name: 'Sigara', active: false, cashless: true },
    ];
    const column = <T>(pick: (p: (typeof products)[number]) => T) => products.map(pick);
    catalog.apply(
      compactPageSchema.parse({
        format: 1,
        products: {
          ids: Buffer.concat(products.map((p) => Buffer.from(p.id.replace(/-/g, ''), 'hex'))).toString(
            'base64',
          ),
          sku: column((p) => p.name),
          name: column((p) => p.name),
          nameRu: column(() => null),
          nameEn: column(() => null),
          price: column(() => '30000.00'),
          vatRate: column(() => 12),
          ikpu: column(() => '10202001001000000'),
          packageCode: column(() => '1500'),
          unit: column(() => 'pcs'),
          categoryId: column(() => null),
          active: column((p) => p.active),
          markingRequired: column(() => false),
          cashlessOnly: column((p) => p.cashless),
          ownerType: column(() => 'RESALE'),
          imageUrl: column(() => null),
          barcodes: column(() => []),
          storePrices: column(() => []),
          modifierGroupIds: column(() => []),
        },
        categories: [],
        modifierGroups: [],
        deleted: [],
      }),
      '1',
    );
    const shifts = new ShiftService(till);
    checked = new SaleService(till, shifts, customers.known, catalog);
  });
  afterEach(() => catalog.close());

  it('refuses cash for a product the catalog marks cashless-only, whatever the renderer sent', async () => {
    // The renderer says nothing of it, or says it may be paid in cash: the host's catalog decides.
    const silent = line({ productId: WINE, name: 'Vino' });
    const lying = line({ productId: WINE, name: 'Vino', cashlessOnly: false });
    const upperCase = line({ productId: WINE.toUpperCase(), name: 'Vino', cashlessOnly: false });
    for (const wine of [silent, lying, upperCase]) {
      expect(await failure(checked.complete(draft([wine], 'CASH')))).toBe('CASH_FOR_CASHLESS');
    }
    const split: SaleDraft = {
      ...draft([lying, line({ productId: BREAD, name: 'Non' })], 'CARD'),
      payments: [
        { method: 'CASH', amount: '30000.00' },
        { method: 'CARD', amount: '30000.00' },
      ],
    };
    expect(await failure(checked.complete(split))).toBe('CASH_FOR_CASHLESS');
    // Archived since it was rung up: still the same goods.
    const cigars = line({ productId: CIGARS, name: 'Sigara', cashlessOnly: false });
    expect(await failure(checked.complete(draft([cigars], 'CASH')))).toBe('CASH_FOR_CASHLESS');
    expect(till.outbox.depth().pending).toBe(1); // only the shift's OPEN: nothing recorded

    // The typed error names the product, in the cashier's language through its code.
    const error = await checked.complete(draft([lying], 'CASH')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosError);
    expect((error as PosError).failure).toMatchObject({ code: 'CASH_FOR_CASHLESS', retryable: false });
    expect((error as PosError).failure.detail).toContain('Vino');

    expect((await checked.complete(draft([lying], 'CARD'))).sale.state).toBe('pending');
    expect(
      (await checked.complete(draft([line({ productId: BREAD, name: 'Non' })], 'CASH'))).sale.state,
    ).toBe('pending');
  });
});

describe('marking codes', () => {
  const codes = ['0104780000000017215abc', '0104780000000017215abd'];

  it('needs one code per unit on a marked line, none repeated', async () => {
    const two = { quantity: '2.000', total: '60000.00', markingRequired: true };
    expect(await failure(sales.complete(draft([line({ ...two, markingCodes: [codes[0]!] })])))).toBe(
      'MARKING_CODES_MISMATCH',
    );
    expect(
      await failure(sales.complete(draft([line({ ...two, markingCodes: [codes[0]!, codes[0]!] })]))),
    ).toBe('MARKING_CODES_MISMATCH');
    expect(await failure(sales.complete(draft([line({ markingRequired: true })])))).toBe(
      'MARKING_CODES_MISMATCH',
    );
    const weighed = line({
      quantity: '0.500',
      total: '15000.00',
      markingRequired: true,
      markingCodes: ['x'],
    });
    expect(await failure(sales.complete(draft([weighed])))).toBe('MARKING_CODES_MISMATCH');
    expect(await failure(sales.complete(draft([line({ markingCodes: ['with space'] })])))).toBe(
      'INVALID_INPUT',
    );
  });

  it('sends the codes to the server (outbox payload) and to the fiscal module (receipt item labels)', async () => {
    const marked = draft([
      line({ quantity: '2.000', total: '60000.00', markingRequired: true, markingCodes: codes }),
    ]);
    const outcome = await sales.complete(marked);
    expect((till.outbox.get(outcome.sale.id)!.payload as SaleInputPayload).lines[0]!.markingCodes).toEqual(
      codes,
    );
    expect(outcome.sale.lines[0]!.markingCodes).toEqual(codes);
    expect(fiscalRequest(marked).items[0]!.labels).toEqual(codes);
  });
});

describe('refunds', () => {
  it('need sales:refund', async () => {
    const sale = (await sales.complete(draft([line()], 'CASH'))).sale;
    const refund = { saleId: sale.id, payments: [{ method: 'CASH' as const, amount: '30000.00' }] };
    cashier = { ...CASHIER, permissions: ['sales:sync', 'shift:open'] };
    expect(await failure(refunds.record(refund))).toBe('PERMISSION_DENIED');
    cashier = CASHIER;
    expect((await refunds.record(refund)).refund.total).toBe('30000.00');
  });
});

describe('customers registered at the till', () => {
  it('are durable at once, queued once per phone, and refuse a number that is not Uzbek mobile', async () => {
    const first = customers.register({ phone: '+998 90 123-45-67', name: ' Aziz ' });
    expect(first).toMatchObject({ phone: '+998901234567', name: 'Aziz', state: 'pending', syncStatus: null });
    expect(customers.register({ phone: '901234567' }).id).toBe(first.id);
    expect(till.outbox.get(first.id)).toMatchObject({
      command: 'registerCustomer.v1',
      payload: { id: first.id, phone: '+998901234567', name: 'Aziz' },
    });
    expect(customers.recent().map((c) => c.id)).toEqual([first.id]);
    expect(await failure(() => customers.register({ phone: '12345' }))).toBe('INVALID_PHONE');
  });
});

describe('loyalty at the till (points as a payment, offline too)', () => {
  const CUSTOMER = '01a25000-0000-7000-8000-0000000000d1';
  const known = {
    id: CUSTOMER,
    phone: '+998901234567',
    name: 'Aziz',
    balance: '200.00',
    loyaltyEnabled: true,
    accrualBps: 250,
    baseAccrualBps: 100,
    maxRedeemPercent: 50,
    source: 'server' as const,
    seenAt: '2026-12-07T10:00:00.000Z',
  };
  const withPoints = (points: string, rest: string, customerId?: string): SaleDraft => ({
    ...draft([line({ unitPrice: '300.00', total: '300.00' })]),
    payments: [
      { method: 'LOYALTY', amount: points },
      { method: 'CARD', amount: rest },
    ],
    ...(customerId ? { customerId } : {}),
  });

  it('needs a customer, and keeps within the balance and the share the program allows', async () => {
    expect(await failure(sales.complete(withPoints('100.00', '200.00')))).toBe('LOYALTY_NOT_ALLOWED');
    customers.remember(known);
    expect(await failure(sales.complete(withPoints('150.01', '149.99', CUSTOMER)))).toBe(
      'LOYALTY_NOT_ALLOWED',
    );
    const { sale } = await sales.complete(withPoints('150.00', '150.00', CUSTOMER));
    // Earned on the 150.00 paid with money at 2.5 %: 3.75 (375 points); the balance the till expects after.
    expect(sale.loyalty).toEqual({
      customerId: CUSTOMER,
      phone: known.phone,
      name: 'Aziz',
      redeemed: '150.00',
      earned: '3.75',
      balanceAfter: '53.75',
    });
    expect(sale.customerId).toBe(CUSTOMER);
    // The same points cannot be spent twice on this till while it is offline.
    expect(customers.lookup('90 123 45 67')?.balance).toBe('50.00');
    expect(await failure(sales.complete(withPoints('100.00', '200.00', CUSTOMER)))).toBe(
      'LOYALTY_NOT_ALLOWED',
    );
  });

  it('finds remembered and till-registered customers by phone, with the rules last seen', () => {
    expect(customers.lookup('+998 93 555 11 22')).toBeNull();
    customers.remember(known);
    const registered = customers.register({ phone: '935551122' });
    expect(customers.lookup('+998935551122')).toMatchObject({
      id: registered.id,
      balance: '0.00',
      source: 'till',
      loyaltyEnabled: true,
      accrualBps: 100,
      maxRedeemPercent: 50,
    });
    expect(customers.lookup('8 90 123 45 67')).toMatchObject({ id: CUSTOMER, source: 'server' });
    expect(() => customers.lookup('12345')).toThrow(PosError);
    expect(() => customers.remember({ ...known, phone: '901234567' })).toThrow(PosError);
  });

  it('prints the modifiers, the receipt discount and the points under the slip', async () => {
    cashier = MANAGER;
    customers.remember(known);
    const modified = line({
      unitPrice: '350.00',
      total: '300.00',
      modifiers: [
        { modifierId: '01a25000-0000-7000-8000-0000000000e1', name: 'Pishloq', priceDelta: '50.00' },
      ],
    });
    const { sale } = await sales.complete({ ...draft([modified], 'CARD', '50.00'), customerId: CUSTOMER });
    const job = await new PrintService(till, { kind: 'dialog' }).receipt(sale.id);
    expect(job.html).toContain('+ Pishloq 50.00');
    expect(job.html).toContain('Скидка на чек: -50.00');
    expect(job.html).toContain('Начислено баллов: +750');
    expect(job.html).toContain('+998 90 *** ** 67');
  });
});
