/**
 * The till's fiscal module, local mode: the fiscal gateway inside the main process.
 *
 * In the usual Uzbek setup the fiscal module (FM) sits on the till, behind E-POS Communicator,
 * and every receipt is registered with it before the slip is handed over. Here the main process
 * runs `@jowi/fiscal-gateway` against the Communicator: its HTTP API listens on 127.0.0.1 only
 * (other programs on the till, support tools), and the renderer's `window.pos.fiscal` calls go
 * through the same API in-process (`inject`, no socket), so IPC works even when the port is
 * taken and both paths share one journal — the gateway's idempotency journal, which is what
 * makes `registerSale` safe to repeat after a timeout, a crash or a double click.
 *
 * Every handler resolves to a {@link FiscalResult}: the gateway's `{ error: { code, messages,
 * retryable } }` becomes `{ ok: false, error }`, and nothing is thrown across IPC. Modes
 * `central` and `off` start nothing and refuse with `FISCAL_CENTRAL_MODE` / `FISCAL_DISABLED`.
 *
 * No Electron imports: `index.ts` wires {@link FiscalModule.api} to `ipcMain.handle`, and the
 * spec drives it directly against the simulator.
 */
import type { AddressInfo } from 'node:net';
import {
  createFiscalGateway,
  EposDriver,
  FISCAL_ERROR_CODES,
  FISCAL_ERRORS,
  type FiscalErrorCode,
} from '@jowi/fiscal-gateway';
import { z } from 'zod';
import {
  type FiscalFailure,
  type FiscalReceiptData,
  type FiscalRegistration,
  type FiscalResult,
  type FiscalShiftReport,
  type FiscalStatus,
  inactiveFiscalApi,
  type PosFiscalApi,
  posFiscalFailure,
} from '../renderer/lib/bridge.ts';
import type { FiscalConfig } from './config.ts';

/** The gateway's fastify app (typed through the package, which owns the fastify dependency). */
type FastifyInstance = Awaited<ReturnType<typeof createFiscalGateway>>;

/** Where the main process logs fiscal trouble. */
export type FiscalLogger = Pick<Console, 'warn' | 'error'>;

/** What {@link startFiscal} needs besides the config. */
export interface FiscalModuleOptions {
  /** Default `console`. */
  logger?: FiscalLogger;
  /** Per-request timeout towards the Communicator (default the driver's, 10 s). */
  deviceTimeoutMs?: number;
}

/** The running fiscal module. */
export interface FiscalModule {
  /** The handlers behind `window.pos.fiscal`; they never reject. */
  api: PosFiscalApi;
  /** The gateway's HTTP API on 127.0.0.1, or null (other modes, port taken, not started). */
  readonly apiUrl: string | null;
  /** Stops the HTTP API and closes the journal. */
  close(): Promise<void>;
}

// --- the gateway's answers, parsed at the boundary --------------------------------------------

const messagesSchema = z.object({ uz: z.string(), ru: z.string(), en: z.string() });

const gatewayErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    messages: messagesSchema,
    retryable: z.boolean(),
  }),
});

const money = z.string();

const receiptSchema = z.object({
  kind: z.enum(['sale', 'refund']),
  saleId: z.string(),
  terminalId: z.string(),
  receiptSeq: z.number(),
  dateTime: z.string(),
  fiscalSign: z.string(),
  qrUrl: z.string(),
  total: money,
  cash: money,
  card: money,
  vat: money,
  zNumber: z.number(),
}) satisfies z.ZodType<FiscalReceiptData>;

const shiftSchema = z.object({
  zNumber: z.number(),
  open: z.boolean(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  saleCount: z.number(),
  refundCount: z.number(),
  saleCash: money,
  saleCard: money,
  saleVat: money,
  refundCash: money,
  refundCard: money,
  refundVat: money,
  firstReceiptSeq: z.number().nullable(),
  lastReceiptSeq: z.number().nullable(),
}) satisfies z.ZodType<FiscalShiftReport>;

const registrationSchema = z.object({
  receipt: receiptSchema,
  replayed: z.boolean(),
  printed: z.boolean(),
  printError: gatewayErrorSchema.shape.error.optional(),
});

const deviceSchema = z.object({
  terminalId: z.string(),
  shiftOpen: z.boolean(),
  zNumber: z.number().nullable(),
  shiftOpenedAt: z.string().nullable(),
  operationsInShift: z.number(),
  maxOperationsPerShift: z.number(),
  lastReceiptSeq: z.number(),
  zReportsUsed: z.number(),
  zReportsCapacity: z.number(),
  unsentCount: z.number(),
  unsentCapacity: z.number(),
  oldestUnsentAt: z.string().nullable(),
  locked: z.boolean(),
  lastOperationAt: z.string().nullable(),
  printer: z.object({ paperOut: z.boolean(), coverOpen: z.boolean() }).nullable(),
}) satisfies z.ZodType<FiscalStatus['device'] & object>;

const statusSchema = z.object({
  device: deviceSchema.nullable(),
  deviceError: gatewayErrorSchema.shape.error.nullable(),
  printer: z.object({ paperOut: z.boolean(), coverOpen: z.boolean() }).nullable(),
  pendingReceipts: z.number(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isGatewayCode = (code: string): code is FiscalErrorCode =>
  (FISCAL_ERROR_CODES as readonly string[]).includes(code);

/** A failure with one of the gateway's codes and its catalogue messages. */
function gatewayFailure(code: FiscalErrorCode, detail?: string): FiscalFailure {
  const { messages, retryable } = FISCAL_ERRORS[code];
  return { code, messages, retryable, ...(detail ? { detail } : {}) };
}

/** The gateway's error body → a {@link FiscalFailure}; an unknown code is an internal error. */
function toFailure(error: z.infer<typeof gatewayErrorSchema>['error']): FiscalFailure {
  if (!isGatewayCode(error.code)) return gatewayFailure('INTERNAL_ERROR', `unknown code ${error.code}`);
  return {
    code: error.code,
    messages: error.messages,
    retryable: error.retryable,
    ...(error.message ? { detail: error.message } : {}),
  };
}

// --- the module ---------------------------------------------------------------------------------

type Call = { method: 'GET' | 'POST'; url: string; payload?: unknown };

/** Runs one gateway request in-process and turns its answer into a {@link FiscalResult}. */
function caller(gateway: FastifyInstance, logger: FiscalLogger) {
  return async <T>(
    call: Call,
    parse: (body: unknown, raw: string) => T | undefined,
  ): Promise<FiscalResult<T>> => {
    try {
      const response = await gateway.inject({
        method: call.method,
        url: call.url,
        ...(call.payload === undefined ? {} : { payload: call.payload as object }),
      });
      const json = (response.headers['content-type'] ?? '').toString().includes('json');
      let body: unknown = null;
      if (json) {
        try {
          body = JSON.parse(response.body);
        } catch {
          body = null;
        }
      }
      if (response.statusCode >= 400) {
        const parsed = gatewayErrorSchema.safeParse(body);
        if (parsed.success) return { ok: false, error: toFailure(parsed.data.error) };
        return {
          ok: false,
          error: gatewayFailure('INTERNAL_ERROR', `${call.url}: HTTP ${response.statusCode}`),
        };
      }
      const value = parse(body, response.body);
      if (value === undefined) {
        logger.error(`fiscal: malformed gateway answer to ${call.method} ${call.url}`);
        return { ok: false, error: gatewayFailure('INTERNAL_ERROR', `${call.url}: malformed answer`) };
      }
      return { ok: true, value };
    } catch (error) {
      logger.error('fiscal: gateway call failed', error);
      return { ok: false, error: gatewayFailure('INTERNAL_ERROR', String(error)) };
    }
  };
}

const toRegistration = (body: z.infer<typeof registrationSchema>): FiscalRegistration => ({
  receipt: body.receipt,
  replayed: body.replayed,
  printed: body.printed,
  ...(body.printError ? { printError: toFailure(body.printError) } : {}),
});

/** The handlers of a started gateway. */
function localApi(gateway: FastifyInstance, config: FiscalConfig, api: ApiState, logger: FiscalLogger) {
  const call = caller(gateway, logger);
  const shift = (key: string) => (body: unknown) => {
    const parsed = z.object({ [key]: shiftSchema }).safeParse(body);
    return parsed.success ? (parsed.data[key] as FiscalShiftReport) : undefined;
  };
  const register = (payload: unknown) =>
    call({ method: 'POST', url: '/receipts', payload }, (body) => {
      const parsed = registrationSchema.safeParse(body);
      return parsed.success ? toRegistration(parsed.data) : undefined;
    });
  // The renderer is not trusted with the document kind: it is set here, after the input.
  const asObject = (input: unknown): object => (typeof input === 'object' && input !== null ? input : {});

  const fiscal: PosFiscalApi = {
    status: () =>
      call({ method: 'GET', url: '/status' }, (body) => {
        const parsed = statusSchema.safeParse(body);
        if (!parsed.success) return undefined;
        const { device, deviceError, printer, pendingReceipts } = parsed.data;
        return {
          mode: config.mode,
          apiUrl: api.url,
          apiError: api.error,
          device,
          deviceError: deviceError ? toFailure(deviceError) : null,
          printer,
          pendingReceipts,
        } satisfies FiscalStatus;
      }),
    openShift: () => call({ method: 'POST', url: '/shift/open' }, shift('shift')),
    registerSale: (sale) => register({ ...asObject(sale), kind: 'sale' }),
    registerRefund: (refund) => register({ ...asObject(refund), kind: 'refund' }),
    xReport: () => call({ method: 'GET', url: '/shift/x-report' }, shift('xReport')),
    closeShift: () => call({ method: 'POST', url: '/shift/close' }, shift('zReport')),
    slipHtml: async (saleId, kind = 'sale') => {
      if (typeof saleId !== 'string' || !UUID.test(saleId) || (kind !== 'sale' && kind !== 'refund')) {
        return { ok: false, error: gatewayFailure('INVALID_REQUEST', 'saleId must be a UUID') };
      }
      return call(
        { method: 'GET', url: `/receipts/${encodeURIComponent(saleId)}/slip.html?kind=${kind}` },
        (_body, raw) => raw,
      );
    },
  };
  return fiscal;
}

interface ApiState {
  url: string | null;
  error: string | null;
}

/**
 * Starts the fiscal module for `config.mode`:
 *  - `local`: the fiscal gateway with the E-POS driver on `config.deviceUrl`, its journal at
 *    `config.journalFile`, its HTTP API on 127.0.0.1:`config.port`. A taken port is logged and
 *    reported in `status().apiError`; IPC does not need the port. If the gateway cannot start at
 *    all (journal unreadable), every call fails with `FISCAL_UNAVAILABLE` instead of the till
 *    refusing to open — the cashier sees why, support sees the detail.
 *  - `central` / `off`: nothing runs; `status()` reports the mode, other calls are refused.
 * Never rejects.
 */
export async function startFiscal(
  config: FiscalConfig,
  options: FiscalModuleOptions = {},
): Promise<FiscalModule> {
  const logger = options.logger ?? console;
  if (config.mode !== 'local') {
    return { api: inactiveFiscalApi(config.mode), apiUrl: null, close: async () => {} };
  }

  let gateway: FastifyInstance;
  try {
    gateway = await createFiscalGateway({
      driver: new EposDriver({
        url: config.deviceUrl,
        ...(options.deviceTimeoutMs === undefined ? {} : { timeoutMs: options.deviceTimeoutMs }),
      }),
      journalFile: config.journalFile,
    });
  } catch (error) {
    logger.error(`fiscal: the gateway did not start (journal ${config.journalFile})`, error);
    const detail = error instanceof Error ? error.message : String(error);
    const failure = { ok: false as const, error: posFiscalFailure('FISCAL_UNAVAILABLE', detail) };
    const refuse = async () => failure;
    return {
      api: {
        status: refuse,
        openShift: refuse,
        registerSale: refuse,
        registerRefund: refuse,
        xReport: refuse,
        closeShift: refuse,
        slipHtml: refuse,
      },
      apiUrl: null,
      close: async () => {},
    };
  }

  const api: ApiState = { url: null, error: null };
  try {
    // Loopback only: the API signs tax records and must not be reachable from the shop's LAN.
    await gateway.listen({ host: '127.0.0.1', port: config.port });
    api.url = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  } catch (error) {
    api.error = error instanceof Error ? error.message : String(error);
    logger.warn(`fiscal: HTTP API not listening on 127.0.0.1:${config.port} (${api.error}); IPC still works`);
  }

  return {
    api: localApi(gateway, config, api, logger),
    get apiUrl() {
      return api.url;
    },
    close: () => gateway.close(),
  };
}
