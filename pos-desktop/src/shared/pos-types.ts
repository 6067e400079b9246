/**
 * The data that crosses `window.pos`: what the renderer sends to the POS host and what it gets
 * back. Everything here is plain JSON — money as decimal strings with two decimals ("12500.00",
 * the GraphQL `Money` scalar), quantities with three ("0.250") — because the same calls travel
 * over Electron IPC and over HTTP to the loopback host. Nothing here is a float.
 */

/** A `Money` string: UZS with two decimals, e.g. `"12500.00"`. */
export type MoneyText = string;
/** A `Quantity` string: three decimals, e.g. `"1.000"`, `"0.250"` (kg, l). */
export type QuantityText = string;
/** An ISO-8601 instant in UTC. */
export type IsoTime = string;

/** Payment methods of the sales subgraph (`PaymentMethod`). */
export type PaymentMethod = 'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY';
/** Card schemes (`CardBrand`). */
export type CardBrand = 'UZCARD' | 'HUMO' | 'VISA' | 'MASTERCARD';
/** Whether goods are resold, made in house or a service (`OwnerType`; fiscal receipts need it). */
export type OwnerType = 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';

// --- session -----------------------------------------------------------------------------------

/** The signed-in cashier as the host knows them. */
export interface CashierInfo {
  staffId: string;
  name: string;
  roles: string[];
  /** Permissions from the last online sign-in (e.g. `sales:discount`); enforced by the POS offline too. */
  permissions: string[];
}

/** Where the till stands: not paired → paired but nobody signed in → a cashier is selling (or locked). */
export interface SessionState {
  paired: boolean;
  terminalId: string | null;
  /** The name given to this device when it was paired. */
  deviceName: string | null;
  cashier: CashierInfo | null;
  /** Signed in against the server (`online`) or against the verifier cached on this till (`offline`). */
  mode: 'online' | 'offline' | null;
  /** The screen is locked: the same cashier's PIN (or another cashier's, switching) opens it. */
  locked: boolean;
  /** Whether the host holds server tokens it can upload with (someone signed in online recently). */
  canSync: boolean;
  /**
   * Why the host signed the last cashier out by itself, until someone signs in: `STAFF_DISABLED`
   * when a sync answer named them disabled in the back office. Null otherwise.
   */
  signedOut: { cashierName: string; reason: PosFailure } | null;
}

/** The outcome of a PIN sign-in. */
export interface PinLoginResult {
  session: SessionState;
  /** Until when this cashier may sign in offline on this till (from the last online sign-in). */
  offlineValidUntil: IsoTime | null;
}

// --- shift -------------------------------------------------------------------------------------

/** A cash movement during the shift. */
export interface CashMovementInfo {
  id: string;
  kind: 'CASH_IN' | 'CASH_OUT';
  amount: MoneyText;
  reason: string;
  at: IsoTime;
}

/** The till's current shift as recorded locally (the server learns it through the outbox). */
export interface ShiftInfo {
  id: string;
  openedAt: IsoTime;
  openedBy: string;
  openingFloat: MoneyText;
  movements: CashMovementInfo[];
}

/** Payment totals of a method within the shift. */
export interface MethodTotal {
  method: PaymentMethod;
  sales: MoneyText;
  refunds: MoneyText;
}

/**
 * The X report (open shift) or Z report (closed) from what this till recorded: sales, refunds and
 * cash movements of the shift in the outbox, whether or not they have synced yet.
 */
export interface ShiftReport {
  shiftId: string;
  openedAt: IsoTime;
  closedAt: IsoTime | null;
  saleCount: number;
  refundCount: number;
  salesTotal: MoneyText;
  refundsTotal: MoneyText;
  byMethod: MethodTotal[];
  openingFloat: MoneyText;
  cashIn: MoneyText;
  cashOut: MoneyText;
  /** Float + cash sales − cash refunds + cash in − cash out. */
  expectedCash: MoneyText;
  /** Close only: what the cashier counted, and counted − expected. */
  countedCash: MoneyText | null;
  difference: MoneyText | null;
}

// --- sale and refund ---------------------------------------------------------------------------

/** A chosen modifier (snapshot). */
export interface SaleModifierDraft {
  modifierId: string;
  name: string;
  priceDelta: MoneyText;
}

/**
 * One cart line as the renderer computed it with the receipt package. `total` is the line's net
 * (after its own discount and its share of the receipt discount); the host needs it for the
 * fiscal receipt and checks that the nets add up to the sale total, but never recomputes them.
 */
export interface SaleLineDraft {
  productId: string;
  quantity: QuantityText;
  unitPrice: MoneyText;
  discount?: MoneyText;
  total: MoneyText;
  vatRate: number;
  name: string;
  ikpu: string;
  packageCode: string;
  ownerType: OwnerType;
  /** GTIN printed on the fiscal receipt, when known. */
  barcode?: string;
  modifiers?: SaleModifierDraft[];
  /**
   * The catalog's `Product.cashlessOnly` (alcohol, tobacco: no cash since 1 April 2026). The host
   * refuses a CASH payment for a cart with such a line (`CASH_FOR_CASHLESS`) — and for a line whose
   * product its own catalog marks cashless-only, whatever this flag says.
   */
  cashlessOnly?: boolean;
  /** The catalog's `Product.markingRequired`: the line needs one marking code per unit. */
  markingRequired?: boolean;
  /**
   * Marking codes (DataMatrix, as scanned) of the units sold, one per unit: a line with
   * `markingRequired` must have exactly `quantity` of them (a whole number), all different
   * (`MARKING_CODES_MISMATCH` otherwise). They travel to the fiscal receipt and the server.
   */
  markingCodes?: string[];
}

/** A payment as taken at the till. */
export interface PaymentDraft {
  method: PaymentMethod;
  amount: MoneyText;
  /** CASH only: what the customer handed over (≥ amount). */
  tendered?: MoneyText;
  cardBrand?: CardBrand;
  reference?: string;
}

/** What the renderer asks the host to record. Ids, times, cashier, shift and numbers are the host's. */
export interface SaleDraft {
  lines: SaleLineDraft[];
  payments: PaymentDraft[];
  total: MoneyText;
  /** Receipt-level discount (already spread into the line totals). */
  discount?: MoneyText;
  customerId?: string;
  /** The catalog version (the `catalogChanges` cursor) the cart was priced with. */
  catalogVersion: string | null;
}

/** A sale's local state: `held` until fiscalised (local fiscal mode), then `pending` until synced. */
export type DocumentState = 'held' | 'pending' | 'done' | 'parked' | 'discarded';

/** Fiscal requisites as printed (local fiscal mode). */
export interface FiscalRequisites {
  terminalId: string;
  receiptSeq: number;
  dateTime: string;
  fiscalSign: string;
  qrUrl: string;
}

/** A sale recorded on this till. */
export interface RecordedSale {
  id: string;
  /** Position in this terminal's outbox. */
  seq: number;
  receiptNumber: number;
  shiftId: string;
  cashierId: string;
  createdAt: IsoTime;
  total: MoneyText;
  lines: SaleLineDraft[];
  payments: PaymentDraft[];
  /** Change due to the customer (Σ tendered − amount over cash payments). */
  change: MoneyText;
  state: DocumentState;
  fiscal: FiscalRequisites | null;
  /** How many slips were printed (the second and later are marked COPY). */
  printCount: number;
  /** Receipt-level discount, already spread into the line totals. */
  discount?: MoneyText;
  /** The customer named on the sale. */
  customerId?: string;
  /** Points redeemed and earned, when a customer the till knows was named. */
  loyalty?: SaleLoyaltyInfo;
  /**
   * What refunds recorded on this till took back from the sale so far (offline ones included,
   * discarded ones not); absent when nothing was refunded. A new refund returns at most the rest.
   */
  refunded?: SaleRefunded;
}

/** The refunded part of a sale: per sale line (only lines with something returned) and per method. */
export interface SaleRefunded {
  lines: { saleLineNo: number; quantity: QuantityText; amount: MoneyText }[];
  payments: { method: PaymentMethod; amount: MoneyText }[];
}

/** What `sale.complete` and `sale.fiscalise` answer: the sale, and how fiscalisation went. */
export interface SaleOutcome {
  sale: RecordedSale;
  /**
   * `done` — signed (or nothing to sign in central/off mode) and queued for upload: hand the
   * receipt over; `failed` — the sale is durable but not yet signed: show `fiscalError`, let the
   * cashier fix it (paper, cover) and call `sale.fiscalise` — the fiscal gateway never signs a sale twice.
   */
  fiscal: 'done' | 'failed' | 'not-required';
  fiscalError: PosFailure | null;
}

/** A refund line: which line of the sale and how much of it comes back. */
export interface RefundLineDraft {
  saleLineNo: number;
  quantity: QuantityText;
  /** Amount paid back for it, computed by the renderer with the receipt package. */
  amount: MoneyText;
}

/**
 * A refund as the cashier decided it, amounts computed by the renderer with the receipt package
 * (refund shares and the split back over the sale's payment methods). The payments are required
 * so the till's own X/Z report knows the cash paid back while offline.
 */
export interface RefundDraft {
  saleId: string;
  /** Omit for a full refund of what remains. */
  lines?: RefundLineDraft[];
  /** How the money goes back; their sum is the refund total. */
  payments: PaymentDraft[];
  reason?: string;
}

/** A refund recorded on this till. */
export interface RecordedRefund {
  id: string;
  seq: number;
  saleId: string;
  shiftId: string;
  createdAt: IsoTime;
  total: MoneyText;
  state: DocumentState;
  fiscal: FiscalRequisites | null;
  printCount: number;
}

/** What `refund.record` answers: like {@link SaleOutcome}, for the fiscal refund receipt. */
export interface RefundOutcome {
  refund: RecordedRefund;
  fiscal: 'done' | 'failed' | 'not-required';
  fiscalError: PosFailure | null;
}

// --- customers ---------------------------------------------------------------------------------

/** A new customer registered at the till (offline too). */
export interface CustomerDraft {
  /** Uzbek mobile number, any common spelling (`+998 90 123-45-67`, `901234567`); kept as `+998901234567`. */
  phone: string;
  name?: string;
}

/**
 * A customer registered on this till. Use `id` as the sale's `customerId` at once: the upload
 * sends the customer first, in the same request as the sales that name it. When the phone was
 * already known on the server the customer is linked to that one (`syncStatus` `LINKED`,
 * `customerId` the existing customer's id) and the server files the till's sales under it.
 */
export interface LocalCustomer {
  /** The client UUID (v7) the till gave the customer. */
  id: string;
  phone: string;
  name: string | null;
  registeredAt: IsoTime;
  /** `pending` until uploaded, then `done` (or `parked` if the server refused it). */
  state: DocumentState;
  /** The server's answer once uploaded, else null. */
  syncStatus: 'CREATED' | 'DUPLICATE' | 'LINKED' | null;
  /** The customer id that won on the server (differs from `id` when `LINKED`); null until uploaded. */
  customerId: string | null;
}

/**
 * A customer as this till last saw them, with what loyalty needs when the server is out of reach:
 * the host keeps the recently used ones (`customer.remember` after an online lookup, and the
 * customers registered here) and answers `customer.lookup` from them offline.
 */
export interface KnownCustomer {
  /** The customer id to put on the sale (a till-registered customer's client UUID until linked). */
  id: string;
  /** `+998XXXXXXXXX`. */
  phone: string;
  name: string | null;
  /** Loyalty balance as last seen, less what this till redeemed since (1 point = 1 tiyin, as Money). */
  balance: MoneyText;
  /** The loyalty program is on: points are earned and may be redeemed. */
  loyaltyEnabled: boolean;
  /** Accrual rate of this customer (their tier's, else the program's), basis points. */
  accrualBps: number;
  /** The program's base rate: what a customer registered at the till earns. */
  baseAccrualBps: number;
  /** The largest share of a receipt that may be paid with points, percent. */
  maxRedeemPercent: number;
  /** `server`: found online; `till`: registered on this till (new, no points yet). */
  source: 'server' | 'till';
  /** When the server last answered for this customer (or when the till registered them). */
  seenAt: IsoTime;
}

/** The loyalty side of a recorded sale, as its slip shows it. */
export interface SaleLoyaltyInfo {
  customerId: string;
  phone: string;
  name: string | null;
  /** Points paid (the LOYALTY payments), as Money. */
  redeemed: MoneyText;
  /** Points the sale earns by the program the till last saw (the server's ledger is the record). */
  earned: MoneyText;
  /** The balance after this sale, as the till computes it. */
  balanceAfter: MoneyText;
}

// --- print -------------------------------------------------------------------------------------

/** A slip to print: ESC/POS bytes for a receipt printer, or an HTML page for the print dialog. */
export interface PrintJob {
  documentId: string;
  format: 'escpos' | 'html';
  /** True from the second print of a document on: the slip says COPY / NUSXA / КОПИЯ. */
  copy: boolean;
  /** HTML slip (format `html`). */
  html?: string;
  /** ESC/POS bytes, base64 (format `escpos`). */
  bytesBase64?: string;
  /** Where the host sent the bytes itself (a configured printer device), or null. */
  printedTo: string | null;
}

// --- sync --------------------------------------------------------------------------------------

/** The outbox and the upload loop, for the header badge and the supervisor. */
export interface SyncStatus {
  /** Whether the last upload attempt reached the server; null before the first attempt. */
  online: boolean | null;
  /** Entries waiting to upload (held ones included). */
  pending: number;
  /** Sales recorded but not yet fiscalised. */
  held: number;
  /** Entries in needs attention. */
  parked: number;
  lastSyncAt: IsoTime | null;
  lastAttemptAt: IsoTime | null;
  nextAttemptAt: IsoTime | null;
  /** Why the last attempt failed, if it did. */
  lastError: PosFailure | null;
  /** Device time of the oldest entry not yet uploaded. */
  oldestPendingAt: IsoTime | null;
  /** False when no server session is held: someone must sign in online before uploads resume. */
  canSync: boolean;
  /**
   * The server's catalog version from the last upload's answer (the `catalogChanges` cursor): a
   * till whose own catalog is behind it pulls the changes at once. Null until the server said.
   */
  serverCatalogVersion: string | null;
}

/** An entry the server refused (REJECTED) or holds with other content (CONFLICT). */
export interface ParkedEntry {
  id: string;
  seq: number;
  command: string;
  deviceTime: IsoTime;
  status: 'CONFLICT' | 'REJECTED' | 'RETRY_LIMIT';
  code: string;
  message: string;
  /** Short human summary, e.g. "Sale #42, 96 000.00". */
  summary: string;
  parkedAt: IsoTime;
}

/** Outbox depth by state. */
export interface OutboxDepth {
  held: number;
  pending: number;
  done: number;
  parked: number;
  discarded: number;
  lastSeq: number;
}

// --- results -----------------------------------------------------------------------------------

/** The cashier's message in each of the till's languages. */
export interface Messages {
  uz: string;
  ru: string;
  en: string;
}

/** Why a call failed: a stable code, the cashier's message, whether trying again makes sense. */
export interface PosFailure {
  code: string;
  messages: Messages;
  retryable: boolean;
  /** Technical detail for logs and support; not for the cashier. */
  detail?: string;
  /** With `PIN_LOCKED`: seconds until another attempt is allowed. */
  retryAfterSeconds?: number;
}

/** What every host call resolves to; it never rejects. */
export type PosResult<T> = { ok: true; value: T } | { ok: false; error: PosFailure };
