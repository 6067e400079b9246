/**
 * One interface for every fiscal device.
 *
 * Uzbek law wants a fiscal receipt — fiscal sign and QR link — for every sale. The fiscal
 * module (FM) that signs it sits behind a vendor service (E-POS Communicator today, others
 * later), and each of those speaks its own protocol and has its own error list. The POS and the
 * gateway's HTTP API only ever see {@link FiscalDriver} and {@link FiscalError}: typed receipts
 * with money in bigint tiyin, typed fiscal data back, and one stable error code per situation
 * with an operator message in Uzbek, Russian and English.
 */
import { type FiscalRequisites, includedVat, moneyTimesQuantity, type ReceiptVatRate } from '@jowi/receipt';

/** Stable error codes. Never renamed or reused: the POS, logs and the back office key on them. */
export const FISCAL_ERROR_CODES = [
  'PAPER_OUT',
  'COVER_OPEN',
  'FM_OFFLINE',
  'FM_LOCKED',
  'MEMORY_FULL',
  'UNSENT_TOO_OLD',
  'SHIFT_CLOSED',
  'SHIFT_ALREADY_OPEN',
  'SHIFT_EMPTY',
  'SHIFT_FULL',
  'SHIFT_EXPIRED',
  'Z_LIMIT',
  'REFUND_EXCEEDS_SHIFT',
  'CLOCK_BACKWARDS',
  'INVALID_RECEIPT',
  'TIMEOUT',
  'DEVICE_ERROR',
  'IDEMPOTENCY_CONFLICT',
  'ORIGINAL_NOT_FOUND',
  'RECEIPT_NOT_FOUND',
  'INVALID_REQUEST',
  'INTERNAL_ERROR',
] as const;

/** One of {@link FISCAL_ERROR_CODES}. */
export type FiscalErrorCode = (typeof FISCAL_ERROR_CODES)[number];

/** An operator-facing message in the three languages a cashier in Uzbekistan may read. */
export interface OperatorMessages {
  uz: string;
  ru: string;
  en: string;
}

interface CodeInfo {
  /** HTTP status the gateway answers with: 409 rule violation, 503/504 device, 400 bad input. */
  httpStatus: number;
  /** Whether the same request may succeed later without being changed (after a fix by hand). */
  retryable: boolean;
  messages: OperatorMessages;
}

/** Status, retryability and messages per code, defined once so every surface agrees. */
export const FISCAL_ERRORS: Record<FiscalErrorCode, CodeInfo> = {
  PAPER_OUT: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Chek printerida qogʻoz tugadi. Yangi rulon qoʻying va qayta urinib koʻring.',
      ru: 'В принтере чеков закончилась бумага. Вставьте новый рулон и повторите.',
      en: 'The receipt printer is out of paper. Load a new paper roll and try again.',
    },
  },
  COVER_OPEN: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Chek printerining qopqogʻi ochiq. Qopqoqni yoping va qayta urinib koʻring.',
      ru: 'Открыта крышка принтера чеков. Закройте крышку и повторите.',
      en: 'The receipt printer cover is open. Close the cover and try again.',
    },
  },
  FM_OFFLINE: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Fiskal modul javob bermayapti. Modul ulanganini va E-POS Communicator ishlayotganini tekshiring, soʻng qayta urinib koʻring.',
      ru: 'Фискальный модуль не отвечает. Проверьте подключение модуля и работу E-POS Communicator и повторите.',
      en: 'The fiscal module is not responding. Check that it is connected and that E-POS Communicator is running, then try again.',
    },
  },
  FM_LOCKED: {
    httpStatus: 503,
    retryable: false,
    messages: {
      uz: 'Fiskal modul soliq operatori tomonidan bloklangan. Savdolarni fiskallashtirib boʻlmaydi; texnik xizmat koʻrsatish markaziga murojaat qiling.',
      ru: 'Фискальный модуль заблокирован налоговым оператором. Продажи нельзя фискализировать; обратитесь в ЦТО.',
      en: 'The fiscal module is locked by the tax operator. Sales cannot be fiscalized; contact your service centre.',
    },
  },
  MEMORY_FULL: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Fiskal modulda yuborilmagan cheklar xotirasi toʻldi. Cheklar soliq operatoriga yuborilishi uchun internetga ulaning va qayta urinib koʻring.',
      ru: 'Память фискального модуля для неотправленных чеков заполнена. Подключите интернет, чтобы чеки ушли оператору, и повторите.',
      en: 'The fiscal module’s memory for unsent receipts is full. Connect to the internet so receipts reach the tax operator, then try again.',
    },
  },
  UNSENT_TOO_OLD: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Cheklar soliq operatoriga juda uzoq vaqt yuborilmagan. Internetga ulaning va yuborilmagan cheklarni yuboring.',
      ru: 'Чеки слишком долго не отправлялись налоговому оператору. Подключите интернет и отправьте неотправленные чеки.',
      en: 'Receipts have not reached the tax operator for too long. Connect to the internet and send the unsent receipts.',
    },
  },
  SHIFT_CLOSED: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Smena ochilmagan. Sotuvdan oldin smenani oching.',
      ru: 'Смена не открыта. Откройте смену перед продажей.',
      en: 'The shift is not open. Open a shift before selling.',
    },
  },
  SHIFT_ALREADY_OPEN: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Smena allaqachon ochiq.',
      ru: 'Смена уже открыта.',
      en: 'A shift is already open.',
    },
  },
  SHIFT_EMPTY: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Smenada birorta ham chek yoʻq, shuning uchun uni Z-hisobot bilan yopib boʻlmaydi.',
      ru: 'В смене нет ни одного чека, поэтому её нельзя закрыть Z-отчётом.',
      en: 'The shift has no receipts, so it cannot be closed with a Z report.',
    },
  },
  SHIFT_FULL: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Smenadagi cheklar soni chegaraga (9 999) yetdi. Smenani yoping (Z-hisobot) va yangisini oching.',
      ru: 'Достигнут предел чеков в смене (9 999). Закройте смену (Z-отчёт) и откройте новую.',
      en: 'The shift has reached its receipt limit (9,999). Close the shift (Z report) and open a new one.',
    },
  },
  SHIFT_EXPIRED: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Smena 24 soatdan ortiq ochiq turibdi. Uni yoping (Z-hisobot) va yangisini oching.',
      ru: 'Смена открыта более 24 часов. Закройте её (Z-отчёт) и откройте новую.',
      en: 'The shift has been open for more than 24 hours. Close it (Z report) and open a new one.',
    },
  },
  Z_LIMIT: {
    httpStatus: 503,
    retryable: false,
    messages: {
      uz: 'Fiskal modulda Z-hisobotlar uchun joy qolmadi, modulni almashtirish kerak. Texnik xizmat koʻrsatish markaziga murojaat qiling.',
      ru: 'В фискальном модуле не осталось места для Z-отчётов, модуль нужно заменить. Обратитесь в ЦТО.',
      en: 'The fiscal module has no room for more Z reports and must be replaced. Contact your service centre.',
    },
  },
  REFUND_EXCEEDS_SHIFT: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Qaytarish summasi ushbu smenada qabul qilingan naqd pul, karta yoki QQS summasidan katta.',
      ru: 'Сумма возврата больше наличных, безналичных или НДС, принятых в этой смене.',
      en: 'The refund is larger than the cash, card or VAT taken in this shift.',
    },
  },
  CLOCK_BACKWARDS: {
    httpStatus: 409,
    retryable: true,
    messages: {
      uz: 'Amal vaqti oldingi amaldan kamida 1 soniya keyin boʻlishi kerak. Kompyuter soatini tekshiring va qayta urinib koʻring.',
      ru: 'Время операции должно быть хотя бы на 1 секунду позже предыдущей. Проверьте часы компьютера и повторите.',
      en: 'The operation time must be at least 1 second after the previous operation. Check the computer clock and try again.',
    },
  },
  INVALID_RECEIPT: {
    httpStatus: 400,
    retryable: false,
    messages: {
      uz: 'Chek maʼlumotlari notoʻgʻri (nomi, MXIK kodi, summalar yoki toʻlovlar). Chekni tuzating.',
      ru: 'Неверные данные чека (название, ИКПУ, суммы или оплаты). Исправьте чек.',
      en: 'The receipt data is invalid (name, IKPU code, amounts or payments). Correct the receipt.',
    },
  },
  TIMEOUT: {
    httpStatus: 504,
    retryable: true,
    messages: {
      uz: 'Fiskal modul oʻz vaqtida javob bermadi. Xuddi shu savdoni qayta yuboring — u ikki marta roʻyxatga olinmaydi.',
      ru: 'Фискальный модуль не ответил вовремя. Повторите ту же продажу — дважды она не будет зарегистрирована.',
      en: 'The fiscal module did not answer in time. Retry the same sale — it will not be registered twice.',
    },
  },
  DEVICE_ERROR: {
    httpStatus: 503,
    retryable: true,
    messages: {
      uz: 'Fiskal qurilma kutilmagan xato qaytardi. Qayta urinib koʻring; xato takrorlansa, E-POS Communicator’ni qayta ishga tushiring.',
      ru: 'Фискальное устройство вернуло неожиданную ошибку. Повторите; если ошибка повторяется, перезапустите E-POS Communicator.',
      en: 'The fiscal device returned an unexpected error. Try again; if it repeats, restart E-POS Communicator.',
    },
  },
  IDEMPOTENCY_CONFLICT: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Bu savdo boshqa tarkib bilan allaqachon yuborilgan. Savdo identifikatorini boshqa chek uchun ishlatib boʻlmaydi.',
      ru: 'Эта продажа уже отправлена с другим содержимым. Идентификатор продажи нельзя использовать для другого чека.',
      en: 'This sale was already sent with different contents. A sale id cannot be reused for another receipt.',
    },
  },
  ORIGINAL_NOT_FOUND: {
    httpStatus: 409,
    retryable: false,
    messages: {
      uz: 'Qaytarishning asl savdosi uchun fiskal chek topilmadi. Asl chekning fiskal maʼlumotlarini kiriting.',
      ru: 'Для исходной продажи этого возврата не найден фискальный чек. Укажите фискальные данные исходного чека.',
      en: 'No fiscal receipt was found for the refunded sale. Give the original receipt’s fiscal data.',
    },
  },
  RECEIPT_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    messages: {
      uz: 'Bu savdo uchun fiskal chek topilmadi.',
      ru: 'Фискальный чек для этой продажи не найден.',
      en: 'No fiscal receipt was found for this sale.',
    },
  },
  INVALID_REQUEST: {
    httpStatus: 400,
    retryable: false,
    messages: {
      uz: 'Soʻrov notoʻgʻri.',
      ru: 'Неверный запрос.',
      en: 'The request is invalid.',
    },
  },
  INTERNAL_ERROR: {
    httpStatus: 500,
    retryable: true,
    messages: {
      uz: 'Fiskal shlyuzda kutilmagan xato. Qayta urinib koʻring — savdo ikki marta roʻyxatga olinmaydi.',
      ru: 'Непредвиденная ошибка фискального шлюза. Повторите — продажа не будет зарегистрирована дважды.',
      en: 'Unexpected error in the fiscal gateway. Try again — the sale will not be registered twice.',
    },
  },
};

/**
 * A fiscal failure with a stable `code`. Drivers translate every vendor error into one of these
 * so the cashier sees the same clear message whatever device is attached.
 */
export class FiscalError extends Error {
  /** Operator message in Uzbek, Russian and English. */
  readonly messages: OperatorMessages;
  /** Whether retrying the same request later (possibly after a fix by hand) can succeed. */
  readonly retryable: boolean;
  /**
   * True when the device may have registered the receipt although we got an error (timeout,
   * connection lost mid-request). The gateway then keeps its journal entry `pending` and asks
   * the FM before ever registering again.
   */
  readonly uncertain: boolean;

  constructor(
    readonly code: FiscalErrorCode,
    /** Technical detail for logs (vendor error name, limit reached); not shown to cashiers. */
    readonly detail?: string,
    options: { uncertain?: boolean; cause?: unknown } = {},
  ) {
    super(FISCAL_ERRORS[code].messages.en + (detail ? ` (${detail})` : ''), { cause: options.cause });
    this.name = 'FiscalError';
    this.messages = FISCAL_ERRORS[code].messages;
    this.retryable = FISCAL_ERRORS[code].retryable;
    this.uncertain = options.uncertain ?? false;
  }

  /** HTTP status for this code. */
  get httpStatus(): number {
    return FISCAL_ERRORS[this.code].httpStatus;
  }

  /** The JSON body every gateway fault is answered with. */
  toJSON(): { code: FiscalErrorCode; message: string; messages: OperatorMessages; retryable: boolean } {
    return { code: this.code, message: this.message, messages: this.messages, retryable: this.retryable };
  }
}

/** Type guard that also narrows to one code, for tests and callers that recover from one case. */
export function isFiscalError(error: unknown, code?: FiscalErrorCode): error is FiscalError {
  return error instanceof FiscalError && (code === undefined || error.code === code);
}

/** Who owns the goods, as the FM wants it: 0 resale, 1 own production, 2 service. */
export type OwnerType = 0 | 1 | 2;

/** One receipt line. Money in bigint tiyin, quantity in bigint thousandths — never floats. */
export interface ReceiptItem {
  /** Goods name as printed; the FM takes at most 63 characters. */
  name: string;
  /** IKPU (MXIK) code, 17 digits. */
  spic: string;
  /** Package code from the tasnif catalogue for this IKPU. */
  packageCode: string;
  /** Unit code (1 pcs, 4 g, 5 kg, 23 l…); optional. */
  units?: number;
  /** GTIN (EAN-8/13), optional. */
  barcode?: string;
  /** Quantity in thousandths (1 pcs = 1000n, 0.25 kg = 250n). */
  quantity: bigint;
  /** Unit price in tiyin, VAT included. */
  unitPrice: bigint;
  /** Line total before discount in tiyin; defaults to unitPrice × quantity rounded to the tiyin. */
  price?: bigint;
  /** Discount on the line in tiyin. */
  discount?: bigint;
  /** VAT rate in percent (0, 12; legacy 15): `@jowi/receipt`'s RECEIPT_VAT_RATES. */
  vatPercent: ReceiptVatRate;
  /** VAT contained in the line (after discount) in tiyin; computed from the rate when absent. */
  vat?: bigint;
  ownerType: OwnerType;
  /** Marking codes ("Asl belgisi") of the units sold, one per unit; sent to the FM as `Labels`. */
  labels?: string[];
}

/** A line with every default filled in: what is sent to the FM and printed on the slip. */
export interface ResolvedLine {
  price: bigint;
  discount: bigint;
  /** price − discount: what the customer pays for the line. */
  amount: bigint;
  vat: bigint;
}

/**
 * Fills a line's defaults: price = unit price × quantity (rounded to the tiyin), no discount,
 * VAT = the part of the amount contained at the line's rate. One definition, so the FM and the
 * printed slip can never disagree.
 */
export function resolveLine(item: ReceiptItem): ResolvedLine {
  const price = item.price ?? moneyTimesQuantity(item.unitPrice, item.quantity);
  const discount = item.discount ?? 0n;
  const amount = price - discount;
  return { price, discount, amount, vat: item.vat ?? includedVat(amount, item.vatPercent) };
}

/** What the POS asks the FM to sign for a sale. */
export interface SaleReceipt {
  /**
   * The POS's own id for this document (the sale UUID, or the refund's UUID). It is stored in
   * the FM with the receipt so the gateway can find out after a crash whether it was signed.
   */
  externalId: string;
  items: ReceiptItem[];
  /** Paid in cash, in tiyin, net of change: cash + card must equal the receipt total. */
  receivedCash: bigint;
  /** Paid by card, in tiyin. */
  receivedCard: bigint;
}

/** The fiscal requisites of a signed receipt — what a refund must point back to (`dateTime` is `yyyyMMddHHmmss`, Tashkent time). */
export type FiscalReference = FiscalRequisites;

/** A refund receipt: like a sale, plus the fiscal data of the sale it refunds. */
export interface RefundReceipt extends SaleReceipt {
  original: FiscalReference;
}

/** Receipt type: only sale and refund receipts carry a fiscal sign and QR code. */
export type ReceiptKind = 'sale' | 'refund';

/** What the FM gave back for a signed receipt: everything that must be printed and stored. */
export interface FiscalReceipt extends FiscalReference {
  kind: ReceiptKind;
  externalId: string;
  /** Link the customer scans to check the receipt at the tax committee. */
  qrUrl: string;
  /** Receipt total in tiyin (sum of line prices minus discounts). */
  total: bigint;
  cash: bigint;
  card: bigint;
  vat: bigint;
  /** Number of the Z report (shift) the receipt belongs to. */
  zNumber: number;
}

/** Totals of a shift as kept by the FM — the X report (open shift) or Z report (closed). */
export interface ShiftReport {
  zNumber: number;
  open: boolean;
  openedAt: string;
  closedAt: string | null;
  saleCount: number;
  refundCount: number;
  saleCash: bigint;
  saleCard: bigint;
  saleVat: bigint;
  refundCash: bigint;
  refundCard: bigint;
  refundVat: bigint;
  firstReceiptSeq: number | null;
  lastReceiptSeq: number | null;
}

/** Device health, shown in the POS before limits bite (unsent receipts, Z capacity, lock). */
export interface DeviceStatus {
  terminalId: string;
  shiftOpen: boolean;
  zNumber: number | null;
  shiftOpenedAt: string | null;
  operationsInShift: number;
  maxOperationsPerShift: number;
  lastReceiptSeq: number;
  zReportsUsed: number;
  zReportsCapacity: number;
  unsentCount: number;
  unsentCapacity: number;
  /** Time of the oldest receipt the tax operator has not acknowledged, `yyyyMMddHHmmss`. */
  oldestUnsentAt: string | null;
  locked: boolean;
  lastOperationAt: string | null;
  printer: { paperOut: boolean; coverOpen: boolean } | null;
}

/** Result of pushing unsent receipts to the tax operator. */
export interface ResendResult {
  acknowledged: number;
  remaining: number;
}

/**
 * Everything the gateway needs from a fiscal device. Implementations translate their vendor's
 * errors into {@link FiscalError} and never return partial data.
 */
export interface FiscalDriver {
  status(): Promise<DeviceStatus>;
  /** Opens a shift (Z report) in the FM. */
  openShift(): Promise<ShiftReport>;
  registerSale(receipt: SaleReceipt): Promise<FiscalReceipt>;
  /** Registers a refund; it references the original sale's fiscal data. */
  registerRefund(receipt: RefundReceipt): Promise<FiscalReceipt>;
  /** Current shift totals without closing it. */
  xReport(): Promise<ShiftReport>;
  /** Closes the shift: the Z report. */
  closeShift(): Promise<ShiftReport>;
  /** Receipts the FM holds that the tax operator has not acknowledged yet. */
  unsentCount(): Promise<number>;
  /** Sends unsent receipts to the tax operator and feeds the acknowledgements back. */
  resendUnsent(): Promise<ResendResult>;
  /**
   * Looks a receipt up by the POS's external id among the receipts the FM still keeps. This is
   * how a crashed gateway learns whether a `pending` sale was already signed.
   */
  findReceipt(kind: ReceiptKind, externalId: string): Promise<FiscalReceipt | null>;
}
