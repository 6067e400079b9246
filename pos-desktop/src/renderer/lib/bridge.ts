/**
 * The renderer's only door to the machine: `window.pos`. Three ways to get it, tried in order:
 *  1. Electron: the preload script exposed it (IPC to the main process);
 *  2. a browser next to a loopback POS host (`npm start`): the page was opened with
 *     `#pos-host=<url>&pos-secret=<secret>` (printed by `npm start`); the bridge below rebuilds the
 *     same object over HTTP (the fragment is moved to sessionStorage and removed from the address);
 *  3. a plain browser without a host: a stand-in that answers with the build-time gateway URL
 *     and refuses everything else with `HOST_UNAVAILABLE`.
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
import {
  DEFAULT_GATEWAY_URL,
  POS_HOST_SECRET_HEADER,
  type PosApi,
  type PosConfig,
} from '../../shared/pos-api.ts';
import { createPosApi } from '../../shared/pos-client.ts';
import { posFailure } from '../../shared/pos-errors.ts';
import type { SyncStatus } from '../../shared/pos-types.ts';

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

/** Where the loopback host is, and its per-start secret. */
export interface LoopbackTarget {
  url: string;
  secret: string;
}

const TARGET_KEY = 'jowi.pos-host';

/**
 * The loopback host named in the page's fragment (`#pos-host=…&pos-secret=…`), remembered in
 * sessionStorage for reloads of this tab; the fragment is removed so it is not bookmarked or shared.
 */
export function loopbackTarget(): LoopbackTarget | null {
  if (typeof window === 'undefined') return null;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const url = params.get('pos-host');
  const secret = params.get('pos-secret');
  if (url && secret) {
    sessionStorage.setItem(TARGET_KEY, JSON.stringify({ url, secret }));
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return { url, secret };
  }
  try {
    const saved = JSON.parse(sessionStorage.getItem(TARGET_KEY) ?? 'null') as LoopbackTarget | null;
    return saved?.url && saved.secret ? saved : null;
  } catch {
    return null;
  }
}

const unavailable = (detail: string) => ({
  ok: false as const,
  error: posFailure('HOST_UNAVAILABLE', { detail }),
});

/** Reads a server-sent-events stream and calls `onEvent` with each `data:` payload. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) onEvent(data);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** `window.pos` over HTTP to the loopback host. */
export function loopbackPosApi(target: LoopbackTarget, fetchImpl: typeof fetch = fetch): PosApi {
  const headers = { 'content-type': 'application/json', [POS_HOST_SECRET_HEADER]: target.secret };
  return createPosApi({
    platform: 'browser',
    async invoke(name, args) {
      let response: Response;
      try {
        response = await fetchImpl(`${target.url}/pos/${name}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ args }),
        });
      } catch (error) {
        if (name === 'config.get') return fallbackConfig();
        return unavailable(String(error));
      }
      if (!response.ok) {
        if (name === 'config.get') return fallbackConfig();
        return unavailable(`HTTP ${response.status}`);
      }
      return ((await response.json()) as { result: unknown }).result;
    },
    subscribe(listener) {
      const abort = new AbortController();
      const connect = async (): Promise<void> => {
        while (!abort.signal.aborted) {
          try {
            const response = await fetchImpl(`${target.url}/pos/events`, { headers, signal: abort.signal });
            if (response.ok && response.body) {
              await readEvents(response.body, (data) => listener(JSON.parse(data) as SyncStatus));
            }
          } catch {
            // host restarting or gone: try again shortly
          }
          if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      };
      void connect();
      return () => abort.abort();
    },
  });
}

const fallbackConfig = async (): Promise<PosConfig> => ({
  gatewayUrl: import.meta.env.VITE_GATEWAY_URL || DEFAULT_GATEWAY_URL,
  terminalId: null,
});

let fallback: PosApi | undefined;

/** Built on first use, so the main process and preload, which import the contract above, skip it. */
function browserFallback(): PosApi {
  if (fallback) return fallback;
  const api = createPosApi({
    platform: 'browser',
    invoke: async (name) => (name === 'config.get' ? fallbackConfig() : unavailable('no POS host')),
    subscribe: () => () => {},
  });
  // A browser has no fiscal module: the renderer behaves as on a till with fiscalization off.
  fallback = { ...api, fiscal: inactiveFiscalApi('off') };
  return fallback;
}

let bridged: PosApi | undefined;

/** The `window.pos` API: Electron's, else the loopback host's, else the browser stand-in. */
export function posApi(): PosApi {
  if (window.pos) return window.pos;
  if (bridged) return bridged;
  const target = loopbackTarget();
  if (target) {
    bridged = loopbackPosApi(target);
    return bridged;
  }
  return browserFallback();
}
