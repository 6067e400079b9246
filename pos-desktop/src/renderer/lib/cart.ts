/**
 * The cart of the sale being rung up, and the sale it becomes.
 *
 * The cart is a pure reducer, so it is tested without React. Every figure — line amounts,
 * discounts, VAT, total, change — is `computeReceipt` of `@jowi/receipt`, the function the sales
 * service validates a synced sale with, so the till and the server agree to the tiyin by
 * construction; {@link toSaleInput} turns the cart into the `SaleInput` the POS records and syncs.
 *
 * - A line is a product with its chosen modifiers: the same product with other modifiers is
 *   another line; adding a product already in the cart raises its quantity by one unit.
 * - Quantities are thousandths (`bigint`): pieces step by 1 000, weighed goods are set with three
 *   decimals. The unit price is the product's price plus the modifiers' deltas, fixed when the
 *   line is added.
 * - Every line stays valid: an action that would make a line impossible (a discount above its
 *   amount, an amount beyond the largest Money) is ignored, and lowering a quantity lowers the
 *   line's discount to fit.
 */
import {
  computeReceipt,
  DEFAULT_VAT_RATE,
  formatMoney,
  formatQuantity,
  moneyTimesQuantity,
  parseMoney,
  type Receipt,
  type ReceiptProblem,
  type ReceiptResult,
  settlementProblem,
  unitPriceWithModifiers,
} from '@jowi/receipt';
import type { PaymentDraft, SaleDraft, SaleLineDraft } from '../../shared/pos-types.ts';

/** `OwnerType` of the API: whether the product is resold, made in house or a service. */
export type OwnerType = 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';
/** `PaymentMethod` of the API. */
export type PaymentMethod = 'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY';
/** `CardBrand` of the API. */
export type CardBrand = 'UZCARD' | 'HUMO' | 'VISA' | 'MASTERCARD' | 'OTHER';

/** A product as the catalog gives it to the cart; the fiscal snapshots are optional. */
export interface CartProduct {
  id: string;
  name: string;
  /** The API's `Money` string, e.g. "45000.00". */
  price: string;
  /** VAT rate in percent; 12 when absent. */
  vatRate?: number | null;
  ikpu?: string | null;
  packageCode?: string | null;
  ownerType?: OwnerType | null;
  /** Sold only without cash (alcohol, tobacco): the till offers no cash payment for the cart. */
  cashlessOnly?: boolean | null;
  /** Each unit carries a marking code ("Asl belgisi") scanned at sale. */
  markingRequired?: boolean | null;
}

/** A modifier chosen for a line, with its price per unit. */
export interface CartModifier {
  modifierId: string;
  name: string;
  /** Added to the unit price, in tiyin. */
  priceDelta: bigint;
}

/** One line of the cart. Money in tiyin, quantity in thousandths. */
export interface CartLine {
  /** The product and its modifiers: what makes two lines different. */
  key: string;
  productId: string;
  name: string;
  /** The product's price plus the modifiers' deltas, fixed when the line was added. */
  unitPrice: bigint;
  quantity: bigint;
  /** The line's own discount. */
  discount: bigint;
  vatRate: number;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: OwnerType | null;
  cashlessOnly: boolean;
  modifiers: CartModifier[];
  /** The line needs one marking code per unit before it can be paid. */
  markingRequired: boolean;
  /** Marking codes scanned for the line's units (never more than its whole units). */
  markingCodes: string[];
}

/** What the cart can be asked to do. */
export type CartAction =
  | { type: 'add'; product: CartProduct; modifiers?: readonly CartModifier[]; quantity?: bigint }
  | { type: 'increment' | 'decrement' | 'remove'; key: string }
  | { type: 'setQuantity'; key: string; quantity: bigint }
  | { type: 'setDiscount'; key: string; discount: bigint }
  | { type: 'setMarkingCodes'; key: string; codes: readonly string[] }
  | { type: 'clear' };

/** One unit of a piece good, in thousandths. */
export const ONE = 1000n;

/** The key of a product with these modifiers (order of choice does not matter). */
export function lineKey(productId: string, modifiers: readonly CartModifier[] = []): string {
  return [productId, ...modifiers.map((m) => m.modifierId).sort()].join('+');
}

/** Whether the receipt arithmetic accepts the line (quantity above zero, discount within it, amount a Money). */
function isValid(line: CartLine): boolean {
  return computeReceipt({ lines: [line] }).ok;
}

function newLine(product: CartProduct, modifiers: readonly CartModifier[], quantity: bigint): CartLine {
  return {
    key: lineKey(product.id, modifiers),
    productId: product.id,
    name: product.name,
    unitPrice: unitPriceWithModifiers(
      parseMoney(product.price),
      modifiers.map((m) => m.priceDelta),
    ),
    quantity,
    discount: 0n,
    vatRate: product.vatRate ?? DEFAULT_VAT_RATE,
    ikpu: product.ikpu ?? null,
    packageCode: product.packageCode ?? null,
    ownerType: product.ownerType ?? null,
    cashlessOnly: product.cashlessOnly ?? false,
    modifiers: [...modifiers],
    markingRequired: product.markingRequired ?? false,
    markingCodes: [],
  };
}

/**
 * The line with a new quantity (none at zero or below); its discount shrinks to fit the amount
 * and its marking codes to the units left (the last scanned go first).
 */
function withQuantity(line: CartLine, quantity: bigint): CartLine | null {
  if (quantity <= 0n) return null;
  const gross = moneyTimesQuantity(line.unitPrice, quantity);
  const fits = line.discount <= gross;
  const units = Number(quantity / ONE);
  const markingCodes =
    line.markingCodes.length > units ? line.markingCodes.slice(0, units) : line.markingCodes;
  return { ...line, quantity, discount: fits ? line.discount : gross, markingCodes };
}

/** Whole units of a quantity, or null for a fractional one (marked goods are sold by the piece). */
export function wholeUnits(quantity: bigint): number | null {
  return quantity % ONE === 0n ? Number(quantity / ONE) : null;
}

/** Codes for a line: no more than its whole units, none repeated. */
function fitsCodes(line: CartLine, codes: readonly string[]): boolean {
  const units = wholeUnits(line.quantity);
  return units !== null && codes.length <= units && new Set(codes).size === codes.length;
}

/** Replaces the line with `key` by `change(line)`: null removes it, an invalid line is ignored. */
function update(
  lines: readonly CartLine[],
  key: string,
  change: (line: CartLine) => CartLine | null,
): CartLine[] {
  return lines.flatMap((line) => {
    if (line.key !== key) return [line];
    const next = change(line);
    if (next === null) return [];
    return [isValid(next) ? next : line];
  });
}

/** Applies one action (see the file header for the rules). */
export function cartReducer(lines: readonly CartLine[], action: CartAction): CartLine[] {
  switch (action.type) {
    case 'add': {
      const modifiers = action.modifiers ?? [];
      const quantity = action.quantity ?? ONE;
      const key = lineKey(action.product.id, modifiers);
      if (lines.some((l) => l.key === key))
        return update(lines, key, (l) => withQuantity(l, l.quantity + quantity));
      const line = newLine(action.product, modifiers, quantity);
      return isValid(line) ? [...lines, line] : [...lines];
    }
    case 'increment':
      return update(lines, action.key, (l) => withQuantity(l, l.quantity + ONE));
    case 'decrement':
      return update(lines, action.key, (l) => withQuantity(l, l.quantity - ONE));
    case 'setQuantity':
      return update(lines, action.key, (l) => withQuantity(l, action.quantity));
    case 'setDiscount':
      return update(lines, action.key, (l) => ({ ...l, discount: action.discount }));
    case 'setMarkingCodes':
      return update(lines, action.key, (l) =>
        fitsCodes(l, action.codes) ? { ...l, markingCodes: [...action.codes] } : l,
      );
    case 'remove':
      return lines.filter((l) => l.key !== action.key);
    case 'clear':
      return [];
  }
}

/** A payment taken at the till. Money in tiyin. */
export interface CartPayment {
  method: PaymentMethod;
  amount: bigint;
  /** Cash handed over (CASH only). */
  tendered?: bigint | null;
  cardBrand?: CardBrand | null;
  reference?: string | null;
}

/** The cart's receipt: every figure, or why it cannot exist (a receipt discount above the lines …). */
export function cartReceipt(
  lines: readonly CartLine[],
  options: { discount?: bigint; payments?: readonly CartPayment[] } = {},
): ReceiptResult {
  return computeReceipt({ lines, discount: options.discount ?? 0n, payments: options.payments ?? [] });
}

function validReceipt(lines: readonly CartLine[]): Receipt {
  const result = cartReceipt(lines);
  // The reducer keeps every line valid, so a cart without receipt discount always has a receipt.
  if (!result.ok) throw new Error(`cart holds an impossible line: ${result.problem.message}`);
  return result.receipt;
}

/** A line's amount before any receipt discount (quantity × unit price, less its own discount), in tiyin. */
export function lineTotal(line: CartLine): bigint {
  return validReceipt([line]).lines[0]!.base;
}

/** The cart's total before any receipt discount, in tiyin. */
export function cartTotal(lines: readonly CartLine[]): bigint {
  return validReceipt(lines).total;
}

/** A fiscal module's answer for the receipt (local mode), as `SaleFiscalInput`. */
export interface SaleFiscal {
  terminalId: string;
  receiptSeq: number;
  dateTime: string;
  fiscalSign: string;
}

/** What a sale holds beyond its lines. */
export interface SaleDetails {
  /** Client-generated UUID (v7), the idempotency key. */
  id: string;
  /** Device time of the sale. */
  createdAt: Date;
  /** Receipt-level discount in tiyin. */
  discount?: bigint;
  payments: readonly CartPayment[];
  shiftId?: string | null;
  customerId?: string | null;
  cashierId?: string | null;
  receiptNumber?: number | null;
  catalogVersion?: string | null;
  fiscal?: SaleFiscal | null;
}

/** `SaleLineInput` as JSON: Money and Quantity as decimal strings. */
export interface SaleLineJson {
  productId: string;
  quantity: string;
  unitPrice: string;
  discount?: string;
  vatRate: number;
  name: string;
  ikpu?: string;
  packageCode?: string;
  ownerType?: OwnerType;
  modifiers?: { modifierId: string; name: string; priceDelta: string }[];
  markingCodes?: string[];
}

/** `PaymentInput` as JSON. */
export interface PaymentJson {
  method: PaymentMethod;
  amount: string;
  tendered?: string;
  cardBrand?: CardBrand;
  reference?: string;
}

/** `SaleInput` as JSON: what the POS records in its outbox and sends to `syncSales`. */
export interface SaleInputJson {
  id: string;
  createdAt: string;
  lines: SaleLineJson[];
  payments: PaymentJson[];
  total: string;
  discount?: string;
  shiftId?: string;
  customerId?: string;
  cashierId?: string;
  receiptNumber?: number;
  catalogVersion?: string;
  fiscal?: SaleFiscal;
}

/** Why a cart cannot become a sale: an empty cart, or a receipt or settlement problem. */
export type SaleProblem = ReceiptProblem | { code: 'EMPTY_SALE'; message: string; path: string[] };

/** Result of {@link toSaleInput}. */
export type SaleInputResult =
  | { ok: true; sale: SaleInputJson; receipt: Receipt }
  | { ok: false; problem: SaleProblem };

/** Keeps only the fields that have a value, so the JSON carries no nulls. */
function present<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null)) as {
    [K in keyof T]?: Exclude<T[K], null | undefined>;
  };
}

function lineJson(line: CartLine): SaleLineJson {
  return {
    productId: line.productId,
    quantity: formatQuantity(line.quantity),
    unitPrice: formatMoney(line.unitPrice),
    ...(line.discount > 0n ? { discount: formatMoney(line.discount) } : {}),
    vatRate: line.vatRate,
    name: line.name,
    ...present({ ikpu: line.ikpu, packageCode: line.packageCode, ownerType: line.ownerType }),
    ...(line.modifiers.length
      ? {
          modifiers: line.modifiers.map((m) => ({
            modifierId: m.modifierId,
            name: m.name,
            priceDelta: formatMoney(m.priceDelta),
          })),
        }
      : {}),
    ...(line.markingCodes.length ? { markingCodes: [...line.markingCodes] } : {}),
  };
}

function paymentJson(payment: CartPayment): PaymentJson {
  return {
    method: payment.method,
    amount: formatMoney(payment.amount),
    ...(payment.tendered == null ? {} : { tendered: formatMoney(payment.tendered) }),
    ...present({ cardBrand: payment.cardBrand, reference: payment.reference }),
  };
}

/**
 * The sale the cart becomes, as `SaleInput` JSON with the total computed by the receipt
 * arithmetic — or the problem that keeps it from being a sale (empty cart, receipt discount above
 * the lines, payments that do not settle the total …), with the same codes `syncSales` answers.
 */
export function toSaleInput(lines: readonly CartLine[], details: SaleDetails): SaleInputResult {
  if (lines.length === 0) {
    return {
      ok: false,
      problem: { code: 'EMPTY_SALE', message: 'A sale needs at least one line', path: ['lines'] },
    };
  }
  const result = cartReceipt(lines, { discount: details.discount ?? 0n, payments: details.payments });
  if (!result.ok) return result;
  const unsettled = settlementProblem(result.receipt);
  if (unsettled) return { ok: false, problem: unsettled };
  const { receipt } = result;
  return {
    ok: true,
    receipt,
    sale: {
      id: details.id,
      createdAt: details.createdAt.toISOString(),
      lines: lines.map(lineJson),
      payments: details.payments.map(paymentJson),
      total: formatMoney(receipt.total),
      ...(receipt.discount > 0n ? { discount: formatMoney(receipt.discount) } : {}),
      ...present({
        shiftId: details.shiftId,
        customerId: details.customerId,
        cashierId: details.cashierId,
        receiptNumber: details.receiptNumber,
        catalogVersion: details.catalogVersion,
        fiscal: details.fiscal,
      }),
    },
  };
}

/** What a sale needs beyond its lines when the till hands it to the POS host. */
export interface DraftDetails {
  payments: readonly CartPayment[];
  /** Receipt-level discount in tiyin. */
  discount?: bigint;
  customerId?: string | null;
  catalogVersion: string | null;
}

/**
 * Why a cart cannot be handed to the host: a sale problem, a product without its fiscal codes, or
 * a marked line without one scanned code per unit.
 */
export type DraftProblem =
  | SaleProblem
  | { code: 'MISSING_FISCAL_DATA' | 'MISSING_MARKING_CODES'; message: string; path: string[] };

/** Result of {@link toSaleDraft}. */
export type SaleDraftResult =
  | { ok: true; draft: SaleDraft; receipt: Receipt }
  | { ok: false; problem: DraftProblem };

function lineDraft(line: CartLine, net: bigint): SaleLineDraft | null {
  const { ikpu, packageCode, ownerType } = line;
  if (!ikpu || !packageCode || !ownerType) return null;
  const json = lineJson(line);
  return {
    ...json,
    total: formatMoney(net),
    ikpu,
    packageCode,
    ownerType,
    ...(line.cashlessOnly ? { cashlessOnly: true } : {}),
    ...(line.markingRequired ? { markingRequired: true } : {}),
  };
}

/** The first marked line that still lacks codes (one per whole unit), or undefined. */
export function unmarkedLine(lines: readonly CartLine[]): CartLine | undefined {
  return lines.find((line) => line.markingRequired && line.markingCodes.length !== wholeUnits(line.quantity));
}

/** The host knows the four card schemes; any other card is recorded without a brand. */
function paymentDraft({ cardBrand, ...payment }: PaymentJson): PaymentDraft {
  return cardBrand && cardBrand !== 'OTHER' ? { ...payment, cardBrand } : payment;
}

/**
 * The `SaleDraft` the till asks the POS host to record (`window.pos.sale.complete`): the same
 * receipt arithmetic as {@link toSaleInput}, each line carrying its net after the receipt
 * discount. The host sets ids, times, cashier, shift and receipt number itself.
 */
export function toSaleDraft(lines: readonly CartLine[], details: DraftDetails): SaleDraftResult {
  const checked = toSaleInput(lines, {
    id: 'draft',
    createdAt: new Date(0),
    payments: details.payments,
    ...(details.discount ? { discount: details.discount } : {}),
  });
  if (!checked.ok) return checked;
  const unmarked = unmarkedLine(lines);
  if (unmarked) {
    return {
      ok: false,
      problem: {
        code: 'MISSING_MARKING_CODES',
        message: `${unmarked.name} needs one marking code per unit`,
        path: ['lines', String(lines.indexOf(unmarked)), 'markingCodes'],
      },
    };
  }
  const { receipt } = checked;
  const drafts: SaleLineDraft[] = [];
  for (const [index, line] of lines.entries()) {
    const draft = lineDraft(line, receipt.lines[index]!.net);
    if (!draft) {
      return {
        ok: false,
        problem: {
          code: 'MISSING_FISCAL_DATA',
          message: `${line.name} has no IKPU, package code or owner type`,
          path: ['lines', String(index)],
        },
      };
    }
    drafts.push(draft);
  }
  return {
    ok: true,
    receipt,
    draft: {
      lines: drafts,
      payments: checked.sale.payments.map(paymentDraft),
      total: checked.sale.total,
      ...(checked.sale.discount ? { discount: checked.sale.discount } : {}),
      ...(details.customerId ? { customerId: details.customerId } : {}),
      catalogVersion: details.catalogVersion,
    },
  };
}

/** Whether the cart holds goods that must be paid without cash (the host refuses cash for them too). */
export function needsCashless(lines: readonly CartLine[]): boolean {
  return lines.some((line) => line.cashlessOnly);
}
