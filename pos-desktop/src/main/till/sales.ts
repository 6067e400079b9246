/**
 * A sale at the till, in the order that keeps money safe:
 *
 *  1. **record** — the sale becomes a `recordSale.v1` outbox entry (the server's `SaleInput`,
 *     with the host's id (UUID v7), device time, cashier, shift, receipt number and the catalog
 *     version it was priced with) and a receipt row, in one SQLite transaction with
 *     `synchronous=FULL`: when `complete` goes on, the sale survives a crash;
 *  2. **fiscalise** (local fiscal mode) — the stored fiscal request is registered with the
 *     fiscal gateway in this process, idempotent by sale id: a retry after paper-out, a timeout
 *     or a crash returns the first signature instead of signing again. Until it succeeds the
 *     entry stays `held` — durable, listed in `sale.unfinished`, never uploaded unsigned;
 *  3. the fiscal requisites go into the payload (`SaleInput.fiscal`) and the entry is released
 *     to the uploader; the slip can be printed.
 *
 * The host checks what needs no rounding rule (sums, permission for discounts) and never
 * recomputes the renderer's receipt arithmetic.
 */
import {
  formatMoney,
  formatQuantity,
  moneyTimesQuantity,
  parseQuantity,
  type ReceiptVatRate,
  STANDARD_VAT_RATE,
} from '@jowi/receipt';
import type { FiscalSaleInput } from '../../renderer/lib/bridge.ts';
import type {
  CashierInfo,
  RecordedSale,
  SaleDraft,
  SaleLoyaltyInfo,
  SaleOutcome,
  ShiftInfo,
} from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import { hasPermission, type TillContext } from './context.ts';
import { KnownCustomers } from './known-customers.ts';
import { type ReceiptLocal, type ReceiptRecord, requisitesOf } from './receipts.ts';
import { refundedTotals, toSaleRefunded } from './refunded.ts';
import type { ShiftService } from './shifts.ts';
import { idSchema, parse, saleDraftSchema, sumOf, tiyin } from './validation.ts';

/** The permission a cashier needs to give a line or receipt discount. */
export const DISCOUNT_PERMISSION = 'sales:discount';

const OWNER_TYPE = { RESALE: 0, OWN_PRODUCTION: 1, SERVICE: 2 } as const;
/** The fiscal module prints at most this many characters of a name. */
const FM_NAME_MAX = 63;

/**
 * What the host's own catalog (the terminal's catalog store) says of the products on a sale: of
 * these ids, the ones sold only without cash. The host decides cash from this, not from the
 * `cashlessOnly` flags the renderer sends.
 */
export interface CashlessCatalog {
  cashlessOnly(productIds: readonly string[]): ReadonlySet<string>;
}

export class SaleService {
  constructor(
    private readonly till: TillContext,
    private readonly shifts: ShiftService,
    /** The till's remembered customers (loyalty checks); the host shares one with `CustomerService`. */
    private readonly customers: KnownCustomers = new KnownCustomers(till.kv),
    /** The terminal's catalog; without one (specs of other rules) only the draft's flags count. */
    private readonly catalog: CashlessCatalog | null = null,
  ) {}

  /** Record → fiscalise; see the file header. */
  async complete(input: unknown): Promise<SaleOutcome> {
    const draft = parse(saleDraftSchema, input) as SaleDraft;
    const cashier = this.till.cashier();
    const shift = this.shifts.requireOpen();
    checkDiscount(draft, cashier);
    checkCashless(draft, this.catalog);
    checkMarkingCodes(draft);
    checkSums(draft);
    const loyalty = this.customers.check(draft);
    const id = this.record(draft, cashier, shift, loyalty);
    if (this.till.fiscalMode !== 'local') {
      return { sale: this.get(id), fiscal: 'not-required', fiscalError: null };
    }
    return this.fiscalise(id);
  }

  /** Signs a held sale with the fiscal module (again); a signed one is answered as it is. */
  async fiscalise(saleId: unknown): Promise<SaleOutcome> {
    const id = parse(idSchema, saleId);
    this.till.cashier();
    const receipt = this.receipt(id);
    if (receipt.fiscal || this.till.fiscalMode !== 'local') {
      return { sale: this.get(id), fiscal: receipt.fiscal ? 'done' : 'not-required', fiscalError: null };
    }
    const result = await this.till.fiscal.registerSale({ ...receipt.local.fiscalRequest, saleId: id });
    if (!result.ok) return { sale: this.get(id), fiscal: 'failed', fiscalError: result.error };
    const fiscal = result.value.receipt;
    this.till.store.transaction(() => {
      const entry = this.till.outbox.get(id)!;
      this.till.receipts.setFiscal(id, fiscal);
      this.till.outbox.updatePayload<'recordSale.v1'>(id, {
        ...(entry.payload as SaleInputPayload),
        fiscal: {
          terminalId: fiscal.terminalId,
          receiptSeq: fiscal.receiptSeq,
          dateTime: fiscal.dateTime,
          fiscalSign: fiscal.fiscalSign,
        },
      });
      this.till.outbox.release(id);
    })();
    this.till.changed();
    return { sale: this.get(id), fiscal: 'done', fiscalError: null };
  }

  get(saleId: unknown): RecordedSale {
    const id = parse(idSchema, saleId);
    const entry = this.till.outbox.get(id);
    if (entry?.command !== 'recordSale.v1') throw PosError.of('DOCUMENT_NOT_FOUND');
    return this.withRefunded([entry])[0]!;
  }

  recent(limit: unknown = 50): RecordedSale[] {
    const n = typeof limit === 'number' && Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 500) : 50;
    return this.withRefunded(this.till.outbox.listCommand('recordSale.v1', n));
  }

  unfinished(): RecordedSale[] {
    return this.withRefunded(
      this.till.outbox.list('held').filter((entry) => entry.command === 'recordSale.v1'),
    );
  }

  /** The sales of these entries, each with what this till's refunds took back from it (one query for all). */
  private withRefunded(entries: OutboxEntry[]): RecordedSale[] {
    const sales = entries.map((entry) => toRecordedSale(entry, this.receipt(entry.id)));
    const refunded = refundedTotals(this.till, new Map(sales.map((sale) => [sale.id, sale.lines])));
    return sales.map((sale) => {
      const done = toSaleRefunded(refunded.get(sale.id));
      return done ? { ...sale, refunded: done } : sale;
    });
  }

  private receipt(id: string): ReceiptRecord {
    const receipt = this.till.receipts.get(id);
    if (receipt?.kind !== 'sale') throw PosError.of('DOCUMENT_NOT_FOUND');
    return receipt;
  }

  /** Step 1: one transaction — outbox entry, receipt row, receipt counter. Returns the sale id. */
  private record(
    draft: SaleDraft,
    cashier: CashierInfo,
    shift: ShiftInfo,
    loyalty: SaleLoyaltyInfo | null,
  ): string {
    const id = this.till.newId();
    const createdAt = this.till.now().toISOString();
    const { kv, outbox, receipts, store, terminalId, fiscalMode } = this.till;
    store.transaction(() => {
      const receiptNumber = (kv.get<number>('receipt-number') ?? 0) + 1;
      kv.set('receipt-number', receiptNumber);
      outbox.enqueue('recordSale.v1', saleInput(draft, { id, createdAt, cashier, shift, receiptNumber }), {
        id,
        terminalId,
        deviceTime: createdAt,
        state: fiscalMode === 'local' ? 'held' : 'pending',
      });
      receipts.insert({
        documentId: id,
        kind: 'sale',
        shiftId: shift.id,
        receiptNumber,
        local: { ...localPart(draft), ...(loyalty ? { loyalty } : {}) },
      });
      if (loyalty) this.customers.spend(loyalty);
    })();
    this.till.changed();
    return id;
  }
}

function checkDiscount(draft: SaleDraft, cashier: CashierInfo): void {
  const discounted = tiyin(draft.discount) > 0n || draft.lines.some((line) => tiyin(line.discount) > 0n);
  if (discounted && !hasPermission(cashier, DISCOUNT_PERMISSION)) {
    throw PosError.of('DISCOUNT_NOT_PERMITTED', { detail: `a discount needs ${DISCOUNT_PERMISSION}` });
  }
}

/**
 * Goods sold only without cash (alcohol, tobacco) cannot be paid in cash, not even in part. Which
 * goods those are is the host's catalog's word: a renderer that sends `cashlessOnly: false` (or
 * nothing) for them does not get cash through. A line the renderer flags is refused too — the
 * flag can only make the rule stricter.
 */
function checkCashless(draft: SaleDraft, catalog: CashlessCatalog | null): void {
  if (!draft.payments.some((payment) => payment.method === 'CASH')) return;
  const listed = catalog?.cashlessOnly(draft.lines.map((line) => line.productId)) ?? new Set<string>();
  const cashless = draft.lines.find((line) => line.cashlessOnly || listed.has(line.productId.toLowerCase()));
  if (cashless) throw PosError.of('CASH_FOR_CASHLESS', { detail: `${cashless.name} is cashless only` });
}

/** One marking code per unit of a marked line, none repeated within the sale. */
function checkMarkingCodes(draft: SaleDraft): void {
  const seen = new Set<string>();
  for (const [index, line] of draft.lines.entries()) {
    const codes = line.markingCodes ?? [];
    if (line.markingRequired || codes.length > 0) {
      const units = wholeUnits(line.quantity);
      if (units === null || codes.length !== units) {
        throw PosError.of('MARKING_CODES_MISMATCH', {
          detail: `line ${index + 1}: ${codes.length} codes for quantity ${line.quantity}`,
        });
      }
    }
    for (const code of codes) {
      if (seen.has(code)) throw PosError.of('MARKING_CODES_MISMATCH', { detail: `code ${code} repeated` });
      seen.add(code);
    }
  }
}

/** The quantity as a whole number of units, or null for a fractional one (marked goods are pieces). */
function wholeUnits(quantity: string): number | null {
  const thousandths = parseQuantity(quantity);
  return thousandths % 1000n === 0n ? Number(thousandths / 1000n) : null;
}

function checkSums(draft: SaleDraft): void {
  const total = tiyin(draft.total);
  if (sumOf(draft.lines.map((line) => line.total)) !== total) throw PosError.of('TOTAL_MISMATCH');
  if (sumOf(draft.payments.map((payment) => payment.amount)) !== total) throw PosError.of('PAYMENT_MISMATCH');
  for (const payment of draft.payments) {
    if (
      payment.tendered !== undefined &&
      (payment.method !== 'CASH' || tiyin(payment.tendered) < tiyin(payment.amount))
    )
      throw PosError.of('PAYMENT_MISMATCH', { detail: 'tendered cash is below the amount, or not cash' });
  }
  for (const line of draft.lines) {
    if (tiyin(line.total) > gross(line))
      throw PosError.of('TOTAL_MISMATCH', { detail: 'a line net above its gross' });
  }
}

/** The canonical `Money` text ("1000.5" → "1000.50"). */
const money = (text: string) => formatMoney(tiyin(text));

const gross = (line: SaleDraft['lines'][number]) =>
  moneyTimesQuantity(tiyin(line.unitPrice), parseQuantity(line.quantity));

/** The server's `SaleInput` for the draft (what `syncSales` stores). */
function saleInput(
  draft: SaleDraft,
  meta: { id: string; createdAt: string; cashier: CashierInfo; shift: ShiftInfo; receiptNumber: number },
): SaleInputPayload {
  return {
    id: meta.id,
    createdAt: meta.createdAt,
    lines: draft.lines.map((line) => ({
      productId: line.productId,
      quantity: formatQuantity(parseQuantity(line.quantity)),
      unitPrice: money(line.unitPrice),
      ...(line.discount && tiyin(line.discount) > 0n ? { discount: money(line.discount) } : {}),
      vatRate: line.vatRate,
      name: line.name,
      ikpu: line.ikpu,
      packageCode: line.packageCode,
      ownerType: line.ownerType,
      ...(line.modifiers?.length
        ? { modifiers: line.modifiers.map((m) => ({ ...m, priceDelta: money(m.priceDelta) })) }
        : {}),
      ...(line.markingCodes?.length ? { markingCodes: line.markingCodes } : {}),
    })),
    payments: draft.payments.map((payment) => ({
      ...payment,
      amount: money(payment.amount),
      ...(payment.tendered === undefined ? {} : { tendered: money(payment.tendered) }),
    })),
    total: money(draft.total),
    ...(draft.discount && tiyin(draft.discount) > 0n ? { discount: money(draft.discount) } : {}),
    shiftId: meta.shift.id,
    ...(draft.customerId ? { customerId: draft.customerId } : {}),
    cashierId: meta.cashier.staffId,
    receiptNumber: meta.receiptNumber,
    ...(draft.catalogVersion ? { catalogVersion: draft.catalogVersion } : {}),
  };
}

/** What the till keeps beside the outbox entry: line nets, change, the fiscal request. */
function localPart(draft: SaleDraft): ReceiptLocal {
  const change = draft.payments
    .filter((payment) => payment.method === 'CASH' && payment.tendered !== undefined)
    .reduce((acc, payment) => acc + tiyin(payment.tendered) - tiyin(payment.amount), 0n);
  return {
    change: formatMoney(change),
    lineTotals: draft.lines.map((line) => line.total),
    total: draft.total,
    fiscalRequest: fiscalRequest(draft),
  };
}

/** The fiscal gateway's receipt request: gross per line, discount = gross − net, cash vs the rest. */
export function fiscalRequest(draft: Pick<SaleDraft, 'lines' | 'payments'>): Omit<FiscalSaleInput, 'saleId'> {
  const cash = sumOf(draft.payments.filter((p) => p.method === 'CASH').map((p) => p.amount));
  const other = sumOf(draft.payments.filter((p) => p.method !== 'CASH').map((p) => p.amount));
  return {
    items: draft.lines.map((line) => {
      // A refund's share can round one tiyin above the gross of its quantity: then it is the price.
      const net = tiyin(line.total);
      const lineGross = gross(line);
      // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigint
      const price = lineGross > net ? lineGross : net;
      const discount = price - net;
      return {
        name: line.name.slice(0, FM_NAME_MAX),
        spic: line.ikpu,
        packageCode: line.packageCode,
        ...(line.barcode ? { barcode: line.barcode } : {}),
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        price: formatMoney(price),
        ...(discount > 0n ? { discount: formatMoney(discount) } : {}),
        // Checked against RECEIPT_VAT_RATES by saleDraftSchema before the sale gets here.
        vatPercent: line.vatRate as ReceiptVatRate,
        ownerType: OWNER_TYPE[line.ownerType],
        ...(line.markingCodes?.length ? { labels: line.markingCodes } : {}),
      };
    }),
    payments: { cash: formatMoney(cash), card: formatMoney(other) },
  };
}

function toRecordedSale(entry: OutboxEntry, receipt: ReceiptRecord): RecordedSale {
  const payload = entry.payload as SaleInputPayload;
  const request = receipt.local.fiscalRequest;
  return {
    id: entry.id,
    seq: entry.seq,
    receiptNumber: receipt.receiptNumber ?? 0,
    shiftId: receipt.shiftId,
    cashierId: payload.cashierId ?? '',
    createdAt: payload.createdAt,
    total: payload.total,
    lines: payload.lines.map((line, index) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      ...(line.discount ? { discount: line.discount } : {}),
      total: receipt.local.lineTotals[index] ?? '0.00',
      vatRate: line.vatRate ?? STANDARD_VAT_RATE,
      name: line.name ?? '',
      ikpu: line.ikpu ?? '',
      packageCode: line.packageCode ?? '',
      ownerType: (line.ownerType ?? 'RESALE') as RecordedSale['lines'][number]['ownerType'],
      ...(request.items[index]?.barcode ? { barcode: request.items[index]!.barcode } : {}),
      ...(line.modifiers ? { modifiers: line.modifiers } : {}),
      ...(line.markingCodes ? { markingCodes: line.markingCodes } : {}),
    })),
    payments: payload.payments as RecordedSale['payments'],
    change: receipt.local.change,
    state: entry.state,
    fiscal: requisitesOf(receipt.fiscal),
    printCount: receipt.printCount,
    ...(payload.discount ? { discount: payload.discount } : {}),
    ...(payload.customerId ? { customerId: payload.customerId } : {}),
    ...(receipt.local.loyalty ? { loyalty: receipt.local.loyalty } : {}),
  };
}
