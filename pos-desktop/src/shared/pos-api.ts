/**
 * The `window.pos` contract: everything the cashier's screens may ask of the machine.
 *
 * The renderer never touches IPC or HTTP itself. In Electron the preload script exposes
 * `window.pos`, each method one IPC channel; in a plain browser (the renderer at :5173 next to
 * `npm start`) `src/renderer/lib/bridge.ts` builds the same object over HTTP to the loopback POS
 * host. Behind both sits one implementation — the main-process modules (`src/main/host`), plain
 * Node — so the renderer cannot tell the two apart, and tests drive the real modules.
 *
 * Rules every method follows:
 *  - it resolves to a {@link PosResult}; it never rejects, so each call site decides what the
 *    cashier sees (`error.messages[lang]`), and whether "try again" makes sense (`retryable`);
 *  - arguments and results are plain JSON (money as `"12500.00"`), the same over IPC and HTTP;
 *  - the host validates every argument: the renderer is not trusted with ids, times, cashier,
 *    shift, receipt numbers or the fiscal document kind — the host sets them.
 *
 * The order that matters for money: `sale.complete` writes the sale to the outbox (SQLite, WAL,
 * `synchronous=FULL`) before anything else happens; only then is it registered with the local
 * fiscal module (idempotent by sale id: a retry never signs twice), and only then is a slip
 * printed. A sale whose fiscal step failed stays `held` (durable, not uploaded) until
 * `sale.fiscalise` succeeds.
 */

import type { PosCatalogApi } from './pos-catalog.ts';
import type {
  CashMovementInfo,
  CustomerDraft,
  KnownCustomer,
  LocalCustomer,
  OutboxDepth,
  ParkedEntry,
  PinLoginResult,
  PosResult,
  PrintJob,
  RecordedSale,
  RefundDraft,
  RefundOutcome,
  SaleDraft,
  SaleOutcome,
  SessionState,
  ShiftInfo,
  ShiftReport,
  SyncStatus,
} from './pos-types.ts';

export type * from './pos-catalog.ts';
export type * from './pos-types.ts';

/** What the renderer needs to know to talk to the backend. */
export interface PosConfig {
  /** GraphQL endpoint of the gateway, e.g. `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string;
  /** The paired terminal's id, or null before the device is paired. */
  terminalId: string | null;
}

/** `window.pos.session`: pairing, PIN sign-in, lock, cashier switch, logout. */
export interface PosSessionApi {
  state(): Promise<PosResult<SessionState>>;
  /** Redeems the 8-digit code from the back office (`createTerminalPairingCode`); needs the server. */
  pair(input: { code: string; deviceName: string }): Promise<PosResult<SessionState>>;
  /**
   * A cashier's PIN: online through `terminalPinLogin`, else against the verifier this till cached
   * at that cashier's last online sign-in. Also unlocks a locked till (same cashier) or switches
   * cashier (another PIN). Wrong PINs are throttled (`PIN_LOCKED` with `retryAfterSeconds`).
   */
  pinLogin(pin: string): Promise<PosResult<PinLoginResult>>;
  /** Quick cashier switch: the current cashier steps away, another signs in with their PIN. */
  switchCashier(pin: string): Promise<PosResult<PinLoginResult>>;
  /** Locks the screen; the cashier stays signed in. */
  lock(): Promise<PosResult<SessionState>>;
  /** Signs the cashier out (their server session ends when the server is reachable). */
  logout(): Promise<PosResult<SessionState>>;
  /**
   * A current access token for the renderer's own GraphQL reads (refreshed by the host when
   * needed), or null offline. Keep it in memory only; the host keeps the refresh token.
   */
  accessToken(): Promise<PosResult<string | null>>;
}

/**
 * `window.pos.shift`: the cash drawer's day, recorded in the outbox (`shiftEvent.v1`). In local
 * fiscal mode the fiscal module keeps its own shift (its Z report): open it with
 * `fiscal.openShift()` after `shift.open`, and close it with `fiscal.closeShift()` after
 * `shift.close` — a fiscal fault then never loses the till's own record of the day.
 */
export interface PosShiftApi {
  current(): Promise<PosResult<ShiftInfo | null>>;
  open(input: { openingFloat: string }): Promise<PosResult<ShiftInfo>>;
  cashIn(input: { amount: string; reason: string }): Promise<PosResult<CashMovementInfo>>;
  cashOut(input: { amount: string; reason: string }): Promise<PosResult<CashMovementInfo>>;
  /** The running figures of the open shift, from this till's records. */
  xReport(): Promise<PosResult<ShiftReport>>;
  /** Closes the shift with the cash counted in the drawer: the Z report (difference included). */
  close(input: { countedCash: string; note?: string }): Promise<PosResult<ShiftReport>>;
}

/** `window.pos.sale`. */
export interface PosSaleApi {
  /** Record (durable) → fiscalise → ready for the slip. See the contract's header for the order. */
  complete(draft: SaleDraft): Promise<PosResult<SaleOutcome>>;
  /** Retries the fiscal step of a held sale (after paper was loaded, the cover closed…). */
  fiscalise(saleId: string): Promise<PosResult<SaleOutcome>>;
  get(saleId: string): Promise<PosResult<RecordedSale>>;
  /** The latest sales of this till, newest first (for refunds and reprints). */
  recent(limit?: number): Promise<PosResult<RecordedSale[]>>;
  /** Sales recorded but not yet fiscalised (after a crash or a fiscal fault). */
  unfinished(): Promise<PosResult<RecordedSale[]>>;
}

/** `window.pos.refund`. */
export interface PosRefundApi {
  /** Record (durable) → fiscal refund receipt in local mode; offline too. */
  record(draft: RefundDraft): Promise<PosResult<RefundOutcome>>;
  /** Retries the fiscal refund receipt of a held refund. */
  fiscalise(refundId: string): Promise<PosResult<RefundOutcome>>;
}

/** `window.pos.customer`: customers registered at the till, uploaded by the sync loop (`syncCustomers`). */
export interface PosCustomerApi {
  /**
   * Registers a customer (durable at once, offline too); the same phone registered again on this
   * till answers the existing one (`INVALID_PHONE` for a number that is not Uzbek mobile).
   */
  register(draft: CustomerDraft): Promise<PosResult<LocalCustomer>>;
  get(id: string): Promise<PosResult<LocalCustomer>>;
  /** Customers registered on this till, newest first. */
  recent(limit?: number): Promise<PosResult<LocalCustomer[]>>;
  /**
   * Keeps a customer the server just answered for (balance, loyalty rules), so the till can find
   * them by phone and redeem their points offline.
   */
  remember(customer: KnownCustomer): Promise<PosResult<KnownCustomer>>;
  /**
   * The customer with this phone as the till knows them — remembered from the server or registered
   * here — or null (`INVALID_PHONE` for a number that is not Uzbek mobile). For offline sales.
   */
  lookup(phone: string): Promise<PosResult<KnownCustomer | null>>;
}

/** `window.pos.print`. */
export interface PosPrintApi {
  /**
   * The slip of a sale or refund: ESC/POS bytes (sent to the configured printer when there is
   * one) or HTML for the print dialog. Every print after the first is marked COPY — the host
   * counts, the renderer cannot ask for an unmarked reprint.
   */
  receipt(documentId: string): Promise<PosResult<PrintJob>>;
}

/** `window.pos.sync`: the outbox and its upload loop. */
export interface PosSyncApi {
  status(): Promise<PosResult<SyncStatus>>;
  /** Uploads now instead of waiting for the next attempt. */
  syncNow(): Promise<PosResult<SyncStatus>>;
  /** Entries the server refused or holds with other content, with the reason. */
  needsAttention(): Promise<PosResult<ParkedEntry[]>>;
  /** Puts a parked entry back in the queue (e.g. after the back office fixed the product). */
  retry(id: string): Promise<PosResult<SyncStatus>>;
  /** Gives up on a parked entry (a supervisor's decision; it stays in the local history). */
  discard(id: string): Promise<PosResult<SyncStatus>>;
  /** How many entries are in each state. */
  depth(): Promise<PosResult<OutboxDepth>>;
  /** Called with the status whenever it changes; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

/** The API the preload script exposes as `window.pos` (and the browser bridge rebuilds). */
export interface PosApi {
  /** Configuration resolved by the main process (environment, then the settings file, then defaults). */
  getConfig(): Promise<PosConfig>;
  /** The operating system (`win32`, `linux`, `darwin`), or `browser` outside Electron. */
  platform: string;
  session: PosSessionApi;
  shift: PosShiftApi;
  sale: PosSaleApi;
  refund: PosRefundApi;
  customer: PosCustomerApi;
  print: PosPrintApi;
  sync: PosSyncApi;
  catalog: PosCatalogApi;
}

/** The host's side of the contract: every namespace, without the push subscription. */
export interface PosHostApi {
  config: { get(): Promise<PosConfig> };
  session: PosSessionApi;
  shift: PosShiftApi;
  sale: PosSaleApi;
  refund: PosRefundApi;
  customer: PosCustomerApi;
  print: PosPrintApi;
  sync: Omit<PosSyncApi, 'subscribe'>;
  catalog: PosCatalogApi;
}

/**
 * Every callable method as `namespace.method`: the IPC channel is `pos:` + the name, the loopback
 * route is `POST /pos/` + the name. One list, so preload, main, bridge and host cannot drift.
 */
export const POS_METHODS = {
  config: ['get'],
  session: ['state', 'pair', 'pinLogin', 'switchCashier', 'lock', 'logout', 'accessToken'],
  shift: ['current', 'open', 'cashIn', 'cashOut', 'xReport', 'close'],
  sale: ['complete', 'fiscalise', 'get', 'recent', 'unfinished'],
  refund: ['record', 'fiscalise'],
  customer: ['register', 'get', 'recent', 'remember', 'lookup'],
  print: ['receipt'],
  sync: ['status', 'syncNow', 'needsAttention', 'retry', 'discard', 'depth'],
  catalog: [
    'status',
    'search',
    'browse',
    'byBarcode',
    'product',
    'categories',
    'modifierGroups',
    'pullNow',
    'view',
    'favourites',
    'setFavourite',
  ],
  fiscal: ['status', 'openShift', 'registerSale', 'registerRefund', 'xReport', 'closeShift', 'slipHtml'],
} as const satisfies { [K in keyof PosHostApi]: readonly (keyof PosHostApi[K])[] } & {
  fiscal: readonly string[];
};

/** A namespace of {@link POS_METHODS}. */
export type PosNamespace = keyof typeof POS_METHODS;

/** `namespace.method` for every callable method. */
export const posMethodNames = (): string[] =>
  Object.entries(POS_METHODS).flatMap(([ns, methods]) => methods.map((method) => `${ns}.${method}`));

/** IPC channel of a method (`pos:sale.complete`). */
export const posChannel = (name: string) => `pos:${name}`;

/** IPC channel names shared by the main process and the preload script (never by the renderer). */
export const POS_IPC = {
  getConfig: 'pos:config.get',
  /** main → renderer: the sync status changed. */
  syncStatus: 'pos:event:sync-status',
} as const;

/** The header carrying the loopback host's per-start secret. */
export const POS_HOST_SECRET_HEADER = 'x-jowi-pos-secret';
/** The loopback host's default port (ARCHITECTURE §2). */
export const DEFAULT_POS_HOST_PORT = 4020;

/** The default gateway when nothing else is configured (the local development stack). */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
