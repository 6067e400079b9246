/**
 * The renderer's only door to the machine: `window.pos` from the preload script. In a plain
 * browser (renderer dev server, browser tests without an injected bridge) a stand-in answers
 * with the build-time gateway URL, so the same code runs everywhere.
 *
 * This file also holds the `window.pos.fiscal` contract: the fiscal module lives in the main
 * process (`src/main/fiscal.ts`), the renderer asks it to register receipts and gets back
 * either the fiscal data or a typed failure with the cashier's message in uz/ru/en — never a
 * thrown error, so every call site has to decide what the cashier sees.
 */
import type {
  DeviceStatus,
  FiscalErrorCode,
  FiscalReference,
  OperatorMessages,
  PrinterStatus,
  ReceiptKind,
  receiptRequestToJson,
  receiptToJson,
  shiftToJson,
} from '@jowi/fiscal-gateway';
import { DEFAULT_GATEWAY_URL, type PosApi } from '../../shared/pos-api.ts';

// --- window.pos.fiscal -------------------------------------------------------------------

/** How the till fiscalizes: see `FiscalMode` in `src/main/config.ts`. */
export type FiscalMode = 'local' | 'central' | 'off';

/**
 * Failure codes the POS adds to the gateway's own ({@link FiscalErrorCode}): stable, never
 * renamed or reused.
 *  - `FISCAL_DISABLED` — fiscal mode is `off` on this till;
 *  - `FISCAL_CENTRAL_MODE` — the till is a virtual register, the back office fiscalizes;
 *  - `FISCAL_UNAVAILABLE` — the in-process fiscal gateway could not start (journal unreadable…).
 */
export type PosFiscalErrorCode = 'FISCAL_DISABLED' | 'FISCAL_CENTRAL_MODE' | 'FISCAL_UNAVAILABLE';

/** Every code a `window.pos.fiscal` call can fail with. */
export type FiscalFailureCode = FiscalErrorCode | PosFiscalErrorCode;

/** Retryability and the cashier's messages for the POS's own codes. */
export const POS_FISCAL_ERRORS: Record<
  PosFiscalErrorCode,
  { retryable: boolean; messages: OperatorMessages }
> = {
  FISCAL_DISABLED: {
    retryable: false,
    messages: {
      uz: 'Bu kassada fiskallashtirish oʻchirilgan. Sozlamalarda fiskal rejimni yoqing.',
      ru: 'Фискализация на этой кассе отключена. Включите фискальный режим в настройках.',
      en: 'Fiscalization is turned off on this till. Turn on a fiscal mode in the settings.',
    },
  },
  FISCAL_CENTRAL_MODE: {
    retryable: false,
    messages: {
      uz: 'Bu kassa cheklarni markaziy (virtual) kassa orqali roʻyxatdan oʻtkazadi; mahalliy fiskal modul ishlatilmaydi.',
      ru: 'Эта касса регистрирует чеки через центральную (виртуальную) кассу; локальный фискальный модуль не используется.',
      en: 'This till registers receipts through the central (virtual) register; there is no local fiscal module.',
    },
  },
  FISCAL_UNAVAILABLE: {
    retryable: true,
    messages: {
      uz: 'Fiskal shlyuz ishga tushmadi. Kassani qayta ishga tushiring; muammo takrorlansa, texnik xizmatga murojaat qiling.',
      ru: 'Фискальный шлюз не запустился. Перезапустите кассу; если ошибка повторится, обратитесь в техподдержку.',
      en: 'The fiscal gateway did not start. Restart the till; if it happens again, contact support.',
    },
  },
};

/** Why a fiscal call failed: what to show the cashier and whether "try again" makes sense. */
export interface FiscalFailure {
  code: FiscalFailureCode;
  /** The cashier's message in Uzbek, Russian and English. */
  messages: OperatorMessages;
  /** Whether the same call may succeed later (possibly after a fix by hand: paper, cable). */
  retryable: boolean;
  /** Technical detail for logs and support; not for the cashier. */
  detail?: string;
}

/** What every `window.pos.fiscal` call resolves to; it never rejects. */
export type FiscalResult<T> = { ok: true; value: T } | { ok: false; error: FiscalFailure };

/** The gateway's receipt request body: money as decimal strings ("12500.00"), quantity "1.000". */
type ReceiptRequestBody = ReturnType<typeof receiptRequestToJson>;

/** A sale to register. `saleId` (the sale's UUID) makes the call idempotent. */
export type FiscalSaleInput = Omit<ReceiptRequestBody, 'kind' | 'originalSaleId' | 'original'>;

/**
 * A refund to register. `saleId` is the refund document's own UUID (the idempotency key); it
 * points back to the refunded sale by `originalSaleId` (fiscalized on this till) or by that
 * sale's fiscal data (`original`, fiscalized elsewhere).
 */
export type FiscalRefundInput = FiscalSaleInput &
  (
    | { originalSaleId: string; original?: undefined }
    | { original: FiscalReference; originalSaleId?: undefined }
  );

/** A signed receipt: fiscal sign, QR link, totals as decimal strings. */
export type FiscalReceiptData = ReturnType<typeof receiptToJson>;

/** Shift totals: the X report of an open shift, the Z report of a closed one. */
export type FiscalShiftReport = ReturnType<typeof shiftToJson>;

/** Outcome of registering a receipt. */
export interface FiscalRegistration {
  receipt: FiscalReceiptData;
  /** True when the fiscal module was not asked again (a repeat of an already registered sale). */
  replayed: boolean;
  /** Whether this call printed the slip (false when no printer is attached to the gateway). */
  printed: boolean;
  /** The receipt is valid but its slip did not print. */
  printError?: FiscalFailure;
}

/** Fiscal health for the status bar and the supervisor. */
export interface FiscalStatus {
  mode: FiscalMode;
  /** The gateway's local HTTP API, or null when it is not listening. */
  apiUrl: string | null;
  /** Why the HTTP API is not listening (e.g. port taken); IPC calls work regardless. */
  apiError: string | null;
  device: DeviceStatus | null;
  /** Why the device could not be asked (FM unplugged, Communicator not running…). */
  deviceError: FiscalFailure | null;
  printer: PrinterStatus | null;
  /** Receipts whose outcome the journal does not know yet (they are looked up before a retry). */
  pendingReceipts: number;
}

/** `window.pos.fiscal`: the fiscal module of this till. */
export interface PosFiscalApi {
  status(): Promise<FiscalResult<FiscalStatus>>;
  /** Opens a shift (Z report) in the fiscal module. */
  openShift(): Promise<FiscalResult<FiscalShiftReport>>;
  /** Registers a sale once per `saleId`; a repeat returns the first registration's fiscal data. */
  registerSale(sale: FiscalSaleInput): Promise<FiscalResult<FiscalRegistration>>;
  /** Registers a refund once per its own `saleId`. */
  registerRefund(refund: FiscalRefundInput): Promise<FiscalResult<FiscalRegistration>>;
  /** Current shift totals without closing it. */
  xReport(): Promise<FiscalResult<FiscalShiftReport>>;
  /** Closes the shift: the Z report. */
  closeShift(): Promise<FiscalResult<FiscalShiftReport>>;
  /** The slip of a registered sale (or refund) as a self-contained HTML page with the QR code. */
  slipHtml(saleId: string, kind?: ReceiptKind): Promise<FiscalResult<string>>;
}

declare module '../../shared/pos-api.ts' {
  interface PosApi {
    /** The till's fiscal module (main process). */
    fiscal: PosFiscalApi;
  }
}

/**
 * IPC channels of `window.pos.fiscal`, one per method; used by the main process and the
 * preload script only, never by the renderer.
 */
export const FISCAL_IPC = {
  status: 'pos:fiscal:status',
  openShift: 'pos:fiscal:open-shift',
  registerSale: 'pos:fiscal:register-sale',
  registerRefund: 'pos:fiscal:register-refund',
  xReport: 'pos:fiscal:x-report',
  closeShift: 'pos:fiscal:close-shift',
  slipHtml: 'pos:fiscal:slip-html',
} as const satisfies Record<keyof PosFiscalApi, string>;

/** A failure with one of the POS's own codes. */
export function posFiscalFailure(code: PosFiscalErrorCode, detail?: string): FiscalFailure {
  return { code, ...POS_FISCAL_ERRORS[code], ...(detail ? { detail } : {}) };
}

/** A fiscal API that fiscalizes nothing: `status` reports `mode`, everything else fails with `code`. */
export function inactiveFiscalApi(
  mode: Exclude<FiscalMode, 'local'>,
  code: PosFiscalErrorCode = mode === 'off' ? 'FISCAL_DISABLED' : 'FISCAL_CENTRAL_MODE',
): PosFiscalApi {
  const refuse = async () => ({ ok: false as const, error: posFiscalFailure(code) });
  return {
    status: async () => ({
      ok: true,
      value: {
        mode,
        apiUrl: null,
        apiError: null,
        device: null,
        deviceError: null,
        printer: null,
        pendingReceipts: 0,
      },
    }),
    openShift: refuse,
    registerSale: refuse,
    registerRefund: refuse,
    xReport: refuse,
    closeShift: refuse,
    slipHtml: refuse,
  };
}

// --- window.pos --------------------------------------------------------------------------

let fallback: PosApi | undefined;

/** Built on first use, so the main process and preload, which import the contract above, skip it. */
function browserFallback(): PosApi {
  fallback ??= {
    platform: 'browser',
    getConfig: async () => ({
      gatewayUrl: import.meta.env.VITE_GATEWAY_URL || DEFAULT_GATEWAY_URL,
      terminalId: null,
    }),
    // A browser has no fiscal module: the renderer behaves as on a till with fiscalization off.
    fiscal: inactiveFiscalApi('off'),
  };
  return fallback;
}

/** The `window.pos` API, or the browser stand-in when the preload script is absent. */
export function posApi(): PosApi {
  return window.pos ?? browserFallback();
}
