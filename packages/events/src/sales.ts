/**
 * Events of the sales subgraph: a stored sale, a stored refund, a closed cash shift. Amounts are
 * `Money` strings and quantities `Quantity` strings; what the server decided (store, shift,
 * cashier, business day) is included, so consumers never read sales' tables.
 */
import { z } from 'zod';
import { date, dateTime, money, ownerType, paymentMethod, quantity, uuid } from './scalars.ts';

/** A modifier chosen on a sale line. */
const saleLineModifier = z.object({
  modifierId: z.string().min(1),
  name: z.string(),
  priceDelta: money,
});

/** One line of a stored sale, with the product snapshot the POS sent (null when it sent none). */
const saleLine = z.object({
  /** 1-based line number, the key refunds use. */
  lineNo: z.number().int().min(1),
  productId: uuid,
  name: z.string().nullable(),
  /** IKPU (MXIK) classification code as sent. */
  ikpu: z.string().nullable(),
  packageCode: z.string().nullable(),
  ownerType: ownerType.nullable(),
  quantity,
  /** Price of one unit, VAT included. */
  unitPrice: money,
  /** The line's own discount. */
  discount: money,
  /** This line's share of the receipt discount. */
  receiptDiscount: money,
  /** Net amount of the line: round_half_up(quantity × unit price) − both discounts. */
  total: money,
  /** VAT rate in percent (0, 12, …). */
  vatRate: z.number().int().min(0).max(100),
  /** VAT included in `total`. */
  vatAmount: money,
  modifiers: z.array(saleLineModifier),
  /** Marking codes of the units sold, one per unit (issue 14; absent for unmarked goods and older events). */
  markingCodes: z.array(z.string()).optional(),
});

/** Requisites the POS's own fiscal module returned (local mode). */
const saleFiscal = z.object({
  /** The fiscal module's terminal id (e.g. `UZ191211501033`). */
  terminalId: z.string(),
  receiptSeq: z.number().int(),
  /** The module's receipt time, `yyyyMMddHHmmss`. */
  dateTime: z.string(),
  fiscalSign: z.string(),
});

const salePayment = z.object({
  method: paymentMethod,
  amount: money,
  /** Cash handed over (CASH only). */
  tendered: money.nullable(),
  /** tendered − amount (CASH with tendered only). */
  change: money.nullable(),
  cardBrand: z.string().nullable(),
  reference: z.string().nullable(),
});

/** `sale.created` v1: a sale was stored (once per sale id, whatever the resends). Aggregate: the sale id. */
export const saleCreatedV1 = z.object({
  saleId: uuid,
  /** The POS terminal (a Jowi terminal id). */
  terminalId: uuid,
  storeId: uuid,
  shiftId: uuid.nullable(),
  cashierId: uuid.nullable(),
  customerId: uuid.nullable(),
  /** Device time of the sale. */
  createdAt: dateTime,
  /** Business day in the store's time zone. */
  businessDate: date,
  receiptNumber: z.number().int().nullable(),
  total: money,
  subtotal: money,
  discount: money,
  vatTotal: money,
  lines: z.array(saleLine),
  /** Present only when the POS registered the receipt with its own fiscal module. */
  fiscal: saleFiscal.optional(),
  payments: z.array(salePayment),
});

/** `sale.refunded` v1: a refund (return) of some or all of a sale's lines. Aggregate: the sale id. */
export const saleRefundedV1 = z.object({
  refundId: uuid,
  saleId: uuid,
  terminalId: uuid,
  storeId: uuid,
  shiftId: uuid.nullable(),
  cashierId: uuid.nullable(),
  /** The sale's customer, if it had one. */
  customerId: uuid.nullable(),
  createdAt: dateTime,
  businessDate: date,
  /** Money paid back. */
  total: money,
  vatTotal: money,
  lines: z.array(
    z.object({
      lineNo: z.number().int().min(1),
      /** The sale line returned (its `lineNo` in `sale.created`). */
      saleLineNo: z.number().int().min(1),
      productId: uuid,
      quantity,
      amount: money,
      vatAmount: money,
    }),
  ),
  payments: z.array(z.object({ method: paymentMethod, amount: money })),
});

/** `shift.closed` v1: a cash shift was closed, with its figures as of the close. Aggregate: the shift id. */
export const shiftClosedV1 = z.object({
  shiftId: uuid,
  terminalId: uuid,
  storeId: uuid,
  number: z.number().int(),
  openedAt: dateTime,
  openedBy: uuid.nullable(),
  closedAt: dateTime.nullable(),
  closedBy: uuid.nullable(),
  openingFloat: money,
  countedCash: money,
  expectedCash: money,
  cashDifference: money,
  salesCount: z.number().int(),
  salesTotal: money,
  discountTotal: money,
  refundsCount: z.number().int(),
  refundsTotal: money,
  netTotal: money,
  vatTotal: money,
  vatByRate: z.array(z.object({ rate: z.number().int(), amount: money, vat: money })),
  byPaymentMethod: z.array(
    z.object({ method: paymentMethod, sales: money, refunds: money, net: money, count: z.number().int() }),
  ),
  cashIn: money,
  cashOut: money,
});
